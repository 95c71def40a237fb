//! Any query string on every API endpoint of a server over an empty store: every answer is
//! JSON or a file, never a 500 (which would be a fault of the server, not of the request).
#![no_main]

use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;

struct Server {
    runtime: tokio::runtime::Runtime,
    app: axum::Router,
    _dir: tempfile::TempDir,
}

fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let dir = tempfile::tempdir().expect("dir");
        let state = linkages_server::AppState::open(dir.path(), Default::default()).expect("state");
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        let app = runtime.block_on(linkages_server::router(state)).expect("router");
        Server { runtime, app, _dir: dir }
    })
}

const ENDPOINTS: [&str; 9] = [
    "/api/v1/indicators",
    "/api/v1/series",
    "/api/v1/overview",
    "/api/v1/brief",
    "/api/v1/opportunities",
    "/api/v1/targets",
    "/api/v1/reference/cities",
    "/",
    "/login",
];

fuzz_target!(|bytes: &[u8]| {
    let Some((&which, query)) = bytes.split_first() else { return };
    let query: String = String::from_utf8_lossy(query)
        .chars()
        .filter(|c| c.is_ascii_graphic() && *c != '#')
        .collect();
    let uri = format!("{}?{query}", ENDPOINTS[usize::from(which) % ENDPOINTS.len()]);
    let Ok(request) = Request::builder().uri(&uri).header("host", "127.0.0.1").body(Body::empty()) else { return };
    let s = server();
    let status = s.runtime.block_on(async { s.app.clone().oneshot(request).await.map(|r| r.status()) });
    if let Ok(status) = status {
        assert_ne!(status, StatusCode::INTERNAL_SERVER_ERROR, "{uri}");
    }
});
