//! Rollups: the aggregates of a dataset ([`linkages_core::dataset::Rollup`]) written into a
//! version's directory before it is published, so a version and its rollups appear together
//! and never disagree. Files are `rollups/<name>.rollup` (Parquet under another extension,
//! so that the version's own table does not read them).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use datafusion::prelude::{ParquetReadOptions, SessionContext};
use futures::StreamExt;
use linkages_core::Dataset;
use linkages_core::dataset::{PRODUCT6, Rollup};
use parquet::arrow::ArrowWriter;

use crate::convert::arrow_schema;
use crate::error::{IoContext, Result};

/// Extension of rollup files.
pub const EXTENSION: &str = ".rollup";

/// The column of a rollup counting the rows each of its rows sums.
pub const ROW_COUNT: &str = "row_count";

/// Where a rollup of a version lives.
pub fn path(version_dir: &Path, rollup: &Rollup) -> PathBuf {
    version_dir
        .join("rollups")
        .join(format!("{}{EXTENSION}", rollup.name))
}

/// The query computing a rollup from the rows in table `t`.
pub fn query(dataset: &Dataset, rollup: &Rollup) -> String {
    let keys: Vec<String> = rollup
        .keys
        .iter()
        .map(|k| {
            if *k == PRODUCT6 {
                format!("substr(product, 1, 6) AS {PRODUCT6}")
            } else {
                k.to_string()
            }
        })
        .collect();
    let groups: Vec<&str> = rollup
        .keys
        .iter()
        .map(|k| {
            if *k == PRODUCT6 {
                "substr(product, 1, 6)"
            } else {
                k
            }
        })
        .collect();
    let sums: Vec<String> = dataset
        .measures()
        .map(|c| format!("sum({0}) AS {0}", c.name))
        .collect();
    format!(
        "SELECT {}, {}, count(*) AS {ROW_COUNT} FROM t GROUP BY {} ORDER BY year, month",
        keys.join(", "),
        sums.join(", "),
        groups.join(", ")
    )
}

/// Writes every rollup of `dataset` from the Parquet files in `dir` (a staging directory).
pub(crate) async fn build(dataset: &Dataset, dir: &Path) -> Result<()> {
    if dataset.rollups.is_empty() {
        return Ok(());
    }
    if !crate::store::has_rows(dir)? {
        return Ok(());
    }
    let ctx = SessionContext::new();
    let schema = arrow_schema(dataset);
    let options = ParquetReadOptions {
        schema: Some(&schema),
        ..Default::default()
    };
    ctx.register_parquet("t", format!("{}/", dir.display()), options)
        .await?;
    let out = dir.join("rollups");
    std::fs::create_dir_all(&out).at("cannot create", &out)?;
    for rollup in dataset.rollups {
        let df = ctx.sql(&query(dataset, rollup)).await?;
        let schema = Arc::new(df.schema().as_arrow().clone());
        let mut stream = df.execute_stream().await?;
        let target = path(dir, rollup);
        let file = File::create(&target).at("cannot create", &target)?;
        let mut writer = ArrowWriter::try_new(file, schema, None)?;
        while let Some(batch) = stream.next().await {
            writer.write(&batch?)?;
        }
        writer.into_inner()?.sync_all().at("cannot sync", &target)?;
    }
    File::open(&out)
        .and_then(|d| d.sync_all())
        .at("cannot sync", &out)?;
    Ok(())
}
