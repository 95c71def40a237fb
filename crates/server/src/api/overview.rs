//! `/overview` (`linkages overview`): the five linkages for a month.

use axum::extract::{Extension, State};
use axum::response::Response;
use linkages_report::overview::{self, Overview};
use serde::Deserialize;
use utoipa::IntoParams;

use super::Shared;
use crate::ApiError;
use crate::auth::Who;
use crate::error::ErrorBody;
use crate::params::{ApiQuery, json, period_or_latest, respond};

/// Parameters of the overview.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(super) struct OverviewParams {
    /// Month, YYYY-MM (default: the latest month of trade).
    period: Option<String>,
}

/// The five linkages for a month: year to date, growth, the month, and a sparkline each.
#[utoipa::path(get, path = "/api/v1/overview", params(OverviewParams),
    responses((status = 200, description = "headline figures of the five linkages", body = Overview), (status = 400, description = "bad parameter", body = ErrorBody)))]
pub(super) async fn overview(
    State(state): Shared,
    Extension(who): Extension<Who>,
    ApiQuery(p): ApiQuery<OverviewParams>,
) -> Result<Response, ApiError> {
    let period = period_or_latest(&state, &who, p.period.as_deref()).await?;
    let (s, scope) = (state.clone(), who.scope());
    let answer = state
        .cached(scope, format!("overview {period}"), || async move {
            let session = s.session(scope).await?;
            json(&overview::build(&session, period).await?)
        })
        .await?;
    Ok(respond(answer))
}
