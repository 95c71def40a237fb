//! Ingestion: files in, one new dataset version out, every rejected row kept aside.
//!
//! Every row read is either stored or quarantined with its file, row, column, value and
//! reason: rows read = rows stored + rows quarantined, per file. The new version holds
//! the incoming rows plus, by default, the previous version's rows for the periods the
//! incoming files do not contain (a month's file replaces that month: statistics are
//! revised by re-sending the month). Nothing is visible until the version is committed.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::Utc;
use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext, col, lit};
use futures::StreamExt;
use linkages_core::{Batch, CellError, Dataset, KeyIndex, RowLocation, RowParser, Value};

use crate::convert::{arrow_schema, to_record_batch};
use crate::error::{Error, IoContext, Result};
use crate::readers::{self, Encoding};
use crate::store::{SourceReport, Staged, Store, VersionInfo};

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

/// Options of one ingest.
#[derive(Debug, Clone, Default)]
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
}

/// Receives progress while files are read.
pub trait Progress {
    /// A file is starting; `total` is in the unit of [`Progress::advance`] (bytes for CSV,
    /// rows otherwise).
    fn start_file(&self, _path: &Path, _total: u64) {}
    /// Position within the current file.
    fn advance(&self, _position: u64) {}
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
    /// The quarantine report, when rows were rejected.
    pub quarantine: Option<PathBuf>,
    /// Periods the input contained.
    pub periods: Vec<String>,
}

const BATCH_ROWS: usize = 65_536;

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
    let mut staged = store.begin(dataset)?;
    let previous = store.current(dataset)?;
    let next = previous.map_or(1, |v| v + 1);
    let qdir = store.root().join("quarantine").join(dataset.name);
    fs::create_dir_all(&qdir).at("cannot create", &qdir)?;
    let qpath = qdir.join(format!(
        "v{next:06}-{}.csv",
        Utc::now().format("%Y%m%dT%H%M%S%.3fZ")
    ));
    let mut quarantine = Quarantine::create(&qpath)?;
    let result = read_all(
        &mut staged,
        dataset,
        files,
        options,
        progress,
        &mut quarantine,
    )
    .await;
    let (sources, periods) = match result {
        Ok(ok) => ok,
        Err(e) => {
            // The input files are untouched; a partial quarantine report would mislead.
            drop(quarantine);
            let _ = fs::remove_file(&qpath);
            return Err(e);
        }
    };
    let rejected = quarantine.finish()?;
    let quarantine_path = (rejected > 0).then_some(qpath.clone());
    if rejected == 0 {
        fs::remove_file(&qpath).at("cannot remove", &qpath)?;
    }
    let rows_stored: u64 = sources.iter().map(|s| s.rows_stored).sum();
    let mut report = IngestReport {
        dataset: dataset.name.into(),
        version: None,
        previous,
        rows_read: sources.iter().map(|s| s.rows_read).sum(),
        rows_stored,
        rows_quarantined: sources.iter().map(|s| s.rows_quarantined).sum(),
        rows_carried_over: 0,
        sources,
        quarantine: quarantine_path,
        periods: periods.into_iter().collect(),
    };
    if rows_stored == 0 || (options.strict && rejected > 0) {
        return Ok(report);
    }
    if let (Mode::ReplacePeriods, Some(prev)) = (options.mode, previous) {
        report.rows_carried_over =
            carry_over(store, &mut staged, dataset, prev, &report.periods).await?;
    }
    let info = VersionInfo {
        dataset: dataset.name.into(),
        version: 0,
        created_at: Utc::now(),
        rows: 0,
        origin: "ingest".into(),
        synthetic: false,
        previous,
        rows_carried_over: report.rows_carried_over,
        periods: report.periods.clone(),
        sources: report.sources.clone(),
        quarantine: report.quarantine.clone(),
        note: None,
    };
    report.version = Some(staged.commit(info).await?);
    Ok(report)
}

async fn read_all(
    staged: &mut Staged,
    dataset: &'static Dataset,
    files: &[PathBuf],
    options: &IngestOptions,
    progress: &dyn Progress,
    quarantine: &mut Quarantine,
) -> Result<(Vec<SourceReport>, BTreeSet<String>)> {
    let mut intake = Intake::new(staged, dataset, files, quarantine);
    let mut reports = Vec::with_capacity(files.len());
    for (file_index, path) in files.iter().enumerate() {
        reports.push(intake.file(file_index, path, options, progress)?);
    }
    intake.flush()?;
    Ok((reports, intake.periods))
}

/// The state of one ingest while its files are read: the keys seen, the periods found,
/// the batch being filled and where rejected rows go.
struct Intake<'a> {
    staged: &'a mut Staged,
    dataset: &'static Dataset,
    files: &'a [PathBuf],
    quarantine: &'a mut Quarantine,
    keys: KeyIndex,
    key_positions: Vec<usize>,
    period_position: usize,
    periods: BTreeSet<String>,
    batch: Batch,
}

