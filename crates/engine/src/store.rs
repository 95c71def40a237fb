//! The versioned store: one directory of Parquet files per dataset version.
//!
//! ```text
//! <root>/datasets/<dataset>/v000001/2017.parquet …   one file per year
//! <root>/datasets/<dataset>/v000001/version.json     what the version holds and where it came from
//! <root>/datasets/<dataset>/.staging-<pid>-<nanos>/   a version being written (never read)
//! <root>/datasets/<dataset>/.lock                     held while writing
//! <root>/quarantine/<dataset>/<version>-<time>.csv    rejected rows of one ingest
//! ```
//!
//! Invariant: a version directory `vNNNNNN` exists only complete. It is written under a
//! staging name, every file is synced, and one `rename` publishes it; a crash before the
//! rename leaves only a staging directory, which readers ignore and the next writer removes.
//! Versions are never modified or deleted, so every earlier version stays readable.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::path::{Path, PathBuf};

use arrow::array::{Array, Int32Array, RecordBatch};
use arrow::compute::filter_record_batch;
use arrow::datatypes::SchemaRef;
use chrono::{DateTime, Utc};
use linkages_core::Dataset;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use serde::{Deserialize, Serialize};

use crate::convert::{cast_to, file_schema};
use crate::error::{Error, IoContext, Result};

/// Environment variable naming a fault to inject, for crash tests: `abort-before-commit`
/// aborts the process after a version is fully written and just before it is published.
/// Read only by builds with the `fault-injection` feature (the tests'), never by releases.
pub const FAULT_ENV: &str = "LINKAGES_FAULT";

/// A fault injected into a store's writes, for crash tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Abort the process after a version is fully written, just before it is published.
    AbortBeforeCommit,
}

impl Fault {
    /// The fault named by [`FAULT_ENV`], read once by the command line at start. Always
    /// `None` in builds without the `fault-injection` feature.
    pub fn from_env() -> Option<Fault> {
        #[cfg(feature = "fault-injection")]
        if std::env::var(FAULT_ENV).as_deref() == Ok("abort-before-commit") {
            return Some(Fault::AbortBeforeCommit);
        }
        None
    }
}

/// What one version of a dataset holds and where it came from (`version.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct VersionInfo {
    /// Dataset name.
    pub dataset: String,
    /// Version number, from 1.
    pub version: u32,
    /// When it was committed.
    pub created_at: DateTime<Utc>,
    /// Number of rows.
    pub rows: u64,
    /// How it was made: `ingest`, `demo`.
    pub origin: String,
    /// Whether the data is synthetic (demo data); every view must then say so.
    pub synthetic: bool,
    /// The version it was built on, if any.
    pub previous: Option<u32>,
    /// Rows kept from the previous version (periods not replaced).
    pub rows_carried_over: u64,
    /// Periods whose rows this version replaced or added.
    pub periods: Vec<String>,
    /// The input files and their row counts.
    pub sources: Vec<SourceReport>,
    /// The quarantine report of the ingest, in the version's directory (`quarantine.csv`),
    /// when rows were rejected.
    #[schema(value_type = Option<String>)]
    pub quarantine: Option<PathBuf>,
    /// Free note (e.g. the synthetic-data label, the demo seed and scale).
    pub note: Option<String>,
    /// Whether the input held month values or cumulative (year-to-date) ones.
    #[serde(default)]
    #[schema(value_type = String)]
    pub values: crate::ingest::Values,
    /// With cumulative input: periods whose value covers several months.
    #[serde(default)]
    pub combined: Vec<String>,
    /// The SHA-256 of each file of the version, by name (`2024.parquet`); empty for
    /// versions written before checksums were kept.
    #[serde(default)]
    pub files: std::collections::BTreeMap<String, String>,
}

