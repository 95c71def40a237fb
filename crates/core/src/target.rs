//! Measures, targets and how a target's progress is judged. Pure rules; the registry
//! (SQLite) stores measures, targets and progress records, and adapters evaluate them.
//!
//! A target is either **reach** (a count or level to reach by a deadline: 500 overseas
//! warehouses) or **maintain** (a yearly figure to keep at or above a line: trade of at least
//! 8.3 trillion yuan a year, FDI growing). The status rules:
//!
//! *Reach* — with `b` the baseline, `T` the target, `D` the deadline and the trend a
//! least-squares line through the baseline and every record:
//! - `no_data`: no record yet;
//! - `achieved`: the latest value is at least `T` (also before the deadline);
//! - `off_track`: the deadline has passed without reaching `T`;
//! - `on_track`: the trend reaches `T` by `D`;
//! - `at_risk`: the trend reaches at least 80% of the way from `b` to `T` by `D`;
//! - `off_track` otherwise.
//!
//! *Maintain* — judged on the latest value (a full year, or the current year's projection):
//! - `no_data`: no value yet;
//! - after the deadline, `achieved` if the latest full-year value is at or above the line,
//!   `off_track` if not;
//! - before it, `on_track` at or above the line, `at_risk` within the tolerance below it
//!   (5% of the line for levels, 2 percentage points for growth rates), `off_track` below.

use chrono::NaiveDate;

use crate::lang::Lang;

/// How a target is judged.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// A count or level to reach by the deadline.
    Reach,
    /// A yearly figure to keep at or above the target.
    Maintain,
}

impl TargetKind {
    /// Parses `reach` or `maintain`.
    pub fn parse(raw: &str) -> Option<TargetKind> {
        match raw {
            "reach" => Some(TargetKind::Reach),
            "maintain" => Some(TargetKind::Maintain),
            _ => None,
        }
    }
}

/// The judgement of a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Reached (or kept through the deadline).
    Achieved,
    /// On course to reach or keep it.
    OnTrack,
    /// Close, but short on the current trend.
    AtRisk,
    /// Short, or missed.
    OffTrack,
    /// Nothing recorded yet.
    NoData,
}

impl Status {
    /// Code, as in the API.
    pub fn code(self) -> &'static str {
        match self {
            Status::Achieved => "achieved",
            Status::OnTrack => "on_track",
            Status::AtRisk => "at_risk",
            Status::OffTrack => "off_track",
            Status::NoData => "no_data",
        }
    }

    /// Name in the reader's language.
    pub fn name(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Status::Achieved => ("已完成", "achieved"),
            Status::OnTrack => ("进度正常", "on track"),
            Status::AtRisk => ("存在风险", "at risk"),
            Status::OffTrack => ("进度滞后", "off track"),
            Status::NoData => ("暂无数据", "no data"),
        };
        lang.pick(zh, en)
    }
}

/// What a target asks, as far as judging it goes.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Goal {
    /// Reach or maintain.
    pub kind: TargetKind,
    /// Value at the baseline date.
    pub baseline: f64,
    /// When the baseline value held (progress is measured from it).
    pub baseline_date: NaiveDate,
    /// The target value.
    pub target: f64,
    /// The day by which the target is to be reached (or through which it is kept).
    pub deadline: NaiveDate,
    /// Whether the value is a growth rate in percent (tolerance in points, not percent).
    pub is_rate: bool,
}

/// One observation of a target's value.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Observation {
    /// When.
    pub date: NaiveDate,
    /// The value (cumulative count, level or rate).
    pub value: f64,
    /// Whether it is a projection of a year not yet complete.
    pub projected: bool,
}

/// A target's progress and status on a day.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Evaluation {
    /// The judgement.
    pub status: Status,
    /// The latest value.
    pub latest: Option<f64>,
    /// The day the latest value describes.
    pub latest_date: Option<NaiveDate>,
    /// Reach: share of the way from baseline to target, %. Maintain: latest / target, %.
    pub progress_pct: Option<f64>,
    /// Reach: the gain per year still needed from the latest value to the target by the deadline.
    pub pace_needed: Option<f64>,
    /// Reach: the gain per year of the trend.
    pub pace_achieved: Option<f64>,
    /// Reach: the trend's value at the deadline.
    pub projection: Option<f64>,
    /// The rule that decided the status, in words.
    pub reason: String,
}

fn years_between(a: NaiveDate, b: NaiveDate) -> f64 {
    (b - a).num_days() as f64 / 365.25
}

