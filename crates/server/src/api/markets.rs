//! `/markets`, `/potential` and `/new-products` (`linkages markets`, `linkages potential`,
//! `linkages new-products`): where a region sells, where its growth came from, where it
//! could sell more and what it has newly learnt to export.

use axum::extract::{Extension, State};
use axum::response::Response;
use linkages_core::access;
use linkages_report::markets::{self, Markets, PotentialRequest, Potentials, Request};
use linkages_report::new_products::{self, NewProducts};
use serde::Deserialize;
use utoipa::IntoParams;

use super::Shared;
use crate::ApiError;
use crate::auth::Who;
use crate::error::ErrorBody;
use crate::params::{ApiQuery, json, respond};

/// Parameters of the markets analysis.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(super) struct MarketsParams {
    /// GD or a city.
    region: Option<String>,
    /// The first year.
    from: i32,
    /// The last year.
    to: i32,
    /// Exports (US dollars) above which a market or product is counted (default 0).
    threshold: Option<f64>,
    /// Product digits: 2, 4 or 6 (default 6).
    digits: Option<usize>,
    /// How many dependent imports (1-500, default 20).
    top: Option<usize>,
    /// A product group or cluster code to confine the analysis to.
    group: Option<String>,
}

/// Concentration by market and product, markets won and lost, the CMS decomposition of the
/// growth from `from` to `to`, and the imports most dependent on one supplier.
#[utoipa::path(get, path = "/api/v1/markets", params(MarketsParams),
    responses((status = 200, description = "the markets analysis", body = Markets),
        (status = 400, description = "bad parameter", body = ErrorBody), (status = 404, description = "no bilateral world trade", body = ErrorBody)))]
pub(super) async fn markets(
    State(state): Shared,
    Extension(who): Extension<Who>,
    ApiQuery(p): ApiQuery<MarketsParams>,
) -> Result<Response, ApiError> {
    let request = Request::new(
        p.region.as_deref().unwrap_or("GD"),
        p.from,
        p.to,
        p.threshold.unwrap_or(0.0),
        p.digits.unwrap_or(6),
        p.top.unwrap_or(20),
    )?
    .in_group(p.group.as_deref())?;
    let scope =
        access::region(who.scope(), request.city()?).map_err(|e| ApiError::forbidden(e.0))?;
    let s = state.clone();
    let answer = state
        .cached(scope, format!("markets {request:?}"), || async move {
            let session = s.session(scope).await?;
            json(&markets::build(&session, &request).await?)
        })
        .await?;
    Ok(respond(answer))
}

/// Parameters of the export potential.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(super) struct PotentialParams {
    /// GD or a city.
    region: Option<String>,
    /// The year observed.
    year: i32,
    /// GDP growth a year of every market (default 0).
    growth: Option<f64>,
    /// Years the demand is projected ahead (default 0).
    years: Option<f64>,
    /// Product digits: 2, 4 or 6 (default 6).
    digits: Option<usize>,
    /// How many lines of each table (1-500, default 20).
    top: Option<usize>,
}

/// Export potential and unrealized potential by cell, product, market and cluster.
#[utoipa::path(get, path = "/api/v1/potential", params(PotentialParams),
    responses((status = 200, description = "the export potential", body = Potentials),
        (status = 400, description = "bad parameter", body = ErrorBody), (status = 404, description = "no bilateral world trade", body = ErrorBody)))]
pub(super) async fn potential(
    State(state): Shared,
    Extension(who): Extension<Who>,
    ApiQuery(p): ApiQuery<PotentialParams>,
) -> Result<Response, ApiError> {
    let request = PotentialRequest::new(
        p.region.as_deref().unwrap_or("GD"),
        p.year,
        p.growth.unwrap_or(0.0),
        p.years.unwrap_or(0.0),
        p.digits.unwrap_or(6),
        p.top.unwrap_or(20),
    )?;
    let scope =
        access::region(who.scope(), request.city()?).map_err(|e| ApiError::forbidden(e.0))?;
    let s = state.clone();
    let answer = state
        .cached(scope, format!("potential {request:?}"), || async move {
            let session = s.session(scope).await?;
            json(&markets::potentials(&session, &request).await?)
        })
        .await?;
    Ok(respond(answer))
}

/// Parameters of the new products.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(super) struct NewProductsParams {
    /// GD or a city.
    region: Option<String>,
    /// The window's first year.
    from: i32,
    /// Its last year (at least five after the first).
    to: i32,
    /// Product digits: 2, 4 or 6 (default 4).
    digits: Option<usize>,
    /// How many new products to list (1-500, default 50).
    top: Option<usize>,
}

/// Products new to the region over the window (the Atlas's rule), with their PCI.
#[utoipa::path(get, path = "/api/v1/new-products", params(NewProductsParams),
    responses((status = 200, description = "the new products", body = NewProducts),
        (status = 400, description = "bad parameter", body = ErrorBody), (status = 404, description = "no bilateral world trade", body = ErrorBody)))]
pub(super) async fn new_products(
    State(state): Shared,
    Extension(who): Extension<Who>,
    ApiQuery(p): ApiQuery<NewProductsParams>,
) -> Result<Response, ApiError> {
    let request = Request::new(
        p.region.as_deref().unwrap_or("GD"),
        p.from,
        p.to,
        0.0,
        p.digits.unwrap_or(4),
        p.top.unwrap_or(50),
    )?;
    let scope =
        access::region(who.scope(), request.city()?).map_err(|e| ApiError::forbidden(e.0))?;
    let s = state.clone();
    let answer = state
        .cached(scope, format!("new-products {request:?}"), || async move {
            let session = s.session(scope).await?;
            json(&new_products::build(&session, &request).await?)
        })
        .await?;
    Ok(respond(answer))
}
