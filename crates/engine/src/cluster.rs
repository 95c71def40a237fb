//! Queries on a Ballista cluster instead of the embedded engine (the `cluster` feature).
//!
//! A session given a [`Cluster`] plans its queries as the embedded one does (same tables,
//! same functions, same read-only checks) and sends the plan to the cluster's scheduler;
//! the scheduler and every executor know Linkages' functions because they are started by
//! [`scheduler`] and [`executor`] here (`linkages scheduler`, `linkages executor`).
//!
//! What differs, and why the answers do not: `code_key`/`code_of` number codes within one
//! process, so a numbering made on one executor means nothing on another. A cluster
//! session does not register them, and its indicator queries group by the code's text and
//! the month (`indicators::Source::numbered`) — the same sums, grouped by an exact key.
//! Tables name one directory of one committed version (`trade_v3` is `trade/v000003/`),
//! which is never written again, so an executor never reads a version being written. The
//! store must be at the same path on every executor (one machine, or a shared file system).

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result};

/// The port a Ballista scheduler listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 50050;

/// Where a cluster's scheduler listens: `df://host:port` (the port defaults to 50050).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    /// The scheduler's host name or address.
    pub host: String,
    /// The scheduler's gRPC port.
    pub port: u16,
}

impl FromStr for Cluster {
    type Err = Error;

    /// Parses `df://host[:port]`.
    fn from_str(s: &str) -> Result<Cluster> {
        let bad = |why: &str| {
            Error::Invalid(format!(
                "cluster '{s}': {why}; expected df://HOST:PORT (e.g. df://127.0.0.1:50050)"
            ))
        };
        let rest = s
            .strip_prefix("df://")
            .ok_or_else(|| bad("not a df:// address"))?;
        let rest = rest.trim_end_matches('/');
        let (host, port) = match rest.rsplit_once(':') {
            Some((h, p)) => (h, p.parse().map_err(|_| bad("the port is not a number"))?),
            None => (rest, DEFAULT_PORT),
        };
        if host.is_empty() || host.contains('/') {
            return Err(bad("no host"));
        }
        Ok(Cluster {
            host: host.to_string(),
            port,
        })
    }
}

impl fmt::Display for Cluster {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "df://{}:{}", self.host, self.port)
    }
}

/// How an executor joins a cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecutorOptions {
    /// The scheduler to register with.
    pub scheduler: Cluster,
    /// The address the executor binds (its host is also what the scheduler is told).
    pub bind: String,
    /// The port of its Arrow Flight service (shuffle data).
    pub port: u16,
    /// The port of its gRPC service (tasks).
    pub grpc_port: u16,
    /// Where it writes shuffle files (a temporary directory by default).
    pub work_dir: Option<std::path::PathBuf>,
    /// Tasks it runs at once (0: one per core).
    pub concurrent_tasks: usize,
}

#[cfg(not(feature = "cluster"))]
pub(crate) fn no_cluster() -> Error {
    Error::Invalid(
        "this build of Linkages has no cluster support; build it with `--features cluster`".into(),
    )
}

#[cfg(feature = "cluster")]
pub(crate) use ballista::upgrade;
#[cfg(feature = "cluster")]
pub use ballista::{executor, scheduler};

#[cfg(not(feature = "cluster"))]
/// Runs a scheduler: in a build without the `cluster` feature, refuses.
pub async fn scheduler(_bind: std::net::SocketAddr) -> Result<()> {
    Err(no_cluster())
}

#[cfg(not(feature = "cluster"))]
/// Runs an executor: in a build without the `cluster` feature, refuses.
pub async fn executor(_options: ExecutorOptions) -> Result<()> {
    Err(no_cluster())
}

#[cfg(not(feature = "cluster"))]
pub(crate) fn upgrade(
    _state: datafusion::execution::SessionState,
    _cluster: &Cluster,
) -> Result<datafusion::execution::SessionState> {
    Err(no_cluster())
}

#[cfg(feature = "cluster")]
mod ballista {
    use std::net::SocketAddr;
    use std::sync::Arc;

