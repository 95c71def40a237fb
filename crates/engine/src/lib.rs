//! The engine of Linkages: the versioned Parquet store, ingestion with quarantine, demo
//! data loading and the read-only SQL surface, on DataFusion.
//!
//! This is the only crate that depends on DataFusion, Arrow and Parquet; everything else
//! talks to it through [`Store`], [`ingest()`], [`load_demo`] and [`Session`].

pub mod cluster;
mod codes;
mod convert;
mod error;
pub mod format;
#[cfg(feature = "fuzzing")]
pub mod fuzz;
mod header;
pub mod indicators;
mod ingest;
pub mod limits;
mod readers;
mod rollup;
mod sql;
mod store;
mod table;
mod tables;
pub mod world;

pub use cluster::Cluster;
pub use error::{Error, Result};
pub use ingest::{
    Chunking, IngestOptions, IngestReport, Mode, NoProgress, Progress, Values, ingest,
};
pub use readers::{Encoding, RawRow};
pub use sql::{AsOf, Session, SessionOptions, TableInfo};
pub use store::{Damage, FAULT_ENV, Fault, SourceReport, Store, VersionInfo};
pub use table::Table;

use linkages_core::{Batch, Dataset};

/// Every row of a small file (a list kept by hand: a project list) with its row number, in
/// the formats ingest reads (CSV in UTF-8 or GBK, Excel sheets, Parquet). For datasets use
/// [`ingest`], which streams. Also the file's SHA-256, for the import's record.
pub fn read_rows(
    path: &std::path::Path,
    encoding: Encoding,
    sheet: Option<&str>,
) -> Result<RowsRead> {
    let sha256 = store::sha256(path)?;
    let mut source = readers::open(path, encoding, sheet)?;
    let mut rows = Vec::new();
    while let Some(row) = source.next_row() {
        rows.push(row?);
    }
    Ok(RowsRead { rows, sha256 })
}

/// The rows of a small file and its SHA-256 (see [`read_rows`]).
#[derive(Debug)]
pub struct RowsRead {
    /// The rows, in order.
    pub rows: Vec<RawRow>,
    /// The file's SHA-256, hex.
    pub sha256: String,
}

/// Writes generated (synthetic) batches as one new version of a dataset, replacing its
/// content. Refuses to shadow real data unless `force` is set.
pub async fn load_demo(
    store: &Store,
    dataset: &'static Dataset,
    batches: impl Iterator<Item = Batch>,
    note: String,
    force: bool,
    mut progress: impl FnMut(u64),
) -> Result<u32> {
    if let Some(current) = store.current(dataset)?
        && !force
        && !store.info(dataset, current)?.synthetic
    {
        return Err(Error::Invalid(format!(
            "dataset '{}' holds real data (version {current}); demo data would replace it. \
             Use another --data directory, or --force (the real version stays in the history)",
            dataset.name
        )));
    }

    let previous = store.current(dataset)?;
    let mut staged = store.begin(dataset)?;
    for batch in batches {
        staged.write(&convert::to_record_batch(&batch)?)?;
        progress(batch.len() as u64);
    }
    let info = VersionInfo {
        dataset: dataset.name.into(),
        version: 0,
        created_at: chrono::Utc::now(),
        rows: 0,
        origin: "demo".into(),
        synthetic: true,
        previous,
        rows_carried_over: 0,
        periods: Vec::new(),
        sources: Vec::new(),
        quarantine: None,
        note: Some(note),
        values: Values::Month,
        combined: Vec::new(),
        files: Default::default(),
    };
    staged.commit(info).await
}
