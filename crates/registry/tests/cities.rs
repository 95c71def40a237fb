//! Splits of targets among the cities and the cities' progress records: what is refused,
//! which split is in force, and that nothing is ever changed or deleted.

use chrono::NaiveDate;
use linkages_core::cascade::{Part, Rule};
use linkages_registry::cities::NewSplit;
use linkages_registry::{NewRecord, Registry};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn open() -> (tempfile::TempDir, Registry) {
    let dir = tempfile::tempdir().expect("tmp");
    let registry = Registry::open(&dir.path().join("registry.sqlite")).expect("open");
    (dir, registry)
}

fn split(target: &str, year: Option<i32>, parts: &[(&str, f64)]) -> NewSplit {
    NewSplit {
        target_id: target.into(),
        year,
        rule: Rule::Entered,
        shares: None,
        basis: "provincial notice".into(),
        parts: parts
            .iter()
            .map(|(city, value)| Part {
                city: (*city).into(),
                value: *value,
                share_pct: None,
            })
            .collect(),
        entered_by: "policy".into(),
    }
}

const AT: &str = "2025-01-01T00:00:00Z";

fn refused(registry: &mut Registry, new: &NewSplit) -> String {
    registry
        .add_split(new, AT)
        .expect_err("refused")
        .to_string()
}

#[test]
fn a_later_split_is_in_force_and_both_are_kept() {
    let (_dir, mut registry) = open();
    let first = split(
        "ecommerce-parks",
        None,
        &[("440100", 12.0), ("440300", 8.0)],
    );
    registry.add_split(&first, AT).expect("first");
    let second = split(
        "ecommerce-parks",
        None,
        &[("440100", 10.0), ("440300", 10.0)],
    );
    let stored = registry.add_split(&second, AT).expect("second");
    let current = registry
        .current_split("ecommerce-parks", None)
        .expect("read");
    assert_eq!(current.as_ref().map(|s| s.id), Some(stored.id));
    assert_eq!(registry.splits("ecommerce-parks").expect("all").len(), 2);
    let annual = split("trade-scale", Some(2024), &[("440100", 1e12)]);
    registry.add_split(&annual, AT).expect("annual");
    assert!(
        registry
            .current_split("trade-scale", Some(2025))
            .expect("read")
            .is_none()
    );
    assert!(
        registry
            .current_split("trade-scale", Some(2024))
            .expect("read")
            .is_some()
    );
}

#[test]
fn splits_a_target_cannot_take_are_refused() {
    let (_dir, mut registry) = open();
    let cases = [
        (split("fdi-growth", None, &[("440100", 5.0)]), "is a rate"),
        (
            split("trade-scale", None, &[("440100", 1e12)]),
            "names its year",
        ),
        (
            split("ecommerce-parks", Some(2024), &[("440100", 1.0)]),
            "at its deadline",
        ),
        (split("ecommerce-parks", None, &[]), "at least one city"),
        (
            split("ecommerce-parks", None, &[("4401", 1.0)]),
            "six-digit code",
        ),
        (
            split("ecommerce-parks", None, &[("440100", -1.0)]),
            "not negative",
        ),
        (
            split("ecommerce-parks", None, &[("440100", 1.0), ("440100", 2.0)]),
            "named twice",
        ),
    ];
    for (new, reason) in cases {
        let error = refused(&mut registry, &new);
        assert!(error.contains(reason), "{error}");
    }
    let mut shares = split("ecommerce-parks", None, &[("440100", 1.0)]);
    shares.rule = Rule::Shares;
    assert!(refused(&mut registry, &shares).contains("what the shares are of"));
    assert!(registry.splits("ecommerce-parks").expect("none").is_empty());
}

#[test]
fn splits_are_never_changed_or_deleted() {
    let (_dir, mut registry) = open();
    let new = split("ecommerce-parks", None, &[("440100", 12.0)]);
    registry.add_split(&new, AT).expect("stored");
    let conn = registry.connection();
    for sql in [
        "UPDATE city_splits SET basis = 'x'",
        "DELETE FROM city_splits",
        "UPDATE city_split_values SET value = 1",
        "DELETE FROM city_split_values",
    ] {
        let error = conn.execute(sql, []).expect_err(sql).to_string();
        assert!(error.contains("never"), "{sql}: {error}");
    }
}

fn record(value: f64, city: Option<&str>, corrects: Option<i64>) -> NewRecord {
    NewRecord {
        target_id: "overseas-warehouses".into(),
        value,
        as_of: day("2024-06-30"),
        source: "bureau report".into(),
        entered_by: "policy".into(),
        city: city.map(str::to_string),
        corrects,
        ..NewRecord::default()
    }
}

#[test]
fn a_citys_records_are_its_own_and_corrected_only_as_its_own() {
    let (_dir, mut registry) = open();
    let today = day("2024-07-01");
    let province = registry
        .record(&record(40.0, None, None), today, AT)
        .expect("province");
    let city = registry
        .record(&record(9.0, Some("441900"), None), today, AT)
        .expect("city");
    assert_eq!(city.city.as_deref(), Some("441900"));
    let province_values: Vec<f64> = registry
        .observations("overseas-warehouses", None)
        .expect("province")
        .iter()
        .map(|o| o.value)
        .collect();
    assert_eq!(province_values, vec![40.0]);
    let error = registry
        .record(&record(41.0, Some("441900"), Some(province.id)), today, AT)
        .expect_err("another city's correction")
        .to_string();
    assert!(error.contains("of the same city"), "{error}");
    let error = registry
        .record(&record(1.0, Some("东莞"), None), today, AT)
        .expect_err("a name, not a code")
        .to_string();
    assert!(error.contains("six-digit code"), "{error}");
    registry
        .record(&record(10.0, Some("441900"), Some(city.id)), today, AT)
        .expect("the city's correction");
    let dongguan = registry
        .observations("overseas-warehouses", Some("441900"))
        .expect("city");
    assert_eq!(
        dongguan.iter().map(|o| o.value).collect::<Vec<_>>(),
        vec![10.0]
    );
}
