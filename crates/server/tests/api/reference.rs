//! `/reference/{list}`.

use super::{fixture, get_json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reference_lists_name_every_code() {
    let f = fixture().await;
    let (_, cities) = get_json(&f.app, "/api/v1/reference/cities").await;
    assert_eq!(cities.as_array().map(Vec::len), Some(21));
    let (_, groups) = get_json(&f.app, "/api/v1/reference/partner_groups").await;
    assert!(
        groups
            .as_array()
            .is_some_and(|g| g.iter().any(|x| x["code"] == "asean"))
    );
    // The figures' labels the dashboard uses are the tables' labels.
    let (_, figures) = get_json(&f.app, "/api/v1/reference/figures").await;
    assert!(figures.as_array().is_some_and(|f| {
        f.iter()
            .any(|x| x["code"] == "ytd_yoy" && x["name_zh"] == "累计同比%")
    }));
}
