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
//! - `on_track`: the whole 80% prediction range of the trend at `D` (see [`Range`]) is at or
//!   above `T` — the range says so, not only the line;
//! - `at_risk`: the range reaches `T` (it straddles it), or the line reaches at least 80% of
//!   the way from `b` to `T` by `D`; with a single record there is no range yet, and a line
//!   that reaches `T` is `at_risk` until a second record gives one;
//! - `off_track` otherwise.
//!
//! *Maintain* — judged on the latest value (a full year, or the current year's projection):
//! - `no_data`: no value yet;
//! - after the deadline, `achieved` if the latest full-year value is at or above the line,
//!   `off_track` if not;
//! - before it, `on_track` at or above the line, `at_risk` within the tolerance below it
//!   (5% of the line for levels, 2 percentage points for growth rates), `off_track` below.

use chrono::NaiveDate;

use crate::indicator::Counted;
use crate::lang::Lang;

/// What a countable target counts, by the unit code the registry keeps (`firms`,
/// `warehouses`, …), as written after the number in each language: 10家, 10 firms. `None`
/// for amounts and rates (`yuan`, `percent`) and for codes it does not know.
pub fn counted(unit: &str) -> Option<Counted> {
    let (zh, en, en_one) = match unit {
        "firms" => ("家", "firms", "firm"),
        "people" => ("人", "people", "person"),
        "warehouses" => ("个", "warehouses", "warehouse"),
        "platforms" => ("个", "platforms", "platform"),
        "parks" => ("个", "parks", "park"),
        "clusters" => ("个", "clusters", "cluster"),
        "cities" => ("个", "cities", "city"),
        "bases" => ("个", "bases", "base"),
        _ => return None,
    };
    Some(Counted { zh, en, en_one })
}

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

/// The policy office's judgement of a measure's progress (the qualitative measures have no
/// number to judge).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Judgement {
    /// Not started.
    NotStarted,
    /// Under way.
    UnderWay,
    /// Done.
    Done,
    /// Stalled: work stopped or blocked.
    Stalled,
}

impl Judgement {
    /// Every judgement.
    pub const ALL: [Judgement; 4] = [
        Judgement::NotStarted,
        Judgement::UnderWay,
        Judgement::Done,
        Judgement::Stalled,
    ];

    /// The code stored and used in the CLI and the API.
    pub fn code(self) -> &'static str {
        match self {
            Judgement::NotStarted => "not_started",
            Judgement::UnderWay => "under_way",
            Judgement::Done => "done",
            Judgement::Stalled => "stalled",
        }
    }

    /// As officials write it.
    pub fn name(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Judgement::NotStarted => ("未启动", "not started"),
            Judgement::UnderWay => ("推进中", "under way"),
            Judgement::Done => ("已完成", "done"),
            Judgement::Stalled => ("停滞", "stalled"),
        };
        lang.pick(zh, en)
    }
}

impl std::str::FromStr for Judgement {
    type Err = String;

    /// Reads a judgement by code or by either name.
    fn from_str(raw: &str) -> Result<Judgement, String> {
        let t = raw.trim();
        Judgement::ALL
            .into_iter()
            .find(|j| {
                j.code() == t || j.name(Lang::Zh) == t || j.name(Lang::En).eq_ignore_ascii_case(t)
            })
            .ok_or_else(|| {
                format!("'{raw}' is not a judgement; use not_started, under_way, done or stalled")
            })
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
    /// Reach: the 80% prediction range of the trend at the deadline, from the spread of the
    /// records about it (`None` with fewer than two records).
    pub range: Option<Range>,
    /// Progress against the calendar (时间进度), where it applies: reach targets from the
    /// baseline to the deadline, annual targets by the months of the year gone.
    pub pace: Option<Pace>,
    /// The rule that decided the status, in words.
    pub reason: String,
}

/// The prediction range of a reach target's trend at its deadline: the least-squares line
/// through the baseline and the records, and the interval a new observation at the deadline
/// falls in with probability `level_pct` if the records scatter about the line as they have
/// (the ordinary least-squares prediction interval, Student's t with n − 2 degrees of
/// freedom: Montgomery, Peck & Vining, *Introduction to Linear Regression Analysis*, §2.4.2).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Range {
    /// Lower end.
    pub low: f64,
    /// Upper end.
    pub high: f64,
    /// The probability it holds, %.
    pub level_pct: f64,
}

