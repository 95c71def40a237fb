//! `/adjust` and `/project`: a history too short to adjust is refused with the reason.

use axum::http::StatusCode;

use super::{fixture, get_json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_history_too_short_is_refused_with_its_reason() {
    let f = fixture().await;
    for uri in [
        "/api/v1/adjust?indicator=trade",
        "/api/v1/project?indicator=trade&period=2024-02",
    ] {
        let (status, body) = get_json(&f.app, uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert!(
            body["error"]
                .as_str()
                .is_some_and(|e| e.contains("at least 36")),
            "{uri}: {body}"
        );
    }
    let (status, body) = get_json(&f.app, "/api/v1/adjust?indicator=trade&before=90").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}
