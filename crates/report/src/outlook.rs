//! Where the year is heading: an indicator's slice over its whole history, adjusted for its
//! season and the Spring Festival, projected twelve months ahead with 80% and 95% intervals,
//! the year's total projected from the months known and those projected, and the backtest
//! that says how far such projections have erred against the seasonal-naive forecast.
//! What `linkages adjust` and `linkages project` print and `/api/v1/adjust` and
//! `/api/v1/project` answer; the methods are `linkages_forecast`'s.

use linkages_core::{Lang, Period, Provenance, Request, Unit};
use linkages_engine::{Session, indicators};
use linkages_forecast::{Adjusted, Backtest, Projection, Series, Window};

use crate::Error;
use crate::table::{Cell, Grid};
use crate::text::{amount, table_amount, table_unit};

/// The first year the history is read from (the store's data start later).
const FIRST_YEAR: i32 = 1990;

/// The first origin of the backtest: each month from 2019 on (given three years before it).
const FIRST_ORIGIN: Period = Period {
    year: 2019,
    month: 1,
};

/// The request of a spec whose period may be empty: then the latest month of the
/// indicator's dataset.
pub async fn request(
    session: &Session,
    mut spec: linkages_core::indicator::Spec,
) -> Result<Request, Error> {
    if spec.period.trim().is_empty() {
        let indicator = linkages_core::indicator::find(spec.indicator.trim())?;
        let latest = indicators::latest_period(session, indicator.dataset)
            .await?
            .ok_or_else(|| Error::NoData(format!("no {} data", indicator.dataset.name)))?;
        spec.period = latest.to_string();
    }
    Ok(spec.resolve()?)
}

/// An indicator's slice month by month, as the store holds it, from the first month after
/// its last gap (a month without data that is not a January published with February:
/// older history across a gap is not used), and the query.
pub async fn history(session: &Session, request: &Request) -> Result<(Series, Provenance), Error> {
    let (provenance, months) = indicators::monthly_since(session, request, FIRST_YEAR).await?;
    let series = Series::after_last_gap(&months)
        .ok_or_else(|| Error::NoData(format!("no {} data", request.indicator.code)))?;
    Ok((series, provenance))
}

/// The adjusted series of a slice with its components.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Adjustment {
    /// Indicator code.
    pub indicator: &'static str,
    /// Unit of the values.
    pub unit: Unit,
    /// The series and its components.
    pub adjusted: Adjusted,
    /// The method, in words.
    pub method: &'static str,
    /// The query the raw values come from.
    pub provenance: Provenance,
}

/// The method of [`Adjustment`], in words.
pub const ADJUSTMENT_METHOD: &str =
    "Spring Festival regression on logs (X-13 prior adjustment), then STL (period 12, robust)";

/// Adjusts a request's slice (its breakdown ignored) for its season and the Spring Festival.
pub async fn adjust(
    session: &Session,
    request: &Request,
    window: Window,
) -> Result<Adjustment, Error> {
    let (series, provenance) = history(session, request).await?;
    let adjusted = linkages_forecast::adjust(&series, window).map_err(invalid)?;
    Ok(Adjustment {
        indicator: request.indicator.code,
        unit: request.unit,
        adjusted,
        method: ADJUSTMENT_METHOD,
        provenance,
    })
}

fn invalid(e: linkages_forecast::Error) -> Error {
    Error::Invalid(e.to_string())
}

/// The year's total: the months known and those projected, with the projection's range.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct YearTotal {
    /// The calendar year projected (the next when the last month known is December).
    pub year: i32,
    /// Months of it known (0: the next year, wholly projected).
    pub months_known: u32,
    /// Their sum.
    pub known: f64,
    /// The year's total projected.
    pub point: f64,
    /// The 80% range: the known months plus the projected months' 80% bounds (summed, as
    /// if the months erred together, which a persistent trend error does; wider than an
    /// independent error's range).
    pub low_80: f64,
    /// Its upper end.
    pub high_80: f64,
    /// Last year's total, if known.
    pub last_year: Option<f64>,
    /// The projected growth on last year, %.
    pub growth_pct: Option<f64>,
}

/// The projection of a slice, the year's total and the backtest.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Outlook {
    /// Indicator code.
    pub indicator: &'static str,
    /// Unit of the values.
    pub unit: Unit,
    /// For counts, what is counted.
    pub counted: Option<linkages_core::indicator::Counted>,
    /// The last month known.
    pub last: Period,
    /// Twelve months ahead.
    pub projection: Projection,
    /// The year of the last month known, projected to its end.
    pub year: YearTotal,
    /// The rolling-origin backtest of the same model and the seasonal-naive forecast.
    pub backtest: Backtest,
    /// The horizon whose errors the text quotes: the months left in the year (12 when the
    /// year projected is the next).
    pub quoted_horizon: usize,
    /// The model, in words.
    pub model: &'static str,
    /// The query the values come from.
    pub provenance: Provenance,
}

