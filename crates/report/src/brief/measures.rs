//! 六、措施与项目: the measures' targets against the calendar (时间进度) and the investment
//! project pipeline of the month, from the registry as it stood at the month's end. These
//! numbers come from the registry (records and project events), not from a dataset query,
//! so they are not among the brief's recorded figures; the section says so.

use chrono::Datelike;
use linkages_core::pipeline::{Project, Stage};
use linkages_core::target::Status;
use linkages_core::{Lang, Period};

use super::Section;
use crate::cascade::CityBoard;
use crate::scoreboard::Scoreboard;
use crate::text::grouped;

/// The targets' statuses, and each target's pace against the calendar where it has one.
fn targets(board: &Scoreboard, lang: Lang) -> Option<String> {
    if board.lines.is_empty() {
        return None;
    }
    let count = |s: Status| {
        board
            .lines
            .iter()
            .filter(|l| l.evaluation.status == s)
            .count()
    };
    let statuses = [
        Status::Achieved,
        Status::OnTrack,
        Status::AtRisk,
        Status::OffTrack,
        Status::NoData,
    ];
    let counts: Vec<String> = statuses
        .iter()
        .filter(|s| count(**s) > 0)
        .map(|s| match lang {
            Lang::Zh => format!("{}{}项", s.name(lang), count(*s)),
            Lang::En => format!("{} {}", count(*s), s.name(lang)),
        })
        .collect();
    let paces: Vec<String> = board
        .lines
        .iter()
        .filter_map(|l| {
            let pace = match lang {
                Lang::Zh => l.pace_zh.as_ref(),
                Lang::En => l.pace_en.as_ref(),
            }?;
            Some(format!(
                "{}{}{pace}",
                lang.pick(&l.target.title_zh, &l.target.title_en),
                lang.pick("：", ": ")
            ))
        })
        .collect();
    let n = board.lines.len();
    Some(match lang {
        Lang::Zh => format!(
            "截至{}，{n}项量化目标中，{}。{}。",
            board.today,
            counts.join("、"),
            paces.join("；")
        ),
        Lang::En => format!(
            "On {}, of {n} quantified targets: {}. {}.",
            board.today,
            counts.join(", "),
            paces.join("; ")
        ),
    })
}

/// A city's parts of the targets split among the cities: on each, its part, its pace
/// against the calendar and its status.
fn city_targets(board: &CityBoard, lang: Lang) -> Option<String> {
    let parts: Vec<String> = board
        .targets
        .iter()
        .flat_map(|c| c.cities.iter().map(move |l| (c, l)))
        .map(|(c, l)| {
            let unit = c.target.unit.as_str();
            let part = crate::scoreboard::value(l.target, unit, lang);
            let year = c.split.year;
            let pace = match lang {
                Lang::Zh => l.pace_zh.as_deref(),
                Lang::En => l.pace_en.as_deref(),
            };
            let status = l.evaluation.status.name(lang);
            let pace = pace.map_or(status.to_string(), |p| {
                format!("{p}{}{status}", lang.pick("，", ", "))
            });
            match lang {
                Lang::Zh => format!(
                    "{}（本市{}目标{part}）：{pace}",
                    c.target.title_zh,
                    year.map(|y| format!("{y}年")).unwrap_or_default()
                ),
                Lang::En => format!(
                    "{} (the city's {}part {part}): {pace}",
                    c.target.title_en,
                    year.map(|y| format!("{y} ")).unwrap_or_default()
                ),
            }
        })
        .collect();
    (!parts.is_empty()).then(|| match lang {
        Lang::Zh => format!(
            "截至{}，分解到本市的目标{}项：{}。",
            board.today,
            parts.len(),
            parts.join("；")
        ),
        Lang::En => format!(
            "On {}, {} targets split to the city: {}.",
            board.today,
            parts.len(),
            parts.join("; ")
        ),
    })
}

/// Projects signed in a span of months and their contracted investment, US$.
fn signed_in(projects: &[Project], from: Period, to: Period) -> (usize, f64) {
    let inside = |p: &&Project| {
        p.state.reached_on(Stage::Signed).is_some_and(|d| {
            let m = Period {
                year: d.year(),
                month: d.month(),
            };
            m >= from && m <= to
        })
    };
    let signed: Vec<&Project> = projects.iter().filter(inside).collect();
    let usd = signed
        .iter()
        .filter_map(|p| p.state.amounts.contracted_usd)
        .sum();
    (signed.len(), usd)
}

fn usd_100m(v: f64) -> String {
    grouped(v / 1e8, 1)
}

/// The pipeline's month: new signings, the year's signings, the pipeline's rates.
fn pipeline(projects: &[Project], end: Period, lang: Lang) -> Option<String> {
    if projects.is_empty() {
        return None;
    }
    let (month, month_usd) = signed_in(projects, end, end);
    let (ytd, ytd_usd) = signed_in(
        projects,
        Period {
            year: end.year,
            month: 1,
        },
        end,
    );
    let k = linkages_core::pipeline::kpis(projects, crate::scoreboard::end_of(end));
    let pct = |v: Option<f64>| v.map_or("–".into(), |v| format!("{v:.1}%"));
    Some(match lang {
        Lang::Zh => format!(
            "招商引资：本月新签约项目{month}个，合同投资额{}亿美元；1-{}月累计签约{ytd}个，合同投资额{}亿美元。在库项目{}个，履约率{}，资金到位率{}，亿美元以上项目{}个。",
            usd_100m(month_usd),
            end.month,
            usd_100m(ytd_usd),
            k.projects,
            pct(k.fulfilment_pct),
            pct(k.funds_pct),
            k.large
        ),
        Lang::En => format!(
            "Investment promotion: {month} projects signed this month, US${} million contracted; {ytd} signed since January, US${} million. {} projects in the pipeline; fulfilment rate {}, funds in place {}, {} of US$100 million or more.",
            grouped(month_usd / 1e6, 0),
            grouped(ytd_usd / 1e6, 0),
            k.projects,
            pct(k.fulfilment_pct),
            pct(k.funds_pct),
            k.large
        ),
    })
}

/// The targets a brief reports: the province's scoreboard, or a city's parts.
pub(crate) struct Targets<'a> {
    /// The province's brief: every target.
    pub province: Option<&'a Scoreboard>,
    /// A city's brief: its parts of the targets split among the cities.
    pub city: Option<&'a CityBoard>,
}

/// The section, or `None` when the registry has neither targets nor projects to report.
/// A city's brief reports its own parts of the targets and its own projects.
pub(crate) fn section(
    targets_of: Targets<'_>,
    projects: &[Project],
    end: Period,
    lang: Lang,
) -> Option<Section> {
    let mut paragraphs: Vec<String> = targets_of
        .province
        .and_then(|b| targets(b, lang))
        .into_iter()
        .chain(targets_of.city.and_then(|b| city_targets(b, lang)))
        .collect();
    paragraphs.extend(pipeline(projects, end, lang));
    if paragraphs.is_empty() {
        return None;
    }
    paragraphs.push(
        lang.pick(
            "（本节数据来自措施与项目登记库，不是统计数据集的查询结果。）",
            "(This section comes from the registry of measures and projects, not from a dataset query.)",
        )
        .into(),
    );
    Some(Section {
        id: "measures",
        heading: lang
            .pick("六、措施与招商项目", "6. Measures and investment projects")
            .into(),
        paragraphs,
        tables: Vec::new(),
        charts: Vec::new(),
    })
}
