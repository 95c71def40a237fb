//! `/targets` (`linkages targets`), its history (`targets history`) and new progress
//! records (`targets record`).

use axum::Json;
use axum::extract::{Extension, Path, State};
use axum::response::Response;
use linkages_core::Linkage;
use linkages_registry::Record;
use linkages_report::scoreboard::{self, Scoreboard};
use serde::Deserialize;
use utoipa::IntoParams;

use super::Shared;
use crate::ApiError;
use crate::auth::Who;
use crate::error::ErrorBody;
use crate::params::{ApiQuery, day, json, respond};

/// Parameters of the scoreboard.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(super) struct TargetParams {
    /// Only one linkage (trade, investment, outsourcing, cooperation, talent).
    linkage: Option<String>,
    /// Judge on this day (YYYY-MM-DD; default today).
    on: Option<String>,
}

/// Every target with its progress, pace, projection and status.
#[utoipa::path(get, path = "/api/v1/targets", params(TargetParams),
    responses((status = 200, description = "the scoreboard", body = Scoreboard), (status = 400, description = "bad parameter", body = ErrorBody)))]
pub(super) async fn board(
    State(state): Shared,
    Extension(who): Extension<Who>,
    ApiQuery(p): ApiQuery<TargetParams>,
) -> Result<Response, ApiError> {
    let only: Option<Linkage> =
        p.linkage.as_deref().map(str::parse).transpose().map_err(
            |e: linkages_core::dataset::LinkageError| ApiError::bad_request(e.to_string()),
        )?;
    let today = match &p.on {
        Some(d) => day(d)?,
        None => chrono::Local::now().date_naive(),
    };
    let (s, scope) = (state.clone(), who.scope());
    let answer = state
        .cached(scope, format!("targets {only:?} {today}"), || async move {
            let session = s.session(scope).await?;
            // The registry is a small SQLite file; the lock is held only while reading it.
            let targets = {
                let registry = s.registry()?;
                scoreboard::read(&registry, only)?
            };
            json(&scoreboard::build(&session, targets, today).await?)
        })
        .await?;
    Ok(respond(answer))
}

/// Every progress record of a target, corrected ones included.
#[utoipa::path(get, path = "/api/v1/targets/{id}/history", params(("id" = String, Path, description = "target id")),
    responses((status = 200, description = "the records", body = Vec<Record>), (status = 404, description = "unknown target", body = ErrorBody)))]
pub(super) async fn history(
    State(state): Shared,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let registry = state.registry()?;
    Ok(respond(json(&registry.history(&id)?)?))
}

/// A progress record to add.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RecordBody {
    /// The value reached (cumulative).
    value: f64,
    /// The date it describes, YYYY-MM-DD, not after today.
    date: String,
    /// Where it comes from.
    source: String,
    /// Its unit; refused unless it is the target's.
    unit: Option<String>,
    /// The id of a wrong record this one corrects.
    corrects: Option<i64>,
    /// A note.
    note: Option<String>,
}

/// Records progress of a countable target (append-only; correct with `corrects`), in the
/// caller's name (policy office or admin).
#[utoipa::path(post, path = "/api/v1/targets/{id}/records", params(("id" = String, Path, description = "target id")), request_body = RecordBody,
    responses((status = 200, description = "the stored record", body = Record), (status = 400, description = "refused, with the reason", body = ErrorBody),
        (status = 404, description = "unknown target", body = ErrorBody)))]
pub(super) async fn record(
    State(state): Shared,
    Extension(who): Extension<Who>,
    Path(id): Path<String>,
    body: Result<Json<RecordBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(body) =
        body.map_err(|e| ApiError::bad_request(format!("bad record: {}", e.body_text())))?;
    let new = linkages_registry::NewRecord {
        target_id: id,
        value: body.value,
        as_of: day(&body.date)?,
        source: body.source,
        entered_by: who.caller.user.clone().unwrap_or_default(),
        unit: body.unit,
        corrects: body.corrects,
        note: body.note,
    };
    Ok(respond(json(&record_progress(&state, &new)?)?))
}

/// Stores a progress record (the form of the targets page sends the same).
pub(crate) fn record_progress(
    state: &crate::AppState,
    new: &linkages_registry::NewRecord,
) -> Result<Record, ApiError> {
    let stored = state.registry()?.record_now(new)?;
    state.registry_changed();
    Ok(stored)
}
