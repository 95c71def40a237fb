//! Who is asking and what they may do, decided here for every request (no handler decides
//! it): the `Host` is checked against the allow-list (DNS rebinding), the caller is found
//! (an API token, a signed-in session or the public), the route's [`Action`] is checked
//! against the caller's role, a cookie-authenticated write must carry its session's CSRF
//! token, and every write and token use is audited. Handlers read the [`Who`] put in the
//! request and take the caller's scope from it.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use linkages_core::access::{self, Action, Caller, Role, Scope};
use linkages_registry::audit::{AuditAction, NewEntry};
use subtle::ConstantTimeEq;
use tower_sessions::Session;

use crate::{ApiError, AppState};

/// The session's keys.
pub(crate) const USER: &str = "user";
/// Set in the session of the one-time admin login of a server without accounts.
pub(crate) const BOOTSTRAP: &str = "bootstrap";
/// The session's CSRF token, sent back with every form and cookie-authenticated write.
pub(crate) const CSRF: &str = "csrf";
/// The header scripts of the pages send it in.
const CSRF_HEADER: &str = "x-csrf-token";

/// The name the one-time admin login is audited under.
pub(crate) const BOOTSTRAP_USER: &str = "admin (one-time login)";

/// How the caller was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Via {
    /// No credentials: the public.
    Nobody,
    /// A session cookie.
    Session,
    /// An API token (by its id).
    Token(i64),
}

/// The caller of a request, as the guard found it.
#[derive(Debug, Clone)]
pub(crate) struct Who {
    /// Who, in which role (and city).
    pub caller: Caller,
    /// How they were recognised.
    pub via: Via,
    /// The client's address, for the audit log.
    pub address: String,
    /// A browser session's CSRF token (its pages send it back with writes).
    pub csrf: Option<String>,
}

impl Who {
    /// The rows the caller reads.
    pub(crate) fn scope(&self) -> Scope {
        self.caller.scope()
    }

    /// Appends an entry in the caller's name.
    pub(crate) fn audit(&self, state: &AppState, action: AuditAction, object: &str, outcome: &str) {
        let entry = NewEntry {
            user: self.caller.user.as_deref(),
            role: self.caller.role.code(),
            address: &self.address,
            action,
            object,
            outcome,
        };
        // The audit log must not lose a row silently: a failure is logged loudly.
        let written = state.registry().map(|r| r.audit(&entry));
        if !matches!(written, Ok(Ok(()))) {
            tracing::error!(?action, object, "cannot write the audit log");
        }
    }
}

/// What a route does, as far as access goes: the one table of routes and actions.
pub(crate) fn action_of(method: &Method, path: &str) -> Action {
    let write = !matches!(*method, Method::GET | Method::HEAD);
    match path {
        "/login" | "/logout" => Action::Read,
        "/admin" => Action::ReadAudit,
        p if p.starts_with("/api/v1/sql") => Action::Sql,
        p if p.starts_with("/api/v1/audit") => Action::ReadAudit,
        p if p.starts_with("/api/v1/users") => Action::ManageUsers,
        p if write
            && p.starts_with("/api/v1/targets/")
            && (p.ends_with("/records") || p.ends_with("/splits")) =>
        {
            Action::RecordProgress
        }
        "/targets/record" if write => Action::RecordProgress,
        p if write && (p.starts_with("/api/v1/measures/") || p.starts_with("/api/v1/notes/")) => {
            Action::RecordProgress
        }
        p if p.starts_with("/api/v1/projects") && write => Action::ManageProjects,
        p if p.starts_with("/api/v1/projects") || p == "/pipeline" => Action::ReadProjects,
        // Any other write is no one's but the admin's (and finds no route).
        _ if write => Action::ManageUsers,
        _ => Action::Read,
    }
}

