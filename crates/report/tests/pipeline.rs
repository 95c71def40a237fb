//! The project pipeline: a promotion office's list imported (a project signed twice counts
//! once, bad rows quarantined) and its figures against the answers computed by hand in
//! `data/pipeline/expected.csv`; the demo pipeline against the sources' counts, by SQL.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use linkages_core::pipeline::Stage;
use linkages_registry::Registry;
use linkages_registry::projects::Entered;
use linkages_report::pipeline::{self, Filter, Pipeline};

fn day(s: &str) -> NaiveDate {
    s.parse().expect("day")
}

const ENTERED: Entered = Entered {
    by: "test",
    at: "2024-12-31T00:00:00Z",
    evidence: "fixture",
};

fn data(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/pipeline")
        .join(name)
}

/// Every figure the expected file names, read from the import and the pipeline.
fn figures(
    report: &linkages_registry::projects::ImportReport,
    p: &Pipeline,
) -> BTreeMap<String, f64> {
    let k = &p.kpis;
    let mut out: BTreeMap<String, f64> = [
        ("rows_read", report.rows_read as f64),
        ("added", report.added as f64),
        ("merged", report.merged as f64),
        ("quarantined", report.quarantine.len() as f64),
        ("projects", k.projects as f64),
        ("funds_base", k.funds_base as f64),
        ("large", k.large as f64),
        ("stuck", k.stuck as f64),
    ]
    .into_iter()
    .map(|(n, v)| (n.to_string(), v))
    .collect();
    for (name, v) in [
        ("fulfilment_pct", k.fulfilment_pct),
        ("start_pct", k.start_pct),
        ("funds_pct", k.funds_pct),
    ] {
        out.insert(name.into(), v.unwrap_or(f64::NAN));
    }
    for s in Stage::ALL {
        out.insert(format!("funnel.{s}"), k.funnel[s as usize] as f64);
    }
    let bands = ["0-90", "91-180", "181-365", "over-365"];
    for a in &p.ageing {
        for (band, n) in bands.iter().zip(a.bands) {
            out.insert(format!("ageing.{}.{band}", a.stage), n as f64);
        }
    }
    out
}

#[test]
fn a_list_imported_gives_the_figures_computed_by_hand() {
    let dir = tempfile::tempdir().expect("dir");
    let mut registry = Registry::open(&dir.path().join("registry.sqlite")).expect("registry");
    let report = pipeline::import(
        &mut registry,
        &data("projects.csv"),
        None,
        Default::default(),
        &ENTERED,
    )
    .expect("import");
    let (projects, synthetic) = pipeline::read(&registry, None).expect("read");
    assert!(!synthetic);
    let p = pipeline::build(projects, synthetic, &Filter::default(), day("2024-12-31"));
    let got = figures(&report, &p);
    let expected = csv::Reader::from_path(data("expected.csv")).expect("expected");
    let mut checked = 0;
    for row in expected.into_records() {
        let row = row.expect("row");
        let (name, want): (&str, f64) = (&row[0], row[1].parse().expect("number"));
        let have = got.get(name).unwrap_or_else(|| panic!("no figure {name}"));
        assert!(
            (have - want).abs() < 1e-9,
            "{name}: {have} ≠ {want} ({}); quarantine: {:?}",
            &row[2],
            report.quarantine
        );
        checked += 1;
    }
    assert_eq!(checked, 19);
    let rows: Vec<u64> = report.quarantine.iter().map(|q| q.row).collect();
    assert_eq!(rows, [12, 13], "{:?}", report.quarantine);
    assert_eq!(report.quarantine[0].value, "Atlantis");
    assert!(
        report.quarantine[1].reason.contains("backwards"),
        "{}",
        report.quarantine[1].reason
    );
    let signed_twice = p
        .projects
        .iter()
        .find(|p| p.name == "新材料基地")
        .expect("project");
    assert_eq!(
        signed_twice.state.events,
        ["全球招商大会", "投资中国年广东专场"]
    );
}

#[test]
fn a_filter_by_city_keeps_that_citys_projects() {
    let dir = tempfile::tempdir().expect("dir");
    let mut registry = Registry::open(&dir.path().join("registry.sqlite")).expect("registry");
    pipeline::import(
        &mut registry,
        &data("projects.csv"),
        None,
        Default::default(),
        &ENTERED,
    )
    .expect("import");
    let (projects, _) = pipeline::read(&registry, None).expect("read");
    let filter = Filter {
        city: Some("440300"),
        ..Filter::default()
    };
    let p = pipeline::build(projects, false, &filter, day("2024-12-31"));
    let names: Vec<&str> = p.projects.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["数据中心"]);
    assert_eq!(p.by_city.len(), 1);
}

