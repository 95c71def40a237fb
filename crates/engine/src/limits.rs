//! The bounds of the SQL surface: memory (a DataFusion memory pool that spills sorts and
//! aggregations to disk where it can), time, and the rows of an answer; and the DataFusion
//! settings an operator may change, an allow-list that cannot register files or catalogs.

use std::sync::Arc;
use std::time::Duration;

use datafusion::execution::memory_pool::FairSpillPool;
use datafusion::execution::runtime_env::{RuntimeEnv, RuntimeEnvBuilder};
use datafusion::prelude::SessionConfig;

use crate::error::{Error, Result};

/// How much a query may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Memory for one session's queries, bytes.
    pub memory: usize,
    /// Time one query may run.
    pub time: Duration,
    /// Rows one answer may have.
    pub rows: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            memory: 4 << 30,
            time: Duration::from_secs(600),
            rows: 5_000_000,
        }
    }
}

/// Reads a size: `4GiB`, `512MiB`, `64MB`, or a number of bytes.
pub fn parse_size(raw: &str) -> std::result::Result<usize, String> {
    let t = raw.trim();
    let split = t
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let scale: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" | "kib" => 1024.0,
        "m" | "mb" | "mib" => 1024.0 * 1024.0,
        "g" | "gb" | "gib" => 1024.0 * 1024.0 * 1024.0,
        _ => return Err(format!("'{raw}' is not a size; write e.g. 512MiB or 8GiB")),
    };
    let n: f64 = number
        .parse()
        .map_err(|_| format!("'{raw}' is not a size; write e.g. 512MiB or 8GiB"))?;
    Ok((n * scale) as usize)
}

/// Reads a duration: `90s`, `10m`, `1h`, or seconds.
pub fn parse_duration(raw: &str) -> std::result::Result<Duration, String> {
    let t = raw.trim();
    let (number, scale) = match t.strip_suffix('h') {
        Some(n) => (n, 3600),
        None => match t.strip_suffix('m') {
            Some(n) => (n, 60),
            None => (t.strip_suffix('s').unwrap_or(t), 1),
        },
    };
    let n: u64 = number
        .parse()
        .map_err(|_| format!("'{raw}' is not a duration; write e.g. 90s or 10m"))?;
    Ok(Duration::from_secs(n * scale))
}

/// The DataFusion settings operators may change (`DATAFUSION_EXECUTION_TARGET_PARTITIONS`
/// is `datafusion.execution.target_partitions`): how queries run, never what they read.
const ALLOWED: [&str; 8] = [
    "datafusion.execution.target_partitions",
    "datafusion.execution.batch_size",
    "datafusion.execution.coalesce_batches",
    "datafusion.execution.parquet.pushdown_filters",
    "datafusion.execution.parquet.reorder_filters",
    "datafusion.optimizer.repartition_aggregations",
    "datafusion.optimizer.repartition_joins",
    "datafusion.optimizer.prefer_hash_join",
];

/// The `DATAFUSION_*` variables of an environment as settings, refused when not allowed.
pub fn settings_from(
    vars: impl Iterator<Item = (String, String)>,
) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for (name, value) in vars {
        let Some(rest) = name.strip_prefix("DATAFUSION_") else {
            continue;
        };
        // DATAFUSION_EXECUTION_TARGET_PARTITIONS names datafusion.execution.target_partitions.
        let written = format!("datafusion_{}", rest.to_ascii_lowercase());
        let key = ALLOWED
            .iter()
            .find(|k| k.replace('.', "_") == written)
            .map(|k| k.to_string())
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "{name} is not a setting Linkages lets the environment change (files and catalogs cannot be registered); allowed: {}",
                    ALLOWED.join(", ")
                ))
            })?;
        out.push((key, value));
    }
    Ok(out)
}

/// A session configuration with the settings applied.
pub(crate) fn config(settings: &[(String, String)]) -> Result<SessionConfig> {
    let mut config = SessionConfig::new().with_information_schema(true);
    for (key, value) in settings {
        config
            .options_mut()
            .set(key, value)
            .map_err(|e| Error::Invalid(format!("{key} = {value}: {e}")))?;
    }
    Ok(config)
}

/// A signal that fires after `time`, from a timer thread of its own (started once), and
/// the handle that cancels it.
pub(crate) fn deadline(
    time: Duration,
) -> (tokio::sync::oneshot::Receiver<()>, tokio::task::AbortHandle) {
    static TIMERS: std::sync::OnceLock<tokio::runtime::Handle> = std::sync::OnceLock::new();
    let timers = TIMERS.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            match tokio::runtime::Builder::new_current_thread()
                .enable_time()
                .build()
            {
                Ok(runtime) => {
                    let _ = tx.send(runtime.handle().clone());
                    runtime.block_on(std::future::pending::<()>());
                }
                Err(e) => tracing::error!("no timer thread: {e}"),
            }
        });
        rx.recv()
            .unwrap_or_else(|_| tokio::runtime::Handle::current())
    });
    let (tx, rx) = tokio::sync::oneshot::channel();
    let task = timers.spawn(async move {
        tokio::time::sleep(time).await;
        let _ = tx.send(());
    });
    (rx, task.abort_handle())
}

/// The runtime of a session: its memory pool.
pub(crate) fn runtime(limits: &Limits) -> Result<Arc<RuntimeEnv>> {
    Ok(RuntimeEnvBuilder::new()
        .with_memory_pool(Arc::new(FairSpillPool::new(limits.memory)))
        .build_arc()?)
}