/// The level of [`Range`], %.
pub const RANGE_LEVEL: f64 = 80.0;

/// The prediction range at `x0` of the least-squares line through `points` (`None` with
/// fewer than three points: no spread to measure).
fn prediction_range(points: &[(f64, f64)], slope: f64, x0: f64) -> Option<Range> {
    use statrs::distribution::{ContinuousCDF, StudentsT};
    let n = points.len() as f64;
    if points.len() < 3 {
        return None;
    }
    let mx = points.iter().map(|p| p.0).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sse: f64 = points
        .iter()
        .map(|p| (p.1 - (my + slope * (p.0 - mx))).powi(2))
        .sum();
    let s = (sse / (n - 2.0)).sqrt();
    let se = s * (1.0 + 1.0 / n + (x0 - mx).powi(2) / sxx).sqrt();
    let t = StudentsT::new(0.0, 1.0, n - 2.0)
        .ok()?
        .inverse_cdf(0.5 + RANGE_LEVEL / 200.0);
    let centre = my + slope * (x0 - mx);
    Some(Range {
        low: centre - t * se,
        high: centre + t * se,
        level_pct: RANGE_LEVEL,
    })
}

/// Progress against the calendar (时间进度): the share of the target done against the
/// share of the time gone, as officials report it ("完成全年目标的50.9%，超时间进度9.2个
/// 百分点").
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Pace {
    /// Share of the target done, %.
    pub done_pct: f64,
    /// Share of the time gone, %.
    pub elapsed_pct: f64,
    /// Whether it is of a year's target (the year to date against the months gone) rather
    /// than of the whole way from the baseline to the deadline.
    pub of_year: bool,
}

impl Pace {
    /// Points ahead of the calendar (negative: behind it).
    pub fn ahead_points(&self) -> f64 {
        self.done_pct - self.elapsed_pct
    }

    /// Both halves past half way (双过半): half the time gone and half the year's target done.
    pub fn both_halves(&self) -> bool {
        self.of_year && self.elapsed_pct >= 50.0 && self.done_pct >= 50.0
    }

    /// The sentence officials write, in the reader's language.
    pub fn text(&self, lang: Lang) -> String {
        let ahead = self.ahead_points();
        let points = format!("{:.1}", ahead.abs());
        let done = format!("{:.1}", self.done_pct);
        let mut text = match lang {
            Lang::Zh => {
                let of = if self.of_year {
                    "全年目标"
                } else {
                    "目标"
                };
                let against = match points.as_str() {
                    "0.0" => "与时间进度持平".to_string(),
                    _ if ahead > 0.0 => format!("超时间进度{points}个百分点"),
                    _ => format!("落后时间进度{points}个百分点"),
                };
                format!("完成{of}的{done}%，{against}")
            }
            Lang::En => {
                let of = if self.of_year {
                    "of the year's target"
                } else {
                    "of the target"
                };
                let against = match points.as_str() {
                    "0.0" => "level with the calendar".to_string(),
                    _ if ahead > 0.0 => format!("{points} points ahead of the calendar"),
                    _ => format!("{points} points behind the calendar"),
                };
                format!("{done}% {of} done, {against}")
            }
        };
        if self.both_halves() {
            text.push_str(lang.pick("，实现“双过半”", " (past half way in both time and target)"));
        }
        text
    }
}

