//! Test support shared by the integration tests of every crate: where the fixtures are,
//! fresh stores, a store holding the demo data (built once per test binary and only read),
//! ingesting a fixture, and a server on a free loopback port.
//!
//! Tests panic on failure by design, so this crate's helpers `expect` freely.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use linkages_demo::DemoConfig;
use linkages_engine::{AsOf, IngestOptions, IngestReport, NoProgress, Session, Store};
use tempfile::TempDir;

/// The repository's root directory.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A fixture file of the engine's tests (`crates/engine/tests/data/NAME`).
pub fn fixture(name: &str) -> PathBuf {
    root().join("crates/engine/tests/data").join(name)
}

/// A file of the public reference data beside the repository (`../shared/PATH`).
pub fn shared(path: &str) -> PathBuf {
    root().join("../shared").join(path)
}

/// A fresh, empty store in a temporary directory (removed with the returned guard).
pub fn store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path().join("store")).expect("open store");
    (dir, store)
}

/// Ingests files into a dataset with the default options and returns the report.
pub async fn ingest(store: &Store, dataset: &str, files: &[PathBuf]) -> IngestReport {
    ingest_with(store, dataset, files, &IngestOptions::default()).await
}

/// Ingests files into a dataset with options and returns the report.
pub async fn ingest_with(
    store: &Store,
    dataset: &str,
    files: &[PathBuf],
    options: &IngestOptions,
) -> IngestReport {
    let d = linkages_core::dataset(dataset).expect("dataset");
    linkages_engine::ingest(store, d, files, options, &NoProgress)
        .await
        .unwrap_or_else(|e| panic!("ingest {dataset}: {e}"))
}

/// Writes the default demo data of every linkage into a store, one version each.
pub async fn load_demo(store: &Store) {
    for d in linkages_demo::datasets() {
        linkages_engine::load_demo(
            store,
            d,
            linkages_demo::generate(d, DemoConfig::default()),
            linkages_core::SYNTHETIC_NOTE.to_string(),
            false,
            |_| {},
        )
        .await
        .expect("demo");
    }
    let mut registry =
        linkages_registry::Registry::open(&store.root().join("registry.sqlite")).expect("registry");
    let today = chrono::Local::now().date_naive();
    let session = Session::open(store, &AsOf::Latest).await.expect("session");
    linkages_report::markets::load_demo_world(store, &session, DemoConfig::default().seed, false)
        .await
        .expect("demo world");
    linkages_report::load_demo_registry(&mut registry, &session, DemoConfig::default().seed, today)
        .await
        .expect("demo registry");
}

/// Ingests the world exports of 2017 (HS 2007, four digits) of `../shared/data` as the
/// `world` dataset, for the product space and the opportunities.
pub async fn ingest_world(store: &Store) -> IngestReport {
    let world = shared("data/world/world_exports_2017_hs07_4digit.csv");
    let options = IngestOptions {
        fixed: vec![("year".into(), "2017".into())],
        ..IngestOptions::default()
    };
    ingest_with(store, "world", &[world], &options).await
}

/// A store holding the default demo data, generated once per test binary. Tests read it
/// and must not write to it (use [`store`] and [`load_demo`] for a store to change).
pub fn demo_store() -> Store {
    static DEMO: OnceLock<PathBuf> = OnceLock::new();
    let root = DEMO.get_or_init(|| {
        // The demo is written on a runtime of its own: a static outlives any test's runtime.
        std::thread::spawn(|| {
            remove_stale_demo_stores();
            let dir = tempfile::Builder::new()
                .prefix(&format!("{DEMO_PREFIX}{}-", std::process::id()))
                .tempdir()
                .expect("temp dir")
                .keep();
            let store = Store::open(dir.join("store")).expect("store");
            let runtime = tokio::runtime::Runtime::new().expect("runtime");
            runtime.block_on(load_demo(&store));
            store.root().to_path_buf()
        })
        .join()
        .expect("demo thread")
    });
    Store::open(root).expect("demo store")
}

/// The name of the temporary directories of [`demo_store`]: the prefix, then the process id.
const DEMO_PREFIX: &str = "linkages-demo-";

/// A static is never dropped, so each test binary leaves its demo store behind: the next
/// one removes those of processes that have ended.
fn remove_stale_demo_stores() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let pid = name
            .strip_prefix(DEMO_PREFIX)
            .and_then(|rest| rest.split('-').next())
            .and_then(|p| p.parse::<u32>().ok());
        if let Some(pid) = pid
            && !Path::new(&format!("/proc/{pid}")).exists()
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// A session over the latest versions of a store.
pub async fn session(store: &Store) -> Session {
    Session::open(store, &AsOf::Latest).await.expect("session")
}

/// The password of every account the tests make.
pub const PASSWORD: &str = "correct horse battery";

/// Adds an account (role code, and city for a city bureau) with [`PASSWORD`] to the
/// registry of the store at `root` and returns an API token of it.
pub fn account(root: &Path, name: &str, role: &str, city: Option<&str>) -> String {
    let mut registry =
        linkages_registry::Registry::open(&root.join("registry.sqlite")).expect("registry");
    let new = linkages_registry::accounts::NewUser {
        name,
        role: role.parse().expect("a role"),
        city,
        password: PASSWORD,
    };
    registry.add_user(&new).expect("add user");
    registry
        .issue_token(name, "tests", None)
        .expect("token")
        .secret
}

/// A server for the store at `root`, listening on a free loopback port until the test ends.
pub async fn serve(root: &Path) -> std::net::SocketAddr {
    serve_with(root, Default::default()).await.0
}

/// A server with options, and its state (to issue the one-time admin token, say).
pub async fn serve_with(
    root: &Path,
    options: linkages_server::ServeOptions,
) -> (
    std::net::SocketAddr,
    std::sync::Arc<linkages_server::AppState>,
) {
    let state = linkages_server::AppState::open(root, options).expect("state");
    let app = linkages_server::router(state.clone())
        .await
        .expect("router");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("listen");
    let addr = listener.local_addr().expect("address");
    let service = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await });
    (addr, state)
}
