//! `/indicators` (`linkages indicators`) and `/series` (`linkages series`): the official
//! figures of a slice for a month, and its months.

use axum::extract::{Extension, State};
use axum::response::Response;
use linkages_core::indicator::Spec;
use linkages_core::{IndicatorTable, Lang};
use linkages_report::TableFormat;
use linkages_report::series::{self, Series};
use linkages_report::table::write_indicators;
use serde::Deserialize;
use utoipa::IntoParams;

use super::Shared;
use crate::ApiError;
use crate::auth::Who;
use crate::error::ErrorBody;
use crate::params::{ApiQuery, attachment, bytes, json, period_or_latest, respond};

/// Parameters of an indicator request.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(super) struct IndicatorParams {
    /// Indicator code (trade, fdi_actual, …) or dataset name.
    indicator: String,
    /// Month, YYYY-MM.
    period: String,
    /// Breakdown (city, partner, partner_group, product_group, hs2, trade_mode, …).
    by: Option<String>,
    /// Filters NAME=VALUE; repeat the parameter for several.
    #[serde(default)]
    filter: Vec<String>,
    /// cny, usd or count.
    unit: Option<String>,
    /// January and February as one period.
    #[serde(default)]
    jan_feb: bool,
    /// Years of the average annual growth (1-50).
    years: Option<u32>,
    /// json (default), csv, xlsx or table.
    format: Option<TableFormat>,
    /// Language of names in xlsx and table: zh or en.
    lang: Option<Lang>,
}

/// Official figures of an indicator for a month, total and breakdown, with their queries.
#[utoipa::path(get, path = "/api/v1/indicators", params(IndicatorParams),
    responses((status = 200, description = "an indicator table (JSON), or CSV/XLSX", body = IndicatorTable),
        (status = 400, description = "bad parameter", body = ErrorBody), (status = 404, description = "no data", body = ErrorBody)))]
pub(super) async fn table(
    State(state): Shared,
    Extension(who): Extension<Who>,
    ApiQuery(p): ApiQuery<IndicatorParams>,
) -> Result<Response, ApiError> {
    let request = Spec {
        indicator: p.indicator.clone(),
        period: p.period.clone(),
        by: p.by,
        filters: p.filter,
        unit: p.unit,
        jan_feb: p.jan_feb,
        years: p.years,
    }
    .resolve()?;
    let format = p.format.unwrap_or(TableFormat::Json);
    let lang = p.lang.unwrap_or_default();
    let key = format!("indicators {} {format} {lang}", request.key());
    let (s, scope) = (state.clone(), who.scope());
    let answer = state
        .cached(scope, key, || async move {
            let session = s.session(scope).await?;
            let table = linkages_engine::indicators::compute(&session, &request).await?;
            let body = write_indicators(&table, format, lang)?;
            Ok(bytes(body, format.content_type()))
        })
        .await?;
    Ok(match format {
        TableFormat::Json => respond(answer),
        _ => attachment(answer, &format!("{}-{}.{format}", p.indicator, p.period)),
    })
}

/// Parameters of a monthly series.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(super) struct SeriesParams {
    /// Indicator code or dataset name.
    indicator: String,
    /// The last month (default: the latest month of trade).
    period: Option<String>,
    /// Filters NAME=VALUE; repeat the parameter for several.
    #[serde(default)]
    filter: Vec<String>,
    /// cny, usd or count.
    unit: Option<String>,
}

/// Monthly values of an indicator's slice, this year and last, through the month.
#[utoipa::path(get, path = "/api/v1/series", params(SeriesParams),
    responses((status = 200, description = "monthly values", body = Series), (status = 400, description = "bad parameter", body = ErrorBody)))]
pub(super) async fn series(
    State(state): Shared,
    Extension(who): Extension<Who>,
    ApiQuery(p): ApiQuery<SeriesParams>,
) -> Result<Response, ApiError> {
    let period = period_or_latest(&state, &who, p.period.as_deref()).await?;
    let request = Spec {
        indicator: p.indicator,
        period: period.to_string(),
        filters: p.filter,
        unit: p.unit,
        ..Spec::default()
    }
    .resolve()?;
    let (s, scope) = (state.clone(), who.scope());
    let answer = state
        .cached(scope, format!("series {}", request.key()), || async move {
            let session = s.session(scope).await?;
            json(&series::build(&session, &request).await?)
        })
        .await?;
    Ok(respond(answer))
}