/// What was read of one input file: its rows, and for CSV its physical lines.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct SourceReport {
    /// The file as given.
    #[schema(value_type = String)]
    pub path: PathBuf,
    /// Data rows read (header, titles and blank rows excluded).
    pub rows_read: u64,
    /// Rows stored in the new version.
    pub rows_stored: u64,
    /// Rows put in quarantine.
    pub rows_quarantined: u64,
    /// Header cells that matched no column (not stored).
    pub ignored_columns: Vec<String>,
    /// The physical lines of a CSV file.
    pub lines: Option<u64>,
    /// The row (CSV: line) the header is on.
    pub header_row: u64,
    /// Title rows above the header, as text.
    pub title_rows: Vec<String>,
    /// Blank rows (not data).
    pub blank_rows: u64,
    /// Units found in the header, by which values were scaled.
    pub units: Vec<linkages_core::validate::HeaderUnit>,
}

/// What is wrong with a version's files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    /// The version was written before checksums were kept: it cannot be verified.
    NoChecksums,
    /// A file the version recorded is gone.
    Missing(String),
    /// A file's content is not what the version recorded (damaged or changed).
    Changed(String),
}

impl std::fmt::Display for Damage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Damage::NoChecksums => f.write_str("written before checksums were kept: not verified"),
            Damage::Missing(name) => write!(f, "DAMAGED: {name} is missing"),
            Damage::Changed(name) => {
                write!(f, "DAMAGED: {name} does not match its recorded SHA-256")
            }
        }
    }
}

/// A store rooted at a directory.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
    /// The fault crash tests inject (ignored without the `fault-injection` feature).
    #[cfg_attr(not(feature = "fault-injection"), allow(dead_code))]
    fault: Option<Fault>,
}

fn version_dir_name(v: u32) -> String {
    format!("v{v:06}")
}

impl Store {
    /// Opens (and creates if needed) a store at `root`.
    pub fn open(root: impl Into<PathBuf>) -> Result<Store> {
        let root = root.into();
        fs::create_dir_all(root.join("datasets")).at("cannot create store directory", &root)?;
        Ok(Store { root, fault: None })
    }

    /// The same store with a fault injected into its writes (see [`Fault::from_env`]).
    pub fn with_fault(self, fault: Option<Fault>) -> Store {
        Store { fault, ..self }
    }

