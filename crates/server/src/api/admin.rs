//! `/me` (who the caller is), `/users` (`linkages users list`) and `/audit`
//! (`linkages audit`): the admin's view of accounts and of the audit log.

use axum::extract::{Extension, State};
use axum::response::Response;
use linkages_registry::accounts::User;
use linkages_registry::audit::{AuditFilter, Entry};
use serde::Deserialize;
use utoipa::IntoParams;

use super::Shared;
use crate::ApiError;
use crate::auth::Who;
use crate::error::ErrorBody;
use crate::params::{ApiQuery, json, respond};

/// The caller, as the server sees it.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub(crate) struct Me {
    /// The user, `null` for the public.
    user: Option<String>,
    /// The role: admin, province, city, policy or public.
    role: &'static str,
    /// A city bureau's city.
    city: Option<&'static str>,
    /// The token to send as `X-CSRF-Token` with writes from a browser session.
    csrf: Option<String>,
}

/// Who the caller is: user, role, city.
#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, description = "the caller", body = Me)))]
pub(super) async fn me(Extension(who): Extension<Who>) -> Result<Response, ApiError> {
    Ok(respond(json(&Me {
        user: who.caller.user.clone(),
        role: who.caller.role.code(),
        city: who.caller.city.map(|c| c.code),
        csrf: who.csrf.clone(),
    })?))
}

/// Every user (admin only).
#[utoipa::path(get, path = "/api/v1/users",
    responses((status = 200, description = "the users", body = Vec<User>), (status = 403, description = "not an admin", body = ErrorBody)))]
pub(super) async fn users(State(state): Shared) -> Result<Response, ApiError> {
    let users = state.registry()?.users()?;
    Ok(respond(json(&users)?))
}

/// Which entries of the audit log.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct AuditParams {
    /// Only this user's.
    pub user: Option<String>,
    /// From this day (YYYY-MM-DD) or time (RFC 3339) on.
    pub since: Option<String>,
    /// At most this many (default 1,000).
    pub limit: Option<u32>,
}

impl AuditParams {
    /// The registry's filter.
    pub(crate) fn filter(self) -> AuditFilter {
        AuditFilter {
            user: self.user,
            since: self.since,
            limit: self.limit,
        }
    }
}

/// The audit log, the latest first (admin only).
#[utoipa::path(get, path = "/api/v1/audit", params(AuditParams),
    responses((status = 200, description = "entries", body = Vec<Entry>), (status = 403, description = "not an admin", body = ErrorBody)))]
pub(super) async fn audit(
    State(state): Shared,
    ApiQuery(p): ApiQuery<AuditParams>,
) -> Result<Response, ApiError> {
    let entries = state.registry()?.audit_log(&p.filter())?;
    Ok(respond(json(&entries)?))
}