/// Projects a request's slice twelve months ahead and backtests the model on it.
pub async fn project(
    session: &Session,
    request: &Request,
    window: Window,
) -> Result<Outlook, Error> {
    let (series, provenance) = history(session, request).await?;
    let projection = linkages_forecast::project(&series, 12, window).map_err(invalid)?;
    let backtest = linkages_forecast::backtest(&series, FIRST_ORIGIN, window).map_err(invalid)?;
    let last = (1..series.values.len()).fold(series.start, |p, _| p.next());
    // A year that is over is not projected: the next one is, wholly.
    let year = year_total(&series, last, &projection);
    let left = 12 - last.month as usize;
    Ok(Outlook {
        indicator: request.indicator.code,
        unit: request.unit,
        counted: request.indicator.counted,
        last,
        quoted_horizon: if left == 0 { 12 } else { left },
        projection,
        year,
        backtest,
        model: linkages_forecast::project::MODEL,
        provenance,
    })
}

/// The year of `last` (the next when `last` is December): its known months and the
/// projected rest.
fn year_total(series: &Series, last: Period, p: &Projection) -> YearTotal {
    let (year, months_known) = match last.month {
        12 => (last.year + 1, 0),
        m => (last.year, m),
    };
    let mut p_month = series.start;
    let mut known = 0.0;
    let mut last_year = 0.0;
    let mut last_year_months = 0;
    for v in &series.values {
        match (p_month.year, v) {
            (y, Some(v)) if y == year => known += v,
            (y, Some(v)) if y == year - 1 => {
                last_year += v;
                last_year_months += 1;
            }
            // A combined January is in February's value.
            (y, None) if y == year - 1 => last_year_months += 1,
            _ => {}
        }
        p_month = p_month.next();
    }
    let rest = |v: &[f64]| -> f64 {
        p.periods
            .iter()
            .zip(v)
            .filter(|(m, _)| m.year == year)
            .map(|(_, v)| v)
            .sum()
    };
    let point = known + rest(&p.point);
    let last_year = (last_year_months == 12).then_some(last_year);
    YearTotal {
        year,
        months_known,
        known,
        point,
        low_80: known + rest(&p.lower_80),
        high_80: known + rest(&p.upper_80),
        last_year,
        growth_pct: last_year
            .filter(|l| *l > 0.0)
            .map(|l| (point / l - 1.0) * 100.0),
    }
}

impl Outlook {
    /// The year's projection as the brief writes it, with the backtest's errors at the
    /// horizon of the months left ("按目前进度，全年…预计…，区间…").
    pub fn text(&self, name: (&str, &str), lang: Lang) -> String {
        let y = &self.year;
        let v = |x: f64| match (self.unit, self.counted, lang) {
            (Unit::Count, Some(c), Lang::Zh) => format!("{}{}", amount(x, self.unit, lang), c.zh),
            (Unit::Count, Some(c), Lang::En) => format!("{} {}", amount(x, self.unit, lang), c.en),
            _ => amount(x, self.unit, lang),
        };
        let growth = y.growth_pct.map(|g| match lang {
            Lang::Zh => format!(
                "，同比{}{:.1}%",
                if g >= 0.0 { "增长" } else { "下降" },
                g.abs()
            ),
            Lang::En => format!(", {:+.1}% on {}", g, y.year - 1),
        });
        let k = self.quoted_horizon;
        let errors = self.backtest.at(k).map(|h| (h.mape, h.naive_mape));
        let honest = match (errors, lang) {
            (Some((m, n)), Lang::Zh) => format!(
                "该模型对本序列{k}个月预测的回测平均误差为{m:.1}%，季节朴素法为{n:.1}%{}。",
                if m < n {
                    ""
                } else {
                    "，本预测未优于朴素法，仅供参考"
                }
            ),
            (Some((m, n)), Lang::En) => format!(
                " This model's {k}-month error on this series: {m:.1}%, the seasonal-naive one's: {n:.1}%{}.",
                if m < n {
                    ""
                } else {
                    "; the projection does not beat the naive forecast"
                }
            ),
            (None, _) => String::new(),
        };
        match lang {
            Lang::Zh => format!(
                "按目前进度，全年{}预计{}{}，区间{}–{}（80%）。{honest}",
                name.0,
                v(y.point),
                growth.unwrap_or_default(),
                v(y.low_80),
                v(y.high_80)
            ),
            Lang::En => format!(
                "At this pace, the {} total of {} is projected at {}{} (80% range {}–{}).{honest}",
                y.year,
                name.1.to_lowercase(),
                v(y.point),
                growth.unwrap_or_default(),
                v(y.low_80),
                v(y.high_80)
            ),
        }
    }
}

