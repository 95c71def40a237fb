//! `/targets`, a target's history and new progress records.

use axum::http::StatusCode;

use super::{call_as, fixture, get_json};

/// A record every test of records starts from.
pub const GOOD: &str = r#"{"value": 12, "date": "2024-05-31", "source": "bureau report"}"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recorded_value_shows_in_the_history_and_the_scoreboard() {
    let f = fixture().await;
    let app = &f.app;
    let (status, board) = get_json(app, "/api/v1/targets?on=2024-06-30").await;
    assert_eq!(status, StatusCode::OK);
    assert!(board["lines"].as_array().is_some_and(|l| l.len() >= 8));
    let (status, _, body) = call_as(
        app,
        Some(&f.policy),
        "POST",
        "/api/v1/targets/overseas-warehouses/records",
        Some(GOOD),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, history) = get_json(app, "/api/v1/targets/overseas-warehouses/history").await;
    assert_eq!(history[0]["value"], 12.0);
    // Entered in the caller's name, not a name the caller types.
    assert_eq!(history[0]["entered_by"], "policy");
    let (_, board) = get_json(app, "/api/v1/targets?on=2024-06-30").await;
    let line = board["lines"].as_array().and_then(|l| {
        l.iter()
            .find(|x| x["target"]["id"] == "overseas-warehouses")
            .cloned()
    });
    assert_eq!(
        line.map(|l| l["evaluation"]["latest"].clone()),
        Some(serde_json::json!(12.0)),
        "the cache sees the new record"
    );
}

/// A record written by another process (the command line) shows in the scoreboard at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_record_written_elsewhere_shows_at_once() {
    let f = fixture().await;
    let (_, before) = get_json(&f.app, "/api/v1/targets?on=2024-06-30").await;
    let latest = |board: &serde_json::Value| {
        board["lines"].as_array().and_then(|l| {
            l.iter()
                .find(|x| x["target"]["id"] == "overseas-warehouses")
                .map(|l| l["evaluation"]["latest"].clone())
        })
    };
    assert_eq!(latest(&before), Some(serde_json::Value::Null));
    let mut other =
        linkages_registry::Registry::open(&f.root.join("registry.sqlite")).expect("open");
    other
        .record_now(&linkages_registry::NewRecord {
            target_id: "overseas-warehouses".into(),
            value: 33.0,
            as_of: chrono::NaiveDate::from_ymd_opt(2024, 5, 31).expect("day"),
            source: "bureau report".into(),
            entered_by: "cli".into(),
            ..Default::default()
        })
        .expect("record");
    let (_, after) = get_json(&f.app, "/api/v1/targets?on=2024-06-30").await;
    assert_eq!(latest(&after), Some(serde_json::json!(33.0)));
}
