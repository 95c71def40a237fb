//! `/overview`.

use axum::http::StatusCode;

use super::{fixture, get_json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_overview_has_every_linkage_and_says_which_are_empty() {
    let f = fixture().await;
    let (status, o) = get_json(&f.app, "/api/v1/overview?period=2024-02").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(o["linkages"][0]["figures"]["ytd"], 700.0);
    assert_eq!(
        o["linkages"][4]["empty"], true,
        "no talent data in the fixture"
    );
}
