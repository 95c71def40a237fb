//! Targets down to the cities (目标分解): a target split among the cities — as a document
//! assigns them, or by the cities' shares of last year's figure or of their own records —
//! each city's progress, pace against the calendar and status, and the sums of the cities
//! reconciled with the province's target and progress.
//!
//! A city's progress comes from where the province's does: a target bound to an indicator
//! from the store (the city's slice of the same query), a countable target from the
//! progress records entered for the city. The rules of `linkages_core::target` judge a city
//! as they judge the province, against the city's part.

use chrono::{Datelike, NaiveDate};
use linkages_core::cascade::{self, Part, Reconciliation};
use linkages_core::classify::{self, City};
use linkages_core::indicator::{self, Dimension, Filter, Indicator, Request};
use linkages_core::target::{self, Evaluation, Goal, evaluate};
use linkages_core::{Lang, Period, Provenance, SYNTHETIC_NOTE};
use linkages_engine::Session;
use linkages_registry::cities::{NewSplit, Split};
use linkages_registry::{Record, Registry, Target};

use crate::Error;
use crate::scoreboard::{Point, from_store, records, value};
use crate::table::{Cell, Grid};

/// Where a split's city values come from.
#[derive(Debug, Clone, PartialEq)]
pub enum Basis {
    /// Given city by city, from a document.
    Entered {
        /// Each city's value, in the target's unit.
        values: Vec<(&'static City, f64)>,
        /// The document that assigns them.
        document: String,
    },
    /// The cities' shares of an indicator's value in a full year (last year's trade).
    Indicator {
        /// The indicator (by city in the store).
        indicator: &'static Indicator,
        /// The year whose shares are used.
        year: i32,
    },
    /// The cities' shares of their own progress records at the end of a year.
    Records {
        /// The year at whose end the records are read.
        year: i32,
    },
}

impl Basis {
    /// The basis a request names: the cities' `values` with their `document`, or the
    /// shares of an indicator's year or of the records (`shares_of` `records`), of
    /// `basis_year` — by default the year before the one split (`year`), or before today's.
    pub fn named(
        values: Vec<(&'static City, f64)>,
        document: Option<String>,
        shares_of: Option<&str>,
        (basis_year, year, today): (Option<i32>, Option<i32>, NaiveDate),
    ) -> Result<Basis, Error> {
        let basis_year = basis_year.unwrap_or(year.unwrap_or(today.year()) - 1);
        match (values.is_empty(), shares_of) {
            (false, None) => Ok(Basis::Entered {
                values,
                document: document.filter(|d| !d.trim().is_empty()).ok_or_else(|| {
                    Error::Invalid(
                        "document: name the document that assigns the cities' values".into(),
                    )
                })?,
            }),
            (true, Some("records")) => Ok(Basis::Records { year: basis_year }),
            (true, Some(code)) => Ok(Basis::Indicator {
                indicator: indicator::find(code)?,
                year: basis_year,
            }),
            _ => Err(Error::Invalid(
                "give either the cities' values (with their document) or what to share by".into(),
            )),
        }
    }
}

/// The split of `target` (with its progress `history`) from `basis`, for `year` (targets
/// judged year by year) or the deadline, ready for `Registry::add_split`. Counts are split
/// into whole numbers that sum to the target exactly; amounts in proportion.
pub async fn new_split(
    session: &Session,
    (target, history): (&Target, &[Record]),
    year: Option<i32>,
    basis: Basis,
    entered_by: &str,
) -> Result<NewSplit, Error> {
    linkages_registry::cities::check_target(target, year)?;
    let whole = target::counted(&target.unit).is_some();
    let invalid = |e: cascade::CascadeError| Error::Invalid(e.to_string());
    let (shares_of, text, parts) = match basis {
        Basis::Entered { values, document } => {
            let values: Vec<(String, f64)> = values
                .iter()
                .map(|(c, v)| (c.code.to_string(), *v))
                .collect();
            let parts = cascade::entered(&values).map_err(invalid)?;
            (None, document, parts)
        }
        Basis::Indicator { indicator, year } => {
            let (shares, provenance) = indicator_by_city(session, indicator, year).await?;
            let parts = cascade::by_shares(target.target_value, &shares, whole).map_err(invalid)?;
            let synthetic = if provenance.synthetic {
                ", synthetic"
            } else {
                ""
            };
            let text = format!("{}_v{}{synthetic}", provenance.dataset, provenance.version);
            (Some((indicator.code.to_string(), year)), text, parts)
        }
        Basis::Records { year } => {
            let end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX);
            let shares: Vec<(String, f64)> = classify::CITIES
                .iter()
                .filter_map(|c| latest_of(history, c.code, end).map(|v| (c.code.to_string(), v)))
                .collect();
            let parts = cascade::by_shares(target.target_value, &shares, whole).map_err(invalid)?;
            (
                Some(("records".into(), year)),
                "progress records".into(),
                parts,
            )
        }
    };
    Ok(NewSplit {
        target_id: target.id.clone(),
        year,
        rule: if shares_of.is_some() {
            cascade::Rule::Shares
        } else {
            cascade::Rule::Entered
        },
        shares: shares_of,
        basis: text,
        parts,
        entered_by: entered_by.into(),
    })
}

/// An indicator's full-year value of `year` by city, and the query it came from.
async fn indicator_by_city(
    session: &Session,
    indicator: &'static Indicator,
    year: i32,
) -> Result<(Vec<(String, f64)>, Provenance), Error> {
    let mut request = Request::total(indicator, Period { year, month: 12 });
    request.by = Some(Dimension::parse(indicator.dataset, "city")?);
    let table = linkages_engine::indicators::compute(session, &request).await?;
    if table.total.ytd.is_none() {
        return Err(Error::NoData(format!(
            "no {} data for {year}: the cities' shares of that year cannot be read",
            indicator.code
        )));
    }
    // Shares of a year with a month missing (or some cities missing in it) would give the
    // cities that reported more than their part.
    let gaps: Vec<String> = table
        .completeness
        .iter()
        .filter(|c| match c {
            indicator::Completeness::MissingMonth { period }
            | indicator::Completeness::PartialMonth { period, .. } => period.year == year,
        })
        .map(|c| c.text(Lang::En))
        .collect();
    if !gaps.is_empty() {
        return Err(Error::Invalid(format!(
            "{} of {year} is not complete ({}): the cities' shares need the whole year",
            indicator.code,
            gaps.join("; ")
        )));
    }
    let shares = table
        .rows
        .iter()
        .filter(|r| classify::city(&r.member).is_some())
        .filter_map(|r| r.ytd.map(|v| (r.member.clone(), v.max(0.0))))
        .collect();
    Ok((shares, table.provenance.unwrap_or(table.total_provenance)))
}

/// A city's latest value in force on or before `day`.
fn latest_of(history: &[Record], city: &str, day: NaiveDate) -> Option<f64> {
    records(history, Some(city))
        .into_iter()
        .filter(|p| p.observation.date <= day)
        .max_by_key(|p| p.observation.date)
        .map(|p| p.observation.value)
}

/// One city's line of a cascaded target.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct CityLine {
    /// The city's code.
    pub city: String,
    /// Its Chinese name.
    pub name_zh: String,
    /// Its English name.
    pub name_en: String,
    /// Its part of the target (its target), in the target's unit.
    pub target: f64,
    /// Its share of the basis, % (a split by shares).
    pub share_pct: Option<f64>,
    /// Its judgement against its part, by the province's rules.
    pub evaluation: Evaluation,
    /// The year to date of a target judged year by year (the month: `Cascade::progress_of`).
    pub ytd: Option<f64>,
    /// Its pace against the calendar, in Chinese.
    pub pace_zh: Option<String>,
    /// The same in English.
    pub pace_en: Option<String>,
    /// The values it was judged on.
    pub points: Vec<Point>,
}

