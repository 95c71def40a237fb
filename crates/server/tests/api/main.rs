//! Every API endpoint, on a small fixture store, with good and bad input: answers are JSON,
//! bad parameters get 400, unknown things 404, and nothing gets a 500. One module per
//! endpoint; the refusals are data files (`refusals/*.csv`) read by `refusals.rs`.

mod brief;
mod datasets;
mod indicators;
mod openapi;
mod overview;
mod pages;
mod reference;
mod refusals;
mod targets;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// The application over a store holding the indicator fixture's trade and the investment
/// fixture (see engine/tests/slt/indicators.slt for the hand-computed figures), with an
/// account of the policy office and its API token.
pub struct Fixture {
    _dir: tempfile::TempDir,
    /// The application, called in-process.
    pub app: axum::Router,
    /// The store's directory.
    pub root: std::path::PathBuf,
    /// The API token of the policy office's account `policy`.
    pub policy: String,
    /// The API token of a provincial analyst's account `analyst`.
    pub analyst: String,
}

/// A fresh fixture (each test its own store and registry).
pub async fn fixture() -> Fixture {
    let (dir, store) = linkages_testkit::store();
    for (dataset, file) in [
        ("trade", "indicators_trade.csv"),
        ("investment", "investment.csv"),
    ] {
        linkages_testkit::ingest(&store, dataset, &[linkages_testkit::fixture(file)]).await;
    }
    let policy = linkages_testkit::account(store.root(), "policy", "policy", None);
    let analyst = linkages_testkit::account(store.root(), "analyst", "province", None);
    let state = linkages_server::AppState::open(store.root(), Default::default()).expect("state");
    Fixture {
        root: store.root().to_path_buf(),
        _dir: dir,
        app: linkages_server::router(state).await.expect("router"),
        policy,
        analyst,
    }
}

/// Calls the application without credentials: status, content type and body.
pub async fn call(
    app: &axum::Router,
    method: &str,
    uri: &str,
    body: Option<&str>,
) -> (StatusCode, String, String) {
    call_as(app, None, method, uri, body).await
}

/// Calls the application with an API token (or none).
pub async fn call_as(
    app: &axum::Router,
    token: Option<&str>,
    method: &str,
    uri: &str,
    body: Option<&str>,
) -> (StatusCode, String, String) {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header("host", "127.0.0.1")
        .header("content-type", "application/json");
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let request = request
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_string())))
        .expect("request");
    let response = app.clone().oneshot(request).await.expect("response");
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (
        status,
        content_type,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

/// A GET answered with JSON: its status and value.
pub async fn get_json(app: &axum::Router, uri: &str) -> (StatusCode, serde_json::Value) {
    get_json_as(app, None, uri).await
}

/// A GET with an API token (or none) answered with JSON: its status and value.
pub async fn get_json_as(
    app: &axum::Router,
    token: Option<&str>,
    uri: &str,
) -> (StatusCode, serde_json::Value) {
    let (status, content_type, body) = call_as(app, token, "GET", uri, None).await;
    assert!(
        content_type.starts_with("application/json"),
        "{uri}: {content_type}"
    );
    (
        status,
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{uri}: {e}: {body}")),
    )
}