    /// The store's root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn dataset_dir(&self, dataset: &Dataset) -> PathBuf {
        self.root.join("datasets").join(dataset.name)
    }

    /// Directory of one version.
    pub fn version_dir(&self, dataset: &Dataset, version: u32) -> PathBuf {
        self.dataset_dir(dataset).join(version_dir_name(version))
    }

    /// Committed versions of a dataset, oldest first.
    pub fn versions(&self, dataset: &Dataset) -> Result<Vec<u32>> {
        let dir = self.dataset_dir(dataset);
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e).at("cannot list", dir),
        };
        let mut versions = Vec::new();
        for entry in entries {
            let name = entry.at("cannot list", &dir)?.file_name();
            let name = name.to_string_lossy();
            if let Some(v) = name.strip_prefix('v').and_then(|n| n.parse::<u32>().ok()) {
                versions.push(v);
            }
        }
        versions.sort_unstable();
        Ok(versions)
    }

    /// The latest committed version, if any.
    pub fn current(&self, dataset: &Dataset) -> Result<Option<u32>> {
        Ok(self.versions(dataset)?.last().copied())
    }

    /// The metadata of one version.
    pub fn info(&self, dataset: &Dataset, version: u32) -> Result<VersionInfo> {
        let path = self.version_dir(dataset, version).join("version.json");
        let text = match fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::NoSuchVersion {
                    dataset: dataset.name.into(),
                    version,
                    available: self
                        .versions(dataset)?
                        .iter()
                        .map(u32::to_string)
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
            Err(e) => return Err(e).at("cannot read", path),
        };
        serde_json::from_str(&text).map_err(|e| Error::File {
            path,
            message: format!("corrupt version metadata: {e}"),
        })
    }

    /// Verifies a version's files against the checksums it recorded; returns what is wrong
    /// (nothing when the version is intact).
    pub fn check(&self, dataset: &Dataset, version: u32) -> Result<Vec<Damage>> {
        let info = self.info(dataset, version)?;
        if info.files.is_empty() {
            return Ok(vec![Damage::NoChecksums]);
        }
        let dir = self.version_dir(dataset, version);
        let mut found = Vec::new();
        for (name, recorded) in &info.files {
            let path = dir.join(name);
            if !path.exists() {
                found.push(Damage::Missing(name.clone()));
            } else if sha256(&path)? != *recorded {
                found.push(Damage::Changed(name.clone()));
            }
        }
        Ok(found)
    }

    /// Starts writing a new version. Holds the dataset's write lock until the returned
    /// [`Staged`] is committed or dropped.
    pub(crate) fn begin(&self, dataset: &'static Dataset) -> Result<Staged> {
        let dir = self.dataset_dir(dataset);
        fs::create_dir_all(&dir).at("cannot create", &dir)?;
        let lock_path = dir.join(".lock");
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .at("cannot open", &lock_path)?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => return Err(Error::Locked(dataset.name.into())),
            Err(fs::TryLockError::Error(e)) => return Err(e).at("cannot lock", lock_path),
        }
        // We hold the lock, so any staging directory left is from a crashed writer.
        for entry in fs::read_dir(&dir).at("cannot list", &dir)? {
            let entry = entry.at("cannot list", &dir)?;
            if entry.file_name().to_string_lossy().starts_with(".staging-") {
                fs::remove_dir_all(entry.path())
                    .at("cannot remove stale staging directory", entry.path())?;
            }
        }
        let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default();
        let staging = dir.join(format!(".staging-{}-{nanos}", std::process::id()));
        fs::create_dir(&staging).at("cannot create", &staging)?;
        Ok(Staged {
            store: self.clone(),
            dataset,
            file_schema: file_schema(dataset),
            staging,
            writers: BTreeMap::new(),
            rows: 0,
            _lock: lock,
            committed: false,
        })
    }
}

/// A version being written. Dropping it without [`Staged::commit`] discards it.
pub(crate) struct Staged {
    store: Store,
    dataset: &'static Dataset,
    file_schema: SchemaRef,
    staging: PathBuf,
    writers: BTreeMap<i32, ArrowWriter<File>>,
    rows: u64,
    _lock: File,
    committed: bool,
}

fn writer_properties() -> WriterProperties {
    WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_statistics_enabled(EnabledStatistics::Page)
        .set_max_row_group_row_count(Some(1 << 20))
        .build()
}

impl Staged {
    /// A file published with the version (its quarantine report, its cumulative values).
    pub(crate) fn file(&self, name: &str) -> PathBuf {
        self.staging.join(name)
    }