/// A target cascaded to the cities.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Cascade {
    /// The province's target.
    pub target: Target,
    /// The split in force.
    pub split: Split,
    /// The city lines (all cities of the split, or the one asked for).
    pub cities: Vec<CityLine>,
    /// The cities' targets against the province's.
    pub targets: Reconciliation,
    /// The cities' progress against the province's on the same day (year to date of a
    /// target judged year by year, else the latest values), when the province has one.
    pub progress: Option<Reconciliation>,
    /// The day or month that progress is of.
    pub progress_of: Option<String>,
    /// What a countable target counts, in both languages.
    pub counted: Option<linkages_core::indicator::Counted>,
    /// The reconciliation in words ([`Cascade::reconciled`]), in Chinese.
    pub reconciled_zh: String,
    /// The same in English.
    pub reconciled_en: String,
}

/// The targets cascaded to the cities, judged on a day.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct CityBoard {
    /// The day of judgement.
    pub today: NaiveDate,
    /// The one city shown, or `None` for all.
    pub city: Option<String>,
    /// One entry per target with a split in force.
    pub targets: Vec<Cascade>,
    /// Whether any value comes from synthetic data.
    pub synthetic: bool,
}

/// Every target with its progress records and its splits among the cities, as [`read`]
/// gives them.
pub type Splits = Vec<(Target, Vec<Record>, Vec<Split>)>;