/// A factor as a percentage effect (1.05 → +5.0).
fn effect(f: f64) -> Option<f64> {
    Some((f - 1.0) * 100.0)
}

impl Adjustment {
    /// The months as a table: raw, adjusted, trend (in 亿 or the count), and the
    /// seasonal, Spring Festival and irregular effects in %.
    pub fn grid(&self, lang: Lang) -> Grid {
        let unit = table_unit(self.unit, lang);
        let decimals = if self.unit == Unit::Count { 0 } else { 2 };
        let a = &self.adjusted;
        let n = |v: f64| Cell::Number(Some(table_amount(v, self.unit)), decimals);
        let rows = (0..a.periods.len())
            .map(|i| {
                vec![
                    Cell::Text(a.periods[i].to_string()),
                    n(a.raw[i]),
                    n(a.adjusted[i]),
                    n(a.trend[i]),
                    Cell::Number(effect(a.seasonal[i]), 1),
                    Cell::Number(effect(a.holiday[i]), 1),
                    Cell::Number(effect(a.irregular[i]), 1),
                ]
            })
            .collect();
        let header = [
            ("月份".to_string(), "Month".to_string()),
            (format!("原值（{unit}）"), format!("Raw ({unit})")),
            (format!("季调后（{unit}）"), format!("Adjusted ({unit})")),
            (format!("趋势（{unit}）"), format!("Trend ({unit})")),
            ("季节因素%".into(), "Season %".into()),
            ("春节因素%".into(), "Spring Festival %".into()),
            ("不规则%".into(), "Irregular %".into()),
        ];
        let mut footer = vec![
            format!("{}: {}", lang.pick("方法", "Method"), self.method),
            match lang {
                Lang::Zh => format!(
                    "春节效应（整个窗口多落入一个月时）：{:+.1}%（窗口：节前{}天至节后{}天）",
                    a.holiday_effect_pct, a.window.before, a.window.after
                ),
                Lang::En => format!(
                    "Spring Festival effect (a month holding the whole window more than usual): {:+.1}% (window: {} days before to {} days after the festival)",
                    a.holiday_effect_pct, a.window.before, a.window.after
                ),
            },
        ];
        if !a.split_years.is_empty() {
            footer.push(format!(
                "{}: {:?}",
                lang.pick(
                    "1-2月合并发布、按同类年份1月占比拆分的年份",
                    "January–February published combined, split by January's share in like years"
                ),
                a.split_years
            ));
        }
        footer.push(self.provenance.sql.clone());
        Grid {
            title: format!(
                "{} {}",
                self.indicator,
                lang.pick(
                    "季节调整（含春节因素）",
                    "seasonally adjusted, with the Spring Festival"
                )
            ),
            header: header
                .into_iter()
                .map(|(zh, en)| lang.pick(&zh, &en).to_string())
                .collect(),
            rows,
            footer,
        }
    }
}