    use ballista_core::config::BALLISTA_ADAPTIVE_PLANNER_ENABLED as ADAPTIVE;
    use ballista_core::extension::SessionStateExt;
    use ballista_core::registry::BallistaFunctionRegistry;
    use ballista_core::utils::default_session_builder;
    use ballista_executor::executor_process::{ExecutorProcessConfig, start_executor_process};
    use ballista_scheduler::cluster::BallistaCluster;
    use ballista_scheduler::config::SchedulerConfig;
    use datafusion::execution::{FunctionRegistry, SessionState};
    use datafusion::prelude::SessionConfig;

    use super::{Cluster, ExecutorOptions};
    use crate::error::{Error, Result};

    fn failed(what: &str, e: impl std::fmt::Display) -> Error {
        Error::Invalid(format!("{what}: {e}"))
    }

    /// Runs a Ballista scheduler on `bind` until the process ends; the sessions it plans
    /// know Linkages' functions.
    pub async fn scheduler(bind: SocketAddr) -> Result<()> {
        let session_builder = Arc::new(|config: SessionConfig| {
            let mut state = default_session_builder(config)?;
            for f in crate::tables::functions() {
                state.register_udf(Arc::new(f))?;
            }
            Ok(state)
        });
        let config = SchedulerConfig {
            bind_host: bind.ip().to_string(),
            external_host: bind.ip().to_string(),
            bind_port: bind.port(),
            override_session_builder: Some(session_builder),
            ..SchedulerConfig::default()
        };
        let config = Arc::new(config);
        let cluster = BallistaCluster::new_from_config(&config)
            .await
            .map_err(|e| failed("cannot set up the scheduler", e))?;
        ballista_scheduler::scheduler_process::start_server(cluster, bind, config)
            .await
            .map_err(|e| failed("the scheduler stopped", e))
    }

    /// Runs a Ballista executor registered with its scheduler until the process ends; the
    /// plans it runs may call Linkages' functions.
    pub async fn executor(options: ExecutorOptions) -> Result<()> {
        let mut functions = BallistaFunctionRegistry::default();
        for f in crate::tables::functions() {
            functions
                .scalar_functions
                .insert(f.name().to_string(), Arc::new(f));
        }
        let mut config = ExecutorProcessConfig {
            bind_host: options.bind.clone(),
            external_host: Some(options.bind.clone()),
            port: options.port,
            grpc_port: options.grpc_port,
            scheduler_host: options.scheduler.host.clone(),
            scheduler_port: options.scheduler.port,
            scheduler_connect_timeout_seconds: 30,
            work_dir: options.work_dir.map(|d| d.display().to_string()),
            print_thread_info: false,
            override_function_registry: Some(Arc::new(functions)),
            ..ExecutorProcessConfig::default()
        };
        if options.concurrent_tasks > 0 {
            config.vcores = options.concurrent_tasks;
        }
        start_executor_process(Arc::new(config))
            .await
            .map_err(|e| failed("the executor stopped", e))
    }

    /// A session state whose queries run on the cluster.
    pub(crate) fn upgrade(state: SessionState, cluster: &Cluster) -> Result<SessionState> {
        let url = format!("http://{}:{}", cluster.host, cluster.port);
        let mut state = state
            .upgrade_for_ballista(url)
            .map_err(|e| failed("cannot use the cluster", e))?;
        // Ballista 55's adaptive planner drops the sort over a UNION of constant columns
        // (`... UNION ALL ... ORDER BY 1` fails its sanity check, and the job then never
        // ends); its static planner keeps it.
        let config = state.config().clone().set_bool(ADAPTIVE, false);
        *state.config_mut() = config;
        Ok(state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_df_urls_with_a_default_port() {
        let c: Cluster = "df://10.0.0.5:6000".parse().expect("parses");
        assert_eq!((c.host.as_str(), c.port), ("10.0.0.5", 6000));
        let c: Cluster = "df://scheduler".parse().expect("parses");
        assert_eq!(c.to_string(), "df://scheduler:50050");
        for bad in ["http://x:1", "df://", "df://x:port", "df://x:1/path"] {
            assert!(bad.parse::<Cluster>().is_err(), "{bad}");
        }
    }
}
