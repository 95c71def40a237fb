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
