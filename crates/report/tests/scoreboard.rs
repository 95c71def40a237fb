//! The scoreboard: a target bound to an indicator follows the store, version by version;
//! countable targets follow their records.

use chrono::NaiveDate;
use linkages_core::target::Status;
use linkages_engine::{AsOf, IngestOptions, NoProgress, Session, Store};
use linkages_registry::{NewRecord, Registry};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

const HEADER: &str =
    "period,city,source,industry,projects,contracted_cny,contracted_usd,actual_cny,actual_usd\n";

async fn ingest(store: &Store, dir: &std::path::Path, name: &str, rows: &str) {
    let file = dir.join(name);
    std::fs::write(&file, format!("{HEADER}{rows}")).expect("write");
    let investment = linkages_core::dataset("investment").expect("investment");
    let report = linkages_engine::ingest(
        store,
        investment,
        &[file],
        &IngestOptions::default(),
        &NoProgress,
    )
    .await
    .expect("ingest");
    assert_eq!(report.rows_quarantined, 0);
}

async fn fdi_growth(store: &Store, registry: &Registry) -> (Status, Option<f64>, u32) {
    let session = Session::open(store, &AsOf::Latest).await.expect("session");
    let board = linkages_report::scoreboard::build(
        &session,
        linkages_report::scoreboard::read(registry, None).expect("read"),
        day("2024-06-30"),
    )
    .await
    .expect("scoreboard");
    let line = board
        .lines
        .iter()
        .find(|l| l.target.id == "fdi-growth")
        .expect("fdi-growth");
    let version = line
        .points
        .last()
        .and_then(|p| p.provenance.as_ref())
        .map_or(0, |p| p.version);
    (line.evaluation.status, line.evaluation.latest, version)
}

async fn board_on(
    session: &Session,
    registry: &Registry,
) -> linkages_report::scoreboard::Scoreboard {
    let targets = linkages_report::scoreboard::read(registry, None).expect("read");
    linkages_report::scoreboard::build(session, targets, day("2024-06-30"))
        .await
        .expect("scoreboard")
}

fn line<'a>(
    board: &'a linkages_report::scoreboard::Scoreboard,
    id: &str,
) -> &'a linkages_report::scoreboard::Line {
    board
        .lines
        .iter()
        .find(|l| l.target.id == id)
        .unwrap_or_else(|| panic!("no target {id}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bound_target_follows_each_new_version_and_countable_ones_their_records() {
    let dir = tempfile::tempdir().expect("tmp");
    let store = Store::open(dir.path().join("store")).expect("store");
    let mut registry = Registry::open(&dir.path().join("registry.sqlite")).expect("registry");

    // Nothing in the store: no data.
    assert_eq!(
        fdi_growth(&store, &registry).await,
        (Status::NoData, None, 0)
    );

    // 2023 and January-March 2024: 100 then 90 (-10%), off track against "keep growing".
    ingest(
        &store,
        dir.path(),
        "v1.csv",
        "2023-01,440300,HKG,C,1,0,0,40,6\n2023-02,440300,HKG,C,1,0,0,30,4\n2023-03,440300,HKG,C,1,0,0,30,4\n\
         2024-01,440300,HKG,C,1,0,0,30,4\n2024-02,440300,HKG,C,1,0,0,30,4\n2024-03,440300,HKG,C,1,0,0,30,4\n",
    )
    .await;
    let (status, latest, version) = fdi_growth(&store, &registry).await;
    assert_eq!((status, version), (Status::OffTrack, 1));
    assert!((latest.expect("latest") + 10.0).abs() < 1e-9);

    // A revised March (+11 yuan): 101 vs 100, +1%: on track, read from version 2.
    ingest(
        &store,
        dir.path(),
        "v2.csv",
        "2024-03,440300,HKG,C,1,0,0,41,6\n",
    )
    .await;
    let (status, latest, version) = fdi_growth(&store, &registry).await;
    assert_eq!((status, version), (Status::OnTrack, 2));
    assert!((latest.expect("latest") - 1.0).abs() < 1e-9);

    // A countable target follows its records.
    let session = Session::open(&store, &AsOf::Latest).await.expect("session");
    let board = board_on(&session, &registry).await;
    let parks = line(&board, "ecommerce-parks");
    assert_eq!(parks.evaluation.status, Status::NoData);
    registry
        .record(
            &NewRecord {
                target_id: "ecommerce-parks".into(),
                value: 20.0,
                as_of: day("2024-06-01"),
                source: "provincial list".into(),
                entered_by: "test".into(),
                ..NewRecord::default()
            },
            day("2024-06-30"),
            "2024-06-30T00:00:00Z",
        )
        .expect("record");
    let board = board_on(&session, &registry).await;
    let parks = line(&board, "ecommerce-parks");
    assert_eq!(parks.evaluation.status, Status::Achieved);
    assert_eq!(parks.points[0].record, Some(1));
    let text = board.grid(linkages_report::Lang::Zh).to_text();
    let parks_line = text
        .lines()
        .find(|l| l.contains("ecommerce-parks"))
        .expect("parks line");
    assert!(
        parks_line.contains("已完成") && parks_line.contains("20个"),
        "{parks_line}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_annual_targets_pace_is_its_year_to_date_against_the_months_gone() {
    let dir = tempfile::tempdir().expect("tmp");
    let store = Store::open(dir.path().join("store")).expect("store");
    let registry = Registry::open(&dir.path().join("registry.sqlite")).expect("registry");
    // January-April 2024: 4 x 1.0375 = 4.15 trillion yuan of the 8.3 trillion a year kept
    // since 2022 (trade-scale), half the year's target after a third of the year.
    let mut csv = String::from(
        "period,flow,city,partner,product,trade_mode,enterprise_type,value_cny,value_usd\n\
         2023-06,export,440300,USA,851712,general,private,8000000000000,1\n",
    );
    for m in 1..=4 {
        csv.push_str(&format!(
            "2024-{m:02},export,440300,USA,851712,general,private,1037500000000,1\n"
        ));
    }
    let file = dir.path().join("trade.csv");
    std::fs::write(&file, csv).expect("write");
    let trade = linkages_core::dataset("trade").expect("trade");
    linkages_engine::ingest(
        &store,
        trade,
        &[file],
        &IngestOptions::default(),
        &NoProgress,
    )
    .await
    .expect("ingest");
    let session = Session::open(&store, &AsOf::Latest).await.expect("session");
    let board = board_on(&session, &registry).await;
    let scale = line(&board, "trade-scale");
    let pace = scale.evaluation.pace.expect("a pace");
    assert_eq!(
        scale.pace_zh.as_deref(),
        Some(pace.text(linkages_report::Lang::Zh).as_str())
    );
    assert!(
        (pace.done_pct - 50.0).abs() < 1e-9 && pace.of_year,
        "{pace:?}"
    );
    assert_eq!(
        pace.text(linkages_report::Lang::Zh),
        "完成全年目标的50.0%，超时间进度16.7个百分点"
    );
    let text = board.grid(linkages_report::Lang::En).to_text();
    let scale = text
        .lines()
        .find(|l| l.contains("trade-scale"))
        .expect("line");
    assert!(
        scale.contains("16.7 points ahead of the calendar"),
        "{scale}"
    );
}
