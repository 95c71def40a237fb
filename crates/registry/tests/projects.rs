//! The project pipeline's rules in the registry: a project signed at two events counts
//! once, a backwards move is refused unless recorded as a correction, a merge keeps both
//! projects and every event, and nothing is ever changed or deleted.

use chrono::NaiveDate;
use linkages_core::pipeline::{Amounts, NewProject, Stage};
use linkages_registry::Registry;
use linkages_registry::projects::{Added, Entered};

fn day(s: &str) -> NaiveDate {
    s.parse().expect("day")
}

const E: Entered = Entered {
    by: "test",
    at: "2024-12-31T00:00:00Z",
    evidence: "test",
};

fn project(investor: &str, stage: Stage, on: &str, event: &str) -> NewProject {
    NewProject {
        name: "Plant".into(),
        investor: investor.into(),
        country: "DEU".into(),
        industry: "C".into(),
        cluster: None,
        city: "440300".into(),
        top_leader: false,
        landmark: false,
        planned_start: None,
        stage: Some(stage),
        on: day(on),
        event: Some(event.into()),
        amounts: Amounts::default(),
    }
}

fn registry() -> (tempfile::TempDir, Registry) {
    let dir = tempfile::tempdir().expect("dir");
    let r = Registry::open(&dir.path().join("registry.sqlite")).expect("open");
    (dir, r)
}

#[test]
fn a_project_signed_at_two_events_counts_once() {
    let (_d, mut r) = registry();
    let first = r
        .add_project(
            &project("ACME GmbH", Stage::Signed, "2024-03-01", "Fair A"),
            &E,
        )
        .expect("add");
    let again = r
        .add_project(&project("acme", Stage::Signed, "2024-05-01", "Fair B"), &E)
        .expect("again");
    assert_eq!(again, Added::Merged(first.id()));
    let all = r.projects(None).expect("projects");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].state.events, ["Fair A", "Fair B"]);
    assert_eq!(all[0].state.since, Some(day("2024-03-01")));
}

#[test]
fn a_backwards_move_is_refused_unless_it_is_a_correction() {
    let (_d, mut r) = registry();
    let id = r
        .add_project(&project("ACME", Stage::Started, "2024-03-01", "Fair"), &E)
        .expect("add")
        .id();
    let e = r
        .move_project(id, Stage::Negotiating, day("2024-04-01"), false, &E)
        .expect_err("backwards");
    assert!(e.to_string().contains("backwards"), "{e}");
    let p = r
        .move_project(id, Stage::Negotiating, day("2024-04-01"), true, &E)
        .expect("correction");
    assert_eq!(p.state.stage, Some(Stage::Negotiating));
    assert!(!p.state.has_reached(Stage::Signed));
    let e = r
        .move_project(id, Stage::Signed, day("2024-03-15"), false, &E)
        .expect_err("dated before");
    assert!(e.to_string().contains("before"), "{e}");
}

#[test]
fn a_merge_keeps_both_projects_and_every_event() {
    let (_d, mut r) = registry();
    let a = r
        .add_project(&project("BASF", Stage::Signed, "2024-03-01", "Fair A"), &E)
        .expect("a")
        .id();
    let b = r
        .add_project(
            &project("巴斯夫", Stage::Promoted, "2024-01-01", "Fair B"),
            &E,
        )
        .expect("b")
        .id();
    assert_ne!(a, b);
    let merged = r.merge_projects(b, a, &E).expect("merge");
    assert_eq!(merged.state.events, ["Fair B", "Fair A"]);
    assert_eq!(r.projects(None).expect("all").len(), 1);
    assert_eq!(r.project(b).expect("b answers as a").id, a);
    let rows: i64 = r
        .connection()
        .query_row("SELECT count(*) FROM projects", [], |x| x.get(0))
        .expect("count");
    assert_eq!(rows, 2);
}

#[test]
fn projects_and_their_events_are_never_changed_or_deleted() {
    let (_d, mut r) = registry();
    r.add_project(&project("ACME", Stage::Signed, "2024-03-01", "Fair"), &E)
        .expect("add");
    for sql in [
        "UPDATE projects SET name = 'x'",
        "DELETE FROM projects",
        "UPDATE project_events SET stage = 'producing'",
        "DELETE FROM project_events",
    ] {
        let e = r.connection().execute(sql, []).expect_err(sql);
        assert!(e.to_string().contains("never"), "{sql}: {e}");
    }
}
