//! Progress notes of the measures: reviewed by someone else, corrected by a new note,
//! never changed; every measure of the sources is in the registry with its part.

use chrono::NaiveDate;
use linkages_core::target::Judgement;
use linkages_registry::Registry;
use linkages_registry::notes::NewNote;

fn day(s: &str) -> NaiveDate {
    s.parse().expect("day")
}

fn note(by: &str, corrects: Option<i64>) -> NewNote {
    NewNote {
        measure_id: "trade-exhibitions".into(),
        as_of: day("2024-06-30"),
        judgement: Judgement::UnderWay,
        text: "Canton Fair held".into(),
        source: "bureau report".into(),
        entered_by: by.into(),
        corrects,
    }
}

#[test]
fn a_note_is_reviewed_once_and_never_by_its_author() {
    let dir = tempfile::tempdir().expect("dir");
    let mut r = Registry::open(&dir.path().join("registry.sqlite")).expect("open");
    let today = day("2024-12-31");
    let n = r.add_note(&note("clerk", None), today, "t").expect("note");
    assert_eq!(n.accepted, None);
    let e = r
        .review_note(n.id, true, None, "clerk", "t")
        .expect_err("own note");
    assert!(e.to_string().contains("own"), "{e}");
    let reviewed = r
        .review_note(n.id, true, Some("ok"), "policy", "t")
        .expect("review");
    assert_eq!(
        (reviewed.accepted, reviewed.reviewed_by.as_deref()),
        (Some(true), Some("policy"))
    );
    assert!(
        r.review_note(n.id, false, None, "other", "t").is_err(),
        "reviewed once"
    );
    let fix = r
        .add_note(&note("clerk", Some(n.id)), today, "t")
        .expect("correction");
    assert!(r.note(n.id).expect("old").superseded && fix.corrects == Some(n.id));
    assert!(
        r.add_note(&note("clerk", Some(n.id)), today, "t").is_err(),
        "corrected once"
    );
    let late = NewNote {
        as_of: day("2025-01-01"),
        ..note("clerk", None)
    };
    assert!(r.add_note(&late, today, "t").is_err(), "not after today");
    for sql in [
        "UPDATE measure_notes SET text = 'x'",
        "DELETE FROM note_reviews",
    ] {
        let e = r.connection().execute(sql, []).expect_err(sql);
        assert!(e.to_string().contains("never"), "{sql}: {e}");
    }
}

#[test]
fn every_measure_of_the_sources_is_on_the_board_with_its_part() {
    let dir = tempfile::tempdir().expect("dir");
    let r = Registry::open(&dir.path().join("registry.sqlite")).expect("open");
    let measures = r.measures().expect("measures");
    assert_eq!(measures.len(), 21);
    let in_parts = measures.iter().filter(|m| m.part.is_some()).count();
    assert_eq!(in_parts, 19, "all but the two measures of other documents");
    assert!(
        measures
            .iter()
            .all(|m| !m.quote.is_empty() && !m.department_zh.is_empty())
    );
}
