//! `/brief` (`linkages brief`): the monthly brief in any of its formats.

use axum::extract::{Extension, State};
use axum::response::Response;
use linkages_core::Lang;
use linkages_core::access;
use linkages_report::{Brief, BriefFormat};
use serde::Deserialize;
use utoipa::IntoParams;

use super::Shared;
use crate::ApiError;
use crate::auth::Who;
use crate::error::ErrorBody;
use crate::params::{ApiQuery, attachment, bytes, period_or_latest, respond};

/// Parameters of the brief.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(super) struct BriefParams {
    /// Month, YYYY-MM (default: the latest month of trade).
    period: Option<String>,
    /// zh (default) or en.
    lang: Option<Lang>,
    /// json (default), md, html, xlsx or pdf.
    format: Option<BriefFormat>,
    /// A city's brief (code or name) instead of the province's.
    city: Option<String>,
}

/// The monthly brief: text, tables and every number with its query.
#[utoipa::path(get, path = "/api/v1/brief", params(BriefParams),
    responses((status = 200, description = "the brief (JSON), or Markdown, HTML, XLSX, PDF", body = Brief),
        (status = 400, description = "bad parameter", body = ErrorBody), (status = 404, description = "no data", body = ErrorBody),
        (status = 503, description = "PDF printing is not available on this server", body = ErrorBody)))]
pub(super) async fn brief(
    State(state): Shared,
    Extension(who): Extension<Who>,
    ApiQuery(p): ApiQuery<BriefParams>,
) -> Result<Response, ApiError> {
    let period = period_or_latest(&state, &who, p.period.as_deref()).await?;
    let lang = p.lang.unwrap_or_default();
    let format = p.format.unwrap_or(BriefFormat::Json);
    let city = p.city.as_deref().map(crate::params::city).transpose()?;
    let scope = access::brief_scope(who.scope(), city).map_err(|e| ApiError::forbidden(e.0))?;
    let code = city.map_or("GD", |c| c.code);
    let s = state.clone();
    let answer = state
        .cached(
            scope,
            format!("brief {code} {period} {lang} {format}"),
            || async move {
                // Printing runs Chromium: a few at a time, the others wait their turn
                // (before building, which is heavy too).
                let _turn = match format {
                    BriefFormat::Pdf => Some(s.heavy_turn().await?),
                    _ => None,
                };
                let session = s.session(scope).await?;
                let registered = {
                    let registry = s.registry()?;
                    linkages_report::Registered::read(&registry, period, city)?
                };
                let brief =
                    linkages_report::build_with(&session, period, lang, city, registered).await?;
                let body = linkages_report::render::write(&brief, format, &s.options.pdf).await?;
                Ok(bytes(body, format.content_type()))
            },
        )
        .await?;
    let name = format!(
        "brief-{}{period}-{lang}.{format}",
        city.map_or(String::new(), |c| format!("{}-", c.code))
    );
    Ok(match format {
        BriefFormat::Json | BriefFormat::Html => respond(answer),
        _ => attachment(answer, &name),
    })
}
