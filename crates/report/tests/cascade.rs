//! Targets down to the cities: a split by last year's shares of trade, a split a document
//! gives, each city judged against its part (one ahead of the calendar, one behind), and
//! the cities' sums reconciled with the province.

use chrono::NaiveDate;
use linkages_core::classify;
use linkages_core::target::Status;
use linkages_registry::{NewRecord, Registry};
use linkages_report::cascade::{self, Basis, Cascade, CityBoard};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

const GUANGZHOU: &str = "440100";
const SHENZHEN: &str = "440300";

/// Trade of two cities: 2023 in a ratio of 1 to 3 (so 25% and 75% of the province), and
/// January–June 2024 at 60% of Guangzhou's part of 8.3 trillion and 40% of Shenzhen's.
fn trade_file(dir: &std::path::Path) -> std::path::PathBuf {
    let mut csv = String::from(
        "period,flow,city,partner,product,trade_mode,enterprise_type,value_cny,value_usd\n",
    );
    let row = |period: String, city: &str, v: f64| {
        format!(
            "{period},export,{city},USA,851712,general,private,{v},{}\n",
            v / 7.0
        )
    };
    for m in 1..=12 {
        csv += &row(format!("2023-{m:02}"), GUANGZHOU, 1e11);
        csv += &row(format!("2023-{m:02}"), SHENZHEN, 3e11);
    }
    for m in 1..=6 {
        csv += &row(format!("2024-{m:02}"), GUANGZHOU, 8.3e12 * 0.25 * 0.6 / 6.0);
        csv += &row(format!("2024-{m:02}"), SHENZHEN, 8.3e12 * 0.75 * 0.4 / 6.0);
    }
    let file = dir.join("trade.csv");
    std::fs::write(&file, csv).expect("write");
    file
}

fn record(target: &str, value: f64, city: Option<&str>) -> NewRecord {
    NewRecord {
        target_id: target.into(),
        value,
        as_of: day("2025-06-30"),
        source: "bureau report".into(),
        entered_by: "test".into(),
        city: city.map(str::to_string),
        ..NewRecord::default()
    }
}

/// A store with the two cities' trade and a registry with two targets split: the annual
/// trade scale of 2024 by the cities' 2023 shares, and the parks as a document gives them,
/// with the parks' records of the province and the two cities.
async fn board(on: &str) -> CityBoard {
    let (dir, store) = linkages_testkit::store();
    let report = linkages_testkit::ingest(&store, "trade", &[trade_file(dir.path())]).await;
    assert_eq!(report.rows_quarantined, 0, "{report:?}");
    let session = linkages_testkit::session(&store).await;
    let mut registry = Registry::open(&dir.path().join("registry.sqlite")).expect("open");
    let at = "2025-07-01T00:00:00Z";
    let trade = registry.target("trade-scale").expect("target");
    let basis = Basis::Indicator {
        indicator: linkages_core::indicator::find("trade").expect("trade"),
        year: 2023,
    };
    let split = cascade::new_split(&session, (&trade, &[]), Some(2024), basis, "test")
        .await
        .expect("split");
    registry.add_split(&split, at).expect("stored");
    let parks = registry.target("ecommerce-parks").expect("target");
    let city = |c: &str| classify::city(c).expect("city");
    let basis = Basis::Entered {
        values: vec![(city(GUANGZHOU), 12.0), (city(SHENZHEN), 8.0)],
        document: "provincial notice".into(),
    };
    let split = cascade::new_split(&session, (&parks, &[]), None, basis, "test")
        .await
        .expect("split");
    registry.add_split(&split, at).expect("stored");
    for (value, city) in [(10.0, None), (8.0, Some(GUANGZHOU)), (1.0, Some(SHENZHEN))] {
        let r = record("ecommerce-parks", value, city);
        registry.record(&r, day("2025-06-30"), at).expect("record");
    }
    let read = cascade::read(&registry).expect("read");
    cascade::build(&session, read, day(on), None)
        .await
        .expect("board")
}

fn target<'a>(board: &'a CityBoard, id: &str) -> &'a Cascade {
    board
        .targets
        .iter()
        .find(|c| c.target.id == id)
        .expect("target split")
}

