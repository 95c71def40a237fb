//! The registry: seeded from the sources, refusing bad records, keeping every record.

use std::path::PathBuf;

use chrono::NaiveDate;
use linkages_core::target::{Status, evaluate};
use linkages_registry::{Error, NewRecord, Registry};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn sources() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/sources")
}

fn squash(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['“', '”'], "\"")
        .replace('’', "'")
}

fn record(target: &str, value: f64, as_of: &str) -> NewRecord {
    NewRecord {
        target_id: target.into(),
        value,
        as_of: day(as_of),
        source: "Provincial Department of Commerce, monthly report".into(),
        entered_by: "analyst".into(),
        ..NewRecord::default()
    }
}

#[test]
fn the_seed_lists_every_countable_target_of_the_sources_with_its_document() {
    let dir = tempfile::tempdir().expect("tmp");
    let registry = Registry::open(&dir.path().join("registry.sqlite")).expect("open");
    let targets = registry.targets(None).expect("targets");
    let expected = [
        ("ecommerce-parks", 20.0),
        ("ecommerce-leaders", 10.0),
        ("overseas-warehouses", 500.0),
        ("outsourcing-demo-cities", 6.0),
        ("digital-service-bases", 15.0),
        ("outsourcing-platforms", 10.0),
        ("strategic-clusters", 20.0),
        ("million-talents", 1_000_000.0),
    ];
    for (id, value) in expected {
        let t = targets
            .iter()
            .find(|t| t.id == id)
            .unwrap_or_else(|| panic!("no target {id}"));
        assert_eq!(t.target_value, value, "{id}");
        assert!(t.indicator.is_none(), "{id} is countable");
    }
    assert!(
        targets
            .iter()
            .any(|t| t.indicator.as_deref() == Some("trade"))
    );
    assert!(
        targets
            .iter()
            .any(|t| t.indicator.as_deref() == Some("fdi_actual"))
    );

    // Every quote is the source document's own words.
    let measures = registry.measures().expect("measures");
    let quotes = targets
        .iter()
        .map(|t| (&t.id, &t.source, &t.quote))
        .chain(measures.iter().map(|m| (&m.id, &m.source, &m.quote)));
    for (id, source, quote) in quotes {
        let path = sources().join(format!("{source}.txt"));
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{id}: source {}: {e}", path.display()));
        assert!(
            squash(&text).contains(&squash(quote)),
            "{id}: quote not in {source}: {quote}"
        );
    }
    // Each of the five linkages has measures.
    for linkage in linkages_core::Linkage::ALL {
        assert!(
            measures.iter().any(|m| m.linkage == Some(linkage)),
            "{linkage:?}"
        );
    }
}

#[test]
fn bad_records_are_refused_with_the_reason() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut registry = Registry::open(&dir.path().join("registry.sqlite")).expect("open");
    let today = day("2025-06-30");
    let at = "2025-06-30T10:00:00Z";
    let refused = |r: Result<_, Error>| match r {
        Err(e) => e.to_string(),
        Ok(_) => panic!("accepted"),
    };
    let e = refused(registry.record(
        &record("overseas-warehouse", 120.0, "2025-03-31"),
        today,
        at,
    ));
    assert!(
        e.contains("unknown target 'overseas-warehouse'") && e.contains("overseas-warehouses"),
        "{e}"
    );
    let e = refused(registry.record(
        &record("overseas-warehouses", -3.0, "2025-03-31"),
        today,
        at,
    ));
    assert!(e.contains("not negative"), "{e}");
    let e = refused(registry.record(
        &record("overseas-warehouses", 120.0, "2025-07-01"),
        today,
        at,
    ));
    assert!(e.contains("after today"), "{e}");
    let mut wrong_unit = record("overseas-warehouses", 120.0, "2025-03-31");
    wrong_unit.unit = Some("parks".into());
    let e = refused(registry.record(&wrong_unit, today, at));
    assert!(
        e.contains("unit 'parks'") && e.contains("'warehouses'"),
        "{e}"
    );
    let e = refused(registry.record(&record("trade-scale", 8.5e12, "2024-12-31"), today, at));
    assert!(e.contains("evaluated from the trade indicator"), "{e}");
    let e = refused(registry.record(&record("overseas-warehouses", 1.0, "2023-01-01"), today, at));
    assert!(e.contains("before the target's baseline"), "{e}");
    let mut no_source = record("overseas-warehouses", 1.0, "2025-01-01");
    no_source.source = " ".into();
    assert!(refused(registry.record(&no_source, today, at)).contains("source"));
    assert!(
        registry
            .history("overseas-warehouses")
            .expect("history")
            .is_empty()
    );
}