/// The targets, their progress records and their splits, read from the registry at once
/// (no lock is held while the store is queried).
pub fn read(registry: &Registry) -> Result<Splits, Error> {
    registry
        .targets(None)?
        .into_iter()
        .map(|t| {
            let history = registry.history(&t.id)?;
            let splits = registry.splits(&t.id)?;
            Ok((t, history, splits))
        })
        .collect()
}

/// The split in force on `today`: the latest of the year judged (a target judged year by
/// year: the latest year split up to `today`'s), else the latest of the deadline.
fn in_force(target: &Target, splits: &[Split], today: NaiveDate) -> Option<Split> {
    let annual = target.figure.as_deref() == Some("annual");
    let year = splits
        .iter()
        .filter_map(|s| s.year)
        .filter(|y| *y <= today.year())
        .max();
    splits
        .iter()
        .rev()
        .find(|s| {
            if annual {
                s.year == year
            } else {
                s.year.is_none()
            }
        })
        .cloned()
}

/// Judges every cascaded target (see [`read`]) on `today`, for every city or for `only`.
pub async fn build(
    session: &Session,
    read: Splits,
    today: NaiveDate,
    only: Option<&'static City>,
) -> Result<CityBoard, Error> {
    let mut targets = Vec::new();
    for (target, history, splits) in read {
        if let Some(split) = in_force(&target, &splits, today) {
            targets.push(cascade_of(session, target, &history, split, today, only).await?);
        }
    }
    let synthetic = targets.iter().any(|c| {
        c.split.entered_by == linkages_core::pipeline::DEMO_ENTERED_BY
            || c.cities
                .iter()
                .flat_map(|l| &l.points)
                .any(|p| p.provenance.as_ref().is_some_and(|p| p.synthetic))
    });
    Ok(CityBoard {
        today,
        city: only.map(|c| c.code.to_string()),
        targets,
        synthetic,
    })
}

/// One target's cities judged (all, or `only`), and the sums of every city reconciled.
async fn cascade_of(
    session: &Session,
    target: Target,
    history: &[Record],
    split: Split,
    today: NaiveDate,
    only: Option<&'static City>,
) -> Result<Cascade, Error> {
    let mut lines = Vec::new();
    for part in split
        .parts
        .iter()
        .filter(|p| only.is_none_or(|c| c.code == p.city))
    {
        lines.push(city_line(session, &target, history, part, today).await?);
    }
    let targets = cascade::reconcile(target.target_value, split.parts.iter().map(|p| p.value));
    let progress = match target.indicator {
        Some(_) => bound_progress(session, &target, today).await?,
        None => records_progress(history, today),
    };
    let (progress, progress_of) = progress.map_or((None, None), |(r, of)| (Some(r), Some(of)));
    let mut cascade = Cascade {
        counted: target::counted(&target.unit),
        target,
        split,
        cities: lines,
        targets,
        progress,
        progress_of,
        reconciled_zh: String::new(),
        reconciled_en: String::new(),
    };
    cascade.reconciled_zh = cascade.reconciled(Lang::Zh);
    cascade.reconciled_en = cascade.reconciled(Lang::En);
    Ok(cascade)
}