fn line(c: &Cascade, city: &str) -> (f64, Option<f64>, Status, String) {
    let l = c.cities.iter().find(|l| l.city == city).expect("city line");
    (
        l.target,
        l.share_pct.map(|s| (s * 10.0).round() / 10.0),
        l.evaluation.status,
        l.pace_zh.clone().unwrap_or_default(),
    )
}

#[tokio::test]
async fn an_annual_target_is_split_by_last_years_shares_and_each_city_judged_on_its_part() {
    let board = board("2024-06-30").await;
    let trade = target(&board, "trade-scale");
    assert_eq!(trade.split.year, Some(2024));
    // Guangzhou: 60% of its year done in half the year, the year projected above its part.
    assert_eq!(
        line(trade, GUANGZHOU),
        (
            8.3e12 * 0.25,
            Some(25.0),
            Status::OnTrack,
            "完成全年目标的60.0%，超时间进度10.0个百分点，实现“双过半”".into()
        )
    );
    // Shenzhen: 40% done, its year projected more than 5% below its part.
    assert_eq!(
        line(trade, SHENZHEN),
        (
            8.3e12 * 0.75,
            Some(75.0),
            Status::OffTrack,
            "完成全年目标的40.0%，落后时间进度10.0个百分点".into()
        )
    );
    assert!(trade.targets.agrees, "{:?}", trade.targets);
    let progress = trade.progress.expect("the province's year to date");
    assert!(progress.agrees, "{progress:?}");
    assert_eq!(trade.progress_of.as_deref(), Some("2024-06"));
    assert_eq!(
        trade.reconciled_zh,
        "外贸规模稳定在2022年水平以上：分解到2个市，各市目标合计8.30万亿元，与全省一致；截至2024-06，各市进度合计3.73万亿元，与全省一致"
    );
}

#[tokio::test]
async fn a_countable_target_follows_the_cities_records_and_names_what_no_city_holds() {
    let board = board("2025-06-30").await;
    let parks = target(&board, "ecommerce-parks");
    let (g, s) = (line(parks, GUANGZHOU), line(parks, SHENZHEN));
    assert_eq!((g.0, g.1, s.0), (12.0, None, 8.0));
    // 8 of 12 against 35% of the way from March 2024 to the end of 2027; 1 of 8 behind.
    assert!(g.3.contains("超时间进度"), "{}", g.3);
    assert!(s.3.contains("落后时间进度"), "{}", s.3);
    // One record each: a straight line through it cannot be on track (no range yet).
    assert_eq!(g.2, Status::AtRisk);
    assert_eq!(s.2, Status::OffTrack);
    let progress = parks.progress.expect("the province's record");
    assert_eq!(
        (
            progress.province,
            progress.cities,
            progress.gap,
            progress.agrees
        ),
        (10.0, 9.0, 1.0, false)
    );
    assert_eq!(
        parks.reconciled_en,
        "\"Industrial cluster + cross-border e-commerce\" parks: split among 2 cities; the cities' targets sum to 20 parks, as the province's; as of 2025-06-30, the cities' progress sum to 9 parks against the province's 10 parks: 1 park not with any city"
    );
}

#[tokio::test]
async fn a_citys_board_shows_its_own_lines_and_the_provinces_sums() {
    let demo = linkages_testkit::demo_store();
    let session = linkages_testkit::session(&demo).await;
    let registry = Registry::open(&demo.root().join("registry.sqlite")).expect("open");
    let read = cascade::read(&registry).expect("read");
    let shenzhen = classify::city(SHENZHEN);
    let board = cascade::build(&session, read, day("2024-06-30"), shenzhen)
        .await
        .expect("board");
    assert!(!board.targets.is_empty());
    for c in &board.targets {
        assert!(
            c.cities.iter().all(|l| l.city == SHENZHEN),
            "{}",
            c.target.id
        );
        assert!(c.targets.agrees, "{}: {:?}", c.target.id, c.targets);
    }
    insta::assert_snapshot!(
        "cities_shenzhen_2024_06_zh",
        board.grid(linkages_core::Lang::Zh).to_text()
    );
}
