//! Shared helpers of the engine's integration tests.
#![allow(dead_code, missing_docs)]

use std::path::PathBuf;

use arrow::util::display::array_value_to_string;
use linkages_engine::{AsOf, Session, Store};
use tempfile::TempDir;

/// A fresh store in a temporary directory (kept alive by the returned guard).
pub fn store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path().join("store")).expect("open store");
    (dir, store)
}

/// A fixture under `tests/data`.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// Query results as text cells, nulls written as `null`.
pub fn text_rows(batches: &[arrow::array::RecordBatch], null: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for b in batches {
        for r in 0..b.num_rows() {
            out.push(
                b.columns()
                    .iter()
                    .map(|c| {
                        if c.is_null(r) {
                            null.to_string()
                        } else {
                            array_value_to_string(c, r).expect("display")
                        }
                    })
                    .collect(),
            );
        }
    }
    out
}

/// Runs a query and returns its rows as text cells (NULL as empty).
pub async fn rows(store: &Store, as_of: &AsOf, sql: &str) -> Vec<Vec<String>> {
    let session = Session::open(store, as_of).await.expect("session");
    let (_, batches) = session
        .query(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    text_rows(&batches, "")
}

/// Reads a CSV fixture as header and rows of text.
pub fn read_csv(path: &std::path::Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_path(path).expect("fixture");
    let header = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.expect("record").iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

/// Whether two cells hold the same value: equal numbers, or equal text.
pub fn same_value(a: &str, b: &str) -> bool {
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}
