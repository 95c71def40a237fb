//! The REST API under `/api/v1`. Every answer is JSON (or the file format asked for), every
//! figure carries the dataset version and query it comes from, and every refusal says why.
//! One module per endpoint; each calls the function of the command of its name.

mod admin;
pub(crate) mod brief;
mod datasets;
mod indicators;
mod markets;
mod measures;
mod opportunities;
mod outlook;
mod overview;
mod projects;
mod reference;
mod sql;
pub(crate) mod targets;

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use utoipa::OpenApi;

use crate::params::{bytes, respond};
use crate::{ApiError, AppState};

/// The state every handler reads.
pub(crate) type Shared = State<Arc<AppState>>;

pub(crate) fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/datasets", get(datasets::all))
        .route("/datasets/{name}", get(datasets::one))
        .route("/indicators", get(indicators::table))
        .route("/series", get(indicators::series))
        .route("/adjust", get(outlook::adjust))
        .route("/project", get(outlook::project))
        .route("/overview", get(overview::overview))
        .route("/brief", get(brief::brief))
        .route("/opportunities", get(opportunities::opportunities))
        .route("/markets", get(markets::markets))
        .route("/potential", get(markets::potential))
        .route("/new-products", get(markets::new_products))
        .route("/targets", get(targets::board))
        .route("/targets/{id}/history", get(targets::history))
        .route("/targets/cities", get(targets::cities))
        .route("/targets/{id}/records", post(targets::record))
        .route("/targets/{id}/splits", post(targets::split))
        .route("/measures", get(measures::list))
        .route("/measures/{id}/notes", post(measures::note))
        .route("/notes/{id}/review", post(measures::review))
        .route("/projects", get(projects::list).post(projects::add))
        .route("/projects/explained", get(projects::explained))
        .route("/projects/{id}/moves", post(projects::move_project))
        .route("/reference/{list}", get(reference::list))
        .route("/sql", get(sql::sql))
        .route("/me", get(admin::me))
        .route("/users", get(admin::users))
        .route("/audit", get(admin::audit))
        .fallback(|uri: Uri| async move {
            ApiError::not_found(format!("no such endpoint: {}", uri.path()))
        })
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Linkages API",
        description = "Guangdong's Five External Linkages: datasets, official figures, the monthly brief, economic complexity and the measures scoreboard. Every figure names the dataset version and the query it comes from."
    ),
    paths(
        datasets::all,
        datasets::one,
        indicators::table,
        indicators::series,
        overview::overview,
        brief::brief,
        opportunities::opportunities,
        markets::markets,
        markets::potential,
        markets::new_products,
        outlook::adjust,
        outlook::project,
        targets::board,
        targets::history,
        targets::record,
        targets::cities,
        targets::split,
        measures::list,
        measures::note,
        measures::review,
        projects::list,
        projects::add,
        projects::move_project,
        projects::explained,
        reference::list,
        sql::sql,
        admin::me,
        admin::users,
        admin::audit
    ),
    components(schemas(crate::error::ErrorBody))
)]
struct ApiDoc;

async fn openapi() -> Response {
    match ApiDoc::openapi().to_json() {
        Ok(text) => respond(bytes(text.into_bytes(), "application/json")),
        Err(e) => ApiError::internal(e.to_string()).into_response(),
    }
}