impl Outlook {
    /// The projection as a table: each month ahead with its 80% and 95% ranges, then the
    /// backtest by horizon beside the seasonal-naive forecast's.
    pub fn grid(&self, name: (&str, &str), lang: Lang) -> Grid {
        let unit = table_unit(self.unit, lang);
        let decimals = if self.unit == Unit::Count { 0 } else { 2 };
        let n = |v: f64| Cell::Number(Some(table_amount(v, self.unit)), decimals);
        let p = &self.projection;
        let mut rows: Vec<Vec<Cell>> = (0..p.periods.len())
            .map(|i| {
                let errors = self.backtest.at(i + 1);
                vec![
                    Cell::Text(p.periods[i].to_string()),
                    n(p.point[i]),
                    n(p.lower_80[i]),
                    n(p.upper_80[i]),
                    n(p.lower_95[i]),
                    n(p.upper_95[i]),
                    Cell::Number(errors.map(|h| h.mape), 1),
                    Cell::Number(errors.map(|h| h.naive_mape), 1),
                    Cell::Number(errors.map(|h| h.coverage_80), 0),
                ]
            })
            .collect();
        let y = &self.year;
        rows.push(vec![
            Cell::Text(format!("{}{}", y.year, lang.pick("年全年", " full year"))),
            n(y.point),
            n(y.low_80),
            n(y.high_80),
            Cell::Text(String::new()),
            Cell::Text(String::new()),
            Cell::Text(String::new()),
            Cell::Text(String::new()),
            Cell::Text(String::new()),
        ]);
        let header = [
            ("月份".to_string(), "Month".to_string()),
            (format!("预测（{unit}）"), format!("Projected ({unit})")),
            ("80%下限".into(), "80% low".into()),
            ("80%上限".into(), "80% high".into()),
            ("95%下限".into(), "95% low".into()),
            ("95%上限".into(), "95% high".into()),
            ("回测误差%".into(), "Backtest MAPE %".into()),
            ("朴素法误差%".into(), "Naive MAPE %".into()),
            ("80%覆盖率%".into(), "80% coverage %".into()),
        ];
        Grid {
            title: format!(
                "{} {}",
                lang.pick(name.0, name.1),
                lang.pick("预测", "projection")
            ),
            header: header
                .into_iter()
                .map(|(zh, en)| lang.pick(&zh, &en).to_string())
                .collect(),
            rows,
            footer: vec![
                self.text(name, lang),
                format!("{}: {}", lang.pick("模型", "Model"), self.model),
                format!(
                    "{}: {} – {}",
                    lang.pick("回测起点", "Backtest origins"),
                    self.backtest.first_origin,
                    self.backtest.last_origin
                ),
                self.provenance.sql.clone(),
            ],
        }
    }
}

/// At most this many members of a breakdown are adjusted (the largest of the month).
pub const MAX_MEMBERS: usize = 25;

/// One member of a breakdown adjusted, or why it could not be.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct MemberAdjustment {
    /// The member's code (`440300`, `USA`, …).
    pub member: String,
    /// Its name in Chinese, when the code is in a reference list.
    pub name_zh: Option<String>,
    /// Its name in English.
    pub name_en: Option<String>,
    /// The adjusted series, when its history allows.
    pub adjustment: Option<Adjustment>,
    /// Why not (a gap, too short, a value not positive).
    pub refused: Option<String>,
}

/// Every member of a request's breakdown (the largest [`MAX_MEMBERS`] of its month)
/// adjusted for its season and the Spring Festival, each over its own history.
pub async fn adjust_by(
    session: &Session,
    request: &Request,
    window: Window,
) -> Result<Vec<MemberAdjustment>, Error> {
    let Some(by) = request.by else {
        return Err(Error::Invalid(
            "adjusting by members needs a breakdown".into(),
        ));
    };
    let table = indicators::compute(session, request).await?;
    let mut out = Vec::new();
    for row in table.rows.iter().take(MAX_MEMBERS) {
        let mut member = Request {
            by: None,
            ..request.clone()
        };
        member.filters.push(linkages_core::indicator::Filter {
            dimension: by,
            code: row.member.clone(),
        });
        let (adjustment, refused) = match adjust(session, &member, window).await {
            Ok(a) => (Some(a), None),
            Err(Error::Invalid(why) | Error::NoData(why)) => (None, Some(why)),
            Err(e) => return Err(e),
        };
        out.push(MemberAdjustment {
            member: row.member.clone(),
            name_zh: row.name_zh.clone(),
            name_en: row.name_en.clone(),
            adjustment,
            refused,
        });
    }
    Ok(out)
}

/// The members' adjusted series as one table: member, month, raw, adjusted, trend, and
/// the members refused with the reason below.
pub fn members_grid(members: &[MemberAdjustment], lang: Lang) -> Grid {
    let mut rows = Vec::new();
    let mut footer = Vec::new();
    let mut header = Vec::new();
    for m in members {
        let name = match lang {
            Lang::Zh => m.name_zh.clone(),
            Lang::En => m.name_en.clone(),
        }
        .unwrap_or_else(|| m.member.clone());
        match (&m.adjustment, &m.refused) {
            (Some(a), _) => {
                let grid = a.grid(lang);
                header = grid.header;
                rows.extend(grid.rows.into_iter().map(|mut r| {
                    r.insert(0, Cell::Text(name.clone()));
                    r
                }));
            }
            (None, why) => footer.push(format!("{name}: {}", why.clone().unwrap_or_default())),
        }
    }
    header.insert(0, lang.pick("成员", "Member").into());
    Grid {
        title: lang
            .pick(
                "分项季节调整（含春节因素）",
                "Members seasonally adjusted, with the Spring Festival",
            )
            .into(),
        header,
        rows,
        footer,
    }
}
