//! `/indicators` and `/series`: the hand-computed figures of the fixture (see
//! engine/tests/slt/indicators.slt).

use axum::http::StatusCode;

use super::{call, fixture, get_json, get_json_as};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn indicators_give_the_hand_computed_figures_in_every_format() {
    let f = fixture().await;
    let app = &f.app;
    // The partners are the province's analyst's (the public's small cells are withheld).
    let (status, t) = get_json_as(
        app,
        Some(&f.analyst),
        "/api/v1/indicators?indicator=trade&period=2024-02&by=partner&years=2",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(t["total"]["ytd"], 700.0);
    assert!((t["total"]["ytd_yoy"].as_f64().expect("yoy") - 40.0).abs() < 1e-9);
    assert_eq!(t["rows"][0]["member"], "USA");
    assert!(
        t["provenance"]["sql"]
            .as_str()
            .is_some_and(|s| s.contains("trade_v1"))
    );
    let (_, t) = get_json(
        app,
        "/api/v1/indicators?indicator=trade&period=2024-02&filter=city=440300&filter=flow=export",
    )
    .await;
    assert_eq!(t["total"]["ytd"], 550.0);
    let (status, content_type, csv) = call(
        app,
        "GET",
        "/api/v1/indicators?indicator=trade&period=2024-02&by=city&format=csv",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        content_type.starts_with("text/csv") && csv.starts_with("member,"),
        "{csv}"
    );
    let (status, content_type, xlsx) = call(
        app,
        "GET",
        "/api/v1/indicators?indicator=trade&period=2024-02&format=xlsx",
        None,
    )
    .await;
    assert!(
        status == StatusCode::OK && content_type.contains("spreadsheet") && xlsx.starts_with("PK")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_series_gives_this_year_and_last_through_the_month() {
    let f = fixture().await;
    let uri = "/api/v1/series?indicator=trade&period=2024-02";
    let (status, s) = get_json_as(&f.app, Some(&f.analyst), uri).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        s["values"].as_array().map(Vec::len),
        Some(5),
        "2023-01..03 and 2024-01..02"
    );
    // The public's series withholds months built from fewer than 3 rows: only February
    // 2024 (3 rows) is left.
    let (_, public) = get_json(&f.app, uri).await;
    let months: Vec<&str> = public["values"]
        .as_array()
        .map(|v| v.iter().filter_map(|m| m["period"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(months, ["2024-02"], "{public}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_request_written_two_ways_is_one_cached_answer() {
    let f = fixture().await;
    let (_, by_name) = get_json(
        &f.app,
        "/api/v1/indicators?indicator=trade&period=2024-02&filter=city%3D%E6%B7%B1%E5%9C%B3",
    )
    .await;
    let (_, by_code) = get_json(
        &f.app,
        "/api/v1/indicators?indicator=trade&period=2024-02&filter=city=440300",
    )
    .await;
    assert_eq!(by_name, by_code);
}