/// The latest amount of each project, as SQL over the registry's events.
const LATEST: &str = "
    WITH merged AS (SELECT e.* FROM project_events e),
    amounts AS (
        SELECT project_id,
               (SELECT contracted_usd FROM project_events c WHERE c.project_id = p.id AND c.contracted_usd IS NOT NULL ORDER BY on_day DESC, id DESC LIMIT 1) AS contracted,
               (SELECT planned_usd FROM project_events c WHERE c.project_id = p.id AND c.planned_usd IS NOT NULL ORDER BY on_day DESC, id DESC LIMIT 1) AS planned,
               (SELECT actual_usd FROM project_events c WHERE c.project_id = p.id AND c.actual_usd IS NOT NULL ORDER BY on_day DESC, id DESC LIMIT 1) AS actual,
               (SELECT max(stage IN ('started', 'producing')) FROM project_events c WHERE c.project_id = p.id AND kind = 'moved') AS implemented,
               p.landmark
        FROM projects p JOIN (SELECT DISTINCT project_id FROM merged) m ON m.project_id = p.id
    )
    SELECT count(*),
           sum(coalesce(contracted, planned) >= 1e8),
           sum(CASE WHEN coalesce(contracted, planned) >= 1e8 AND implemented THEN actual END),
           sum(landmark AND coalesce(contracted, planned) >= 1e10)
    FROM amounts";

#[test]
fn the_demo_pipeline_reproduces_the_sources_counts() {
    let dir = tempfile::tempdir().expect("dir");
    let mut registry = Registry::open(&dir.path().join("registry.sqlite")).expect("registry");
    let report = pipeline::load_demo(&mut registry, 20240510)
        .expect("demo")
        .expect("an empty registry");
    assert!(
        report.quarantine.is_empty(),
        "{:?}",
        &report.quarantine[..report.quarantine.len().min(3)]
    );
    let (projects, large, large_actual, landmarks): (i64, i64, f64, i64) = registry
        .connection()
        .query_row(LATEST, [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .expect("sql");
    // 2023-06 briefing: "a total of 1,370 intentional projects"; "more than 250 large-scale
    // projects ... actual foreign investment of more than US$80 billion"; "BASF, ExxonMobil
    // and other US$10 billion projects".
    assert_eq!(projects, 1370);
    assert!(large > 250, "{large}");
    assert!(large_actual > 8.0e10, "{large_actual}");
    assert_eq!(landmarks, 2);
    // The same through the pipeline's own figures.
    let (all, _) = pipeline::read(&registry, None).expect("read");
    let p = pipeline::build(all, true, &Filter::default(), day("2024-12-31"));
    assert_eq!(
        (p.kpis.projects as i64, p.kpis.large as i64),
        (projects, large)
    );
}

/// The pipeline beside the statistics on the demo: the cities add up to the total, each
/// share is pipeline over official, and the official total is what its recorded query gives.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pipeline_is_set_against_the_fdi_statistics() {
    let store = linkages_testkit::demo_store();
    let session = linkages_testkit::session(&store).await;
    let registry = Registry::open(&store.root().join("registry.sqlite")).expect("registry");
    let projects = pipeline::read_year(&registry, None, 2024).expect("read");
    let (rows, provenance) = pipeline::against_statistics(&session, projects, 2024)
        .await
        .expect("explained");
    let (total, cities) = rows.split_first().expect("a total");
    assert_eq!(total.city, "total");
    let sum: f64 = cities.iter().map(|r| r.pipeline_usd).sum();
    assert!((sum - total.pipeline_usd).abs() < 1e-6 && total.pipeline_usd > 0.0);
    for r in &rows {
        if let (Some(o), Some(s)) = (r.official_usd, r.share_pct) {
            assert!((s - r.pipeline_usd / o * 100.0).abs() < 1e-9, "{r:?}");
        }
    }
    let again = session
        .query(&provenance.sql)
        .await
        .expect("recorded query");
    let ytd = again.column("ytd").expect("ytd column");
    let official = match &again.rows().expect("rows")[0][ytd] {
        linkages_core::Value::Float(v) => *v,
        other => panic!("{other:?}"),
    };
    assert!((official - total.official_usd.expect("official")).abs() <= 1e-6 * official);
}
