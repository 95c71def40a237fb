//! `/opportunities` (`linkages opportunities`): what a region could export next, and the
//! product space.

use axum::extract::{Extension, State};
use axum::response::Response;
use linkages_core::access;
use linkages_report::opportunities::{self, Opportunities, Request};
use serde::Deserialize;
use utoipa::IntoParams;

use super::Shared;
use crate::ApiError;
use crate::auth::Who;
use crate::error::ErrorBody;
use crate::params::{ApiQuery, json, respond};

/// Parameters of the opportunities ranking.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(super) struct OpportunityParams {
    /// GD or a city.
    region: Option<String>,
    /// Year of world trade in the store.
    year: i32,
    /// How many (1-500, default 30).
    top: Option<usize>,
    /// The region's country in the world table (default CHN).
    parent: Option<String>,
}

/// Products the region could move into next, and the product space.
#[utoipa::path(get, path = "/api/v1/opportunities", params(OpportunityParams),
    responses((status = 200, description = "ranked opportunities and the product space", body = Opportunities),
        (status = 400, description = "bad parameter", body = ErrorBody), (status = 404, description = "no world data", body = ErrorBody)))]
pub(super) async fn opportunities(
    State(state): Shared,
    Extension(who): Extension<Who>,
    ApiQuery(p): ApiQuery<OpportunityParams>,
) -> Result<Response, ApiError> {
    let request = Request::new(
        p.region.as_deref().unwrap_or("GD"),
        p.year,
        p.parent.as_deref().unwrap_or("CHN"),
        p.top.unwrap_or(30),
    )?;
    let scope =
        access::region(who.scope(), request.city()?).map_err(|e| ApiError::forbidden(e.0))?;
    let s = state.clone();
    let answer = state
        .cached(scope, format!("opportunities {request:?}"), || async move {
            let session = s.session(scope).await?;
            json(&opportunities::build(&session, &request).await?)
        })
        .await?;
    Ok(respond(answer))
}