#[test]
fn history_is_append_only_survives_restart_and_corrections_keep_both() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("registry.sqlite");
    let today = day("2025-06-30");
    {
        let mut registry = Registry::open(&path).expect("open");
        registry
            .record(
                &record("overseas-warehouses", 150.0, "2024-12-31"),
                today,
                "2025-01-10T09:00:00Z",
            )
            .expect("record");
        let wrong = registry
            .record(
                &record("overseas-warehouses", 2400.0, "2025-06-30"),
                today,
                "2025-06-30T09:00:00Z",
            )
            .expect("record");
        let mut fix = record("overseas-warehouses", 240.0, "2025-06-30");
        fix.corrects = Some(wrong.id);
        fix.note = Some("typo: one zero too many".into());
        registry
            .record(&fix, today, "2025-06-30T09:05:00Z")
            .expect("correction");
        // A correction must name a record of the same target.
        let mut stray = record("ecommerce-parks", 3.0, "2025-06-30");
        stray.corrects = Some(wrong.id);
        assert!(matches!(
            registry.record(&stray, today, "x"),
            Err(Error::UnknownRecord { .. })
        ));
        // The database itself refuses to change or drop a record.
        let conn = registry.connection();
        let e = conn
            .execute("UPDATE progress SET value = 1", [])
            .expect_err("update refused");
        assert!(e.to_string().contains("never changed"), "{e}");
        let e = conn
            .execute("DELETE FROM progress", [])
            .expect_err("delete refused");
        assert!(e.to_string().contains("never deleted"), "{e}");
    }
    // Reopened (migrations run again and change nothing), everything is there.
    let registry = Registry::open(&path).expect("reopen");
    let history = registry.history("overseas-warehouses").expect("history");
    assert_eq!(history.len(), 3);
    assert!(history[1].superseded && history[2].corrects == Some(history[1].id));
    assert_eq!(history[2].entered_by, "analyst");
    let obs = registry
        .observations("overseas-warehouses", None)
        .expect("observations");
    assert_eq!(
        obs.iter().map(|o| o.value).collect::<Vec<_>>(),
        vec![150.0, 240.0]
    );
    // 0 at 2024-03 to 240 at 2025-06 is about 180 a year: 500 is within reach by the end of
    // 2027, which needs about 104 a year from here. The mistyped 2,400 would have said achieved.
    let target = registry.target("overseas-warehouses").expect("target");
    let e = evaluate(&target.goal(), &obs, today);
    assert_eq!(e.status, Status::OnTrack, "{e:?}");
    assert!(e.pace_achieved.expect("trend") > e.pace_needed.expect("pace"));
    assert!((e.progress_pct.expect("progress") - 48.0).abs() < 1e-9);
}

/// A record is corrected once; a later correction corrects the correction.
#[test]
fn a_record_is_corrected_once_and_a_correction_is_corrected_in_turn() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut registry = Registry::open(&dir.path().join("registry.sqlite")).expect("open");
    let today = day("2025-06-30");
    let wrong = registry
        .record(
            &record("overseas-warehouses", 2400.0, "2025-06-30"),
            today,
            "t1",
        )
        .expect("record");
    let mut fix = record("overseas-warehouses", 250.0, "2025-06-30");
    fix.corrects = Some(wrong.id);
    let first_fix = registry.record(&fix, today, "t2").expect("correction");
    // Correcting the first record again is refused, naming the correction to correct.
    let mut again = record("overseas-warehouses", 240.0, "2025-06-30");
    again.corrects = Some(wrong.id);
    let e = registry
        .record(&again, today, "t3")
        .expect_err("corrected twice");
    assert!(
        e.to_string()
            .contains(&format!("already corrected by #{}", first_fix.id)),
        "{e}"
    );
    again.corrects = Some(first_fix.id);
    registry
        .record(&again, today, "t3")
        .expect("correction of the correction");
    let counted: Vec<f64> = registry
        .observations("overseas-warehouses", None)
        .expect("observations")
        .iter()
        .map(|o| o.value)
        .collect();
    assert_eq!(counted, [240.0]);
    // The database refuses a second correction of one record even past the check.
    let e = registry
        .connection()
        .execute(
            "INSERT INTO progress (target_id, value, as_of, source, entered_by, entered_at, corrects) VALUES ('overseas-warehouses', 1, '2025-06-30', 's', 'e', 't', ?1)",
            [wrong.id],
        )
        .expect_err("unique");
    assert!(e.to_string().contains("UNIQUE"), "{e}");
}

/// Two processes creating the registry at the same moment both succeed.
#[test]
fn a_new_registry_opened_by_several_at_once_is_created_once() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("registry.sqlite");
    let openers: Vec<_> = (0..4)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || {
                Registry::open(&path).map(|r| r.targets(None).map(|t| t.len()))
            })
        })
        .collect();
    for o in openers {
        let targets = o.join().expect("thread").expect("open").expect("targets");
        assert!(targets >= 8);
    }
}

/// A write by another connection (another process) changes what this one sees.
#[test]
fn another_connections_write_changes_the_data_version() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("registry.sqlite");
    let reader = Registry::open(&path).expect("open");
    let before = reader.data_version().expect("version");
    let mut writer = Registry::open(&path).expect("open");
    writer
        .record(
            &record("overseas-warehouses", 10.0, "2025-06-30"),
            day("2025-06-30"),
            "t",
        )
        .expect("record");
    assert_ne!(reader.data_version().expect("version"), before);
}
