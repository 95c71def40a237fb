//! `linkages serve`: the REST API under `/api/v1` (OpenAPI at `/api/v1/openapi.json`) and the
//! dashboard pages, from one process, offline: scripts, styles and map data are embedded.
//!
//! The server holds no logic of its own: each endpoint parses its parameters into the
//! domain's types and calls the same `report`/`engine` function as the command of its name.
//! Answers are cached per dataset version: an entry is keyed by the parsed request and the
//! versions the store held when it was computed, so a new ingest is seen at once (the
//! store is re-read at most every half second) and unchanged data is served from memory.

mod api;
mod assets;
mod error;
mod pages;
mod params;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use linkages_engine::{AsOf, Session, SessionOptions, Store};
use linkages_registry::Registry;
use linkages_report::pdf::PdfOptions;

pub use error::ApiError;

/// How the server computes: the session's options and how PDFs are printed, decided by the
/// command line.
#[derive(Debug, Clone, Default)]
pub struct ServeOptions {
    /// Options of every query session.
    pub session: SessionOptions,
    /// How the brief is printed to PDF.
    pub pdf: PdfOptions,
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

/// Shared state of the server.
pub struct AppState {
    store: Store,
    registry: Mutex<Registry>,
    options: ServeOptions,
    versions: Mutex<(Instant, Versions)>,
    session: tokio::sync::Mutex<Option<(Versions, Session)>>,
    cache: Mutex<HashMap<String, (Versions, Cached)>>,
    /// Bumped on every change to the registry, so cached scoreboards are dropped.
    registry_generation: std::sync::atomic::AtomicU64,
}

/// Entries the answer cache keeps before it starts over (a month's pages are a few hundred).
const CACHE_LIMIT: usize = 4096;

impl AppState {
    /// State over a store directory (the registry lives beside the datasets).
    pub fn open(root: &Path, options: ServeOptions) -> Result<Arc<AppState>, ApiError> {
        let store = Store::open(root)?;
        let registry = Registry::open(&root.join("registry.sqlite"))?;
        let versions = read_versions(&store)?;
        Ok(Arc::new(AppState {
            store,
            registry: Mutex::new(registry),
            options,
            versions: Mutex::new((Instant::now(), versions)),
            session: tokio::sync::Mutex::new(None),
            cache: Mutex::new(HashMap::new()),
            registry_generation: std::sync::atomic::AtomicU64::new(0),
        }))
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

    /// A session over the latest versions, reused while they do not change.
    async fn session(&self) -> Result<Session, ApiError> {
        let versions = self.versions()?;
        let mut guard = self.session.lock().await;
        if let Some((v, s)) = guard.as_ref()
            && *v == versions
        {
            return Ok(s.clone());
        }
        let session =
            Session::open_with(&self.store, &AsOf::Latest, self.options.session.clone()).await?;
        *guard = Some((versions, session.clone()));
        Ok(session)
    }

    /// The cached answer to `key` (a parsed, canonical request) for the current versions, or
    /// computes and caches it.
    async fn cached<F, Fut>(&self, key: String, make: F) -> Result<Cached, ApiError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<Cached, ApiError>>,
    {
        let versions = self.versions()?;
        if let Some((v, c)) = self
            .cache
            .lock()
            .map_err(|_| ApiError::internal("cache lock"))?
            .get(&key)
            && *v == versions
        {
            return Ok(c.clone());
        }
        let answer = make().await?;
        let mut cache = self
            .cache
            .lock()
            .map_err(|_| ApiError::internal("cache lock"))?;
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(key, (versions, answer.clone()));
        Ok(answer)
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

/// The whole application: API, pages and assets.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .nest("/api/v1", api::router())
        .merge(pages::router())
        .merge(assets::router())
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            error::panic_response,
        ))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves until the process is stopped.
pub async fn serve(
    root: PathBuf,
    addr: std::net::SocketAddr,
    options: ServeOptions,
) -> Result<(), ApiError> {
    let state = AppState::open(&root, options)?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| ApiError::internal(format!("cannot listen on {addr}: {e}")))?;
    let local = listener
        .local_addr()
        .map_err(|e| ApiError::internal(e.to_string()))?;
    println!("Linkages is serving http://{local}/ (API: http://{local}/api/v1/openapi.json)");
    axum::serve(listener, router(state))
        .await
        .map_err(|e| ApiError::internal(e.to_string()))
}
