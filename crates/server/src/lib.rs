//! `linkages serve`: the REST API under `/api/v1` (OpenAPI at `/api/v1/openapi.json`) and the
//! dashboard pages, from one process, offline: scripts, styles and map data are embedded.
//!
//! The server holds no logic of its own: each endpoint parses its parameters into the
//! domain's types and calls the same `report`/`engine` function as the command of its name.
//! Who may call what is decided in one place, [`auth`]: every request is given a caller
//! (an account's session, an API token, or the public), the caller's role is checked
//! against the route and its scope is applied by the engine to every table of the session
//! it reads. Answers are cached per scope and dataset version: an entry is keyed by the
//! caller's scope, the parsed request and the versions the store held when it was
//! computed, so a new ingest is seen at once (the store is re-read at most every half
//! second) and unchanged data is served from memory.

mod api;
mod assets;
mod auth;
mod cache;
mod compute;
mod error;
mod login;
mod pages;
mod params;
mod serve;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use linkages_core::access::Scope;
use linkages_engine::limits::Limits;
use linkages_engine::{AsOf, Session, SessionOptions, Store};
use linkages_registry::Registry;
use linkages_report::pdf::PdfOptions;

pub use error::ApiError;
pub use serve::{Tls, router, serve};

/// How the server computes and whom it serves, decided by the command line.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Options of every query session (its scope is the caller's).
    pub session: SessionOptions,
    /// Bounds of a statement of the SQL endpoint.
    pub sql: Limits,
    /// How the brief is printed to PDF.
    pub pdf: PdfOptions,
    /// PDFs printed at once; others wait for a turn (and get 503 after the PDF timeout).
    pub pdf_slots: usize,
    /// Host names the `Host` header may carry besides loopback's (DNS rebinding).
    pub hosts: Vec<String>,
    /// Whether session cookies are `Secure` (on with TLS and on loopback).
    pub secure_cookies: bool,
    /// How long a signed-in session lasts unused.
    pub idle: Duration,
    /// Sign-in attempts allowed per minute from one address, and for one user name.
    pub logins_per_minute: u32,
    /// Bytes of answers the cache keeps.
    pub cache_bytes: usize,
}

impl Default for ServeOptions {
    fn default() -> ServeOptions {
        ServeOptions {
            session: SessionOptions::default(),
            sql: Limits {
                memory: 1 << 30,
                time: Duration::from_secs(30),
                rows: 100_000,
            },
            pdf: PdfOptions::default(),
            pdf_slots: 2,
            hosts: Vec::new(),
            secure_cookies: true,
            idle: Duration::from_secs(8 * 3600),
            logins_per_minute: 5,
            cache_bytes: 256 << 20,
        }
    }
}

/// The versions the store holds: one entry per dataset, `None` while empty, then the
/// registry's generation.
type Versions = Vec<Option<u32>>;

/// A cached answer: its bytes and content type.
#[derive(Clone)]
pub(crate) struct Cached {
    /// The bytes answered.
    pub body: axum::body::Bytes,
    /// Their HTTP content type.
    pub content_type: &'static str,
}

/// Which session a request reads: a scope's, or the SQL surface's (with its bounds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum SessionKind {
    /// Figures, pages and briefs, in a caller's scope.
    Scoped(Scope),
    /// Statements of the SQL endpoint (province and admin only).
    Sql,
}

/// Shared state of the server.
pub struct AppState {
    store: Store,
    registry: Mutex<Registry>,
    options: ServeOptions,
    versions: Mutex<(Instant, Versions)>,
    sessions: tokio::sync::Mutex<HashMap<SessionKind, (Versions, Session)>>,
    cache: Mutex<cache::Cache>,
    /// Bumped on every change to the registry, so cached scoreboards are dropped.
    registry_generation: std::sync::atomic::AtomicU64,
    /// Turns for heavy work (PDF printing).
    heavy: tokio::sync::Semaphore,
    /// Where cache misses are computed.
    compute: compute::Compute,
    /// Who may sign in how often.
    logins: login::Limiter,
    /// The SHA-256 of the one-time admin token, while there are no accounts.
    bootstrap: Mutex<Option<String>>,
}

impl AppState {
    /// State over a store directory (the registry lives beside the datasets).
    pub fn open(root: &Path, options: ServeOptions) -> Result<Arc<AppState>, ApiError> {
        let store = Store::open(root)?;
        let registry = Registry::open(&root.join("registry.sqlite"))?;
        let versions = read_versions(&store)?;
        Ok(Arc::new(AppState {
            store,
            registry: Mutex::new(registry),
            versions: Mutex::new((Instant::now(), versions)),
            sessions: tokio::sync::Mutex::new(HashMap::new()),
            cache: Mutex::new(cache::Cache::new(options.cache_bytes)),
            registry_generation: std::sync::atomic::AtomicU64::new(0),
            heavy: tokio::sync::Semaphore::new(options.pdf_slots.max(1)),
            compute: compute::Compute::new(
                std::thread::available_parallelism().map_or(2, usize::from),
            )?,
            logins: login::limiter(options.logins_per_minute),
            bootstrap: Mutex::new(None),
            options,
        }))
    }