/// The pace of a year's target from the year to date: `ytd` after `months` months (1–12;
/// January–February combined counts two).
pub fn year_pace(ytd: f64, target: f64, months: u32) -> Option<Pace> {
    (target > 0.0 && (1..=12).contains(&months)).then(|| Pace {
        done_pct: ytd / target * 100.0,
        elapsed_pct: f64::from(months) / 12.0 * 100.0,
        of_year: true,
    })
}

/// The pace of a reach target at its latest value: the way from the baseline against the
/// time from the baseline date to the deadline (none past the deadline or without a way).
pub fn reach_pace(goal: &Goal, latest: &Observation) -> Option<Pace> {
    let span = years_between(goal.baseline_date, goal.deadline);
    let gap = goal.target - goal.baseline;
    let gone = years_between(goal.baseline_date, latest.date);
    (span > 0.0 && gap != 0.0 && (0.0..=span).contains(&gone)).then(|| Pace {
        done_pct: (latest.value - goal.baseline) / gap * 100.0,
        elapsed_pct: gone / span * 100.0,
        of_year: false,
    })
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
            range: None,
            pace: None,
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
    let range = prediction_range(&points, slope, at_deadline);
    let reaches = |v: f64| v >= goal.target - tolerance;
    let (status, reason) = if reaches(latest.value) {
        (
            Status::Achieved,
            format!("reached {} of {}", latest.value, goal.target),
        )
    } else if today > goal.deadline {
        (
            Status::OffTrack,
            format!("deadline {} passed at {}", goal.deadline, latest.value),
        )
    } else {
        trend_status(goal, projection, range, tolerance)
    };
    Evaluation {
        status,
        latest: Some(latest.value),
        latest_date: Some(latest.date),
        progress_pct,
        pace_needed,
        pace_achieved: Some(slope),
        projection: Some(projection),
        range,
        pace: reach_pace(goal, &latest),
        reason,
    }
}

/// The status of a reach target not yet reached before its deadline, from its trend's
/// value at the deadline and the range about it (see the module's rules).
fn trend_status(
    goal: &Goal,
    projection: f64,
    range: Option<Range>,
    tolerance: f64,
) -> (Status, String) {
    let reaches = |v: f64| v >= goal.target - tolerance;
    let most_of_the_way =
        projection >= goal.baseline + 0.8 * (goal.target - goal.baseline) - tolerance;
    let by = goal.deadline;
    match range {
        Some(r) if reaches(r.low) => (
            Status::OnTrack,
            format!(
                "the trend reaches {projection:.2} by {by}, its 80% range {:.2}–{:.2}",
                r.low, r.high
            ),
        ),
        Some(r) if reaches(r.high) || most_of_the_way => (
            Status::AtRisk,
            format!(
                "the trend reaches {projection:.2} by {by}, but its 80% range {:.2}–{:.2} reaches below {}",
                r.low, r.high, goal.target
            ),
        ),
        Some(r) => (
            Status::OffTrack,
            format!(
                "the trend reaches only {projection:.2} by {by}, its 80% range {:.2}–{:.2}",
                r.low, r.high
            ),
        ),
        None if reaches(projection) || most_of_the_way => (
            Status::AtRisk,
            format!(
                "the line through one record reaches {projection:.2} by {by}; a second record gives the range it needs to be on track"
            ),
        ),
        None => (
            Status::OffTrack,
            format!("the line through one record reaches only {projection:.2} by {by}"),
        ),
    }
}

