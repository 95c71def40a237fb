//! The overview and the brief on the demo data print outward investment and foreign talent
//! as separate figures, each one quantity in one unit.

use linkages_core::{Lang, Period, Unit};
use linkages_report::{build, overview};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outward_investment_and_talent_are_separate_unit_clean_figures() {
    let session = linkages_testkit::session(&linkages_testkit::demo_store()).await;
    let period = Period::new(2023, 4).expect("month");
    let o = overview::build(&session, period).await.expect("overview");
    let headline = |i: usize| o.linkages[i].data.as_ref().expect("data");
    assert_eq!(o.linkages[3].indicator, "odi");
    assert_eq!(headline(3).unit, Unit::Usd);
    assert!(
        headline(3)
            .provenance
            .sql
            .contains("t.kind = 'outward_investment'")
    );
    assert_eq!(o.linkages[4].indicator, "work_permits");
    assert_eq!(headline(4).unit, Unit::Count);
    assert_eq!(headline(4).counted.map(|c| c.word(Lang::Zh)), Some("人"));
    let grid = o.grid(Lang::En).to_text();
    assert!(
        grid.contains("people") && grid.contains("100m USD"),
        "{grid}"
    );

    let brief = build(&session, period, Lang::Zh).await.expect("brief");
    let text = |id: &str| {
        brief
            .figures
            .iter()
            .find(|f| f.id.to_string() == id)
            .map(|f| f.text.clone())
            .unwrap_or_else(|| panic!("no figure {id}"))
    };
    for id in [
        "odi.ytd",
        "overseas_projects_turnover.ytd",
        "zone_output.ytd",
        "work_permits.ytd",
        "talent_recognitions.ytd",
        "rd_institutions.ytd",
    ] {
        text(id);
    }
    assert!(!brief.figures.iter().any(|f| {
        let id = f.id.to_string();
        id.starts_with("cooperation.") || id.starts_with("talent.")
    }));
    let section = brief
        .sections
        .iter()
        .find(|s| s.id == "linkages")
        .expect("section");
    let institutions = section
        .paragraphs
        .iter()
        .find(|p| p.contains("外资研发机构"))
        .expect("a sentence on R&D institutions");
    assert!(institutions.contains("家"), "{institutions}");
}

/// Every headline of the demo overview carries its year projected with its 80% range and
/// the backtest's error beside the seasonal-naive one's, in the brief's words; the year's
/// projection lies inside its range and the range holds the months already known.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_overview_projects_each_headline_year_with_its_range_and_backtest() {
    let session = linkages_testkit::session(&linkages_testkit::demo_store()).await;
    let period = Period::new(2024, 4).expect("month");
    let o = overview::build(&session, period).await.expect("overview");
    for h in &o.linkages {
        let d = h.data.as_ref().expect("data");
        let outlook = d
            .outlook
            .as_ref()
            .unwrap_or_else(|| panic!("{}: no outlook", h.indicator));
        let y = &outlook.year;
        assert_eq!((y.year, y.months_known), (2024, 4), "{}", h.indicator);
        assert!(
            y.low_80 <= y.point && y.point <= y.high_80,
            "{}: {y:?}",
            h.indicator
        );
        assert!(
            y.known > 0.0 && y.low_80 > y.known,
            "{}: {y:?}",
            h.indicator
        );
        assert!(
            outlook.text_zh.starts_with("按目前进度，全年"),
            "{}",
            outlook.text_zh
        );
        assert!(
            outlook
                .text_zh
                .contains("（80%）。该模型对本序列8个月预测的回测平均误差为"),
            "{}",
            outlook.text_zh
        );
        assert!(outlook.mape.is_some() && outlook.naive_mape.is_some());
    }
    let grid = o.grid(Lang::Zh).to_text();
    assert!(grid.contains("按目前进度，全年进出口预计"), "{grid}");
}
