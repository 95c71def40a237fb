//! The monthly brief of the five linkages, in the phrasing of China's official statistics
//! ("1-4月，广东外贸进出口…，同比增长…"), in Chinese or English.
//!
//! The brief is written section by section ([`trade`], [`partners`], [`products`],
//! [`cities`], [`linkages`]), each a short function over one shared [`Context`]. Every
//! number written into it is a [`Number`] that names the query it comes from (a pinned
//! dataset version and SQL), the row (`member`) and the column (`figure`) holding it, so
//! that `brief --format json` can be checked by re-running the queries. Rendering is in
//! [`crate::render`], printing to PDF in [`crate::pdf`].

mod cities;
mod context;
mod linkages;
mod measures;
mod partners;
mod products;
mod trade;

use std::fmt;

use linkages_core::classify::City;
use linkages_core::indicator::official_month;
use linkages_core::{Figure, Lang, Period, SYNTHETIC_NOTE, Spread, Unit};
use linkages_engine::Session;

use crate::Error;
use crate::table::Grid;
use crate::text::ytd_span;

pub(crate) use context::Context;

/// What a number of the brief is: a figure of an indicator's total or of one member of a
/// breakdown (`trade.ytd_yoy`, `trade.partner.VNM.ytd`), or one month of a series
/// (`trade.month.2024-01`). Written as those dotted identifiers in JSON and files.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FigureId {
    /// A figure of an indicator, for its total or a member of a breakdown.
    Indicator {
        /// Indicator code.
        indicator: &'static str,
        /// The breakdown and the member's code; `None` for the total.
        member: Option<(String, String)>,
        /// The figure.
        figure: Figure,
    },
    /// The value of one month in an indicator's monthly series.
    Month {
        /// Indicator code.
        indicator: &'static str,
        /// The month.
        period: Period,
    },
    /// How concentrated a breakdown of an indicator is (`trade.flow.export.partner.hhi`).
    Spread {
        /// Indicator code.
        indicator: &'static str,
        /// The slice's filters (`flow.export`), the breakdown and the measure.
        of: String,
        /// The measure.
        spread: Spread,
    },
}

impl fmt::Display for FigureId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FigureId::Indicator {
                indicator,
                member: None,
                figure,
            } => write!(f, "{indicator}.{figure}"),
            FigureId::Indicator {
                indicator,
                member: Some((by, member)),
                figure,
            } => write!(f, "{indicator}.{by}.{member}.{figure}"),
            FigureId::Month { indicator, period } => write!(f, "{indicator}.month.{period}"),
            FigureId::Spread {
                indicator,
                of,
                spread,
            } => write!(f, "{indicator}.{of}.{spread}"),
        }
    }
}

impl serde::Serialize for FigureId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One number of the brief and where it comes from.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Number {
    /// What it is.
    #[schema(value_type = String, example = "trade.partner_group.asean.ytd_yoy")]
    pub id: FigureId,
    /// Index into [`Brief::queries`].
    pub query: usize,
    /// The row of the query's result holding it (its `member` column).
    pub member: String,
    /// The column holding it.
    pub figure: Column,
    /// The value at full precision.
    pub value: f64,
    /// Unit of amounts (none for percentages, points and ranks).
    pub unit: Option<Unit>,
    /// As written in the brief.
    pub text: String,
}

/// The column of a recorded query's answer that holds a number: written as its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum Column {
    /// An official figure of an indicator's table (`ytd_yoy`).
    Figure(Figure),
    /// A measure of a breakdown's concentration (`hhi`).
    Spread(Spread),
}

impl Column {
    /// The column's name in the query (`ytd_yoy`, `hhi`).
    pub fn code(self) -> &'static str {
        match self {
            Column::Figure(f) => f.code(),
            Column::Spread(s) => s.code(),
        }
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A query the brief ran.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Query {
    /// Dataset read.
    pub dataset: String,
    /// The version it read, pinned in the SQL.
    pub version: u32,
    /// Whether that version is synthetic.
    pub synthetic: bool,
    /// The SQL (read-only; runs on `linkages sql`).
    pub sql: String,
}

/// A section of the brief.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Section {
    /// Stable identifier (`trade`, `partners`, …), the HTML section's id.
    pub id: &'static str,
    /// Heading, numbered as officials number them (`一、外贸`).
    pub heading: String,
    /// Paragraphs of text.
    pub paragraphs: Vec<String>,
    /// Tables of the section's figures.
    pub tables: Vec<Grid>,
    /// Charts as SVG documents (in the HTML and PDF forms only).
    #[serde(skip)]
    pub charts: Vec<String>,
}

