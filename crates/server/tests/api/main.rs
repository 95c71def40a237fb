//! Every API endpoint, on a small fixture store, with good and bad input: answers are JSON,
//! bad parameters get 400, unknown things 404, and nothing gets a 500. One module per
//! endpoint; the refusals are data files (`refusals/*.csv`) read by `refusals.rs`.

mod access;
mod brief;
mod datasets;
mod indicators;
mod openapi;
mod outlook;
mod overview;
mod pages;
mod reference;
mod refusals;
mod security;
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
    fixture_with(Default::default()).await
}

/// A fresh fixture served with options (a short session, a low sign-in limit).
pub async fn fixture_with(options: linkages_server::ServeOptions) -> Fixture {
    let (dir, store) = linkages_testkit::store();
    for (dataset, file) in [
        ("trade", "indicators_trade.csv"),
        ("investment", "investment.csv"),
    ] {
        linkages_testkit::ingest(&store, dataset, &[linkages_testkit::fixture(file)]).await;
    }
    let policy = linkages_testkit::account(store.root(), "policy", "policy", None);
    let analyst = linkages_testkit::account(store.root(), "analyst", "province", None);
    let state = linkages_server::AppState::open(store.root(), options).expect("state");
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
    let auth = token.map_or(Auth::None, |t| Auth::Token(t.to_string()));
    let answer = call_with(app, &auth, method, uri, body).await;
    let text = answer.text();
    (answer.status, answer.content_type, text)
}

/// How a test's request is authenticated.
#[derive(Debug, Clone, Default)]
pub enum Auth {
    /// No credentials.
    #[default]
    None,
    /// An API token.
    Token(String),
    /// A browser (sending its CSRF token with every request).
    Browser {
        /// Its session cookie, `name=value`.
        cookie: String,
        /// Its session's CSRF token.
        csrf: String,
    },
}

/// An answer of the application.
#[derive(Debug)]
pub struct Answer {
    /// Its status.
    pub status: StatusCode,
    /// Its content type (empty if none).
    pub content_type: String,
    /// Its headers.
    pub headers: axum::http::HeaderMap,
    /// Its body.
    pub body: Vec<u8>,
}

impl Answer {
    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The session cookie the answer sets (`name=value`), if any.
    pub fn cookie(&self) -> Option<String> {
        let set = self.headers.get("set-cookie")?.to_str().ok()?;
        Some(set.split(';').next()?.to_string())
    }
}

/// Calls the application. A body is sent as JSON if it starts with `{`, as a form otherwise.
pub async fn call_with(
    app: &axum::Router,
    auth: &Auth,
    method: &str,
    uri: &str,
    body: Option<&str>,
) -> Answer {
    let json = body.is_none_or(|b| b.starts_with('{'));
    let content_type = if json {
        "application/json"
    } else {
        "application/x-www-form-urlencoded"
    };
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header("host", "127.0.0.1")
        .header("content-type", content_type);
    match auth {
        Auth::None => {}
        Auth::Token(token) => request = request.header("authorization", format!("Bearer {token}")),
        Auth::Browser { cookie, csrf } => {
            request = request
                .header("cookie", cookie)
                .header("x-csrf-token", csrf);
        }
    }
    let request = request
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_string())))
        .expect("request");
    let response = app.clone().oneshot(request).await.expect("response");
    let (parts, body) = response.into_parts();
    let bytes = body.collect().await.expect("body").to_bytes();
    Answer {
        status: parts.status,
        content_type: parts
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string(),
        headers: parts.headers,
        body: bytes.to_vec(),
    }
}

/// A browser that opened the login page: an anonymous session with its CSRF token.
pub async fn browser(app: &axum::Router) -> Auth {
    let answer = call_with(app, &Auth::None, "GET", "/login", None).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let cookie = answer.cookie().expect("a session cookie");
    let csrf = quoted_after(&answer.text(), "name=\"csrf\" value=\"");
    Auth::Browser { cookie, csrf }
}

/// A browser signed in as `name` (with the tests' password): its new session.
pub async fn sign_in(app: &axum::Router, name: &str) -> Auth {
    let anonymous = browser(app).await;
    let Auth::Browser { csrf, .. } = &anonymous else {
        unreachable!()
    };
    let form = format!(
        "name={name}&password={}&csrf={csrf}",
        linkages_testkit::PASSWORD.replace(' ', "+")
    );
    let answer = call_with(app, &anonymous, "POST", "/login", Some(&form)).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text());
    let cookie = answer.cookie().expect("a new session cookie");
    // The signed-in session has a CSRF token of its own: the pages carry it.
    let signed = Auth::Browser {
        cookie: cookie.clone(),
        csrf: String::new(),
    };
    let page = call_with(app, &signed, "GET", "/targets", None)
        .await
        .text();
    let csrf = quoted_after(&page, "data-csrf=\"");
    Auth::Browser { cookie, csrf }
}

/// The text from after `marker` to the next quote (an attribute's value in a page).
fn quoted_after(html: &str, marker: &str) -> String {
    html.split(marker)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no {marker} in the page"))
        .to_string()
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
