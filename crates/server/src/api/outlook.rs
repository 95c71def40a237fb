//! `/adjust` (`linkages adjust`) and `/project` (`linkages project`): an indicator's slice
//! adjusted for its season and the Spring Festival, and projected with its ranges and its
//! backtest.

use axum::extract::{Extension, State};
use axum::response::Response;
use linkages_core::holiday::Window;
use linkages_core::indicator::Spec;
use linkages_report::outlook::{self, Adjustment, Outlook};
use serde::Deserialize;
use utoipa::IntoParams;

use super::Shared;
use crate::ApiError;
use crate::auth::Who;
use crate::error::ErrorBody;
use crate::params::{ApiQuery, json, respond};

/// Parameters of an adjustment or a projection.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(super) struct OutlookParams {
    /// Indicator code or dataset name.
    indicator: String,
    /// The last month read (default: the dataset's latest).
    period: Option<String>,
    /// Filters NAME=VALUE; repeat the parameter for several.
    #[serde(default)]
    filter: Vec<String>,
    /// cny, usd or count.
    unit: Option<String>,
    /// Days of the Spring Festival window before the festival (default 7).
    before: Option<u32>,
    /// Days of the window after it (default 14).
    after: Option<u32>,
}

impl OutlookParams {
    fn spec(&self) -> Spec {
        Spec {
            indicator: self.indicator.clone(),
            period: self.period.clone().unwrap_or_default(),
            filters: self.filter.clone(),
            unit: self.unit.clone(),
            ..Spec::default()
        }
    }

    fn window(&self) -> Result<Window, ApiError> {
        let d = Window::default();
        let w = Window {
            before: self.before.unwrap_or(d.before),
            after: self.after.unwrap_or(d.after),
        };
        if w.before > 30 || w.after > 45 {
            return Err(ApiError::bad_request(
                "the Spring Festival window is at most 30 days before and 45 after the festival",
            ));
        }
        Ok(w)
    }
}

/// The slice adjusted for its season and the Spring Festival, month by month.
#[utoipa::path(get, path = "/api/v1/adjust", params(OutlookParams),
    responses((status = 200, description = "the adjusted series and its components", body = Adjustment), (status = 400, description = "bad parameter or a series that cannot be adjusted", body = ErrorBody)))]
pub(super) async fn adjust(
    State(state): Shared,
    Extension(who): Extension<Who>,
    ApiQuery(p): ApiQuery<OutlookParams>,
) -> Result<Response, ApiError> {
    let window = p.window()?;
    let (s, scope) = (state.clone(), who.scope());
    let key = format!("adjust {:?} {window:?}", p.spec());
    let answer = state
        .cached(scope, key, || async move {
            let session = s.session(scope).await?;
            let request = outlook::request(&session, p.spec()).await?;
            json(&outlook::adjust(&session, &request, window).await?)
        })
        .await?;
    Ok(respond(answer))
}

/// The slice projected twelve months ahead with 80% and 95% ranges, the year's total and
/// the backtest against the seasonal-naive forecast.
#[utoipa::path(get, path = "/api/v1/project", params(OutlookParams),
    responses((status = 200, description = "the projection", body = Outlook), (status = 400, description = "bad parameter or a series that cannot be projected", body = ErrorBody)))]
pub(super) async fn project(
    State(state): Shared,
    Extension(who): Extension<Who>,
    ApiQuery(p): ApiQuery<OutlookParams>,
) -> Result<Response, ApiError> {
    let window = p.window()?;
    let (s, scope) = (state.clone(), who.scope());
    let key = format!("project {:?} {window:?}", p.spec());
    let answer = state
        .cached(scope, key, || async move {
            let session = s.session(scope).await?;
            let request = outlook::request(&session, p.spec()).await?;
            json(&outlook::project(&session, &request, window).await?)
        })
        .await?;
    Ok(respond(answer))
}