/// A bound target's year to date of the province against the sum of the cities' (one
/// query by city), in the month the province's is of.
async fn bound_progress(
    session: &Session,
    target: &Target,
    today: NaiveDate,
) -> Result<Option<(Reconciliation, String)>, Error> {
    let province = from_store(session, target, &[], target.target_value, today).await?;
    let (Some((period, ytd)), Some(code)) = (province.ytd, &target.indicator) else {
        return Ok(None);
    };
    let indicator = indicator::find(code)?;
    let mut request = Request::total(indicator, period);
    request.by = Some(Dimension::parse(indicator.dataset, "city")?);
    let table = linkages_engine::indicators::compute(session, &request).await?;
    let cities = table
        .rows
        .iter()
        .filter(|r| classify::city(&r.member).is_some())
        .filter_map(|r| r.ytd);
    Ok(Some((cascade::reconcile(ytd, cities), period.to_string())))
}

/// A countable target's latest province record against the sum of every city's latest
/// (named in the split or not).
fn records_progress(history: &[Record], day: NaiveDate) -> Option<(Reconciliation, String)> {
    let province = records(history, None)
        .into_iter()
        .filter(|p| p.observation.date <= day)
        .max_by_key(|p| p.observation.date)?;
    let cities = classify::CITIES
        .iter()
        .filter_map(|c| latest_of(history, c.code, day));
    Some((
        cascade::reconcile(province.observation.value, cities),
        day.to_string(),
    ))
}

/// A city judged against its part, by the province's rules: a bound target from the
/// city's slice of the store, a countable one from the city's records (its baseline the
/// city's value on the target's baseline day, else 0).
async fn city_line(
    session: &Session,
    target: &Target,
    history: &[Record],
    part: &Part,
    today: NaiveDate,
) -> Result<CityLine, Error> {
    let goal = Goal {
        target: part.value,
        baseline: latest_of(history, &part.city, target.baseline_date).unwrap_or(0.0),
        ..target.goal()
    };
    let (points, pace, ytd) = match &target.indicator {
        Some(code) => {
            let dataset = indicator::find(code)?.dataset;
            let filter = Filter::parse(dataset, &format!("city={}", part.city))?;
            let bound = from_store(session, target, &[filter], part.value, today).await?;
            (bound.points, bound.pace, bound.ytd.map(|(_, v)| v))
        }
        None => (records(history, Some(&part.city)), None, None),
    };
    let observations: Vec<_> = points.iter().map(|p| p.observation).collect();
    let mut evaluation = evaluate(&goal, &observations, today);
    evaluation.pace = evaluation.pace.or(pace);
    let (name_zh, name_en) = classify::city(&part.city)
        .map(|c| (c.name_zh.to_string(), c.name_en.to_string()))
        .unwrap_or_else(|| (part.city.clone(), part.city.clone()));
    Ok(CityLine {
        city: part.city.clone(),
        name_zh,
        name_en,
        target: part.value,
        share_pct: part.share_pct,
        pace_zh: evaluation.pace.map(|p| p.text(Lang::Zh)),
        pace_en: evaluation.pace.map(|p| p.text(Lang::En)),
        evaluation,
        ytd,
        points,
    })
}

/// The city board's columns, in Chinese and English.
const HEADER: [(&str, &str); 10] = [
    ("目标", "Target"),
    ("城市", "City"),
    ("城市目标", "City target"),
    ("分解份额%", "Share %"),
    ("最新值", "Latest"),
    ("日期", "As of"),
    ("完成进度%", "Progress %"),
    ("时间进度", "Against the calendar"),
    ("状态", "Status"),
    ("分解依据", "Split by"),
];

