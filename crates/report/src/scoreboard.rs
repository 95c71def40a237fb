//! The scoreboard of measures and targets: every target judged on a day, countable targets
//! from their progress records, indicator-bound targets from the store (each full year, and
//! the current year projected from its year-to-date growth).

use chrono::{Datelike, NaiveDate};
use linkages_core::indicator::{self, Counted, Filter, Request};
use linkages_core::target::{self, Evaluation, Observation, Pace, Range, evaluate, year_pace};
use linkages_core::{Linkage, Period, SYNTHETIC_NOTE};
use linkages_engine::Session;
use linkages_engine::indicators::{self as engine_indicators, Provenance};
use linkages_registry::{Record, Registry, Target};

use crate::Error;
use crate::table::{Cell, Grid};
use linkages_core::Unit;

use crate::text::{amount, grouped};
use linkages_core::Lang;

/// An observation of a target and, for indicator-bound targets, the query it comes from.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Point {
    /// The value and its day.
    #[serde(flatten)]
    pub observation: Observation,
    /// The query (bound targets), else `None`.
    pub provenance: Option<Provenance>,
    /// The progress record (countable targets), else `None`.
    pub record: Option<i64>,
}

/// One line of the scoreboard.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Line {
    /// The target judged.
    pub target: Target,
    /// Its judgement.
    pub evaluation: Evaluation,
    /// The values it was judged on, oldest first.
    pub points: Vec<Point>,
    /// Every progress record, including corrected ones.
    pub history: Vec<Record>,
    /// What a countable target counts, in both languages.
    pub counted: Option<Counted>,
    /// Progress against the calendar as officials write it (`Pace::text`), in Chinese.
    pub pace_zh: Option<String>,
    /// The same in English.
    pub pace_en: Option<String>,
}

/// The scoreboard on a day.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Scoreboard {
    /// The day of judgement.
    pub today: NaiveDate,
    /// One line per target.
    pub lines: Vec<Line>,
    /// Whether any value comes from synthetic data.
    pub synthetic: bool,
}

/// The last day of a month.
pub(crate) fn end_of(p: Period) -> NaiveDate {
    let next = p.next();
    NaiveDate::from_ymd_opt(next.year, next.month, 1)
        .and_then(|d| d.pred_opt())
        .unwrap_or(NaiveDate::MIN)
}

/// What the store says of a target bound to an indicator, for the province or a slice.
#[derive(Default)]
pub(crate) struct Bound {
    /// One point per year from the baseline on (the year not yet over projected).
    pub points: Vec<Point>,
    /// An annual target's pace in the year not yet over.
    pub pace: Option<Pace>,
    /// The year to date of the year not yet over, and its month.
    pub ytd: Option<(Period, f64)>,
    /// The 80% range of the year not yet over, when a forecasting model projected it.
    pub range: Option<Range>,
}

