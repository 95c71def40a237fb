//! Synthetic progress records of the countable targets, so that the demo scoreboard has a
//! history to judge: one cumulative record a quarter from the target's baseline, each target
//! on a pace of its own (some ahead of the calendar, some behind, one reached), with noise,
//! never falling. Labelled synthetic by the caller (`pipeline::DEMO_ENTERED_BY`).

use chrono::{Datelike, NaiveDate};
use linkages_core::target::Goal;
use rand::Rng;

use crate::rng::stream;

/// The pace of each target against a straight line from baseline to target by the deadline
/// (1.0: exactly on the line), by target id; others get 0.9.
const PACES: &[(&str, f64)] = &[
    ("overseas-warehouses", 1.15),
    ("ecommerce-parks", 0.95),
    ("ecommerce-leaders", 0.55),
    ("outsourcing-demo-cities", 1.0),
    ("digital-service-bases", 1.1),
    ("outsourcing-platforms", 0.7),
    ("strategic-clusters", 3.0),
    ("million-talents", 0.8),
];

fn quarter_ends(from: NaiveDate, until: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let (mut y, mut q) = (from.year(), (from.month() - 1) / 3 + 1);
    loop {
        let end = match q {
            1 => NaiveDate::from_ymd_opt(y, 3, 31),
            2 => NaiveDate::from_ymd_opt(y, 6, 30),
            3 => NaiveDate::from_ymd_opt(y, 9, 30),
            _ => NaiveDate::from_ymd_opt(y, 12, 31),
        };
        let Some(end) = end else { break };
        if end > until {
            break;
        }
        if end > from {
            out.push(end);
        }
        (y, q) = if q == 4 { (y + 1, 1) } else { (y, q + 1) };
    }
    out
}

/// The records of target `id` (cumulative values at quarter ends after its baseline, up to
/// `until`), whole numbers for counts.
pub fn records(seed: u64, id: &str, goal: &Goal, until: NaiveDate) -> Vec<(NaiveDate, f64)> {
    let mut rng = stream(seed, ("progress", id));
    let pace = PACES.iter().find(|p| p.0 == id).map_or(0.9, |p| p.1);
    let span = (goal.deadline - goal.baseline_date).num_days() as f64;
    let gap = goal.target - goal.baseline;
    let mut last = goal.baseline;
    let mut out = Vec::new();
    for day in quarter_ends(goal.baseline_date, until.min(goal.deadline)) {
        let share = (day - goal.baseline_date).num_days() as f64 / span;
        let noise = 1.0 + 0.08 * (2.0 * rng.random::<f64>() - 1.0);
        let value = (goal.baseline + pace * share * gap * noise).min(goal.target);
        let value = value.round().max(last);
        out.push((day, value));
        last = value;
    }
    out
}

/// Synthetic progress notes of a measure: a first note under way in 2024, and for most
/// measures a later one (done, under way or stalled); the last note of every third measure
/// awaits review (`None`), the others are accepted.
pub fn notes(
    seed: u64,
    measure: &str,
) -> Vec<(
    NaiveDate,
    linkages_core::target::Judgement,
    String,
    Option<bool>,
)> {
    use linkages_core::target::Judgement;
    let mut rng = stream(seed, ("notes", measure));
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN);
    let first = day(2024, rng.random_range(6..=12), 15);
    let mut out = vec![(
        first,
        Judgement::UnderWay,
        "合成进展：已印发实施方案，明确责任分工。".to_string(),
        Some(true),
    )];
    let later = match rng.random_range(0..4) {
        0 => None,
        1 => Some((Judgement::Done, "合成进展：年度任务已完成。")),
        2 => Some((Judgement::Stalled, "合成进展：项目推进受阻，待协调。")),
        _ => Some((Judgement::UnderWay, "合成进展：按计划推进。")),
    };
    if let Some((j, text)) = later {
        let review = rng.random_range(0..3) != 0;
        out.push((
            day(2025, rng.random_range(3..=9), 20),
            j,
            text.into(),
            review.then_some(true),
        ));
    }
    out
}

/// The weights by which the demo shares a province record of target `id` out among the
/// cities of its split (`parts`: city, part of the target): each part times a factor of
/// its own between 0.6 and 1.4, so that some cities run ahead of their part and some behind.
pub fn city_weights(seed: u64, id: &str, parts: &[(String, f64)]) -> Vec<(String, f64)> {
    let mut rng = stream(seed, ("city progress", id));
    parts
        .iter()
        .map(|(city, part)| (city.clone(), part * (0.6 + 0.8 * rng.random::<f64>())))
        .collect()
}
