//! `/datasets`.

use axum::http::StatusCode;

use super::{fixture, get_json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn datasets_list_their_versions() {
    let f = fixture().await;
    let app = &f.app;
    let (status, all) = get_json(app, "/api/v1/datasets").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(all.as_array().map(Vec::len), Some(7));
    let (_, trade) = get_json(app, "/api/v1/datasets/trade").await;
    assert_eq!(trade["current"], 1);
    assert_eq!(
        get_json(app, "/api/v1/datasets/shoes").await.0,
        StatusCode::NOT_FOUND
    );
}
