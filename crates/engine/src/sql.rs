//! The read-only SQL surface: every dataset version as a table, reference lists as tables,
//! group membership as functions. Nothing here can write, create tables or read files.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use arrow::array::RecordBatch;
use arrow::datatypes::SchemaRef;
use chrono::{DateTime, Utc};
use datafusion::dataframe::DataFrame;
use datafusion::error::DataFusionError;
use datafusion::prelude::{SQLOptions, SessionContext};
use linkages_core::{DATASETS, Dataset};

use crate::cluster::Cluster;
use crate::error::{Error, Result};
use crate::limits::{self, Limits};
use crate::store::{Store, VersionInfo};
use crate::table::Table;
use crate::tables::{RollupInfo, Rollups, register_dataset, register_reference};
use linkages_core::access::Scope;

/// Which version of each dataset a session reads.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum AsOf {
    /// The latest version of every dataset.
    #[default]
    Latest,
    /// Given versions of some datasets (`trade=3`); the others at their latest.
    Versions(BTreeMap<String, u32>),
    /// For every dataset, the latest version committed at or before this time.
    Time(DateTime<Utc>),
}

impl std::str::FromStr for AsOf {
    type Err = Error;

    /// Parses `DATASET=N[,DATASET=N…]`, an RFC 3339 time, or a date (`YYYY-MM-DD`, end of day UTC).
    fn from_str(s: &str) -> Result<AsOf> {
        if let Ok(t) = DateTime::parse_from_rfc3339(s) {
            return Ok(AsOf::Time(t.with_timezone(&Utc)));
        }
        if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            let end = d.and_hms_opt(23, 59, 59).map(|t| t.and_utc());
            return end
                .map(AsOf::Time)
                .ok_or_else(|| Error::Invalid(format!("bad date '{s}'")));
        }
        let mut versions = BTreeMap::new();
        for part in s.split(',') {
            let (name, v) = part.split_once('=').ok_or_else(|| {
                Error::Invalid(format!("--as-of '{part}': expected DATASET=VERSION (e.g. trade=3), a date or an RFC 3339 time"))
            })?;
            let name = name.trim();
            linkages_core::dataset(name).ok_or_else(|| Error::UnknownDataset(name.into()))?;
            let v = v.trim().trim_start_matches('v');
            let v: u32 = v.parse().map_err(|_| {
                Error::Invalid(format!("--as-of '{part}': '{v}' is not a version number"))
            })?;
            versions.insert(name.to_string(), v);
        }
        Ok(AsOf::Versions(versions))
    }
}

/// A dataset table as registered in a session.
#[derive(Debug, Clone, PartialEq)]
pub struct TableInfo {
    /// The dataset's name, also its table's.
    pub dataset: &'static str,
    /// The version the table `<dataset>` reads, `None` when the dataset is empty.
    pub version: Option<VersionInfo>,
}

/// How a session plans and bounds its queries, decided by the caller (the command line or
/// the server reads its settings once and passes them in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionOptions {
    /// Whether indicator queries may read a version's rollups instead of its rows (off
    /// only to measure ad-hoc scans in benchmarks; the answers are the same).
    pub rollups: bool,
    /// Memory, time and rows a query may take.
    pub limits: Limits,
    /// DataFusion settings (from `DATAFUSION_*`, checked by [`crate::limits::settings_from`]).
    pub settings: Vec<(String, String)>,
    /// The rows the session reads (the caller's), applied to every table.
    pub scope: Scope,
    /// The Ballista cluster that runs the queries, instead of the embedded engine.
    pub cluster: Option<Cluster>,
}

impl Default for SessionOptions {
    fn default() -> SessionOptions {
        SessionOptions {
            rollups: true,
            limits: Limits::default(),
            settings: Vec::new(),
            scope: Scope::All,
            cluster: None,
        }
    }
}

/// A query session over a store.
#[derive(Clone)]
pub struct Session {
    ctx: SessionContext,
    /// What each dataset table reads.
    pub(crate) tables: Vec<TableInfo>,
    /// How queries are planned.
    pub(crate) options: SessionOptions,
    /// The rollup tables registered (`trade_v3_by_partner`, …) and what they hold.
    rollups: Rollups,
    /// Small answers of [`Session::query_kept`] by query text. Every table a session reads
    /// is an immutable committed version (`trade` is bound to one at open), so the same
    /// deterministic text gives the same answer for the session's life: a brief that asks
    /// for the same total or the same completeness check for several breakdowns runs it
    /// once. Clones share them.
    answers: Arc<std::sync::Mutex<HashMap<String, Table>>>,
}