/// The middleware: host, caller, role, CSRF, audit.
pub(crate) async fn guard(
    State(state): State<Arc<AppState>>,
    session: Session,
    request: Request,
    next: Next,
) -> Response {
    if let Err(e) = check_host(&state, request.headers()) {
        return e.into_response();
    }
    let address = client_address(&request);
    let who = match identify(&state, &session, request.headers(), address).await {
        Ok(who) => who,
        Err(e) => return e.into_response(),
    };
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let action = action_of(&method, &path);
    let write = !matches!(method, Method::GET | Method::HEAD);
    let response = match admit(&session, &who, action, request).await {
        Ok(mut request) => {
            request.extensions_mut().insert(who.clone());
            next.run(request).await
        }
        Err(refusal) => refusal,
    };
    // Logins, logouts and SQL statements are audited where their details are known.
    if write && !matches!(path.as_str(), "/login" | "/logout") && action != Action::Sql {
        let status = response.status();
        let outcome = if status.is_success() || status.is_redirection() {
            "ok".to_string()
        } else {
            format!("refused ({status})")
        };
        let audited = match action {
            Action::RecordProgress => AuditAction::RecordProgress,
            Action::ManageProjects => AuditAction::Project,
            _ => AuditAction::Write,
        };
        who.audit(&state, audited, &format!("{method} {path}"), &outcome);
    }
    response
}

/// The request if the caller may make it (a write with a session also needs its CSRF
/// token), or the refusal: the public is asked to sign in, others are told no.
async fn admit(
    session: &Session,
    who: &Who,
    action: Action,
    request: Request,
) -> Result<Request, Response> {
    if !access::allowed(who.caller.role, action) {
        return Err(refuse(who, action, &request));
    }
    let write = !matches!(*request.method(), Method::GET | Method::HEAD);
    if write && !matches!(who.via, Via::Token(_)) {
        return check_csrf(session, request)
            .await
            .map_err(IntoResponse::into_response);
    }
    Ok(request)
}

fn refuse(who: &Who, action: Action, request: &Request) -> Response {
    let page = !request.uri().path().starts_with("/api/");
    if who.caller.role == Role::Public {
        if page && request.method() == Method::GET {
            let next = request.uri().path_and_query().map_or("/", |p| p.as_str());
            let query = serde_urlencoded::to_string([("next", next)]).unwrap_or_default();
            let to = format!("/login?{query}");
            return Redirect::to(&to).into_response();
        }
        return ApiError::unauthorized("sign in first: this needs an account (or an API token)")
            .into_response();
    }
    ApiError::forbidden(format!(
        "a {} user may not {}",
        who.caller.role,
        match action {
            Action::Sql => "run SQL",
            Action::RecordProgress => "record the progress of targets",
            Action::ManageUsers => "manage users or make this request",
            Action::ReadAudit => "read the audit log",
            Action::ReadProjects => "read the project pipeline",
            Action::ManageProjects => "add or move projects",
            Action::Read => "read this",
        }
    ))
    .into_response()
}

/// The host part of a `Host` header, without its port.
fn host_of(value: &str) -> &str {
    if let Some(rest) = value.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    value.rsplit_once(':').map_or(value, |(h, _)| h)
}

/// Refuses a `Host` the server does not answer to (a rebinding page's name).
fn check_host(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let raw = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| ApiError::bad_request("the request has no Host header"))?;
    let host = host_of(raw).to_ascii_lowercase();
    let loopback = matches!(host.as_str(), "localhost" | "127.0.0.1" | "::1");
    if loopback
        || state
            .options
            .hosts
            .iter()
            .any(|h| h.eq_ignore_ascii_case(&host))
    {
        return Ok(());
    }
    Err(ApiError {
        status: StatusCode::MISDIRECTED_REQUEST,
        message: format!(
            "this server does not answer to the host '{host}'; its administrator can allow it with `linkages serve --allow-host {host}`"
        ),
    })
}

fn client_address(request: &Request) -> String {
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".into(), |c| c.0.ip().to_string())
}