    /// Appends rows; they go to one Parquet file per year.
    pub(crate) fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        if batch.num_rows() == 0 {
            return Ok(());
        }
        let years = batch
            .column_by_name("year")
            .and_then(|c| c.as_any().downcast_ref::<Int32Array>())
            .ok_or_else(|| Error::Invalid("batch has no Int32 'year' column".into()))?;
        let first = years.value(0);
        if years.null_count() == 0 && years.values().iter().all(|&y| y == first) {
            return self.write_year(first, batch);
        }
        let mut distinct: Vec<i32> = years.iter().flatten().collect();
        distinct.sort_unstable();
        distinct.dedup();
        for year in distinct {
            let mask = arrow::compute::kernels::cmp::eq(years, &Int32Array::new_scalar(year))?;
            self.write_year(year, &filter_record_batch(batch, &mask)?)?;
        }
        Ok(())
    }

    fn write_year(&mut self, year: i32, batch: &RecordBatch) -> Result<()> {
        if !self.writers.contains_key(&year) {
            let path = self.staging.join(format!("{year}.parquet"));
            let file = File::create(&path).at("cannot create", &path)?;
            let writer =
                ArrowWriter::try_new(file, self.file_schema.clone(), Some(writer_properties()))?;
            self.writers.insert(year, writer);
        }
        if let Some(w) = self.writers.get_mut(&year) {
            let path = self.staging.join(format!("{year}.parquet"));
            w.write(&cast_to(batch, &self.file_schema)?)
                .map_err(|e| write_error(&path, e))?;
        }
        self.rows += batch.num_rows() as u64;
        Ok(())
    }

    /// Publishes the version: closes and syncs every file, writes the rollups and
    /// `version.json`, and renames the staging directory to the next version number.
    /// Returns the new version.
    pub(crate) async fn commit(mut self, mut info: VersionInfo) -> Result<u32> {
        let writers = std::mem::take(&mut self.writers);
        for (year, writer) in writers {
            let path = self.staging.join(format!("{year}.parquet"));
            let file = writer.into_inner().map_err(|e| write_error(&path, e))?;
            file.sync_all()
                .at("cannot sync", self.staging.join(format!("{year}.parquet")))?;
        }
        crate::rollup::build(self.dataset, &self.staging).await?;
        info.files = checksums(&self.staging)?;
        let version = self.store.current(self.dataset)?.map_or(1, |v| v + 1);
        info.dataset = self.dataset.name.into();
        info.version = version;
        info.rows = self.rows;
        info.created_at = Utc::now();
        let meta = self.staging.join("version.json");
        let text =
            serde_json::to_string_pretty(&info).map_err(|e| Error::Invalid(e.to_string()))?;
        fs::write(&meta, text).at("cannot write", &meta)?;
        File::open(&meta)
            .and_then(|f| f.sync_all())
            .at("cannot sync", &meta)?;
        sync_dir(&self.staging)?;
        #[cfg(feature = "fault-injection")]
        if self.store.fault == Some(Fault::AbortBeforeCommit) {
            std::process::abort();
        }
        let target = self.store.version_dir(self.dataset, version);
        fs::rename(&self.staging, &target).at("cannot publish version", &target)?;
        sync_dir(&self.store.dataset_dir(self.dataset))?;
        self.committed = true;
        Ok(version)
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            // Best effort: a leftover staging directory is removed by the next writer.
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// Whether a version directory (or a staging one) holds rows: a version without rows has no
/// Parquet file.
pub(crate) fn has_rows(dir: &Path) -> Result<bool> {
    Ok(fs::read_dir(dir)
        .at("cannot list", dir)?
        .flatten()
        .any(|e| e.path().extension().is_some_and(|x| x == "parquet")))
}

/// The SHA-256 of every file under a version's directory, by path relative to it.
fn checksums(dir: &Path) -> Result<std::collections::BTreeMap<String, String>> {
    let mut sums = std::collections::BTreeMap::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for entry in fs::read_dir(&d).at("cannot list", &d)? {
            let path = entry.at("cannot list", &d)?.path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let name = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .display()
                .to_string();
            if name != "version.json" {
                sums.insert(name, sha256(&path)?);
            }
        }
    }
    Ok(sums)
}

/// A file's SHA-256, as hex.
pub(crate) fn sha256(path: &Path) -> Result<String> {
    use sha2::Digest;
    let mut file = File::open(path).at("cannot open", path)?;
    let mut hasher = sha2::Sha256::new();
    std::io::copy(&mut file, &mut hasher).at("cannot read", path)?;
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// A failed Parquet write as the I/O error it is (a full disk, a file size limit), with the
/// file it was writing.
fn write_error(path: &Path, e: parquet::errors::ParquetError) -> Error {
    let message = e.to_string();
    let cause = message
        .rsplit(": ")
        .next()
        .unwrap_or(&message)
        .trim_matches('"');
    Error::Io {
        action: "cannot write",
        path: path.into(),
        source: std::io::Error::other(cause.to_string()),
    }
}

fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|f| f.sync_all())
        .at("cannot sync directory", dir)
}