/// How a split was made, in the reader's language: the document, or the shares it follows.
pub fn basis_text(split: &Split, lang: Lang) -> String {
    let Some((of, year)) = &split.shares else {
        return split.basis.clone();
    };
    match (indicator::find(of), lang) {
        (Ok(i), Lang::Zh) => format!("按{year}年各市{}占比（{}）", i.name_zh, split.basis),
        (Ok(i), Lang::En) => format!(
            "by the cities' shares of {} in {year} ({})",
            i.name_en.to_lowercase(),
            split.basis
        ),
        (Err(_), Lang::Zh) => format!("按{year}年末各市进度记录占比"),
        (Err(_), Lang::En) => {
            format!("by the cities' shares of their records at the end of {year}")
        }
    }
}

impl Cascade {
    /// The target's lines as rows of the board.
    fn rows(&self, lang: Lang) -> Vec<Vec<Cell>> {
        let unit = self.target.unit.as_str();
        let title = format!(
            "{}{}",
            lang.pick(&self.target.title_zh, &self.target.title_en),
            self.split
                .year
                .map(|y| format!(" ({y})"))
                .unwrap_or_default()
        );
        self.cities
            .iter()
            .map(|l| {
                let e = &l.evaluation;
                vec![
                    Cell::Text(title.clone()),
                    Cell::Text(lang.pick(&l.name_zh, &l.name_en).into()),
                    Cell::Text(value(l.target, unit, lang)),
                    Cell::Number(l.share_pct, 1),
                    Cell::Text(
                        e.latest
                            .map(|v| value(v, unit, lang))
                            .unwrap_or_else(|| "–".into()),
                    ),
                    Cell::Text(e.latest_date.map(|d| d.to_string()).unwrap_or_default()),
                    Cell::Number(e.progress_pct, 1),
                    Cell::Text(e.pace.map(|p| p.text(lang)).unwrap_or_default()),
                    Cell::Text(e.status.name(lang).into()),
                    Cell::Text(basis_text(&self.split, lang)),
                ]
            })
            .collect()
    }

    /// The reconciliation in words: the cities' targets and progress against the province.
    pub fn reconciled(&self, lang: Lang) -> String {
        let unit = self.target.unit.as_str();
        let v = |x: f64| value(x, unit, lang);
        let title = lang.pick(&self.target.title_zh, &self.target.title_en);
        let sum = |r: &Reconciliation, what_zh: &str, what_en: &str| match (r.agrees, lang) {
            (true, Lang::Zh) => format!("各市{what_zh}合计{}，与全省一致", v(r.cities)),
            (true, Lang::En) => format!(
                "the cities' {what_en} sum to {}, as the province's",
                v(r.cities)
            ),
            (false, Lang::Zh) => format!(
                "各市{what_zh}合计{}，全省{}，{}{}",
                v(r.cities),
                v(r.province),
                if r.gap > 0.0 {
                    "未落到城市"
                } else {
                    "城市合计超出"
                },
                v(r.gap.abs())
            ),
            (false, Lang::En) => format!(
                "the cities' {what_en} sum to {} against the province's {}: {} {}",
                v(r.cities),
                v(r.province),
                v(r.gap.abs()),
                if r.gap > 0.0 {
                    "not with any city"
                } else {
                    "more in the cities"
                }
            ),
        };
        let n = self.split.parts.len();
        let mut text = match lang {
            Lang::Zh => format!(
                "{title}：分解到{n}个市，{}",
                sum(&self.targets, "目标", "targets")
            ),
            Lang::En => format!(
                "{title}: split among {n} cities; {}",
                sum(&self.targets, "目标", "targets")
            ),
        };
        if let (Some(p), Some(of)) = (&self.progress, &self.progress_of) {
            text += &match lang {
                Lang::Zh => format!("；截至{of}，{}", sum(p, "进度", "progress")),
                Lang::En => format!("; as of {of}, {}", sum(p, "进度", "progress")),
            };
        }
        text
    }
}

