//! `/measures` (`linkages measures`): every measure by part with its judgement; a progress
//! note (`measures note`) and its review (`measures review`), by the policy office.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Extension, Path, State};
use axum::response::Response;
use linkages_core::target::Judgement;
use linkages_registry::notes::{NewNote, Note};
use linkages_report::measures::{self, Measures};
use serde::Deserialize;

use super::Shared;
use crate::ApiError;
use crate::auth::Who;
use crate::error::ErrorBody;
use crate::params::{day, json, respond};

/// Every measure of the sources by part of the opinions, its targets and its judgement.
#[utoipa::path(get, path = "/api/v1/measures",
    responses((status = 200, description = "the measures", body = Measures)))]
pub(super) async fn list(State(state): Shared) -> Result<Response, ApiError> {
    Ok(respond(json(&measures::read(&*state.registry()?)?)?))
}

/// A progress note.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct NoteBody {
    /// not_started, under_way, done or stalled.
    judgement: String,
    /// The day it describes (YYYY-MM-DD, not after today).
    date: String,
    /// What was done.
    text: String,
    /// The document it rests on.
    source: String,
    /// The note it corrects.
    corrects: Option<i64>,
}

/// Writes a progress note of a measure in the caller's name (it awaits review).
#[utoipa::path(post, path = "/api/v1/measures/{id}/notes", params(("id" = String, Path, description = "measure id")), request_body = NoteBody,
    responses((status = 200, description = "the note", body = Note), (status = 400, description = "refused, with the reason", body = ErrorBody)))]
pub(super) async fn note(
    State(state): Shared,
    Extension(who): Extension<Who>,
    Path(id): Path<String>,
    body: Result<Json<NoteBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(b) =
        body.map_err(|e| ApiError::bad_request(format!("bad note: {}", e.body_text())))?;
    let judgement: Judgement = b.judgement.parse().map_err(ApiError::bad_request)?;
    let new = NewNote {
        measure_id: id,
        as_of: day(&b.date)?,
        judgement,
        text: b.text,
        source: b.source,
        entered_by: who.caller.user.clone().unwrap_or_default(),
        corrects: b.corrects,
    };
    let at = chrono::Utc::now().to_rfc3339();
    let stored = state
        .registry()?
        .add_note(&new, chrono::Local::now().date_naive(), &at)?;
    state.registry_changed();
    Ok(respond(json(&stored)?))
}

/// A review.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct ReviewBody {
    /// Accept the note (it counts) or return it.
    accepted: bool,
    /// A comment.
    comment: Option<String>,
}

/// Reviews a note: once, never by its author.
#[utoipa::path(post, path = "/api/v1/notes/{id}/review", params(("id" = i64, Path, description = "note id")), request_body = ReviewBody,
    responses((status = 200, description = "the note reviewed", body = Note), (status = 400, description = "refused, with the reason", body = ErrorBody)))]
pub(super) async fn review(
    State(state): Shared,
    Extension(who): Extension<Who>,
    Path(id): Path<i64>,
    body: Result<Json<ReviewBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(b) =
        body.map_err(|e| ApiError::bad_request(format!("bad review: {}", e.body_text())))?;
    let by = who.caller.user.clone().unwrap_or_default();
    let at = chrono::Utc::now().to_rfc3339();
    let note = state
        .registry()?
        .review_note(id, b.accepted, b.comment.as_deref(), &by, &at)?;
    state.registry_changed();
    Ok(respond(json(&note)?))
}