/// Judges a goal on `today` from its observations (any order; later corrections already
/// applied by the caller).
pub fn evaluate(goal: &Goal, observations: &[Observation], today: NaiveDate) -> Evaluation {
    let mut obs: Vec<Observation> = observations
        .iter()
        .copied()
        .filter(|o| o.date <= today || o.projected)
        .collect();
    obs.sort_by_key(|o| o.date);
    let Some(latest) = obs.last().copied() else {
        return Evaluation {
            status: Status::NoData,
            latest: None,
            latest_date: None,
            progress_pct: None,
            pace_needed: None,
            pace_achieved: None,
            projection: None,
            reason: "no record yet".into(),
        };
    };
    match goal.kind {
        TargetKind::Reach => reach(goal, &obs, latest, today),
        TargetKind::Maintain => maintain(goal, &obs, latest, today),
    }
}

fn reach(goal: &Goal, obs: &[Observation], latest: Observation, today: NaiveDate) -> Evaluation {
    let gap = goal.target - goal.baseline;
    let progress_pct = (gap != 0.0).then(|| (latest.value - goal.baseline) / gap * 100.0);
    // Least squares through the baseline and the records: x in years from the baseline.
    let points: Vec<(f64, f64)> = std::iter::once((0.0, goal.baseline))
        .chain(
            obs.iter()
                .map(|o| (years_between(goal.baseline_date, o.date), o.value)),
        )
        .collect();
    let n = points.len() as f64;
    let (mx, my) = (
        points.iter().map(|p| p.0).sum::<f64>() / n,
        points.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    let at_deadline = years_between(goal.baseline_date, goal.deadline);
    let projection = my + slope * (at_deadline - mx);
    let remaining = years_between(latest.date.max(today), goal.deadline);
    let pace_needed =
        (remaining > 0.0).then(|| ((goal.target - latest.value) / remaining).max(0.0));
    // Rounding in the records must not turn "exactly on pace" into "at risk".
    let tolerance = 1e-9 * goal.target.abs().max(1.0);
    let (status, reason) = if latest.value >= goal.target - tolerance {
        (
            Status::Achieved,
            format!("reached {} of {}", latest.value, goal.target),
        )
    } else if today > goal.deadline {
        (
            Status::OffTrack,
            format!("deadline {} passed at {}", goal.deadline, latest.value),
        )
    } else if projection >= goal.target - tolerance {
        (
            Status::OnTrack,
            format!("the trend reaches {projection:.2} by {}", goal.deadline),
        )
    } else if projection >= goal.baseline + 0.8 * gap - tolerance {
        (
            Status::AtRisk,
            format!(
                "the trend reaches {projection:.2}, at least 80% of the way, by {}",
                goal.deadline
            ),
        )
    } else {
        (
            Status::OffTrack,
            format!(
                "the trend reaches only {projection:.2} by {}",
                goal.deadline
            ),
        )
    };
    Evaluation {
        status,
        latest: Some(latest.value),
        latest_date: Some(latest.date),
        progress_pct,
        pace_needed,
        pace_achieved: Some(slope),
        projection: Some(projection),
        reason,
    }
}

fn maintain(goal: &Goal, obs: &[Observation], latest: Observation, today: NaiveDate) -> Evaluation {
    let tolerance = if goal.is_rate {
        2.0
    } else {
        0.05 * goal.target.abs()
    };
    let last_full = obs.iter().rev().find(|o| !o.projected).copied();
    let (status, reason) = if today > goal.deadline {
        match last_full {
            Some(o) if o.value >= goal.target => (
                Status::Achieved,
                format!("{} at or above {} at the deadline", o.value, goal.target),
            ),
            Some(o) => (
                Status::OffTrack,
                format!("{} below {} at the deadline", o.value, goal.target),
            ),
            None => (Status::NoData, "no full year recorded".into()),
        }
    } else if latest.value >= goal.target {
        (
            Status::OnTrack,
            format!("{:.2} at or above {}", latest.value, goal.target),
        )
    } else if latest.value >= goal.target - tolerance {
        (
            Status::AtRisk,
            format!(
                "{:.2} within {tolerance} below {}",
                latest.value, goal.target
            ),
        )
    } else {
        (
            Status::OffTrack,
            format!(
                "{:.2} more than {tolerance} below {}",
                latest.value, goal.target
            ),
        )
    };
    Evaluation {
        status,
        latest: Some(latest.value),
        latest_date: Some(latest.date),
        progress_pct: (!goal.is_rate && goal.target != 0.0)
            .then(|| latest.value / goal.target * 100.0),
        pace_needed: None,
        pace_achieved: None,
        projection: latest.projected.then_some(latest.value),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    /// 500 warehouses from 100 at the start of 2024 to the end of 2027.
    fn warehouses() -> Goal {
        Goal {
            kind: TargetKind::Reach,
            baseline: 100.0,
            baseline_date: date("2024-01-01"),
            target: 500.0,
            deadline: date("2028-01-01"),
            is_rate: false,
        }
    }

    fn on_line(goal: &Goal, d: &str, factor: f64) -> Observation {
        let x = years_between(goal.baseline_date, date(d))
            / years_between(goal.baseline_date, goal.deadline);
        Observation {
            date: date(d),
            value: goal.baseline + factor * x * (goal.target - goal.baseline),
            projected: false,
        }
    }

    fn status(goal: &Goal, obs: &[Observation], today: &str) -> Status {
        evaluate(goal, obs, date(today)).status
    }

    #[test]
    fn reach_rules_on_constructed_trajectories() {
        let g = warehouses();
        let today = "2026-01-01";
        // Exactly on pace.
        let exact = [
            on_line(&g, "2025-01-01", 1.0),
            on_line(&g, "2026-01-01", 1.0),
        ];
        assert_eq!(status(&g, &exact, today), Status::OnTrack);
        let e = evaluate(&g, &exact, date(today));
        assert!((e.projection.expect("projection") - 500.0).abs() < 1e-6);
        assert!((e.progress_pct.expect("progress") - 50.0).abs() < 0.1);
        // Ahead.
        let ahead = [
            on_line(&g, "2025-01-01", 1.3),
            on_line(&g, "2026-01-01", 1.3),
        ];
        assert_eq!(status(&g, &ahead, today), Status::OnTrack);
        // Slightly behind: 90% of the pace reaches 90% of the way.
        let behind = [
            on_line(&g, "2025-01-01", 0.9),
            on_line(&g, "2026-01-01", 0.9),
        ];
        assert_eq!(status(&g, &behind, today), Status::AtRisk);
        // Far behind.
        let far = [
            on_line(&g, "2025-01-01", 0.4),
            on_line(&g, "2026-01-01", 0.4),
        ];
        assert_eq!(status(&g, &far, today), Status::OffTrack);
        // Achieved early.
        let early = [Observation {
            date: date("2025-06-30"),
            value: 510.0,
            projected: false,
        }];
        assert_eq!(status(&g, &early, today), Status::Achieved);
        // Deadline passed short of the target.
        assert_eq!(status(&g, &exact, "2028-03-01"), Status::OffTrack);
        // No data.
        assert_eq!(status(&g, &[], today), Status::NoData);
        // A record dated after the day of evaluation is not seen.
        assert_eq!(status(&g, &early, "2025-01-01"), Status::NoData);
    }

    #[test]
    fn maintain_rules() {
        let trade = Goal {
            kind: TargetKind::Maintain,
            baseline: 8.3e12,
            baseline_date: date("2022-12-31"),
            target: 8.3e12,
            deadline: date("2027-12-31"),
            is_rate: false,
        };
        let year = |d: &str, v: f64, projected| Observation {
            date: date(d),
            value: v,
            projected,
        };
        let today = "2024-05-10";
        assert_eq!(
            status(&trade, &[year("2023-12-31", 8.4e12, false)], today),
            Status::OnTrack
        );
        assert_eq!(
            status(&trade, &[year("2024-12-31", 8.0e12, true)], today),
            Status::AtRisk
        );
        assert_eq!(
            status(&trade, &[year("2024-12-31", 7.0e12, true)], today),
            Status::OffTrack
        );
        let growth = Goal {
            is_rate: true,
            baseline: 0.0,
            target: 0.0,
            ..trade.clone()
        };
        assert_eq!(
            status(&growth, &[year("2024-04-30", -1.5, false)], today),
            Status::AtRisk
        );
        assert_eq!(
            status(&growth, &[year("2024-04-30", -2.5, false)], today),
            Status::OffTrack
        );
        let done = [year("2027-12-31", 8.5e12, false)];
        assert_eq!(status(&trade, &done, "2028-02-01"), Status::Achieved);
        assert_eq!(
            status(&trade, &[year("2027-12-31", 8.0e12, false)], "2028-02-01"),
            Status::OffTrack
        );
        assert_eq!(status(&trade, &[], today), Status::NoData);
    }
}