impl CityBoard {
    /// The board as a table: one row per target and city, the reconciliations below.
    pub fn grid(&self, lang: Lang) -> Grid {
        let header = HEADER
            .iter()
            .map(|(zh, en)| lang.pick(zh, en).to_string())
            .collect();
        let rows = self.targets.iter().flat_map(|c| c.rows(lang)).collect();
        let mut footer = vec![format!(
            "{} {}.",
            lang.pick("评估日期", "Judged on"),
            self.today
        )];
        footer.extend(self.targets.iter().map(|c| c.reconciled(lang)));
        if self.synthetic {
            footer.push(SYNTHETIC_NOTE.into());
        }
        let city = self.city.as_deref().and_then(classify::city);
        Grid {
            title: match (city, lang) {
                (Some(c), Lang::Zh) => format!("{}市“五外联动”目标分解与进展", c.name_zh),
                (Some(c), Lang::En) => {
                    format!("{}: city targets of the Five External Linkages", c.name_en)
                }
                (None, _) => lang
                    .pick(
                        "“五外联动”目标分解到市",
                        "Five External Linkages: targets by city",
                    )
                    .into(),
            },
            header,
            rows,
            footer,
        }
    }
}

/// Splits the demo's targets among the cities, unless the registry holds splits already:
/// the annual trade scale of every year with data by the cities' shares of the year
/// before, and the countable targets of trade by the cities' shares of the first full year
/// of trade after their baseline; and records each city's synthetic progress (the
/// province's records shared out by synthetic weights). Returns how many splits.
pub async fn load_demo(
    registry: &mut Registry,
    session: &Session,
    seed: u64,
) -> Result<usize, Error> {
    let all = read(registry)?;
    if all.iter().any(|(_, _, s)| !s.is_empty()) {
        return Ok(0);
    }
    let trade = indicator::find("trade")?;
    let Some(latest) = linkages_engine::indicators::latest_period(session, trade.dataset).await?
    else {
        return Ok(0);
    };
    let at = chrono::Utc::now().to_rfc3339();
    let by = linkages_core::pipeline::DEMO_ENTERED_BY;
    let mut n = 0;
    for (target, history, _) in &all {
        let years: Vec<Option<i32>> = match (&target.indicator, target.figure.as_deref()) {
            (Some(i), Some("annual")) if i == "trade" => (target.baseline_date.year() + 1
                ..=latest.year)
                .map(Some)
                .collect(),
            (None, _) if target.linkage == Some(linkages_core::Linkage::Trade) => vec![None],
            _ => Vec::new(),
        };
        for year in years {
            let basis_year = year.unwrap_or(target.baseline_date.year()) - 1;
            let basis = Basis::Indicator {
                indicator: trade,
                year: basis_year,
            };
            let split = new_split(session, (target, history), year, basis, by).await?;
            registry.add_split(&split, &at)?;
            n += 1;
            if year.is_none() {
                demo_city_records(registry, target, history, &split, seed, &at)?;
            }
        }
    }
    Ok(n)
}

/// Each province record of a countable target shared out among the split's cities by
/// weights near their shares (synthetic: some cities ahead of their part, some behind),
/// whole numbers summing to the province's record.
fn demo_city_records(
    registry: &mut Registry,
    target: &Target,
    history: &[Record],
    split: &NewSplit,
    seed: u64,
    at: &str,
) -> Result<(), Error> {
    let weights = linkages_demo::progress::city_weights(
        seed,
        &target.id,
        &split
            .parts
            .iter()
            .map(|p| (p.city.clone(), p.value))
            .collect::<Vec<_>>(),
    );
    for r in history.iter().filter(|r| r.city.is_none() && !r.superseded) {
        let parts = cascade::by_shares(r.value.round(), &weights, true)
            .map_err(|e| Error::Invalid(e.to_string()))?;
        for p in parts.into_iter().filter(|p| p.value > 0.0) {
            let new = linkages_registry::NewRecord {
                target_id: target.id.clone(),
                value: p.value,
                as_of: r.as_of,
                source: r.source.clone(),
                entered_by: linkages_core::pipeline::DEMO_ENTERED_BY.into(),
                city: Some(p.city),
                ..Default::default()
            };
            registry.record(&new, r.as_of, at)?;
        }
    }
    Ok(())
}
