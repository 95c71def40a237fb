//! Ingestion: files in, one new dataset version out, every rejected row kept aside.
//!
//! Every row read is either stored or quarantined with its file, row, column, value and
//! reason: rows read = rows stored + rows quarantined, per file, and CSV files also state
//! their physical lines. The new version holds the incoming rows plus, by default, the
//! previous version's rows for the periods the incoming files do not contain (a month's
//! file replaces that month: statistics are revised by re-sending the month). Nothing is
//! visible until the version is committed; the quarantine report is published with it.

mod check;
mod chunked;
mod intake;
mod quarantine;
mod ytd;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::Utc;
use datafusion::prelude::{Expr, ParquetReadOptions, SessionConfig, SessionContext, col, lit};
use futures::StreamExt;
use linkages_core::{Dataset, DecimalMark};

use crate::convert::arrow_schema;
use crate::error::{Error, IoContext, Result};
use crate::readers::Encoding;
use crate::store::{SourceReport, Staged, Store, VersionInfo};
pub use chunked::Chunking;
use intake::Intake;
use quarantine::Quarantine;

/// The quarantine report's name in a version's directory.
pub const QUARANTINE: &str = "quarantine.csv";
/// The published cumulative values' name in a version's directory (`--values ytd`).
pub const CUMULATIVE: &str = "cumulative.csv";

/// How incoming rows combine with the current version.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Mode {
    /// Incoming periods replace the same periods of the current version; other periods are
    /// kept.
    #[default]
    ReplacePeriods,
    /// The incoming files are the whole dataset.
    ReplaceAll,
}

/// What the files' values are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Values {
    /// Each month's own value (当月).
    #[default]
    Month,
    /// Cumulative values from January (累计), differenced into months.
    Ytd,
}

/// Options of one ingest.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// How incoming rows combine with the current version.
    pub mode: Mode,
    /// Encoding of CSV files.
    pub encoding: Encoding,
    /// Worksheet to read in Excel files (default: the first).
    pub sheet: Option<String>,
    /// Commit nothing if any row is quarantined.
    pub strict: bool,
    /// Columns the files lack, with the value every row takes (e.g. `year` = `2017` for a
    /// file of one year).
    pub fixed: Vec<(String, String)>,
    /// The decimal mark of text numbers (`--decimal-comma`).
    pub decimal: DecimalMark,
    /// Whether values are the month's or cumulative.
    pub values: Values,
    /// How CSV files of month values are read: in chunks on several threads, or (`None`)
    /// row by row on this one.
    pub chunking: Option<Chunking>,
}

impl Default for IngestOptions {
    fn default() -> IngestOptions {
        IngestOptions {
            mode: Mode::default(),
            encoding: Encoding::default(),
            sheet: None,
            strict: false,
            fixed: Vec::new(),
            decimal: DecimalMark::default(),
            values: Values::default(),
            chunking: Some(Chunking::default()),
        }
    }
}

/// Receives progress while files are read.
pub trait Progress {
    /// A file is starting; `total` is in the unit of [`Progress::advance`] (bytes for CSV,
    /// rows otherwise).
    fn start_file(&self, _path: &Path, _total: u64) {}
    /// Position within the current file.
    fn advance(&self, _position: u64) {}
    /// Rows of the current file read so far, and how many of them were quarantined.
    fn rows(&self, _read: u64, _quarantined: u64) {}
    /// The current file is done.
    fn finish_file(&self) {}
}

/// Progress that reports nothing.
pub struct NoProgress;
impl Progress for NoProgress {}

/// What an ingest did.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct IngestReport {
    /// Dataset name.
    pub dataset: String,
    /// The new version, or `None` when nothing was committed (no valid rows, or `strict`
    /// with rejected rows).
    pub version: Option<u32>,
    /// The version it was built on.
    pub previous: Option<u32>,
    /// Per input file.
    pub sources: Vec<SourceReport>,
    /// Rows read from all files.
    pub rows_read: u64,
    /// Rows of the input stored.
    pub rows_stored: u64,
    /// Rows of the input quarantined.
    pub rows_quarantined: u64,
    /// Rows kept from the previous version.
    pub rows_carried_over: u64,
    /// The quarantine report, when rows were rejected: in the new version's directory, or
    /// beside the versions when nothing was committed.
    pub quarantine: Option<PathBuf>,
    /// Periods the input contained.
    pub periods: Vec<String>,
    /// With `--values ytd`: periods whose value covers several months.
    pub combined: Vec<String>,
}

