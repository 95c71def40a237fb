//! Errors of the engine: each says what was wrong and where.

use std::path::PathBuf;

/// An engine error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The dataset name is not one of the five.
    #[error(
        "unknown dataset '{0}'; known datasets: trade, investment, outsourcing, cooperation, talent, world"
    )]
    UnknownDataset(String),
    /// A dataset has no such version.
    #[error("dataset '{dataset}' has no version {version} (versions: {available})")]
    NoSuchVersion {
        /// Dataset name.
        dataset: String,
        /// Requested version.
        version: u32,
        /// Versions that exist.
        available: String,
    },
    /// A dataset has no committed version yet.
    #[error(
        "dataset '{0}' has no data yet; run `linkages ingest --dataset {0} FILE` or `linkages demo`"
    )]
    Empty(String),
    /// A file system operation failed.
    #[error("{action} {path}: {source}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// On which path.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// An input file cannot be used as a whole (unreadable, wrong format, bad header).
    #[error("{path}: {message}")]
    File {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// Another process holds the store's write lock.
    #[error("another process is writing dataset '{0}' (lock held); try again when it has finished")]
    Locked(String),
    /// The SQL statement is not allowed on the read-only surface.
    #[error(
        "refused: {0}. The SQL surface is read-only: SELECT, WITH, EXPLAIN and SHOW only; no DDL, DML, COPY or file access"
    )]
    Refused(String),
    /// The caller's scope does not allow the request; the message says what it allows.
    #[error("{0}")]
    Forbidden(#[from] linkages_core::access::Refused),
    /// Invalid argument given by the user.
    #[error("{0}")]
    Invalid(String),
    /// A query went past a bound (memory, time, rows); the message says which and how to
    /// raise it.
    #[error("{0}")]
    Limit(String),
    /// Error from the query engine (bad SQL, unknown column, …).
    #[error("{0}")]
    Query(#[from] datafusion::error::DataFusionError),
    /// Error writing or reading Parquet.
    #[error("parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    /// Error building Arrow data.
    #[error("arrow: {0}")]
    Arrow(#[from] arrow::error::ArrowError),
}

/// Engine result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Attaches the path and action to an I/O error.
pub(crate) trait IoContext<T> {
    fn at(self, action: &'static str, path: impl Into<PathBuf>) -> Result<T>;
}

impl<T> IoContext<T> for std::io::Result<T> {
    fn at(self, action: &'static str, path: impl Into<PathBuf>) -> Result<T> {
        self.map_err(|source| Error::Io {
            action,
            path: path.into(),
            source,
        })
    }
}
