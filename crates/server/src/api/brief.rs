//! `/brief` (`linkages brief`): the monthly brief in any of its formats.

use axum::extract::State;
use axum::response::Response;
use linkages_core::Lang;
use linkages_report::{Brief, BriefFormat};
use serde::Deserialize;
use utoipa::IntoParams;

use super::Shared;
use crate::ApiError;
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
}

/// The monthly brief: text, tables and every number with its query.
#[utoipa::path(get, path = "/api/v1/brief", params(BriefParams),
    responses((status = 200, description = "the brief (JSON), or Markdown, HTML, XLSX, PDF", body = Brief),
        (status = 400, description = "bad parameter", body = ErrorBody), (status = 404, description = "no data", body = ErrorBody),
        (status = 503, description = "PDF printing is not available on this server", body = ErrorBody)))]
pub(super) async fn brief(
    State(state): Shared,
    ApiQuery(p): ApiQuery<BriefParams>,
) -> Result<Response, ApiError> {
    let period = period_or_latest(&state, p.period.as_deref()).await?;
    let lang = p.lang.unwrap_or_default();
    let format = p.format.unwrap_or(BriefFormat::Json);
    let s = state.clone();
    let answer = state
        .cached(format!("brief {period} {lang} {format}"), || async move {
            let session = s.session().await?;
            let brief = linkages_report::build(&session, period, lang).await?;
            let body = linkages_report::render::write(&brief, format, &s.options.pdf).await?;
            Ok(bytes(body, format.content_type()))
        })
        .await?;
    Ok(match format {
        BriefFormat::Json | BriefFormat::Html => respond(answer),
        _ => attachment(answer, &format!("brief-{period}-{lang}.{format}")),
    })
}