/// The caller: a bearer token's user (a wrong token is refused, not made public), a
/// session's user while enabled, or the public.
async fn identify(
    state: &AppState,
    session: &Session,
    headers: &HeaderMap,
    address: String,
) -> Result<Who, ApiError> {
    let public = |address| Who {
        caller: Caller::public(),
        via: Via::Nobody,
        address,
        csrf: None,
    };
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        return by_token(state, value, address);
    }
    if session
        .get::<bool>(BOOTSTRAP)
        .await
        .map_err(ApiError::internal)?
        == Some(true)
    {
        return Ok(Who {
            caller: Caller {
                user: Some(BOOTSTRAP_USER.into()),
                role: Role::Admin,
                city: None,
            },
            via: Via::Session,
            address,
            csrf: session.get(CSRF).await.map_err(ApiError::internal)?,
        });
    }
    let Some(name) = session
        .get::<String>(USER)
        .await
        .map_err(ApiError::internal)?
    else {
        return Ok(public(address));
    };
    let user = state.registry()?.user(&name)?;
    match user {
        Some(user) if !user.disabled => Ok(Who {
            caller: user.caller(),
            via: Via::Session,
            address,
            csrf: session.get(CSRF).await.map_err(ApiError::internal)?,
        }),
        // Disabled (or gone) since signing in: the session ends now.
        _ => {
            session.flush().await.map_err(ApiError::internal)?;
            Ok(public(address))
        }
    }
}

fn by_token(
    state: &AppState,
    value: &axum::http::HeaderValue,
    address: String,
) -> Result<Who, ApiError> {
    let secret = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or_else(|| {
            ApiError::unauthorized("the Authorization header must be 'Bearer <token>'")
        })?;
    let found = state.registry()?.token_user(secret)?;
    let Some((user, id)) = found else {
        let who = Who {
            caller: Caller::public(),
            via: Via::Nobody,
            address,
            csrf: None,
        };
        who.audit(
            state,
            AuditAction::Token,
            "a token",
            "refused: unknown, expired or its user disabled",
        );
        return Err(ApiError::unauthorized(
            "the token is not valid: unknown, expired, or its user is disabled",
        ));
    };
    let who = Who {
        caller: user.caller(),
        via: Via::Token(id),
        address,
        csrf: None,
    };
    who.audit(state, AuditAction::Token, &format!("token #{id}"), "ok");
    Ok(who)
}

/// A write from a browser must carry its session's CSRF token: in the `X-CSRF-Token`
/// header (the pages' scripts) or the `csrf` field of a form.
async fn check_csrf(session: &Session, request: Request) -> Result<Request, ApiError> {
    let expired = || {
        ApiError::forbidden(
            "the form has expired or was not sent from this site: reload the page and try again",
        )
    };
    let expected: String = session
        .get(CSRF)
        .await
        .map_err(ApiError::internal)?
        .ok_or_else(expired)?;
    let same = |given: &[u8]| bool::from(given.ct_eq(expected.as_bytes()));
    if let Some(given) = request.headers().get(CSRF_HEADER) {
        return if same(given.as_bytes()) {
            Ok(request)
        } else {
            Err(expired())
        };
    }
    let form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| {
            v.as_bytes()
                .starts_with(b"application/x-www-form-urlencoded")
        });
    if !form {
        return Err(expired());
    }
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, crate::serve::BODY_LIMIT)
        .await
        .map_err(|_| ApiError::bad_request("the form is too large or was cut short"))?;
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
    let given = fields
        .iter()
        .find(|(k, _)| k == CSRF)
        .map(|(_, v)| v.as_bytes());
    match given {
        Some(given) if same(given) => Ok(Request::from_parts(parts, Body::from(bytes))),
        _ => Err(expired()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_read_without_their_port() {
        assert_eq!(host_of("127.0.0.1:8080"), "127.0.0.1");
        assert_eq!(host_of("[::1]:8080"), "::1");
        assert_eq!(host_of("evil.example"), "evil.example");
    }

    #[test]
    fn writes_need_a_role_that_may_make_them() {
        let post = Method::POST;
        assert_eq!(
            action_of(&post, "/api/v1/targets/t1/records"),
            Action::RecordProgress
        );
        assert_eq!(
            action_of(&Method::GET, "/api/v1/targets/t1/history"),
            Action::Read
        );
        assert_eq!(action_of(&post, "/api/v1/overview"), Action::ManageUsers);
        assert_eq!(action_of(&Method::GET, "/api/v1/sql"), Action::Sql);
        assert_eq!(action_of(&post, "/login"), Action::Read);
    }
}