/// A maintain target judged on its year's projection with an 80% range (a year not yet
/// over, projected by a forecasting model): on track only when the whole range keeps the
/// target, at risk when the range reaches it, off track when it lies wholly below. A year
/// already over, or a deadline passed, keeps `evaluation` as [`evaluate`] gave it.
pub fn with_range(
    goal: &Goal,
    mut evaluation: Evaluation,
    range: Range,
    today: NaiveDate,
) -> Evaluation {
    let projected = evaluation.projection.is_some();
    if goal.kind != TargetKind::Maintain || !projected || today > goal.deadline {
        return evaluation;
    }
    let target = goal.target;
    let (status, reason) = if range.low >= target {
        (
            Status::OnTrack,
            format!(
                "the year's {}% range {:.2}–{:.2} keeps {target}",
                range.level_pct, range.low, range.high
            ),
        )
    } else if range.high >= target {
        (
            Status::AtRisk,
            format!(
                "the year's {}% range {:.2}–{:.2} reaches below {target}",
                range.level_pct, range.low, range.high
            ),
        )
    } else {
        (
            Status::OffTrack,
            format!(
                "the year's {}% range {:.2}–{:.2} lies below {target}",
                range.level_pct, range.low, range.high
            ),
        )
    };
    evaluation.status = status;
    evaluation.reason = reason;
    evaluation.range = Some(range);
    evaluation
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
        range: None,
        // An annual target's pace needs the year to date, which the caller has.
        pace: None,
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
    fn one_of_a_count_is_singular_in_english() {
        let firms = counted("firms").expect("known");
        let words = [1.0, 2.0, 0.0].map(|n| firms.word_for(n, Lang::En));
        assert_eq!(words, ["firm", "firms", "firms"]);
        assert_eq!(firms.word_for(1.0, Lang::Zh), "家");
    }

    #[test]
    fn pace_against_the_calendar_in_officials_words() {
        // Jan-May: 5 of 12 months gone (41.7%), 50.9% of the year's target done.
        let ahead = year_pace(50.9, 100.0, 5).expect("pace");
        assert!((ahead.ahead_points() - 9.2333).abs() < 1e-3);
        assert_eq!(
            ahead.text(Lang::Zh),
            "完成全年目标的50.9%，超时间进度9.2个百分点"
        );
        assert_eq!(
            ahead.text(Lang::En),
            "50.9% of the year's target done, 9.2 points ahead of the calendar"
        );
        // Jan-Jun, past half way in both: 双过半.
        let halves = year_pace(4.3, 8.3, 6).expect("pace");
        assert!(halves.both_halves());
        assert_eq!(
            halves.text(Lang::Zh),
            "完成全年目标的51.8%，超时间进度1.8个百分点，实现“双过半”"
        );
        // Jan-Feb combined counts two months: 10% done against 16.7% gone.
        let behind = year_pace(10.0, 100.0, 2).expect("pace");
        assert_eq!(
            behind.text(Lang::Zh),
            "完成全年目标的10.0%，落后时间进度6.7个百分点"
        );
        assert!(!behind.both_halves());
        assert_eq!(year_pace(1.0, 0.0, 3), None);
        assert_eq!(year_pace(1.0, 10.0, 13), None);
    }

    #[test]
    fn a_reach_targets_pace_runs_from_its_baseline_to_its_deadline() {
        let g = warehouses();
        // Half the time gone (two of four years) and exactly half the way: level.
        let level = evaluate(&g, &[on_line(&g, "2026-01-01", 1.0)], date("2026-01-01"));
        let pace = level.pace.expect("pace");
        assert!((pace.done_pct - 50.0).abs() < 0.1 && (pace.elapsed_pct - 50.0).abs() < 0.1);
        assert_eq!(pace.text(Lang::Zh), "完成目标的50.0%，与时间进度持平");
        assert!(!pace.both_halves(), "双过半 is said of a year's target");
        // 30% of the pace: far behind the calendar.
        let slow = evaluate(&g, &[on_line(&g, "2026-01-01", 0.3)], date("2026-01-01"));
        let pace = slow.pace.expect("pace");
        assert!((pace.ahead_points() + 35.0).abs() < 0.1, "{pace:?}");
        assert!(
            pace.text(Lang::En)
                .ends_with("35.0 points behind the calendar")
        );
        // Past the deadline there is no calendar left.
        let late = Observation {
            date: date("2028-06-30"),
            value: 450.0,
            projected: false,
        };
        assert_eq!(reach_pace(&g, &late), None);
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
    fn the_status_follows_the_range_not_only_the_line() {
        let g = warehouses();
        let today = date("2026-01-01");
        let scattered = |wobble: f64| {
            [
                on_line(&g, "2024-07-01", 1.2 + wobble),
                on_line(&g, "2025-01-01", 1.2 - wobble),
                on_line(&g, "2025-07-01", 1.2 - wobble),
                on_line(&g, "2026-01-01", 1.2 + wobble),
            ]
        };
        // Ahead of pace and steady: the whole range is above 500.
        let steady = evaluate(&g, &scattered(0.0), today);
        assert_eq!(steady.status, Status::OnTrack, "{steady:?}");
        let r = steady.range.expect("range");
        assert!(r.low >= 500.0 - 1e-6 && r.level_pct == 80.0);
        // The same line through records that scatter: the range straddles 500.
        let wild = evaluate(&g, &scattered(0.3), today);
        let r = wild.range.expect("range");
        assert!(
            wild.projection.expect("line") > 500.0 && r.low < 500.0 && r.high > 500.0,
            "{r:?}"
        );
        assert_eq!(wild.status, Status::AtRisk, "{}", wild.reason);
        // One record on a line that reaches the target gives no range: not yet on track.
        let one = evaluate(&g, &[on_line(&g, "2025-01-01", 1.3)], today);
        assert_eq!(
            (one.status, one.range),
            (Status::AtRisk, None),
            "{}",
            one.reason
        );
    }

    #[test]
    fn the_range_is_the_textbook_prediction_interval() {
        // y = x through (0,0), (1,2), (2,1), (3,3): slope 0.8, mean (1.5, 1.5), sxx 5,
        // SSE 1.8 on 2 degrees of freedom; at x0 = 4 the interval is
        // 3.5 ± t(0.9; 2) · sqrt(0.9) · sqrt(1 + 1/4 + 6.25/5), t(0.9; 2) = 1.885618.
        let pts = [(0.0, 0.0), (1.0, 2.0), (2.0, 1.0), (3.0, 3.0)];
        let r = prediction_range(&pts, 0.8, 4.0).expect("range");
        let half = 1.885_618_083 * 0.9_f64.sqrt() * (1.0_f64 + 0.25 + 1.25).sqrt();
        assert!(
            (r.low - (3.5 - half)).abs() < 1e-6 && (r.high - (3.5 + half)).abs() < 1e-6,
            "{r:?}"
        );
        assert_eq!(prediction_range(&pts[..2], 2.0, 4.0), None);
    }

    #[test]
    fn a_maintained_year_is_judged_on_its_range() {
        let goal = Goal {
            kind: TargetKind::Maintain,
            baseline: 100.0,
            baseline_date: NaiveDate::from_ymd_opt(2022, 12, 31).expect("day"),
            target: 100.0,
            deadline: NaiveDate::from_ymd_opt(2027, 12, 31).expect("day"),
            is_rate: false,
        };
        let today = NaiveDate::from_ymd_opt(2024, 6, 30).expect("day");
        let point = Observation {
            date: NaiveDate::from_ymd_opt(2024, 12, 31).expect("day"),
            value: 104.0,
            projected: true,
        };
        let judged = |low, high| {
            let e = evaluate(&goal, &[point], today);
            with_range(
                &goal,
                e,
                Range {
                    low,
                    high,
                    level_pct: 80.0,
                },
                today,
            )
            .status
        };
        assert_eq!(judged(101.0, 107.0), Status::OnTrack);
        // A range straddling the target: the point is above it, the range is not.
        assert_eq!(judged(97.0, 111.0), Status::AtRisk);
        assert_eq!(judged(90.0, 99.0), Status::OffTrack);
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
