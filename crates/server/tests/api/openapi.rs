//! The OpenAPI document lists every endpoint and the schema of every answer.

use axum::http::StatusCode;

use super::{fixture, get_json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_openapi_document_lists_every_endpoint_with_its_answer() {
    let f = fixture().await;
    let (status, doc) = get_json(&f.app, "/api/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    for path in [
        "/api/v1/datasets",
        "/api/v1/indicators",
        "/api/v1/series",
        "/api/v1/overview",
        "/api/v1/brief",
        "/api/v1/opportunities",
        "/api/v1/targets",
        "/api/v1/targets/{id}/history",
        "/api/v1/targets/{id}/records",
        "/api/v1/reference/{list}",
        "/api/v1/datasets/{name}",
    ] {
        assert!(doc["paths"][path].is_object(), "openapi lacks {path}");
    }
    // The answers app.js reads are written down as schemas.
    for schema in [
        "IndicatorTable",
        "Figures",
        "Overview",
        "Brief",
        "Series",
        "Scoreboard",
        "Opportunities",
        "DatasetInfo",
        "ErrorBody",
    ] {
        assert!(
            doc["components"]["schemas"][schema].is_object(),
            "openapi lacks the schema {schema}"
        );
    }
}