/// Answers up to this many rows are kept by the session; larger ones are not.
const KEPT_ROWS: usize = 10_000;

/// At most this many answers are kept by a session.
const KEPT_ANSWERS: usize = 512;

/// The only statements the SQL surface runs.
fn read_only() -> SQLOptions {
    SQLOptions::new()
        .with_allow_ddl(false)
        .with_allow_dml(false)
        .with_allow_statements(false)
}

impl Session {
    /// Opens a session with the default options (see [`Session::open_with`]).
    pub async fn open(store: &Store, as_of: &AsOf) -> Result<Session> {
        Session::open_with(store, as_of, SessionOptions::default()).await
    }

    /// Opens a session: `<dataset>` is the chosen version of each dataset, `<dataset>_v<N>`
    /// every committed version; reference tables and group functions are registered.
    pub async fn open_with(
        store: &Store,
        as_of: &AsOf,
        options: SessionOptions,
    ) -> Result<Session> {
        let ctx = context(&options)?;
        let mut tables = Vec::new();
        let mut rollups = Rollups::new();
        for &dataset in &DATASETS {
            tables
                .push(register_dataset(&ctx, store, dataset, as_of, &options, &mut rollups).await?);
        }
        register_reference(&ctx)?;
        Ok(Session {
            ctx,
            tables,
            options,
            rollups,
            answers: Default::default(),
        })
    }

    /// A registered rollup (`trade_v3_by_partner`) and what it holds.
    pub(crate) fn rollup(&self, table: &str) -> Option<&RollupInfo> {
        self.rollups.get(table)
    }

    /// What each dataset's table reads: its version, or none while the dataset is empty.
    pub fn tables(&self) -> &[TableInfo] {
        &self.tables
    }

    /// The version the session reads of a dataset, `None` while it is empty.
    pub fn version_of(&self, dataset: &Dataset) -> Option<&VersionInfo> {
        self.tables
            .iter()
            .find(|t| t.dataset == dataset.name)
            .and_then(|t| t.version.as_ref())
    }

    /// Runs a read-only query and collects its answer.
    pub async fn query(&self, sql: &str) -> Result<Table> {
        let started = std::time::Instant::now();
        // Each query plans in its own copy of the session state, which holds the query's
        // own numbering of codes (`code_key`, `code_of`); a numbering of one process means
        // nothing on a cluster's executors (see `cluster`).
        let mut state = self.ctx.state();
        if self.numbers_codes() {
            crate::codes::register(&mut state)?;
        }
        let plan = (state.create_logical_plan(sql).await).map_err(|e| self.planning_error(e))?;
        read_only().verify_plan(&plan).map_err(refusal)?;
        let df = DataFrame::new(state, plan);
        let schema: SchemaRef = Arc::new(df.schema().as_arrow().clone());
        let limits = self.options.limits;
        // Run as a task of its own, against a deadline kept by a thread of its own: a query
        // computing without yielding can keep every worker busy, timers included.
        let task = tokio::spawn(collect(df, limits.rows));
        let abort = task.abort_handle();
        let (deadline, cancel) = limits::deadline(limits.time);
        let batches = tokio::select! {
            done = task => match done {
                Ok(batches) => batches?,
                Err(e) => return Err(Error::Invalid(format!("the query failed: {e}"))),
            },
            _ = deadline => {
                abort.abort();
                return Err(Error::Limit(format!(
                    "the query ran longer than {} s and was stopped; raise the limit with --timeout",
                    limits.time.as_secs()
                )));
            }
        };
        cancel.abort();
        tracing::debug!(elapsed = ?started.elapsed(), sql = %one_line(sql), "query");
        Ok(Table::new(schema, batches))
    }

    /// [`Session::query`] for queries whose answer depends only on the tables (no clock,
    /// no random numbers): a small answer is kept and the same text is answered from it.
    pub async fn query_kept(&self, sql: &str) -> Result<Table> {
        let kept = self.answers.lock().ok().and_then(|a| a.get(sql).cloned());
        if let Some(answer) = kept {
            tracing::debug!(sql = %one_line(sql), "answer kept by the session");
            return Ok(answer);
        }
        let answer = self.query(sql).await?;
        if answer.len() <= KEPT_ROWS
            && let Ok(mut answers) = self.answers.lock()
        {
            // A long-lived session keeps a bounded number of answers.
            if answers.len() >= KEPT_ANSWERS {
                answers.clear();
            }
            answers.insert(sql.to_string(), answer.clone());
        }
        Ok(answer)
    }