    /// Issues the one-time admin token of a server without accounts (the login URL
    /// `serve` prints carries it) and returns it; a new one replaces the old.
    pub fn issue_bootstrap_token(&self) -> Result<String, ApiError> {
        let secret = linkages_registry::accounts::new_secret("");
        let hash = linkages_registry::accounts::hash_secret(&secret);
        *self
            .bootstrap
            .lock()
            .map_err(|_| ApiError::internal("bootstrap lock"))? = Some(hash);
        Ok(secret)
    }

    /// The versions the store holds now (re-read at most every half second).
    fn versions(&self) -> Result<Versions, ApiError> {
        let mut guard = self
            .versions
            .lock()
            .map_err(|_| ApiError::internal("versions lock"))?;
        if guard.0.elapsed() > Duration::from_millis(500) {
            *guard = (Instant::now(), read_versions(&self.store)?);
        }
        let mut v = guard.1.clone();
        drop(guard);
        // The registry changes by this server's writes and by other processes' (the CLI's
        // `targets record`), which SQLite's data version shows.
        v.push(Some(
            self.registry_generation
                .load(std::sync::atomic::Ordering::Relaxed) as u32,
        ));
        v.push(Some(self.registry()?.data_version()? as u32));
        Ok(v)
    }

    /// A session over the latest versions in a scope, reused while they do not change.
    async fn session(&self, scope: Scope) -> Result<Session, ApiError> {
        self.session_of(SessionKind::Scoped(scope)).await
    }

    async fn session_of(&self, kind: SessionKind) -> Result<Session, ApiError> {
        let versions = self.versions()?;
        let mut guard = self.sessions.lock().await;
        if let Some((v, s)) = guard.get(&kind)
            && *v == versions
        {
            return Ok(s.clone());
        }
        let options = match kind {
            SessionKind::Scoped(scope) => SessionOptions {
                scope,
                ..self.options.session.clone()
            },
            SessionKind::Sql => SessionOptions {
                scope: Scope::All,
                limits: self.options.sql,
                ..self.options.session.clone()
            },
        };
        let session = Session::open_with(&self.store, &AsOf::Latest, options).await?;
        guard.insert(kind, (versions, session.clone()));
        Ok(session)
    }

    /// A turn for heavy work (printing a PDF), waited for at most the PDF timeout.
    async fn heavy_turn(&self) -> Result<tokio::sync::SemaphorePermit<'_>, ApiError> {
        let busy =
            || ApiError::unavailable("the server is printing other PDFs: try again in a minute");
        tokio::time::timeout(self.options.pdf.timeout, self.heavy.acquire())
            .await
            .map_err(|_| busy())?
            .map_err(|_| busy())
    }

    /// The cached answer to `key` (a parsed, canonical request) in a scope for the current
    /// versions, or computes and caches it.
    /// A miss is computed on the computing runtime, once for all who ask at the same time.
    async fn cached<F, Fut>(&self, scope: Scope, key: String, make: F) -> Result<Cached, ApiError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<Cached, ApiError>> + Send + 'static,
    {
        let versions = self.versions()?;
        let key = format!("{scope:?} {key}");
        if let Some(c) = self.cache()?.get(&key, &versions) {
            return Ok(c);
        }
        let turn = self.compute.turn(&key)?;
        let held = turn.lock().await;
        let hit = self.cache()?.get(&key, &versions);
        let answer = match hit {
            Some(c) => Ok(c),
            // Stored before the turn is given back, so the next in line finds it.
            None => self.compute.run(make()).await.and_then(|answer| {
                self.cache()?.insert(key.clone(), versions, answer.clone());
                Ok(answer)
            }),
        };
        drop(held);
        self.compute.done(&key, turn)?;
        answer
    }

    fn cache(&self) -> Result<std::sync::MutexGuard<'_, cache::Cache>, ApiError> {
        self.cache
            .lock()
            .map_err(|_| ApiError::internal("cache lock"))
    }

    /// The registry, locked for a short read or write.
    fn registry(&self) -> Result<std::sync::MutexGuard<'_, Registry>, ApiError> {
        self.registry
            .lock()
            .map_err(|_| ApiError::internal("registry lock poisoned"))
    }

    fn registry_changed(&self) {
        self.registry_generation
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
}

fn read_versions(store: &Store) -> Result<Versions, ApiError> {
    linkages_core::DATASETS
        .iter()
        .map(|d| store.current(d).map_err(ApiError::from))
        .collect()
}

/// Where the server keeps signed-in sessions: beside the registry.
fn sessions_path(root: &Path) -> PathBuf {
    root.join("sessions.sqlite")
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_miss_is_computed_once_for_all_who_ask_at_the_same_time() {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = AppState::open(dir.path(), ServeOptions::default()).expect("state");
        let computed = Arc::new(AtomicUsize::new(0));
        let asks: Vec<_> = (0..8)
            .map(|_| {
                let (state, computed) = (state.clone(), computed.clone());
                tokio::spawn(async move {
                    let make = || async move {
                        computed.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        Ok(params::bytes(b"answer".to_vec(), "text/plain"))
                    };
                    state.cached(Scope::All, "key".into(), make).await
                })
            })
            .collect();
        for ask in asks {
            let answer = ask.await.expect("join").expect("answer");
            assert_eq!(&answer.body[..], b"answer");
        }
        assert_eq!(computed.load(Ordering::SeqCst), 1);
        assert_eq!(
            state.compute.pending(),
            0,
            "the key is forgotten once answered"
        );
    }
}