/// The monthly brief.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Brief {
    /// The month reported, `YYYY-MM`.
    pub period: String,
    /// The language it is written in.
    pub lang: Lang,
    /// Title, with the span covered.
    pub title: String,
    /// Whether any figure comes from synthetic (demo) data.
    pub synthetic: bool,
    /// Sections in reading order.
    pub sections: Vec<Section>,
    /// Data notes: missing or partial months, datasets without data, synthetic data.
    pub notes: Vec<String>,
    /// Every number of the brief.
    pub figures: Vec<Number>,
    /// Every query the figures come from.
    pub queries: Vec<Query>,
}

/// The province's brief for a month. January and February are reported together, as
/// customs does.
pub async fn build(session: &Session, period: Period, lang: Lang) -> Result<Brief, Error> {
    build_for(session, period, lang, None).await
}

/// The brief of the province, or of one city: what a city bureau reports upward every
/// month — its figures, its rank among the 21 and its contribution to the province's
/// growth, its partners and products, its other linkages.
pub async fn build_for(
    session: &Session,
    period: Period,
    lang: Lang,
    city: Option<&'static City>,
) -> Result<Brief, Error> {
    let (end, jan_feb) = official_month(period);
    let mut cx = Context::new(session, lang, end, jan_feb, city);
    let sections = vec![
        trade::section(&mut cx).await?,
        partners::section(&mut cx).await?,
        products::section(&mut cx).await?,
        match city {
            None => cities::section(&mut cx).await?,
            Some(c) => cities::standing(&mut cx, c).await?,
        },
        linkages::section(&mut cx).await?,
    ];
    let place = cx.place();
    let title = match lang {
        Lang::Zh => format!("{place}“五外联动”月度简报（{}）", cx.span),
        Lang::En => format!("{place} Five External Linkages: Monthly Brief, {}", cx.span),
    };
    let mut brief = cx.finish(title, sections);
    if brief.synthetic {
        brief.notes.push(SYNTHETIC_NOTE.to_string());
    }
    Ok(brief)
}

/// What a brief reads from the registry, read at once so that no lock on it is held while
/// the store is queried: the targets with their records, and the projects as they stood at
/// the month's end (a city's own for a city's brief).
#[derive(Debug, Clone, Default)]
pub struct Registered {
    /// The targets and their progress records (see [`crate::scoreboard::read`]).
    pub targets: Vec<(linkages_registry::Target, Vec<linkages_registry::Record>)>,
    /// A city's brief: the targets with their records and splits among the cities (see
    /// [`crate::cascade::read`]); empty for the province's.
    pub cascade: crate::cascade::Splits,
    /// The projects at the month's end.
    pub projects: Vec<linkages_core::pipeline::Project>,
    /// Whether the projects are the demo's (synthetic).
    pub synthetic_projects: bool,
}

impl Registered {
    /// Reads what the brief of `period` (of `city`, if given) reports from the registry.
    pub fn read(
        registry: &linkages_registry::Registry,
        period: Period,
        city: Option<&'static City>,
    ) -> Result<Registered, Error> {
        let end = crate::scoreboard::end_of(official_month(period).0);
        Ok(Registered {
            targets: crate::scoreboard::read(registry, None)?,
            cascade: match city {
                Some(_) => crate::cascade::read(registry)?,
                None => Vec::new(),
            },
            projects: registry.projects_as_of(city.map(|c| c.code), Some(end))?,
            synthetic_projects: registry.projects_synthetic()?,
        })
    }
}

/// The brief with its sixth section from the registry (see [`Registered`]): the targets
/// judged on the month's last day with their pace against the calendar (a city's brief:
/// the city's parts of the targets split among the cities), and the month's investment
/// projects.
pub async fn build_with(
    session: &Session,
    period: Period,
    lang: Lang,
    city: Option<&'static City>,
    registered: Registered,
) -> Result<Brief, Error> {
    let mut brief = build_for(session, period, lang, city).await?;
    let end = official_month(period).0;
    let day = crate::scoreboard::end_of(end);
    let (board, cities) = match city {
        None => (
            Some(crate::scoreboard::build(session, registered.targets, day).await?),
            None,
        ),
        Some(c) => (
            None,
            Some(crate::cascade::build(session, registered.cascade, day, Some(c)).await?),
        ),
    };
    let targets = measures::Targets {
        province: board.as_ref(),
        city: cities.as_ref(),
    };
    if let Some(s) = measures::section(targets, &registered.projects, end, lang) {
        brief.sections.push(s);
        let synthetic = registered.synthetic_projects
            || board.is_some_and(|b| b.synthetic)
            || cities.is_some_and(|b| b.synthetic);
        if synthetic && !brief.synthetic {
            brief.synthetic = true;
            brief.notes.push(SYNTHETIC_NOTE.to_string());
        }
    }
    Ok(brief)
}

/// The span the brief covers: `2024年1-4月`, `January–April 2024`.
fn span(end: Period, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}年{}", end.year, ytd_span(end, lang)),
        Lang::En => format!("{} {}", ytd_span(end, lang), end.year),
    }
}
