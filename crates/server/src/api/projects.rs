//! `/projects` (`linkages projects`): the investment project pipeline, a new project
//! (`projects add`) and a stage move (`projects move`). Signed-in roles read it; admin,
//! province and city bureaus write it; a city bureau only its own city's projects.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Extension, Path, State};
use axum::response::Response;
use linkages_core::access::{self, Scope};
use linkages_core::classify::{self, City, codes};
use linkages_core::pipeline::{Amounts, NewProject, Project, Stage};
use linkages_registry::projects::{Added, Entered};
use linkages_report::pipeline::{self, Filter, Pipeline};
use serde::Deserialize;
use utoipa::IntoParams;

use super::Shared;
use crate::ApiError;
use crate::auth::Who;
use crate::error::ErrorBody;
use crate::params::{ApiQuery, day, json, respond};

/// Which projects to show.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(super) struct ProjectParams {
    /// One city (code or name); a city bureau sees its own only.
    city: Option<String>,
    /// One source country (ISO code or name).
    country: Option<String>,
    /// One industry section (GB/T 4754 letter or name).
    industry: Option<String>,
    /// One strategic cluster.
    cluster: Option<String>,
    /// Projects now at this stage (promoted, negotiating, signed, started, producing).
    stage: Option<String>,
    /// Only projects of US$100 million or more (`true`).
    large: Option<bool>,
    /// Judge ages and rates on this day (YYYY-MM-DD; default today).
    on: Option<String>,
}

/// An optional city parameter, read as the brief reads its own.
fn city(raw: Option<&str>) -> Result<Option<&'static City>, ApiError> {
    raw.map(crate::params::city).transpose()
}

/// The city a caller works on, or 403 (a city bureau naming another city).
fn scoped_city(
    scope: Scope,
    asked: Option<&'static City>,
) -> Result<Option<&'static str>, ApiError> {
    access::project_city(scope, asked).map_err(|e| ApiError::forbidden(e.to_string()))
}

fn parsed<T>(
    raw: Option<&str>,
    read: impl Fn(&str) -> Option<T>,
    what: &str,
) -> Result<Option<T>, ApiError> {
    raw.map(|r| read(r).ok_or_else(|| ApiError::bad_request(format!("'{r}' is not a {what}"))))
        .transpose()
}

fn filter(p: &ProjectParams, own: Option<&'static str>) -> Result<Filter, ApiError> {
    Ok(Filter {
        city: own,
        country: parsed(
            p.country.as_deref(),
            |c| classify::country(c).map(|c| c.alpha3),
            "country",
        )?,
        industry: parsed(
            p.industry.as_deref(),
            |c| codes::lookup(codes::INDUSTRIES, c).map(|c| c.code),
            "GB/T 4754 industry section",
        )?,
        cluster: parsed(
            p.cluster.as_deref(),
            classify::strategic_cluster,
            "strategic cluster",
        )?,
        stage: parsed(
            p.stage.as_deref(),
            |s| s.parse().ok(),
            "stage (promoted, negotiating, signed, started, producing)",
        )?,
        large: p.large.unwrap_or(false),
    })
}

/// The pipeline: the funnel, 履约率, 开工率, 资金到位率, projects over US$100 million, by city,
/// source country, industry and cluster, ageing and stuck projects, and the projects.
#[utoipa::path(get, path = "/api/v1/projects", params(ProjectParams),
    responses((status = 200, description = "the pipeline", body = Pipeline), (status = 400, description = "bad parameter", body = ErrorBody),
        (status = 403, description = "another city's projects", body = ErrorBody)))]
pub(super) async fn list(
    State(state): Shared,
    Extension(who): Extension<Who>,
    ApiQuery(p): ApiQuery<ProjectParams>,
) -> Result<Response, ApiError> {
    let own = scoped_city(who.scope(), city(p.city.as_deref())?)?;
    let filter = filter(&p, own)?;
    let today = match &p.on {
        Some(d) => day(d)?,
        None => chrono::Local::now().date_naive(),
    };
    let (projects, synthetic) = pipeline::read(&*state.registry()?, own)?;
    Ok(respond(json(&pipeline::build(
        projects, synthetic, &filter, today,
    ))?))
}

/// The year to set against the statistics.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(super) struct ExplainedParams {
    /// The year.
    year: i32,
}

/// The projects' actual investment of a year by city beside the official actual use of
/// foreign capital (a city bureau: its own projects), with the query of the official figures.
#[utoipa::path(get, path = "/api/v1/projects/explained", params(ExplainedParams),
    responses((status = 200, description = "by city and in total", body = Vec<linkages_report::pipeline::Explained>), (status = 400, description = "bad parameter", body = ErrorBody)))]
pub(super) async fn explained(
    State(state): Shared,
    Extension(who): Extension<Who>,
    ApiQuery(p): ApiQuery<ExplainedParams>,
) -> Result<Response, ApiError> {
    let own = scoped_city(who.scope(), None)?;
    let projects = pipeline::read_year(&*state.registry()?, own, p.year)?;
    let session = state.session(who.scope()).await?;
    let (rows, provenance) = pipeline::against_statistics(&session, projects, p.year).await?;
    Ok(respond(json(
        &serde_json::json!({ "rows": rows, "provenance": provenance }),
    )?))
}

