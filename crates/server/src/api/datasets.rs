//! `/datasets`: the datasets and every version of each (`linkages versions`).

use axum::extract::{Path, State};
use axum::response::Response;
use linkages_report::datasets::{self, DatasetInfo};

use super::Shared;
use crate::ApiError;
use crate::error::ErrorBody;
use crate::params::{json, respond};

/// The datasets and every version of each (input files by name, not path).
#[utoipa::path(get, path = "/api/v1/datasets",
    responses((status = 200, description = "datasets with their versions", body = Vec<DatasetInfo>)))]
pub(super) async fn all(State(state): Shared) -> Result<Response, ApiError> {
    let all: Vec<DatasetInfo> = datasets::all(&state.store)?
        .into_iter()
        .map(DatasetInfo::without_paths)
        .collect();
    Ok(respond(json(&all)?))
}

/// One dataset and its versions.
#[utoipa::path(get, path = "/api/v1/datasets/{name}", params(("name" = String, Path, description = "trade, investment, outsourcing, cooperation, talent or world")),
    responses((status = 200, description = "the dataset", body = DatasetInfo), (status = 404, description = "unknown dataset", body = ErrorBody)))]
pub(super) async fn one(
    State(state): Shared,
    Path(name): Path<String>,
) -> Result<Response, ApiError> {
    let d = linkages_core::dataset(&name).ok_or(linkages_engine::Error::UnknownDataset(name))?;
    Ok(respond(json(
        &datasets::describe(&state.store, d)?.without_paths(),
    )?))
}
