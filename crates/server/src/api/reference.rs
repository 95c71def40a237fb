//! `/reference/{list}` (`linkages reference`): the code lists and the figures' labels.

use axum::extract::Path;
use axum::response::Response;

use crate::ApiError;
use crate::error::ErrorBody;
use crate::params::{json, respond};

/// A reference list: countries, cities, hs_chapters, partner_groups, product_groups,
/// strategic_clusters, indicators, figures, or a small code list (trade_modes, …).
#[utoipa::path(get, path = "/api/v1/reference/{list}", params(("list" = String, Path, description = "countries, cities, hs_chapters, partner_groups, product_groups, strategic_clusters, indicators, figures, flows, trade_modes, enterprise_types, industries, outsourcing_categories, shores, cooperation_kinds, talent_categories")),
    responses((status = 200, description = "the list"), (status = 404, description = "unknown list", body = ErrorBody)))]
pub(super) async fn list(Path(list): Path<String>) -> Result<Response, ApiError> {
    let value = linkages_report::reference::list(&list)
        .ok_or_else(|| ApiError::not_found(format!("no reference list '{list}'")))?;
    Ok(respond(json(&value)?))
}
