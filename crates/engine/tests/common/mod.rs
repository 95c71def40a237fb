//! Shared helpers of the engine's integration tests.
#![allow(dead_code, missing_docs, unused_imports)]

use linkages_engine::{AsOf, Session, Store};

pub use linkages_testkit::{fixture, store};

/// Runs a query and returns its rows as text cells (NULL as empty).
pub async fn rows(store: &Store, as_of: &AsOf, sql: &str) -> Vec<Vec<String>> {
    let session = Session::open(store, as_of).await.expect("session");
    let answer = session
        .query(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    answer.text_rows("").expect("display")
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
