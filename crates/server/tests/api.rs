//! Every API endpoint, on a small fixture store, with good and bad input: answers are JSON,
//! bad parameters get 400, unknown things 404, and nothing gets a 500.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use linkages_engine::{IngestOptions, NoProgress, Store};
use tower::ServiceExt;

struct Fixture {
    _dir: tempfile::TempDir,
    app: axum::Router,
}

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tmp");
    let root = dir.path().join("store");
    let store = Store::open(&root).expect("store");
    let data = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../engine/tests/data");
    for (dataset, file) in [
        ("trade", "indicators_trade.csv"),
        ("investment", "investment.csv"),
    ] {
        linkages_engine::ingest(
            &store,
            linkages_core::dataset(dataset).expect("dataset"),
            &[data.join(file)],
            &IngestOptions::default(),
            &NoProgress,
        )
        .await
        .expect("ingest");
    }
    let state = linkages_server::AppState::open(&root).expect("state");
    Fixture {
        _dir: dir,
        app: linkages_server::router(state),
    }
}

async fn call(
    app: &axum::Router,
    method: &str,
    uri: &str,
    body: Option<&str>,
) -> (StatusCode, String, String) {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", "application/json")
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_string())))
        .expect("request");
    let response = app.clone().oneshot(request).await.expect("response");
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (
        status,
        content_type,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

async fn get_json(app: &axum::Router, uri: &str) -> (StatusCode, serde_json::Value) {
    let (status, content_type, body) = call(app, "GET", uri, None).await;
    assert!(
        content_type.starts_with("application/json"),
        "{uri}: {content_type}"
    );
    (
        status,
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{uri}: {e}: {body}")),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint_answers_and_refuses_bad_input_clearly() {
    let f = fixture().await;
    let app = &f.app;

    // The OpenAPI document lists every endpoint.
    let (status, doc) = get_json(app, "/api/v1/openapi.json").await;
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

    // Datasets.
    let (status, all) = get_json(app, "/api/v1/datasets").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(all.as_array().map(Vec::len), Some(6));
    let (_, trade) = get_json(app, "/api/v1/datasets/trade").await;
    assert_eq!(trade["current"], 1);
    assert_eq!(
        get_json(app, "/api/v1/datasets/shoes").await.0,
        StatusCode::NOT_FOUND
    );

    // Indicators: the hand-computed figures of the fixture (see engine/tests/slt/indicators.slt).
    let (status, t) = get_json(
        app,
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

    // Series, overview, brief, targets, reference lists.
    let (status, s) = get_json(app, "/api/v1/series?indicator=trade&period=2024-02").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        s["values"].as_array().map(Vec::len),
        Some(5),
        "2023-01..03 and 2024-01..02"
    );
    let (status, o) = get_json(app, "/api/v1/overview?period=2024-02").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(o["linkages"][0]["figures"]["ytd"], 700.0);
    assert_eq!(
        o["linkages"][4]["empty"], true,
        "no talent data in the fixture"
    );
    let (status, b) = get_json(app, "/api/v1/brief?period=2024-02&lang=en").await;
    assert_eq!(status, StatusCode::OK);
    assert!(b["figures"].as_array().is_some_and(|f| !f.is_empty()));
    let (status, content_type, html) =
        call(app, "GET", "/api/v1/brief?period=2024-02&format=html", None).await;
    assert!(
        status == StatusCode::OK && content_type.starts_with("text/html") && html.contains("<svg")
    );
    let (status, board) = get_json(app, "/api/v1/targets?on=2024-06-30").await;
    assert_eq!(status, StatusCode::OK);
    assert!(board["lines"].as_array().is_some_and(|l| l.len() >= 8));
    let (_, cities) = get_json(app, "/api/v1/reference/cities").await;
    assert_eq!(cities.as_array().map(Vec::len), Some(21));
    let (_, groups) = get_json(app, "/api/v1/reference/partner_groups").await;
    assert!(
        groups
            .as_array()
            .is_some_and(|g| g.iter().any(|x| x["code"] == "asean"))
    );

    // Recording progress: stored, then visible in the history and the scoreboard.
    let good = r#"{"value": 12, "date": "2024-05-31", "source": "bureau report", "entered_by": "api test"}"#;
    let (status, _, body) = call(
        app,
        "POST",
        "/api/v1/targets/overseas-warehouses/records",
        Some(good),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, history) = get_json(app, "/api/v1/targets/overseas-warehouses/history").await;
    assert_eq!(history[0]["value"], 12.0);
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

    // Bad input: 400 with a message, unknown things 404, never a 500.
    let bad = [
        (
            "/api/v1/indicators?indicator=shoes&period=2024-02",
            StatusCode::BAD_REQUEST,
            "unknown indicator",
        ),
        (
            "/api/v1/indicators?indicator=trade&period=2024-13",
            StatusCode::BAD_REQUEST,
            "not a month",
        ),
        (
            "/api/v1/indicators?indicator=trade",
            StatusCode::BAD_REQUEST,
            "period",
        ),
        (
            "/api/v1/indicators?indicator=trade&period=2024-02&by=colour",
            StatusCode::BAD_REQUEST,
            "not a breakdown",
        ),
        (
            "/api/v1/indicators?indicator=trade&period=2024-02&filter=partner%3D%27%20OR%201%3D1%20--",
            StatusCode::BAD_REQUEST,
            "not a country",
        ),
        (
            "/api/v1/indicators?indicator=trade&period=2024-02&filter=city%3D440300%3BDROP%20TABLE%20trade",
            StatusCode::BAD_REQUEST,
            "not a Guangdong city",
        ),
        (
            "/api/v1/indicators?indicator=trade&period=2024-02&by=city%20UNION%20SELECT%201",
            StatusCode::BAD_REQUEST,
            "not a breakdown",
        ),
        (
            "/api/v1/indicators?indicator=trade&period=2024-02&years=999999",
            StatusCode::BAD_REQUEST,
            "1 to 50",
        ),
        (
            "/api/v1/indicators?indicator=trade&period=2024-02&years=99999999999999999999",
            StatusCode::BAD_REQUEST,
            "bad query",
        ),
        (
            "/api/v1/indicators?indicator=trade&period=9999-01",
            StatusCode::BAD_REQUEST,
            "not a month",
        ),
        (
            "/api/v1/indicators?indicator=trade&period=2024-02&unit=count",
            StatusCode::BAD_REQUEST,
            "not published",
        ),
        (
            "/api/v1/indicators?indicator=trade&period=2024-02&format=exe",
            StatusCode::BAD_REQUEST,
            "format",
        ),
        (
            "/api/v1/indicators?indicator=talent&period=2024-02",
            StatusCode::NOT_FOUND,
            "no data",
        ),
        (
            "/api/v1/series?indicator=trade&period=garbage",
            StatusCode::BAD_REQUEST,
            "not a month",
        ),
        (
            "/api/v1/overview?period=1700-01",
            StatusCode::BAD_REQUEST,
            "not a month",
        ),
        (
            "/api/v1/brief?period=2024-02&lang=fr",
            StatusCode::BAD_REQUEST,
            "lang",
        ),
        (
            "/api/v1/brief?period=2024-02&format=pdf2",
            StatusCode::BAD_REQUEST,
            "format",
        ),
        (
            "/api/v1/opportunities?year=2017&top=100000",
            StatusCode::BAD_REQUEST,
            "top",
        ),
        (
            "/api/v1/opportunities?year=20170",
            StatusCode::BAD_REQUEST,
            "out of range",
        ),
        (
            "/api/v1/opportunities?year=2017",
            StatusCode::NOT_FOUND,
            "no world trade",
        ),
        (
            "/api/v1/opportunities?year=2017&region=Atlantis",
            StatusCode::NOT_FOUND,
            "no world trade",
        ),
        (
            "/api/v1/targets?linkage=space",
            StatusCode::BAD_REQUEST,
            "not a linkage",
        ),
        (
            "/api/v1/targets?on=yesterday",
            StatusCode::BAD_REQUEST,
            "not a date",
        ),
        (
            "/api/v1/targets/nothing/history",
            StatusCode::NOT_FOUND,
            "unknown target",
        ),
        (
            "/api/v1/reference/planets",
            StatusCode::NOT_FOUND,
            "no reference list",
        ),
        (
            "/api/v1/../../etc/passwd",
            StatusCode::NOT_FOUND,
            "no such endpoint",
        ),
        (
            "/api/v1/datasets/..%2F..%2Fetc",
            StatusCode::NOT_FOUND,
            "unknown dataset",
        ),
    ];
    for (uri, expected, message) in bad {
        let (status, body) = get_json(app, uri).await;
        assert_eq!(status, expected, "{uri}: {body}");
        let error = body["error"].as_str().unwrap_or_default();
        assert!(
            error.contains(message),
            "{uri}: '{error}' lacks '{message}'"
        );
    }
    let records = [
        ("nothing", good, StatusCode::NOT_FOUND, "unknown target"),
        (
            "overseas-warehouses",
            r#"{"value": -1, "date": "2024-05-31", "source": "s", "entered_by": "e"}"#,
            StatusCode::BAD_REQUEST,
            "not negative",
        ),
        (
            "overseas-warehouses",
            r#"{"value": 1, "date": "2999-01-01", "source": "s", "entered_by": "e"}"#,
            StatusCode::BAD_REQUEST,
            "after today",
        ),
        (
            "overseas-warehouses",
            r#"{"value": 1, "date": "2024-05-31", "source": "s", "entered_by": "e", "unit": "yuan"}"#,
            StatusCode::BAD_REQUEST,
            "unit",
        ),
        (
            "trade-scale",
            r#"{"value": 1, "date": "2024-05-31", "source": "s", "entered_by": "e"}"#,
            StatusCode::BAD_REQUEST,
            "evaluated from",
        ),
        (
            "overseas-warehouses",
            r#"{"value": "many"}"#,
            StatusCode::BAD_REQUEST,
            "bad record",
        ),
        (
            "overseas-warehouses",
            "not json",
            StatusCode::BAD_REQUEST,
            "bad record",
        ),
    ];
    for (target, body, expected, message) in records {
        let (status, _, text) = call(
            app,
            "POST",
            &format!("/api/v1/targets/{target}/records"),
            Some(body),
        )
        .await;
        assert_eq!(status, expected, "{target} {body}: {text}");
        assert!(text.contains(message), "{target} {body}: {text}");
    }
    // A huge range is refused before any work; pages refuse bad months too.
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
