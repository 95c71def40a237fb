//! `/targets` (`linkages targets`), its history (`targets history`), new progress records
//! (`targets record`), the board by city (`targets --cities`, `--city`) and splits of a
//! target among the cities (`targets split`).

use axum::Json;
use axum::extract::{Extension, Path, State};
use axum::response::Response;
use linkages_core::Linkage;
use linkages_core::access::Scope;
use linkages_registry::Record;
use linkages_registry::cities::Split;
use linkages_report::cascade::{self, Basis, CityBoard};
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
    // Targets are the province's: judged on published totals whoever asks (a city
    // bureau's own scope would judge the province's target on its city alone).
    let (s, scope) = (state.clone(), Scope::Published);
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
    /// The city it is of (code or name), when it is a city's progress.
    city: Option<String>,
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
        city: body
            .city
            .as_deref()
            .map(crate::params::city)
            .transpose()?
            .map(|c| c.code.to_string()),
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

/// Parameters of the board by city.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(super) struct CitiesParams {
    /// One city (code or name); a city bureau's default is its own city.
    city: Option<String>,
    /// Judge on this day (YYYY-MM-DD; default today).
    on: Option<String>,
}

/// The targets split among the cities: each city's part, progress, pace and status, and
/// the cities' sums reconciled with the province (`linkages targets --cities`, `--city`).
#[utoipa::path(get, path = "/api/v1/targets/cities", params(CitiesParams),
    responses((status = 200, description = "the board by city", body = CityBoard), (status = 400, description = "bad parameter", body = ErrorBody)))]
pub(super) async fn cities(
    State(state): Shared,
    Extension(who): Extension<Who>,
    ApiQuery(p): ApiQuery<CitiesParams>,
) -> Result<Response, ApiError> {
    let asked = p.city.as_deref().map(crate::params::city).transpose()?;
    let city = match (who.scope(), asked) {
        (Scope::City(own), None) => linkages_core::classify::city(own),
        (_, asked) => asked,
    };
    let today = match &p.on {
        Some(d) => day(d)?,
        None => chrono::Local::now().date_naive(),
    };
    // The board reads published city totals only, the same for every caller: a city
    // bureau's own scope would see the province as its city.
    let (s, scope) = (state.clone(), Scope::Published);
    let key = format!("targets by city {:?} {today}", city.map(|c| c.code));
    let answer = state
        .cached(scope, key, || async move {
            let session = s.session(scope).await?;
            let read = {
                let registry = s.registry()?;
                cascade::read(&registry)?
            };
            json(&cascade::build(&session, read, today, city).await?)
        })
        .await?;
    Ok(respond(answer))
}

/// A split of a target among the cities: values a document gives, or the cities' shares.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct SplitBody {
    /// The year split, for a target judged year by year.
    year: Option<i32>,
    /// Each city's value (city code or name → value in the target's unit).
    values: Option<std::collections::BTreeMap<String, f64>>,
    /// The document that assigns `values`.
    document: Option<String>,
    /// Split by the cities' shares of an indicator's full year (`trade`) or of their
    /// records at a year's end (`records`), instead of `values`.
    shares_of: Option<String>,
    /// The year of the shares (default: the year before the one split, or before today).
    basis_year: Option<i32>,
}

/// Splits a target among the cities (append-only: a later split of the same target and
/// year is the one in force), in the caller's name (policy office or admin).
#[utoipa::path(post, path = "/api/v1/targets/{id}/splits", params(("id" = String, Path, description = "target id")), request_body = SplitBody,
    responses((status = 200, description = "the stored split", body = Split), (status = 400, description = "refused, with the reason", body = ErrorBody),
        (status = 404, description = "unknown target", body = ErrorBody)))]
pub(super) async fn split(
    State(state): Shared,
    Extension(who): Extension<Who>,
    Path(id): Path<String>,
    body: Result<Json<SplitBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(body) =
        body.map_err(|e| ApiError::bad_request(format!("bad split: {}", e.body_text())))?;
    let (target, history) = {
        let registry = state.registry()?;
        (registry.target(&id)?, registry.history(&id)?)
    };
    let basis = split_basis(body)?;
    let session = state.session(Scope::Published).await?;
    let user = who.caller.user.clone().unwrap_or_default();
    let new = cascade::new_split(&session, (&target, &history), basis.1, basis.0, &user).await?;
    let stored = state
        .registry()?
        .add_split(&new, &chrono::Utc::now().to_rfc3339())?;
    state.registry_changed();
    Ok(respond(json(&stored)?))
}

/// The basis and year a split's body names (values and shares are exclusive).
fn split_basis(body: SplitBody) -> Result<(Basis, Option<i32>), ApiError> {
    let values = body
        .values
        .unwrap_or_default()
        .iter()
        .map(|(c, v)| Ok((crate::params::city(c)?, *v)))
        .collect::<Result<Vec<_>, ApiError>>()?;
    let today = chrono::Local::now().date_naive();
    let basis = Basis::named(
        values,
        body.document,
        body.shares_of.as_deref(),
        (body.basis_year, body.year, today),
    )?;
    Ok((basis, body.year))
}
