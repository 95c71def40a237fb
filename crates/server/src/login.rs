//! Signing in and out: the login page (zh/en), the one-time admin login of a server without
//! accounts (`/login?token=…`, as Jupyter prints it), rate-limited password sign-ins, and
//! sign-out. Every attempt is audited.

use std::num::NonZeroU32;
use std::sync::Arc;

use axum::extract::{Extension, Form, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use governor::{DefaultKeyedRateLimiter, Quota};
use linkages_core::Lang;
use linkages_registry::audit::AuditAction;
use minijinja::context;
use subtle::ConstantTimeEq;
use tower_sessions::Session;

use crate::auth::{self, Who};
use crate::params::ApiQuery;
use crate::{ApiError, AppState};

/// Sign-in attempts by client address and by user name.
pub(crate) type Limiter = DefaultKeyedRateLimiter<String>;

/// A limiter allowing `per_minute` attempts a minute for each key (at least one).
pub(crate) fn limiter(per_minute: u32) -> Limiter {
    let n = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
    governor::RateLimiter::keyed(Quota::per_minute(n))
}

/// Parameters of the login page.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LoginParams {
    /// Where to go after signing in (a path of this site).
    next: Option<String>,
    /// zh (default) or en.
    lang: Option<Lang>,
    /// The one-time admin token `serve` printed.
    token: Option<String>,
}

/// The fields of the login form.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LoginForm {
    name: String,
    password: String,
    csrf: String,
    next: Option<String>,
    lang: Option<Lang>,
}

/// A path of this site to go to, never another site (`//evil`, `https://…`).
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/".into(),
    }
}

/// Starts a signed-in session: a new id (no fixation) and a new CSRF token.
async fn begin(session: &Session, key: &str, value: serde_json::Value) -> Result<(), ApiError> {
    session.cycle_id().await.map_err(ApiError::internal)?;
    session
        .insert(key, value)
        .await
        .map_err(ApiError::internal)?;
    let csrf = linkages_registry::accounts::new_secret("");
    session
        .insert(auth::CSRF, csrf)
        .await
        .map_err(ApiError::internal)
}

/// The session's CSRF token, made if it has none yet.
pub(crate) async fn csrf_token(session: &Session) -> Result<String, ApiError> {
    if let Some(t) = session
        .get::<String>(auth::CSRF)
        .await
        .map_err(ApiError::internal)?
    {
        return Ok(t);
    }
    let token = linkages_registry::accounts::new_secret("");
    session
        .insert(auth::CSRF, token.clone())
        .await
        .map_err(ApiError::internal)?;
    Ok(token)
}

/// `GET /login`: the form, or the one-time admin login.
pub(crate) async fn page(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Who>,
    session: Session,
    ApiQuery(p): ApiQuery<LoginParams>,
) -> Result<Response, ApiError> {
    let lang = p.lang.unwrap_or_default();
    if let Some(token) = &p.token {
        return bootstrap(&state, &who, &session, token, p.next.as_deref()).await;
    }
    form(&session, lang, p.next.as_deref(), None, StatusCode::OK).await
}

async fn form(
    session: &Session,
    lang: Lang,
    next: Option<&str>,
    error: Option<&str>,
    status: StatusCode,
) -> Result<Response, ApiError> {
    let csrf = csrf_token(session).await?;
    let html = crate::pages::render_plain(
        "login.html",
        lang,
        context! { page => "login", csrf => csrf, next => safe_next(next), error => error },
    )?;
    Ok((status, html).into_response())
}

/// The one-time admin login: the token works once, then only accounts sign in.
async fn bootstrap(
    state: &AppState,
    who: &Who,
    session: &Session,
    token: &str,
    next: Option<&str>,
) -> Result<Response, ApiError> {
    let hash = linkages_registry::accounts::hash_secret(token);
    let taken = {
        let mut slot = state
            .bootstrap
            .lock()
            .map_err(|_| ApiError::internal("bootstrap lock"))?;
        match slot.as_deref() {
            Some(h) if bool::from(h.as_bytes().ct_eq(hash.as_bytes())) => slot.take(),
            _ => None,
        }
    };
    let object = format!("one-time admin login as '{}'", auth::BOOTSTRAP_USER);
    if taken.is_none() {
        who.audit(
            state,
            AuditAction::Login,
            &object,
            "refused: the token is not valid (or was used)",
        );
        return Err(ApiError::unauthorized(
            "this login link is not valid or was used already; restart `linkages serve` for a new one, or sign in with an account",
        ));
    }
    begin(session, auth::BOOTSTRAP, serde_json::Value::Bool(true)).await?;
    who.audit(state, AuditAction::Login, &object, "ok");
    Ok(Redirect::to(&safe_next(next)).into_response())
}

/// `POST /login`: checks the password (rate-limited) and starts the session.
pub(crate) async fn submit(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Who>,
    session: Session,
    Form(f): Form<LoginForm>,
) -> Result<Response, ApiError> {
    let _ = f.csrf; // checked by the guard
    let lang = f.lang.unwrap_or_default();
    let object = format!("sign in as '{}'", f.name);
    if let Some(refusal) = rate_limited(&state, &who, &f.name, lang) {
        who.audit(
            &state,
            AuditAction::Login,
            &object,
            "refused: too many attempts",
        );
        return Ok(refusal);
    }
    let credentials = state.registry()?.credentials(&f.name)?;
    // Argon2 is slow on purpose: off the async runtime, and without the registry's lock.
    let password = f.password;
    let user = tokio::task::spawn_blocking(move || credentials.check(&password))
        .await
        .map_err(ApiError::internal)??;
    let Some(user) = user else {
        who.audit(
            &state,
            AuditAction::Login,
            &object,
            "refused: wrong name or password, or disabled",
        );
        let error = lang.pick("用户名或密码错误", "wrong user name or password");
        return form(
            &session,
            lang,
            f.next.as_deref(),
            Some(error),
            StatusCode::UNAUTHORIZED,
        )
        .await;
    };
    begin(
        &session,
        auth::USER,
        serde_json::Value::String(user.name.clone()),
    )
    .await?;
    let signed_in = Who {
        caller: user.caller(),
        ..who
    };
    signed_in.audit(&state, AuditAction::Login, &object, "ok");
    Ok(Redirect::to(&safe_next(f.next.as_deref())).into_response())
}

/// The answer to a sign-in over the limit of its address or its user name, if it is.
fn rate_limited(state: &AppState, who: &Who, name: &str, lang: Lang) -> Option<Response> {
    let limited = state
        .logins
        .check_key(&format!("address {}", who.address))
        .is_err()
        || state.logins.check_key(&format!("user {name}")).is_err();
    if state.logins.len() > 100_000 {
        state.logins.retain_recent();
    }
    if !limited {
        return None;
    }
    let mut response = ApiError {
        status: StatusCode::TOO_MANY_REQUESTS,
        message: lang
            .pick(
                "登录尝试过于频繁，请一分钟后再试",
                "too many sign-in attempts: try again in a minute",
            )
            .into(),
    }
    .into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
    Some(response)
}

/// `POST /logout`: ends the session.
pub(crate) async fn logout(
    State(state): State<Arc<AppState>>,
    Extension(who): Extension<Who>,
    session: Session,
) -> Result<Response, ApiError> {
    session.flush().await.map_err(ApiError::internal)?;
    who.audit(&state, AuditAction::Logout, "session", "ok");
    Ok(Redirect::to("/").into_response())
}