    /// A planning error as the user reads it; on a cluster, a query naming `code_key` or
    /// `code_of` is told why they are missing instead of the planner's "Invalid function".
    fn planning_error(&self, e: DataFusionError) -> Error {
        let named = |f: &str| e.to_string().contains(&format!("Invalid function '{f}'"));
        if !self.numbers_codes() && (named("code_key") || named("code_of")) {
            return Error::Refused(
                "code_key and code_of number codes within one process and are not available \
                 on a cluster; group by the code itself"
                    .into(),
            );
        }
        refusal(e)
    }

    /// Whether queries may number codes (`code_key`): only in one process, not on a cluster.
    pub(crate) fn numbers_codes(&self) -> bool {
        self.options.cluster.is_none()
    }

    /// Whether any table the session reads holds synthetic data.
    pub fn synthetic(&self) -> bool {
        self.tables
            .iter()
            .any(|t| t.version.as_ref().is_some_and(|v| v.synthetic))
    }
}

/// The batches of a query's answer, refused past `rows` rows.
async fn collect(df: DataFrame, rows: usize) -> Result<Vec<RecordBatch>> {
    use futures::StreamExt;
    let mut stream = df.execute_stream().await.map_err(exhausted)?;
    let (mut batches, mut count) = (Vec::new(), 0);
    while let Some(batch) = stream.next().await {
        let batch = batch.map_err(exhausted)?;
        count += batch.num_rows();
        if count > rows {
            return Err(Error::Limit(format!(
                "the answer has more than {rows} rows; add a LIMIT or raise the limit with --max-rows"
            )));
        }
        batches.push(batch);
    }
    Ok(batches)
}

/// DataFusion's "resources exhausted" as a limit the user can raise.
fn exhausted(e: datafusion::error::DataFusionError) -> Error {
    match e.find_root() {
        datafusion::error::DataFusionError::ResourcesExhausted(_) => Error::Limit(
            "the query needs more memory than the session may use; raise the limit with --max-memory"
                .into(),
        ),
        _ => Error::Query(e),
    }
}

/// A DataFusion context with the session's settings and memory pool.
fn context(options: &SessionOptions) -> Result<SessionContext> {
    let mut config = limits::config(&options.settings)?;
    // A dataset version is one file per year and a query reads a few years: scans are
    // split into byte ranges before files are pruned, so with one range per core a single
    // core can get every year read. Four ranges per core keep both busy.
    if !options
        .settings
        .iter()
        .any(|(k, _)| k.ends_with("target_partitions"))
    {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        config = config.with_target_partitions(4 * cores);
    }
    let ctx = SessionContext::new_with_config_rt(config, limits::runtime(&options.limits)?);
    match &options.cluster {
        None => Ok(ctx),
        Some(cluster) => Ok(SessionContext::new_with_state(crate::cluster::upgrade(
            ctx.state(),
            cluster,
        )?)),
    }
}

/// A query on one line, for logs.
fn one_line(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn refusal(e: DataFusionError) -> Error {
    let message = e.to_string();
    if [
        "DDL not supported",
        "DML not supported",
        "Statement not supported",
    ]
    .iter()
    .any(|m| message.contains(m))
    {
        Error::Refused(
            message
                .trim_start_matches("Error during planning: ")
                .to_string(),
        )
    } else {
        Error::Query(e)
    }
}

/// The version of a dataset a session reads.
pub(crate) fn choose(
    store: &Store,
    dataset: &Dataset,
    versions: &[u32],
    as_of: &AsOf,
) -> Result<Option<u32>> {
    match as_of {
        AsOf::Latest => Ok(versions.last().copied()),
        AsOf::Versions(map) => match map.get(dataset.name) {
            None => Ok(versions.last().copied()),
            Some(v) if versions.contains(v) => Ok(Some(*v)),
            Some(v) => Err(Error::NoSuchVersion {
                dataset: dataset.name.into(),
                version: *v,
                available: versions
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
        },
        AsOf::Time(t) => {
            let mut chosen = None;
            for &v in versions {
                if store.info(dataset, v)?.created_at <= *t {
                    chosen = Some(v);
                }
            }
            Ok(chosen)
        }
    }
}