/// Ingests files into a dataset as one new version.
pub async fn ingest(
    store: &Store,
    dataset: &'static Dataset,
    files: &[PathBuf],
    options: &IngestOptions,
    progress: &dyn Progress,
) -> Result<IngestReport> {
    if files.is_empty() {
        return Err(Error::Invalid("no input files given".into()));
    }
    if options.values == Values::Ytd && dataset.period_column() != "period" {
        return Err(Error::Invalid(format!(
            "{} is an annual dataset: --values ytd needs monthly data",
            dataset.name
        )));
    }
    let mut staged = store.begin(dataset)?;
    let previous = store.current(dataset)?;
    let uncommitted = store.root().join("quarantine").join(dataset.name);
    fs::create_dir_all(&uncommitted).at("cannot create", &uncommitted)?;
    let staged_quarantine = staged.file(QUARANTINE);
    let mut quarantine = Quarantine::create(&staged_quarantine)?;
    let mut report = read(
        store,
        &mut staged,
        &mut quarantine,
        dataset,
        files,
        options,
        progress,
        previous,
    )
    .await?;
    let rejected = quarantine.finish()?;
    if report.rows_stored == 0 || (options.strict && rejected > 0) {
        // Nothing is committed: the report is kept beside the versions, naming none.
        if rejected > 0 {
            let kept = uncommitted.join(format!(
                "rejected-{}.csv",
                Utc::now().format("%Y%m%dT%H%M%S%.3fZ")
            ));
            fs::copy(&staged_quarantine, &kept).at("cannot keep the quarantine report", &kept)?;
            report.quarantine = Some(kept);
        }
        return Ok(report);
    }
    if rejected == 0 {
        fs::remove_file(&staged_quarantine).at("cannot remove", &staged_quarantine)?;
    }
    if let (Mode::ReplacePeriods, Some(prev)) = (options.mode, previous) {
        report.rows_carried_over =
            carry_over(store, &mut staged, dataset, prev, &report.periods).await?;
    }
    let info = version_info(&report, options, rejected > 0);
    let version = staged.commit(info).await?;
    report.version = Some(version);
    report.quarantine =
        (rejected > 0).then(|| store.version_dir(dataset, version).join(QUARANTINE));
    Ok(report)
}

/// Reads every file into the staged version; returns the report so far.
#[allow(clippy::too_many_arguments)]
async fn read(
    store: &Store,
    staged: &mut Staged,
    quarantine: &mut Quarantine,
    dataset: &'static Dataset,
    files: &[PathBuf],
    options: &IngestOptions,
    progress: &dyn Progress,
    previous: Option<u32>,
) -> Result<IngestReport> {
    let mut intake = Intake::new(staged, dataset, files, quarantine, options.values);
    let mut sources = Vec::with_capacity(files.len());
    for (file_index, path) in files.iter().enumerate() {
        sources.push(intake.file(file_index, path, options, progress)?);
    }
    let mut combined = Vec::new();
    if options.values == Values::Ytd {
        let found = ytd::difference(store, dataset, previous, &mut intake).await?;
        for at in found.rejected {
            let s = &mut sources[at.file as usize];
            s.rows_stored -= 1;
            s.rows_quarantined += 1;
        }
        combined = found.combined.into_values().collect();
    }
    intake.flush()?;
    let periods: BTreeSet<String> = std::mem::take(&mut intake.periods);
    Ok(IngestReport {
        dataset: dataset.name.into(),
        version: None,
        previous,
        rows_read: sources.iter().map(|s| s.rows_read).sum(),
        rows_stored: sources.iter().map(|s| s.rows_stored).sum(),
        rows_quarantined: sources.iter().map(|s| s.rows_quarantined).sum(),
        rows_carried_over: 0,
        sources,
        quarantine: None,
        periods: periods.into_iter().collect(),
        combined,
    })
}

/// The metadata of the version an ingest commits.
fn version_info(report: &IngestReport, options: &IngestOptions, rejected: bool) -> VersionInfo {
    VersionInfo {
        dataset: report.dataset.clone(),
        version: 0,
        created_at: Utc::now(),
        rows: 0,
        origin: "ingest".into(),
        synthetic: false,
        previous: report.previous,
        rows_carried_over: report.rows_carried_over,
        periods: report.periods.clone(),
        sources: report.sources.clone(),
        quarantine: rejected.then(|| PathBuf::from(QUARANTINE)),
        note: None,
        values: options.values,
        combined: report.combined.clone(),
        files: Default::default(),
    }
}

/// Copies the previous version's rows of the periods not in `replaced` into the new version.
async fn carry_over(
    store: &Store,
    staged: &mut Staged,
    dataset: &Dataset,
    previous: u32,
    replaced: &[String],
) -> Result<u64> {
    // Plain Utf8 columns, so batches match the stored schema exactly.
    let config = SessionConfig::new().set_bool(
        "datafusion.execution.parquet.schema_force_view_types",
        false,
    );
    let ctx = SessionContext::new_with_config(config);
    let dir = store.version_dir(dataset, previous);
    let schema = arrow_schema(dataset);
    let options = ParquetReadOptions {
        schema: Some(&schema),
        ..Default::default()
    };
    let mut df = ctx
        .read_parquet(format!("{}/", dir.display()), options)
        .await?;
    if !replaced.is_empty() {
        // The dataset's own period column: `period` (text) or an annual dataset's `year`.
        let column = dataset.period_column();
        let values: Vec<Expr> = replaced
            .iter()
            .map(|p| match (column, p.parse::<i32>()) {
                ("year", Ok(y)) => lit(y),
                _ => lit(p.as_str()),
            })
            .collect();
        df = df.filter(col(column).in_list(values, true))?;
    }
    let mut stream = df.execute_stream().await?;
    let mut rows = 0;
    while let Some(batch) = stream.next().await {
        let batch = batch?;
        rows += batch.num_rows() as u64;
        staged.write(&batch)?;
    }
    Ok(rows)
}
