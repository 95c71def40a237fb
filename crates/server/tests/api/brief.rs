//! `/brief`.

use axum::http::StatusCode;

use super::{call, fixture, get_json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_brief_comes_as_json_and_html() {
    let f = fixture().await;
    let app = &f.app;
    let (status, b) = get_json(app, "/api/v1/brief?period=2024-02&lang=en").await;
    assert_eq!(status, StatusCode::OK);
    assert!(b["figures"].as_array().is_some_and(|f| !f.is_empty()));
    let (status, content_type, html) =
        call(app, "GET", "/api/v1/brief?period=2024-02&format=html", None).await;
    assert!(
        status == StatusCode::OK && content_type.starts_with("text/html") && html.contains("<svg")
    );
}
