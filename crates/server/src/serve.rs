//! The application as a service: routes, the guard, sessions, and the limits every request
//! passes (time, body, concurrency, security headers); and `serve`, which refuses to
//! expose a server without accounts and speaks TLS when given a certificate.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::routing::{get, post};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_rusqlite_store::{RusqliteStore, tokio_rusqlite};

use crate::{ApiError, AppState, api, assets, auth, login, pages};

/// The largest request body accepted (a progress record, a form, a SQL statement).
pub(crate) const BODY_LIMIT: usize = 1 << 20;
/// The longest a request may take before it is answered 408 (a PDF has its own, shorter
/// timeout).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);
/// Requests served at once; more wait their turn.
const CONCURRENCY: usize = 1024;

/// The policy of every page: scripts only from this server (no inline scripts or
/// handlers), no framing, no plugins. ECharts sets element styles, hence inline styles.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// A certificate and its key, PEM files.
#[derive(Debug, Clone)]
pub struct Tls {
    /// The certificate chain.
    pub cert: PathBuf,
    /// The private key.
    pub key: PathBuf,
}

/// The whole application: API, pages and assets, behind the guard and the limits.
pub async fn router(state: Arc<AppState>) -> Result<Router, ApiError> {
    let sessions = session_layer(&state).await?;
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    Ok(Router::new()
        .nest("/api/v1", api::router())
        .merge(pages::router())
        .merge(assets::router())
        .route("/login", get(login::page).post(login::submit))
        .route("/logout", post(login::logout))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::guard,
        ))
        .layer(sessions)
        .layer(header(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header(header::REFERRER_POLICY, "same-origin"))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            crate::error::panic_response,
        ))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .layer(tower::limit::GlobalConcurrencyLimitLayer::new(CONCURRENCY))
        .with_state(state))
}

/// Signed-in sessions, kept in `sessions.sqlite` beside the registry: the cookie holds a
/// random id only, and is `HttpOnly`, `SameSite=Strict` and (with TLS or on loopback)
/// `Secure`.
async fn session_layer(state: &AppState) -> Result<SessionManagerLayer<RusqliteStore>, ApiError> {
    let path = crate::sessions_path(state.store.root());
    let conn = tokio_rusqlite::Connection::open(&path)
        .await
        .map_err(|e| ApiError::internal(format!("sessions {}: {e}", path.display())))?;
    conn.call(|c| c.busy_timeout(Duration::from_secs(10)))
        .await
        .map_err(ApiError::internal)?;
    let store = RusqliteStore::new(conn);
    store.migrate().await.map_err(ApiError::internal)?;
    let idle = tower_sessions::cookie::time::Duration::seconds(
        state.options.idle.as_secs().try_into().unwrap_or(i64::MAX),
    );
    Ok(SessionManagerLayer::new(store)
        .with_name("linkages_session")
        .with_http_only(true)
        .with_same_site(SameSite::Strict)
        .with_secure(state.options.secure_cookies)
        .with_expiry(Expiry::OnInactivity(idle)))
}

/// Whether a server on `addr` needs accounts: on any address but loopback's.
fn exposed(addr: SocketAddr) -> bool {
    !addr.ip().is_loopback()
}

/// Serves until the process is stopped. Without accounts it serves loopback only, and
/// prints a one-time admin login URL; on an address of all interfaces it needs the names
/// it answers to (`--allow-host`).
pub async fn serve(
    root: PathBuf,
    addr: SocketAddr,
    mut options: crate::ServeOptions,
    tls: Option<Tls>,
) -> Result<(), ApiError> {
    options.secure_cookies = tls.is_some() || !exposed(addr);
    if exposed(addr) && !addr.ip().is_unspecified() {
        options.hosts.push(addr.ip().to_string());
    }
    if addr.ip().is_unspecified() && options.hosts.is_empty() {
        return Err(ApiError::bad_request(format!(
            "serving on {addr} (every interface) needs the names the bureaus will type: give --allow-host linkages.example.gov.cn (repeat for each)"
        )));
    }
    let state = AppState::open(&root, options)?;
    let has_users = state.registry()?.has_users()?;
    if exposed(addr) && !has_users {
        return Err(ApiError::bad_request(format!(
            "refusing to serve on {addr} without accounts: anyone reaching it would be admin-less and every caller public. Add an admin first with `linkages users add NAME --role admin` (the password is read from standard input), then serve again; or serve on 127.0.0.1"
        )));
    }
    let app = router(state.clone()).await?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    let base = format!("{scheme}://{addr}");
    println!("Linkages is serving {base}/ (API: {base}/api/v1/openapi.json)");
    if !has_users {
        let token = state.issue_bootstrap_token()?;
        println!(
            "No accounts yet: open {base}/login?token={token} to sign in as admin (the link works once). Everyone else reads the public figures."
        );
    }
    let service = app.into_make_service_with_connect_info::<SocketAddr>();
    let served = match tls {
        Some(tls) => {
            let _ = rustls::crypto::ring::default_provider().install_default();
            let config = axum_server::tls_rustls::RustlsConfig::from_pem_file(&tls.cert, &tls.key)
                .await
                .map_err(|e| {
                    ApiError::bad_request(format!("cannot read the certificate or key: {e}"))
                })?;
            axum_server::bind_rustls(addr, config).serve(service).await
        }
        None => axum_server::bind(addr).serve(service).await,
    };
    served.map_err(|e| ApiError::internal(format!("cannot serve on {addr}: {e}")))
}