impl<'a> Intake<'a> {
    fn new(
        staged: &'a mut Staged,
        dataset: &'static Dataset,
        files: &'a [PathBuf],
        quarantine: &'a mut Quarantine,
    ) -> Intake<'a> {
        let stored = dataset.stored_columns();
        let position = |name: &str| stored.iter().position(|c| c.name == name);
        Intake {
            staged,
            dataset,
            files,
            quarantine,
            keys: KeyIndex::new(dataset),
            key_positions: dataset.key.iter().filter_map(|k| position(k)).collect(),
            period_position: position(dataset.period_column()).unwrap_or(0),
            periods: BTreeSet::new(),
            batch: Batch::with_capacity(dataset, BATCH_ROWS),
        }
    }

    /// Reads one file: every row stored or quarantined.
    fn file(
        &mut self,
        file_index: usize,
        path: &Path,
        options: &IngestOptions,
        progress: &dyn Progress,
    ) -> Result<SourceReport> {
        let mut source = readers::open(path, options.encoding, options.sheet.as_deref())?;
        let mut header = source.header().to_vec();
        header.extend(options.fixed.iter().map(|(name, _)| name.clone()));
        let parser = RowParser::new(self.dataset, &header).map_err(|e| Error::File {
            path: path.into(),
            message: e.to_string(),
        })?;
        let mut report = SourceReport {
            path: path.into(),
            ignored_columns: parser.ignored.clone(),
            ..Default::default()
        };
        progress.start_file(path, source.progress().1);
        while let Some(raw) = source.next_row() {
            let raw = raw?;
            let at = RowLocation {
                file: file_index as u32,
                row: raw.row,
            };
            let cells = match raw.cells {
                Ok(cells) if cells.iter().all(|c| c.trim().is_empty()) => continue, // blank line, not data
                Ok(mut cells) => {
                    cells.extend(options.fixed.iter().map(|(_, value)| value.clone()));
                    cells
                }
                Err((problem, lossy)) => {
                    report.rows_read += 1;
                    report.rows_quarantined += 1;
                    self.quarantine.reject(path, raw.row, &[problem], &lossy)?;
                    continue;
                }
            };
            report.rows_read += 1;
            if self.row(&parser, &cells, at, path)? {
                report.rows_stored += 1;
            } else {
                report.rows_quarantined += 1;
            }
            if self.batch.len() >= BATCH_ROWS {
                self.flush()?;
                progress.advance(source.progress().0);
            }
        }
        progress.advance(source.progress().0);
        progress.finish_file();
        tracing::info!(file = %path.display(), read = report.rows_read, stored = report.rows_stored, quarantined = report.rows_quarantined, "file ingested");
        Ok(report)
    }

    /// Validates one row and stores it (true) or quarantines it with its reasons (false).
    fn row(
        &mut self,
        parser: &RowParser,
        cells: &[String],
        at: RowLocation,
        path: &Path,
    ) -> Result<bool> {
        let problems = match parser.parse(cells) {
            Ok(values) => match self.keys.insert(&values, at) {
                None => {
                    let period = &values[self.period_position];
                    if !self.periods.contains(&period.to_string()) {
                        self.periods.insert(period.to_string());
                    }
                    self.batch.push(values);
                    return Ok(true);
                }
                Some(first) => vec![self.duplicate(&values, first)],
            },
            Err(problems) => problems,
        };
        self.quarantine.reject(path, at.row, &problems, cells)?;
        Ok(false)
    }

    /// The problem of a row whose key was seen before, naming where.
    fn duplicate(&self, values: &[Value], first: RowLocation) -> CellError {
        let key: Vec<String> = self
            .key_positions
            .iter()
            .map(|&p| values[p].to_string())
            .collect();
        CellError {
            column: self.dataset.key.join("+"),
            value: key.join("|"),
            reason: format!(
                "duplicate key: same as row {} of {}",
                first.row,
                self.files[first.file as usize].display()
            ),
        }
    }

    /// Writes the rows gathered so far to the staged version.
    fn flush(&mut self) -> Result<()> {
        let full = std::mem::replace(
            &mut self.batch,
            Batch::with_capacity(self.dataset, BATCH_ROWS),
        );
        self.staged.write(&to_record_batch(&full)?)
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
        df = df.filter(
            col("period").in_list(replaced.iter().map(|p| lit(p.as_str())).collect(), true),
        )?;
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

/// The quarantine report: one line per problem, with the whole raw row so it can be fixed
/// and ingested again.
struct Quarantine {
    path: PathBuf,
    writer: csv::Writer<fs::File>,
    rows: u64,
}

impl Quarantine {
    fn create(path: &Path) -> Result<Quarantine> {
        let file = fs::File::create(path).at("cannot create quarantine report", path)?;
        let mut writer = csv::Writer::from_writer(file);
        writer
            .write_record(["file", "row", "column", "value", "reason", "record"])
            .map_err(|e| csv_error(path, e))?;
        Ok(Quarantine {
            path: path.into(),
            writer,
            rows: 0,
        })
    }

    fn reject(
        &mut self,
        file: &Path,
        row: u64,
        problems: &[CellError],
        cells: &[String],
    ) -> Result<()> {
        let record = serde_json::to_string(cells).unwrap_or_default();
        for p in problems {
            let file = file.display().to_string();
            let row = row.to_string();
            self.writer
                .write_record([
                    file.as_str(),
                    row.as_str(),
                    &p.column,
                    &p.value,
                    &p.reason,
                    &record,
                ])
                .map_err(|e| csv_error(&self.path, e))?;
        }
        self.rows += 1;
        Ok(())
    }

    /// Flushes and syncs the report; returns the number of rows rejected.
    fn finish(self) -> Result<u64> {
        let file = self.writer.into_inner().map_err(|e| Error::Io {
            action: "cannot write quarantine report",
            path: self.path.clone(),
            source: e.into_error(),
        })?;
        file.sync_all().at("cannot sync", &self.path)?;
        Ok(self.rows)
    }
}

fn csv_error(path: &Path, e: csv::Error) -> Error {
    Error::Io {
        action: "cannot write quarantine report",
        path: path.into(),
        source: std::io::Error::other(e),
    }
}
