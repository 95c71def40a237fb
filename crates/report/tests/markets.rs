//! The markets analyses over a store, checked against answers worked out by hand in
//! `tests/data/markets/*.csv` (one JSON pointer and its value per line).
//!
//! The world (`world_bilateral.csv`): China sells the US 100 of computers (847130) a year
//! in 2017–2019 and 200 from 2020, 200 of suits (620342); the US sells Germany 50 and 350.
//! Guangdong (`trade.csv`, inside China's figures) sells the US 100 of suits every year and
//! 100 of computers from 2020, and from 2022 imports 854231 from Korea (300) and Japan
//! (100). Its RCA in computers is 0 in 2017–2019 and (100/200)/(250/800) = 1.6 after, so
//! computers are new over 2017–2024; in suits it is (100/100)/(550/700) = 1.27 at the
//! start, so they are not. Its suppliers' HHI is 0.75² + 0.25² = 0.625.

use std::path::PathBuf;

use linkages_report::markets::{self, Request};
use linkages_report::new_products;
use serde_json::Value;

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/markets")
        .join(name)
}

async fn session() -> (tempfile::TempDir, linkages_engine::Session) {
    let (dir, store) = linkages_testkit::store();
    linkages_testkit::ingest(&store, "trade", &[data("trade.csv")]).await;
    linkages_testkit::ingest(&store, "world_bilateral", &[data("world_bilateral.csv")]).await;
    (dir, linkages_testkit::session(&store).await)
}

/// Every answer of `file` is what `got` holds at its pointer (numbers to 1e-9).
fn assert_answers(got: &Value, file: &str) {
    let mut reader = csv::Reader::from_path(data(file)).expect("answers");
    for row in reader.records() {
        let row = row.expect("row");
        let (pointer, want) = (&row[0], &row[1]);
        let found = got
            .pointer(pointer)
            .unwrap_or_else(|| panic!("{file}: nothing at {pointer} in {got}"));
        match (found, want.parse::<f64>()) {
            (Value::Number(n), Ok(w)) => {
                let n = n.as_f64().expect("number");
                assert!((n - w).abs() <= 1e-9, "{file} {pointer}: {n}, not {w}");
            }
            (Value::String(s), _) => assert_eq!(s, want, "{file} {pointer}"),
            (other, _) => panic!("{file} {pointer}: {other}, not {want}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_products_follow_the_atlas_rule_over_the_store() {
    let (_dir, session) = session().await;
    let request = Request::new("GD", 2017, 2024, 0.0, 6, 50).expect("request");
    let n = new_products::build(&session, &request).await.expect("new");
    assert_answers(&serde_json::to_value(&n).expect("json"), "new_products.csv");
    assert!(n.new[0].pci.is_some_and(f64::is_finite), "{n:?}");
    let short = Request::new("GD", 2019, 2024, 0.0, 6, 50).expect("request");
    assert!(new_products::build(&session, &short).await.is_ok());
    let shorter = Request::new("GD", 2020, 2024, 0.0, 6, 50).expect("request");
    let refused = new_products::build(&session, &shorter).await;
    assert!(
        refused.is_err_and(|e| e.to_string().contains("at least 6 years")),
        "a five-year window"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concentration_covers_imports_and_product_groups() {
    let (_dir, session) = session().await;
    let request = Request::new("GD", 2022, 2024, 0.0, 6, 20).expect("request");
    let m = markets::build(&session, &request).await.expect("markets");
    assert_answers(&serde_json::to_value(&m).expect("json"), "markets.csv");
    let high_tech = request.in_group(Some("high_tech")).expect("group");
    let m = markets::build(&session, &high_tech).await.expect("markets");
    assert_answers(
        &serde_json::to_value(&m).expect("json"),
        "markets_high_tech.csv",
    );
}

/// The brief's market concentration (one SQL query over the partner breakdown) is what
/// `linkages_markets::concentration` makes of the breakdown's rows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_briefs_market_concentration_is_the_methods_over_the_partner_table() {
    use linkages_core::Spread;
    use linkages_core::indicator::Spec;
    use linkages_engine::indicators;
    let session = linkages_testkit::session(&linkages_testkit::demo_store()).await;
    let request = Spec {
        indicator: "trade".into(),
        period: "2023-04".into(),
        by: Some("partner".into()),
        filters: vec!["flow=export".into()],
        unit: None,
        jan_feb: false,
        years: None,
    }
    .resolve()
    .expect("request");
    let table = indicators::compute(&session, &request)
        .await
        .expect("table");
    let want = linkages_markets::concentration::concentration(
        table.rows.iter().filter_map(|r| r.ytd),
        0.0,
    );
    let (got, _) = indicators::concentration(&session, &request)
        .await
        .expect("spread");
    let value = |s: Spread| got.iter().find(|(m, _)| *m == s).and_then(|(_, v)| *v);
    assert_eq!(value(Spread::Members), Some(want.members as f64));
    for (spread, want) in [(Spread::Hhi, want.hhi), (Spread::Top5, want.top5)] {
        let got = value(spread).expect("a value");
        assert!((got - want).abs() <= 1e-12, "{spread}: {got} vs {want}");
    }
}