/// The value of a year not yet over: with the province's history (`model`), the
/// forecasting model's projection of the year — its total, or its growth on last year — and
/// its 80% range (`crate::outlook`); else (a city, a history too short to model) last
/// year's value grown at this year's pace so far, or the growth so far, without a range.
async fn year_projection(
    session: &Session,
    request: &Request,
    (figure, model): (&str, bool),
    last_full: Option<f64>,
    ytd_yoy: Option<f64>,
) -> Result<(Option<f64>, Option<Range>), Error> {
    if model {
        let window = linkages_core::holiday::Window::default();
        match crate::outlook::project(session, request, window).await {
            Ok(o) if o.year.year == request.period.year => {
                let y = o.year;
                let range = |low, high| Range {
                    low,
                    high,
                    level_pct: 80.0,
                };
                return Ok(match (figure, y.last_year) {
                    ("annual", _) => (Some(y.point), Some(range(y.low_80, y.high_80))),
                    (_, Some(l)) if l > 0.0 => (
                        y.growth_pct,
                        Some(range(
                            (y.low_80 / l - 1.0) * 100.0,
                            (y.high_80 / l - 1.0) * 100.0,
                        )),
                    ),
                    _ => (ytd_yoy, None),
                });
            }
            Ok(_) | Err(Error::Invalid(_) | Error::NoData(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(match figure {
        "annual" => (
            last_full.zip(ytd_yoy).map(|(l, g)| l * (1.0 + g / 100.0)),
            None,
        ),
        _ => (ytd_yoy, None),
    })
}

/// The observations of a target bound to an indicator, from the store, over the slice of
/// `filters` (a city; none: the province), and an annual target's pace in the year not yet
/// over (its year to date against `year_target` and the months gone).
pub(crate) async fn from_store(
    session: &Session,
    target: &Target,
    filters: &[Filter],
    year_target: f64,
    today: NaiveDate,
) -> Result<Bound, Error> {
    let (Some(indicator_code), Some(figure)) = (&target.indicator, target.figure.as_deref()) else {
        return Ok(Bound::default());
    };
    let indicator = indicator::find(indicator_code)?;
    let Some(latest) = engine_indicators::latest_period(session, indicator.dataset).await? else {
        return Ok(Bound::default());
    };
    // Judged on a past day (a past month's brief), the months after it are not yet known.
    let latest = latest.min(Period {
        year: today.year(),
        month: today.month(),
    });
    let mut bound = Bound::default();
    let mut last_full: Option<f64> = None;
    for year in target.baseline_date.year() + 1..=latest.year {
        let full = year < latest.year || latest.month == 12;
        let period = if full {
            Period { year, month: 12 }
        } else {
            latest
        };
        let mut request = Request::total(indicator, period);
        request.filters.extend(filters.iter().cloned());
        let table = engine_indicators::compute(session, &request).await?;
        let value = match (figure, full) {
            ("annual", true) => table.total.ytd,
            (_, true) => table.total.ytd_yoy,
            (_, false) => {
                let how = (figure, filters.is_empty());
                let (value, range) =
                    year_projection(session, &request, how, last_full, table.total.ytd_yoy).await?;
                bound.range = range;
                value
            }
        };
        if full && figure == "annual" {
            last_full = table.total.ytd;
        }
        if !full && figure == "annual" {
            bound.ytd = table.total.ytd.map(|ytd| (period, ytd));
            bound.pace = table
                .total
                .ytd
                .and_then(|ytd| year_pace(ytd, year_target, period.month));
        }
        if let Some(value) = value {
            bound.points.push(Point {
                observation: Observation {
                    date: if full || figure == "annual" {
                        NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MIN)
                    } else {
                        end_of(period)
                    },
                    value,
                    projected: !full,
                },
                provenance: Some(table.total_provenance),
                record: None,
            });
        }
    }
    Ok(bound)
}

/// The targets (or those of one linkage) and their progress records, read from the
/// registry at once so that no lock on it is held while the store is queried.
pub fn read(
    registry: &Registry,
    only: Option<Linkage>,
) -> Result<Vec<(Target, Vec<Record>)>, Error> {
    registry
        .targets(only)?
        .into_iter()
        .map(|t| {
            let history = registry.history(&t.id)?;
            Ok((t, history))
        })
        .collect()
}

/// Judges targets with their records (see [`read`]) on `today`.
pub async fn build(
    session: &Session,
    targets: Vec<(Target, Vec<Record>)>,
    today: NaiveDate,
) -> Result<Scoreboard, Error> {
    let mut lines = Vec::new();
    for (target, history) in targets {
        let (points, year, range) = if target.indicator.is_some() {
            let bound = from_store(session, &target, &[], target.target_value, today).await?;
            (bound.points, bound.pace, bound.range)
        } else {
            (records(&history, None), None, None)
        };
        let observations: Vec<Observation> = points.iter().map(|p| p.observation).collect();
        let mut evaluation = evaluate(&target.goal(), &observations, today);
        if let Some(r) = range {
            evaluation = target::with_range(&target.goal(), evaluation, r, today);
        }
        evaluation.pace = evaluation.pace.or(year);
        lines.push(Line {
            counted: target::counted(&target.unit),
            pace_zh: evaluation.pace.map(|p| p.text(Lang::Zh)),
            pace_en: evaluation.pace.map(|p| p.text(Lang::En)),
            target,
            evaluation,
            points,
            history,
        });
    }
    let synthetic = lines.iter().any(|l| {
        l.points
            .iter()
            .any(|p| p.provenance.as_ref().is_some_and(|p| p.synthetic))
            || l.history
                .iter()
                .any(|r| r.entered_by == linkages_core::pipeline::DEMO_ENTERED_BY)
    });
    Ok(Scoreboard {
        today,
        lines,
        synthetic,
    })
}

/// The points of a countable target, of the province (`city` `None`) or of one city: its
/// records still in force.
pub(crate) fn records(history: &[Record], city: Option<&str>) -> Vec<Point> {
    history
        .iter()
        .filter(|r| !r.superseded && r.city.as_deref() == city)
        .map(|r| Point {
            observation: Observation {
                date: r.as_of,
                value: r.value,
                projected: false,
            },
            provenance: None,
            record: Some(r.id),
        })
        .collect()
}

/// A target's value as people read it: yuan in 亿元/trillions, rates with %, counts with
/// their unit word.
pub(crate) fn value(v: f64, unit: &str, lang: Lang) -> String {
    match unit {
        "yuan" => amount(v, Unit::Cny, lang),
        "percent" => format!("{v:.1}%"),
        _ => {
            let n = grouped(v, if v.fract() == 0.0 { 0 } else { 1 });
            match (target::counted(unit), lang) {
                (Some(c), Lang::Zh) => format!("{n}{}", c.zh),
                (Some(c), Lang::En) => format!("{n} {}", c.word_for(v, lang)),
                (None, _) => format!("{n} {unit}"),
            }
        }
    }
}

/// The scoreboard's columns, in Chinese and English.
const HEADER: [(&str, &str); 14] = [
    ("目标", "Target"),
    ("联动", "Linkage"),
    ("状态", "Status"),
    ("最新值", "Latest"),
    ("日期", "As of"),
    ("基期值", "Baseline"),
    ("目标值", "Target"),
    ("期限", "Deadline"),
    ("完成进度%", "Progress %"),
    ("时间进度", "Against the calendar"),
    ("所需年均进度", "Pace needed /y"),
    ("实际年均进度", "Pace achieved /y"),
    ("期末预测（区间）", "Projection (range)"),
    ("来源", "Source"),
];

impl Line {
    /// The line as a row of the scoreboard's table.
    fn row(&self, lang: Lang) -> Vec<Cell> {
        let (t, e) = (&self.target, &self.evaluation);
        let unit = t.unit.as_str();
        let opt = |v: Option<f64>| {
            v.map(|v| value(v, unit, lang))
                .unwrap_or_else(|| "–".into())
        };
        let assumed = if t.deadline_assumed {
            lang.pick("（假定）", " (assumed)")
        } else {
            ""
        };
        vec![
            Cell::Text(format!(
                "{} ({})",
                lang.pick(&t.title_zh, &t.title_en),
                t.id
            )),
            Cell::Text(
                t.linkage
                    .map(|k| k.name(lang).to_string())
                    .unwrap_or_else(|| lang.pick("综合", "cross-cutting").into()),
            ),
            Cell::Text(e.status.name(lang).into()),
            Cell::Text(opt(e.latest)),
            Cell::Text(e.latest_date.map(|d| d.to_string()).unwrap_or_default()),
            Cell::Text(value(t.baseline_value, unit, lang)),
            Cell::Text(value(t.target_value, unit, lang)),
            Cell::Text(format!("{}{assumed}", t.deadline)),
            Cell::Number(e.progress_pct, 1),
            Cell::Text(e.pace.map(|p| p.text(lang)).unwrap_or_default()),
            Cell::Text(opt(e.pace_needed)),
            Cell::Text(opt(e.pace_achieved)),
            Cell::Text(match (e.projection, e.range) {
                (Some(p), Some(r)) => format!(
                    "{} ({}%: {}–{})",
                    value(p, unit, lang),
                    r.level_pct,
                    // A count or amount cannot fall below zero; a growth rate can.
                    value(
                        if unit == "percent" {
                            r.low
                        } else {
                            r.low.max(0.0)
                        },
                        unit,
                        lang
                    ),
                    value(r.high, unit, lang)
                ),
                (p, _) => opt(p),
            }),
            Cell::Text(t.source.clone()),
        ]
    }
}

impl Scoreboard {
    /// The scoreboard as a table.
    pub fn grid(&self, lang: Lang) -> Grid {
        let header = HEADER
            .iter()
            .map(|(zh, en)| lang.pick(zh, en).to_string())
            .collect();
        let rows = self.lines.iter().map(|l| l.row(lang)).collect();
        let mut footer = vec![format!(
            "{} {}. {}",
            lang.pick("评估日期", "Judged on"),
            self.today,
            lang.pick(
                "状态规则见 linkages_core::target：达成目标为已完成；期限时趋势的80%预测区间全部达到目标为进度正常，区间触及目标或趋势达到80%为存在风险，否则为进度滞后。",
                "Status rules (linkages_core::target): reached = achieved; the trend's 80% range at the deadline wholly at or above the target = on track; the range reaching it, or the trend 80% of the way = at risk; else off track."
            )
        )];
        if self.synthetic {
            footer.push(SYNTHETIC_NOTE.into());
        }
        Grid {
            title: lang
                .pick(
                    "“五外联动”措施与目标进展",
                    "Five External Linkages: measures and targets",
                )
                .into(),
            header,
            rows,
            footer,
        }
    }
}

/// Records the demo's synthetic progress of every countable target (`linkages_demo::progress`)
/// up to `until`, unless the registry holds records already (demo records never mix with
/// real ones). Returns how many were recorded.
pub fn load_demo(registry: &mut Registry, seed: u64, until: NaiveDate) -> Result<usize, Error> {
    let targets = registry.targets(None)?;
    for t in &targets {
        if !registry.history(&t.id)?.is_empty() {
            return Ok(0);
        }
    }
    let at = chrono::Utc::now().to_rfc3339();
    let mut n = 0;
    for t in targets.iter().filter(|t| t.indicator.is_none()) {
        for (day, value) in linkages_demo::progress::records(seed, &t.id, &t.goal(), until) {
            let new = linkages_registry::NewRecord {
                target_id: t.id.clone(),
                value,
                as_of: day,
                source: format!("synthetic (linkages demo, seed {seed})"),
                entered_by: linkages_core::pipeline::DEMO_ENTERED_BY.into(),
                unit: None,
                corrects: None,
                note: None,
                city: None,
            };
            registry.record(&new, until, &at)?;
            n += 1;
        }
    }
    Ok(n)
}
