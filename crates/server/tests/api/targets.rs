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

/// A split entered through the API shows on the board by city, and a city bureau's board
/// is its own city's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_split_shows_on_the_board_by_city_and_a_bureau_sees_its_own_city() {
    let f = fixture().await;
    let body = r#"{"values": {"440100": 12, "深圳": 8}, "document": "provincial notice"}"#;
    let uri = "/api/v1/targets/ecommerce-parks/splits";
    let (status, _, answer) = call_as(&f.app, Some(&f.policy), "POST", uri, Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (status, board) = get_json(&f.app, "/api/v1/targets/cities?on=2024-06-30").await;
    assert_eq!(status, StatusCode::OK);
    let parks = &board["targets"][0];
    assert_eq!(parks["target"]["id"], "ecommerce-parks");
    assert_eq!(parks["split"]["entered_by"], "policy");
    let cities: Vec<&str> = parks["cities"]
        .as_array()
        .map(|l| l.iter().filter_map(|x| x["city"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(cities, vec!["440100", "440300"]);
    assert_eq!(parks["targets"]["agrees"], true);
    let bureau = linkages_testkit::account(&f.root, "gz", "city", Some("440100"));
    let (_, own) = super::get_json_as(&f.app, Some(&bureau), "/api/v1/targets/cities").await;
    assert_eq!(own["city"], "440100");
    assert_eq!(
        own["targets"][0]["cities"].as_array().map(Vec::len),
        Some(1)
    );
}

/// Splits the API refuses, each with its reason.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_split_that_cannot_be_made_is_refused_with_its_reason() {
    let f = fixture().await;
    let cases = [
        (
            "fdi-growth",
            r#"{"shares_of": "trade", "basis_year": 2023}"#,
            "is a rate",
        ),
        (
            "trade-scale",
            r#"{"shares_of": "trade", "basis_year": 2023}"#,
            "names its year",
        ),
        (
            "ecommerce-parks",
            r#"{"values": {"440100": 1}, "shares_of": "trade"}"#,
            "give either",
        ),
        (
            "ecommerce-parks",
            r#"{"values": {"440100": 1}}"#,
            "document",
        ),
        (
            "ecommerce-parks",
            r#"{"values": {"Atlantis": 1}, "document": "d"}"#,
            "not one of",
        ),
    ];
    for (target, body, reason) in cases {
        let uri = format!("/api/v1/targets/{target}/splits");
        let (status, _, answer) = call_as(&f.app, Some(&f.policy), "POST", &uri, Some(body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {answer}");
        assert!(answer.contains(reason), "{body}: {answer}");
    }
    // A year without data has no shares to split by: not found, and said so.
    let body = r#"{"year": 2024, "shares_of": "trade", "basis_year": 2021}"#;
    let uri = "/api/v1/targets/trade-scale/splits";
    let (status, _, answer) = call_as(&f.app, Some(&f.policy), "POST", uri, Some(body)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{answer}");
    assert!(answer.contains("no trade data for 2021"), "{answer}");
}
