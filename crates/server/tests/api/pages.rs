//! The pages and their assets.

use axum::http::StatusCode;

use super::{call, fixture};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_opens_and_refuses_a_bad_month() {
    let f = fixture().await;
    let app = &f.app;
    let (status, _, _) = call(app, "GET", "/?period=2024-99", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    for page in [
        "/",
        "/linkage/trade",
        "/map",
        "/world",
        "/products",
        "/brief",
        "/targets",
    ] {
        let (status, content_type, html) =
            call(app, "GET", &format!("{page}?lang=en&period=2024-02"), None).await;
        assert!(
            status == StatusCode::OK
                && content_type.starts_with("text/html")
                && html.contains("Linkages"),
            "{page}"
        );
    }
    assert_eq!(
        call(app, "GET", "/linkage/space", None).await.0,
        StatusCode::NOT_FOUND
    );
    let (status, content_type, _) = call(app, "GET", "/assets/echarts.min.js", None).await;
    assert!(status == StatusCode::OK && content_type.starts_with("text/javascript"));
}
