//! `/sql` (`linkages sql`): a read-only statement over the store, for the province's
//! analysts and the admin; bounded in memory, time and rows, and every statement audited.

use axum::extract::{Extension, State};
use axum::response::Response;
use linkages_engine::format::{Format, render};
use linkages_registry::audit::AuditAction;
use serde::Deserialize;
use utoipa::IntoParams;

use super::Shared;
use crate::auth::Who;
use crate::error::ErrorBody;
use crate::params::{ApiQuery, bytes, respond};
use crate::{ApiError, SessionKind};

/// A statement to run.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(super) struct SqlParams {
    /// The statement: SELECT, WITH, EXPLAIN or SHOW.
    q: String,
    /// json (default) or csv.
    format: Option<String>,
}

/// Runs a read-only statement (province and admin only; audited).
#[utoipa::path(get, path = "/api/v1/sql", params(SqlParams),
    responses((status = 200, description = "the answer, JSON rows or CSV"),
        (status = 400, description = "refused or bad statement, with the reason", body = ErrorBody),
        (status = 401, description = "no account", body = ErrorBody), (status = 403, description = "the role may not run SQL", body = ErrorBody)))]
pub(super) async fn sql(
    State(state): Shared,
    Extension(who): Extension<Who>,
    ApiQuery(p): ApiQuery<SqlParams>,
) -> Result<Response, ApiError> {
    let format = match p.format.as_deref().unwrap_or("json") {
        "json" => Format::Json,
        "csv" => Format::Csv,
        other => {
            return Err(ApiError::bad_request(format!(
                "'{other}' is not a SQL answer format; use json or csv"
            )));
        }
    };
    let session = state.session_of(SessionKind::Sql).await?;
    let answer = session
        .query(&p.q)
        .await
        .map_err(|e| statement_error(&state, e));
    let outcome = match &answer {
        Ok(table) => format!("ok: {} rows", table.len()),
        Err(e) => format!("refused: {}", e.message),
    };
    who.audit(&state, AuditAction::Sql, &p.q, &outcome);
    let text = render(&answer?, format)?;
    let content_type = match format {
        Format::Csv => "text/csv; charset=utf-8",
        _ => "application/json",
    };
    Ok(respond(bytes(text.into_bytes(), content_type)))
}

/// What a caller reads of a failed statement: the reason, without the engine's prefixes
/// or the store's paths.
fn statement_error(state: &crate::AppState, e: linkages_engine::Error) -> ApiError {
    match e {
        linkages_engine::Error::Query(inner) => {
            let root = state.store.root().display().to_string();
            let text = inner.to_string().replace(&root, "<store>");
            let first = text.lines().next().unwrap_or("the statement failed");
            let reason = [
                "Error during planning: ",
                "Schema error: ",
                "SQL error: ",
                "Execution error: ",
            ]
            .iter()
            .fold(first, |t, p| t.strip_prefix(p).unwrap_or(t));
            ApiError::bad_request(format!("the statement cannot be run: {reason}"))
        }
        other => ApiError::from(other),
    }
}