/// A project to add.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct ProjectBody {
    /// The project's name.
    name: String,
    /// The investor.
    investor: String,
    /// Source country (ISO code or name).
    country: String,
    /// Industry section (GB/T 4754 letter or name).
    industry: String,
    /// Strategic cluster.
    cluster: Option<String>,
    /// City (code or name); a city bureau's own.
    city: String,
    /// The stage reached.
    stage: Option<String>,
    /// The day (YYYY-MM-DD).
    date: String,
    /// The event it was presented or signed at.
    event: Option<String>,
    /// Planned investment, US$.
    planned_usd: Option<f64>,
    /// Contracted investment, US$.
    contracted_usd: Option<f64>,
    /// Actual investment in place, US$.
    actual_usd: Option<f64>,
    /// Planned start of construction (YYYY-MM-DD).
    planned_start: Option<String>,
    /// Signed under the "top leader" project.
    #[serde(default)]
    top_leader: bool,
    /// A landmark project.
    #[serde(default)]
    landmark: bool,
    /// The document it rests on.
    evidence: String,
}

fn new_project(b: ProjectBody, city: &'static str) -> Result<(NewProject, String), ApiError> {
    let new = NewProject {
        country: parsed(
            Some(&b.country),
            |c| classify::country(c).map(|c| c.alpha3),
            "country",
        )?
        .unwrap_or_default()
        .into(),
        industry: parsed(
            Some(&b.industry),
            |c| codes::lookup(codes::INDUSTRIES, c).map(|c| c.code),
            "GB/T 4754 industry section",
        )?
        .unwrap_or_default()
        .into(),
        cluster: parsed(
            b.cluster.as_deref(),
            classify::strategic_cluster,
            "strategic cluster",
        )?
        .map(Into::into),
        city: city.into(),
        stage: b
            .stage
            .as_deref()
            .map(str::parse::<Stage>)
            .transpose()
            .map_err(|e| ApiError::bad_request(e.to_string()))?,
        on: day(&b.date)?,
        planned_start: b.planned_start.as_deref().map(day).transpose()?,
        amounts: Amounts {
            planned_usd: b.planned_usd,
            contracted_usd: b.contracted_usd,
            actual_usd: b.actual_usd,
            ..Amounts::default()
        },
        name: b.name,
        investor: b.investor,
        top_leader: b.top_leader,
        landmark: b.landmark,
        event: b.event,
    };
    Ok((new, b.evidence))
}

/// Adds a project, or records it as seen again when the same investor, name and city is
/// held (a project signed at two events counts once).
#[utoipa::path(post, path = "/api/v1/projects", request_body = ProjectBody,
    responses((status = 200, description = "new, or merged into the project it repeats", body = Added), (status = 400, description = "refused, with the reason", body = ErrorBody),
        (status = 403, description = "another city's project", body = ErrorBody)))]
pub(super) async fn add(
    State(state): Shared,
    Extension(who): Extension<Who>,
    body: Result<Json<ProjectBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(body) =
        body.map_err(|e| ApiError::bad_request(format!("bad project: {}", e.body_text())))?;
    let asked = city(Some(&body.city))?;
    let own = scoped_city(who.scope(), asked)?.unwrap_or_default();
    let (new, evidence) = new_project(body, own)?;
    let (by, at) = (
        who.caller.user.clone().unwrap_or_default(),
        chrono::Utc::now().to_rfc3339(),
    );
    let added = state.registry()?.add_project(
        &new,
        &Entered {
            by: &by,
            at: &at,
            evidence: &evidence,
        },
    )?;
    state.registry_changed();
    Ok(respond(json(&added)?))
}

/// A stage move.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct MoveBody {
    /// The stage reached.
    stage: String,
    /// The day (YYYY-MM-DD).
    date: String,
    /// The document it rests on.
    evidence: String,
    /// Set the stage back: the earlier move was wrong.
    #[serde(default)]
    correction: bool,
}

/// Moves a project to a stage (backwards only as a correction).
#[utoipa::path(post, path = "/api/v1/projects/{id}/moves", params(("id" = i64, Path, description = "project id")), request_body = MoveBody,
    responses((status = 200, description = "the project after the move", body = Project), (status = 400, description = "refused, with the reason", body = ErrorBody),
        (status = 403, description = "another city's project", body = ErrorBody)))]
pub(super) async fn move_project(
    State(state): Shared,
    Extension(who): Extension<Who>,
    Path(id): Path<i64>,
    body: Result<Json<MoveBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(b) =
        body.map_err(|e| ApiError::bad_request(format!("bad move: {}", e.body_text())))?;
    let stage: Stage = b
        .stage
        .parse()
        .map_err(|e: linkages_core::pipeline::StageError| ApiError::bad_request(e.to_string()))?;
    let on = day(&b.date)?;
    let mut registry = state.registry()?;
    let project = registry.project(id)?;
    scoped_city(who.scope(), classify::city(&project.city))?;
    let (by, at) = (
        who.caller.user.clone().unwrap_or_default(),
        chrono::Utc::now().to_rfc3339(),
    );
    let moved = registry.move_project(
        id,
        stage,
        on,
        b.correction,
        &Entered {
            by: &by,
            at: &at,
            evidence: &b.evidence,
        },
    )?;
    drop(registry);
    state.registry_changed();
    Ok(respond(json(&moved)?))
}
