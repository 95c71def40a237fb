//! Indicators and the official figures computed for them: what is summed (an [`Indicator`]),
//! over which slice ([`Filter`]s), broken down how ([`Dimension`]), for which month
//! ([`Request`]). The engine turns a request into one SQL query; this module only knows the
//! vocabulary and the statistical conventions.
//!
//! Conventions (China's customs and commerce statistics):
//! - **month value** (当月): the month; with `jan_feb`, January and February are one period.
//! - **year-to-date** (累计): January through the month.
//! - **year-on-year %** (同比): against the same months a year earlier, for the month and
//!   for the year to date.
//! - **month-on-month %** (环比): against the previous month (December for January); not
//!   defined for a combined January–February.
//! - **share %** (占比): of the year-to-date total of the same filters without the breakdown.
//! - **contribution, points** (拉动): the slice's year-to-date change as a percentage of last
//!   year's year-to-date total: the slices' contributions add up to the total's growth.
//! - **average annual growth %**: `(ytd / ytd N years earlier)^(1/N) − 1`, on the same months.
//! - **rank**: by year-to-date value, largest first.
//!
//! A growth rate whose base is absent or zero is not a number: it is left empty and a
//! [`Note`] says why.
//! A month without data has no month figures (its year to date has); a member without
//! data in the year to date but with data a year earlier has fallen by 100%.

use crate::classify::{self, CodeList};
use crate::dataset::{self, ColumnKind, Dataset};
use crate::figure::Figure;
use crate::lang::Lang;
use crate::period::Period;

/// The unit an indicator's value is measured in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Yuan (renminbi).
    Cny,
    /// US dollars.
    Usd,
    /// A count (projects, people, institutions).
    Count,
}

impl Unit {
    /// Code as written on the command line and in the API.
    pub fn code(self) -> &'static str {
        match self {
            Unit::Cny => "cny",
            Unit::Usd => "usd",
            Unit::Count => "count",
        }
    }

    /// Parses `cny`/`rmb`/`yuan`, `usd`/`dollar` or `count`.
    pub fn parse(raw: &str) -> Option<Unit> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "cny" | "rmb" | "yuan" | "人民币" => Some(Unit::Cny),
            "usd" | "dollar" | "dollars" | "美元" => Some(Unit::Usd),
            "count" => Some(Unit::Count),
            _ => None,
        }
    }
}

/// One quantity a dataset publishes, summed over any slice: a measure column (per unit),
/// over the part of the dataset it covers. A dataset whose rows hold different quantities
/// (outward investment beside project turnover, people beside institutions) names the
/// columns that tell them apart ([`Dataset::quantity_columns`]); an indicator of it must fix
/// each of them to one code, so no figure adds unlike things. [`indicator`] checks this
/// when the program is compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Indicator {
    /// Code used on the command line, in the API and in briefs.
    pub code: &'static str,
    /// The dataset it is computed from.
    pub dataset: &'static Dataset,
    /// English name.
    pub name_en: &'static str,
    /// Chinese name.
    pub name_zh: &'static str,
    /// The column summed for each unit it can be given in; the first is the default.
    pub columns: &'static [(Unit, &'static str)],
    /// The part of the dataset it covers: columns fixed to one code (`kind` =
    /// `outward_investment`). Every quantity column of the dataset is among them.
    pub slice: &'static [(&'static str, &'static str)],
    /// For counts, what is counted: (Chinese, English) words, e.g. ("人", "people").
    pub counted: Option<Counted>,
}

/// What a count counts, as written after the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Counted {
    /// The Chinese word (`人`, `家`, `个`).
    pub zh: &'static str,
    /// The English word (`people`, `institutions`, `projects`).
    pub en: &'static str,
    /// The English word for one (`person`, `institution`, `project`).
    pub en_one: &'static str,
}

impl Counted {
    /// The word in the reader's language.
    pub fn word(&self, lang: Lang) -> &'static str {
        lang.pick(self.zh, self.en)
    }

    /// The word after the number `n`: Chinese has one, English says "1 firm", "2 firms".
    pub fn word_for(&self, n: f64, lang: Lang) -> &'static str {
        match lang {
            Lang::En if n == 1.0 => self.en_one,
            _ => self.word(lang),
        }
    }
}

impl Indicator {
    /// The column holding the indicator in `unit`, if it is published in that unit.
    pub fn column(&self, unit: Unit) -> Option<&'static str> {
        self.columns.iter().find(|(u, _)| *u == unit).map(|c| c.1)
    }

    /// The unit it is given in by default.
    pub fn default_unit(&self) -> Unit {
        self.columns[0].0
    }

    /// The slice it covers, as filters every request of it carries.
    pub fn slice_filters(&self) -> Vec<Filter> {
        self.slice
            .iter()
            .filter_map(|(column, code)| {
                let c = self.dataset.column(column)?;
                match c.kind {
                    ColumnKind::Code(list) => Some(Filter {
                        dimension: Dimension::Column(c.name, list),
                        code: (*code).to_string(),
                    }),
                    _ => None,
                }
            })
            .collect()
    }

    /// Whether the indicator fixes this column to one code.
    pub fn fixes(&self, column: &str) -> bool {
        self.slice.iter().any(|(c, _)| *c == column)
    }

    /// The breakdowns it offers: its dataset's, less the columns it fixes.
    pub fn breakdowns(&self) -> Vec<String> {
        dimension_names(self.dataset)
            .into_iter()
            .filter(|d| !self.fixes(d))
            .collect()
    }
}

/// Whether two texts are equal, at compile time.
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Declares an indicator. Evaluated when the program is compiled: an indicator that would
/// sum over rows of different quantities (a quantity column of its dataset left open) does
/// not compile. Outward investment alone compiles:
///
/// ```
/// use linkages_core::dataset::COOPERATION;
/// use linkages_core::indicator::{Indicator, Unit, indicator};
/// static ODI: Indicator = indicator(
///     "odi", &COOPERATION, ("Outward direct investment", "对外直接投资"),
///     &[(Unit::Usd, "value_usd")], &[("kind", "outward_investment")], None,
/// );
/// ```
///
/// while investment, project turnover and zone output summed together does not:
///
/// ```compile_fail
/// use linkages_core::dataset::COOPERATION;
/// use linkages_core::indicator::{Indicator, Unit, indicator};
/// static MIXED: Indicator = indicator(
///     "cooperation", &COOPERATION, ("Outward economic cooperation", "对外经济合作"),
///     &[(Unit::Usd, "value_usd")], &[], None,
/// );
/// ```
pub const fn indicator(
    code: &'static str,
    dataset: &'static Dataset,
    names: (&'static str, &'static str),
    columns: &'static [(Unit, &'static str)],
    slice: &'static [(&'static str, &'static str)],
    counted: Option<Counted>,
) -> Indicator {
    let mut q = 0;
    while q < dataset.quantity_columns.len() {
        let mut fixed = false;
        let mut s = 0;
        while s < slice.len() {
            fixed = fixed || same(slice[s].0, dataset.quantity_columns[q]);
            s += 1;
        }
        assert!(
            fixed,
            "an indicator must fix every quantity column of its dataset to one code"
        );
        q += 1;
    }
    Indicator {
        code,
        dataset,
        name_en: names.0,
        name_zh: names.1,
        columns,
        slice,
        counted,
    }
}

const fn counted(zh: &'static str, (en, en_one): (&'static str, &'static str)) -> Option<Counted> {
    Some(Counted { zh, en, en_one })
}

/// Every indicator; the first of each dataset is that dataset's headline.
pub static INDICATORS: &[Indicator] = &[
    indicator(
        "trade",
        &dataset::TRADE,
        ("Imports and exports", "进出口"),
        &[(Unit::Cny, "value_cny"), (Unit::Usd, "value_usd")],
        &[],
        None,
    ),
    indicator(
        "fdi_actual",
        &dataset::INVESTMENT,
        ("Actual use of foreign capital", "实际使用外资"),
        &[(Unit::Cny, "actual_cny"), (Unit::Usd, "actual_usd")],
        &[],
        None,
    ),
    indicator(
        "fdi_contracted",
        &dataset::INVESTMENT,
        ("Contracted foreign capital", "合同外资"),
        &[(Unit::Cny, "contracted_cny"), (Unit::Usd, "contracted_usd")],
        &[],
        None,
    ),
    indicator(
        "fdi_projects",
        &dataset::INVESTMENT,
        ("New foreign-invested projects", "新设外商投资项目"),
        &[(Unit::Count, "projects")],
        &[],
        counted("个", ("projects", "project")),
    ),
    indicator(
        "outsourcing_executed",
        &dataset::OUTSOURCING,
        ("Service outsourcing executed", "服务外包执行额"),
        &[(Unit::Usd, "executed_usd")],
        &[],
        None,
    ),
    indicator(
        "outsourcing_contracted",
        &dataset::OUTSOURCING,
        ("Service outsourcing contracted", "服务外包合同额"),
        &[(Unit::Usd, "contracted_usd")],
        &[],
        None,
    ),
    indicator(
        "odi",
        &dataset::COOPERATION,
        ("Outward direct investment", "对外直接投资"),
        &[(Unit::Usd, "value_usd")],
        &[("kind", "outward_investment")],
        None,
    ),
    indicator(
        "overseas_projects_turnover",
        &dataset::COOPERATION,
        (
            "Overseas contracted projects, turnover",
            "对外承包工程完成营业额",
        ),
        &[(Unit::Usd, "value_usd")],
        &[("kind", "overseas_projects")],
        None,
    ),
    indicator(
        "zone_output",
        &dataset::COOPERATION,
        ("Output of overseas cooperation zones", "境外经贸合作区产值"),
        &[(Unit::Usd, "value_usd")],
        &[("kind", "cooperation_zones")],
        None,
    ),
    indicator(
        "zone_exports_driven",
        &dataset::COOPERATION,
        (
            "Exports driven by overseas cooperation zones",
            "境外经贸合作区带动出口",
        ),
        &[(Unit::Usd, "exports_driven_usd")],
        &[("kind", "cooperation_zones")],
        None,
    ),
    indicator(
        "work_permits",
        &dataset::TALENT,
        ("Foreigner's work permits", "外国人来华工作许可"),
        &[(Unit::Count, "count")],
        &[("category", "work_permit")],
        counted("人", ("people", "person")),
    ),
    indicator(
        "talent_recognitions",
        &dataset::TALENT,
        (
            "High-level foreign talent recognitions",
            "高层次外国人才认定",
        ),
        &[(Unit::Count, "count")],
        &[("category", "high_level_talent")],
        counted("人", ("people", "person")),
    ),
    indicator(
        "rd_institutions",
        &dataset::TALENT,
        ("Foreign-funded R&D institutions", "外资研发机构"),
        &[(Unit::Count, "count")],
        &[("category", "rd_institution")],
        counted("家", ("institutions", "institution")),
    ),
];

/// The headline indicator of each of the five linkages, in the order of the sources.
pub const HEADLINES: [&str; 5] = [
    "trade",
    "fdi_actual",
    "outsourcing_executed",
    "odi",
    "work_permits",
];

/// Looks an indicator up by code.
pub fn indicator_by_code(code: &str) -> Option<&'static Indicator> {
    INDICATORS.iter().find(|i| i.code == code)
}

/// The headline indicator of a dataset (trade value, actual FDI, …).
pub fn headline(dataset: &Dataset) -> Option<&'static Indicator> {
    INDICATORS.iter().find(|i| i.dataset.name == dataset.name)
}

/// How a result is broken down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    /// One row per code of a column (`city`, `partner`, `trade_mode`, `product` …).
    Column(&'static str, CodeList),
    /// One row per partner group (ASEAN, EU, …) of a country column; groups overlap.
    PartnerGroup(&'static str),
    /// One row per product group (high-tech, new three, …); groups overlap.
    ProductGroup(&'static str),
    /// One row per HS chapter (2 digits) or heading (4 digits) of a product column.
    HsLevel(&'static str, usize),
}

impl Dimension {
    /// Parses a breakdown name for a dataset: any code column (`city`, `partner`, …),
    /// `partner_group` (or `<country column>_group`), `product_group`, `hs2`, `hs4`.
    pub fn parse(dataset: &Dataset, name: &str) -> Result<Dimension, IndicatorError> {
        let name = name.trim();
        let country = country_column(dataset);
        let product = column_of(dataset, CodeList::Hs);
        let found = match name {
            "partner_group" => country.map(Dimension::PartnerGroup),
            "product_group" => product.map(Dimension::ProductGroup),
            "hs2" => product.map(|p| Dimension::HsLevel(p, 2)),
            "hs4" => product.map(|p| Dimension::HsLevel(p, 4)),
            _ => match name.strip_suffix("_group") {
                Some(col) if country == Some(col) => country.map(Dimension::PartnerGroup),
                _ => dataset.columns.iter().find_map(|c| match c.kind {
                    ColumnKind::Code(list) if c.name == name => {
                        Some(Dimension::Column(c.name, list))
                    }
                    _ => None,
                }),
            },
        };
        found.ok_or_else(|| IndicatorError::UnknownDimension {
            dataset: dataset.name,
            name: name.to_string(),
            known: dimension_names(dataset).join(", "),
        })
    }

    /// The name as written on the command line.
    pub fn name(&self) -> String {
        match self {
            Dimension::Column(c, _) => c.to_string(),
            Dimension::PartnerGroup(c) if *c == "partner" => "partner_group".into(),
            Dimension::PartnerGroup(c) => format!("{c}_group"),
            Dimension::ProductGroup(_) => "product_group".into(),
            Dimension::HsLevel(_, n) => format!("hs{n}"),
        }
    }

    /// English and Chinese names of one member of the breakdown (a code), when known.
    pub fn label(&self, code: &str) -> Option<(&'static str, &'static str)> {
        match self {
            Dimension::PartnerGroup(_) => {
                classify::groups::partner_group(code).map(|g| (g.name_en, g.name_zh))
            }
            Dimension::ProductGroup(_) => {
                classify::groups::product_group(code).map(|g| (g.name_en, g.name_zh))
            }
            Dimension::HsLevel(_, _) => {
                classify::hs_chapter(code.get(..2)?).map(|c| (c.name_en, c.name_zh))
            }
            Dimension::Column(_, list) => label(*list, code),
        }
    }
}

/// English and Chinese names of a canonical code of a list.
pub fn label(list: CodeList, code: &str) -> Option<(&'static str, &'static str)> {
    if let Some(entries) = list.small() {
        return entries
            .iter()
            .find(|c| c.code == code)
            .map(|c| (c.name_en, c.name_zh));
    }
    match list {
        CodeList::City => classify::city(code).map(|c| (c.name_en, c.name_zh)),
        CodeList::Country => classify::country(code).map(|c| (c.name_en, c.name_zh)),
        _ => classify::hs_chapter(code.get(..2)?).map(|c| (c.name_en, c.name_zh)),
    }
}

fn column_of(dataset: &Dataset, list: CodeList) -> Option<&'static str> {
    dataset
        .columns
        .iter()
        .find(|c| c.kind == ColumnKind::Code(list))
        .map(|c| c.name)
}

/// The dataset's country column (partner, source, client, destination, origin).
pub fn country_column(dataset: &Dataset) -> Option<&'static str> {
    column_of(dataset, CodeList::Country)
}

/// The breakdowns a dataset offers.
pub fn dimension_names(dataset: &Dataset) -> Vec<String> {
    let mut names: Vec<String> = dataset
        .columns
        .iter()
        .filter(|c| matches!(c.kind, ColumnKind::Code(_)))
        .map(|c| c.name.to_string())
        .collect();
    if country_column(dataset).is_some() {
        names.push("partner_group".into());
    }
    if column_of(dataset, CodeList::Hs).is_some() {
        names.extend(["product_group", "hs2", "hs4"].map(String::from));
    }
    names
}

/// A restriction of the slice: a column equal to a code, or membership of a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// What is restricted.
    pub dimension: Dimension,
    /// The canonical code (or group code) it must equal.
    pub code: String,
}

impl Filter {
    /// Parses `NAME=VALUE` for a dataset; the value is normalised like ingested data
    /// (`flow=出口`, `city=深圳`, `partner=United States`, `partner_group=asean`,
    /// `product_group=new_three`, `hs2=85`).
    pub fn parse(dataset: &Dataset, raw: &str) -> Result<Filter, IndicatorError> {
        let (name, value) = raw
            .split_once('=')
            .ok_or_else(|| IndicatorError::BadFilter(format!("'{raw}': expected NAME=VALUE")))?;
        let dimension = Dimension::parse(dataset, name)?;
        let value = value.trim();
        let code = match dimension {
            Dimension::PartnerGroup(_) => classify::groups::partner_group(value)
                .map(|g| g.code.to_string())
                .ok_or_else(|| {
                    IndicatorError::BadFilter(format!(
                        "'{value}' is not a partner group; known: {}",
                        classify::PARTNER_GROUPS
                            .iter()
                            .map(|g| g.code)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })?,
            Dimension::ProductGroup(_) => classify::groups::product_group(value)
                .map(|g| g.code.to_string())
                .ok_or_else(|| {
                    IndicatorError::BadFilter(format!(
                        "'{value}' is not a product group; known: {}",
                        classify::PRODUCT_GROUPS
                            .iter()
                            .map(|g| g.code)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })?,
            Dimension::HsLevel(_, n) => classify::normalise_hs(value)
                .filter(|c| c.len() == n)
                .ok_or_else(|| {
                    IndicatorError::BadFilter(format!("'{value}' is not an HS code of {n} digits"))
                })?,
            Dimension::Column(_, list) => list.normalise(value).ok_or_else(|| {
                IndicatorError::BadFilter(format!(
                    "'{value}' is not a {} (filter {name})",
                    list.name()
                ))
            })?,
        };
        Ok(Filter { dimension, code })
    }
}

/// What to compute: an indicator in a unit, over a slice, for a month, possibly broken down.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// What is summed.
    pub indicator: &'static Indicator,
    /// The unit (the indicator must be published in it).
    pub unit: Unit,
    /// The month reported.
    pub period: Period,
    /// The breakdown, or `None` for the total of the slice.
    pub by: Option<Dimension>,
    /// The slice.
    pub filters: Vec<Filter>,
    /// Report January and February as one period.
    pub jan_feb: bool,
    /// Years of the average annual growth.
    pub years: u32,
}

impl Request {
    /// A request for the total of an indicator in its default unit.
    pub fn total(indicator: &'static Indicator, period: Period) -> Request {
        Request {
            indicator,
            unit: indicator.default_unit(),
            period,
            by: None,
            filters: indicator.slice_filters(),
            jan_feb: false,
            years: 5,
        }
    }

    /// The column summed; errors when the indicator is not published in the unit.
    pub fn value_column(&self) -> Result<&'static str, IndicatorError> {
        self.indicator
            .column(self.unit)
            .ok_or_else(|| IndicatorError::Unit {
                indicator: self.indicator.code,
                unit: self.unit.code(),
                available: self
                    .indicator
                    .columns
                    .iter()
                    .map(|c| c.0.code())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    /// The last month of the year to date: February for a combined January–February.
    pub fn end(&self) -> Period {
        if self.jan_feb && self.period.month == 1 {
            Period {
                month: 2,
                ..self.period
            }
        } else {
            self.period
        }
    }

    /// The months that make up the "month" figure: the month, or January–February.
    pub fn month_window(&self) -> Vec<u32> {
        if self.jan_feb && self.period.month <= 2 {
            vec![1, 2]
        } else {
            vec![self.period.month]
        }
    }

    /// The month of the month-on-month base, `None` for a combined January–February.
    pub fn previous_month(&self) -> Option<Period> {
        (!(self.jan_feb && self.period.month <= 2)).then(|| self.period.prev())
    }

    /// A label of the reported period: `2024-04`, or `2024-01..02` for January–February.
    pub fn period_label(&self) -> String {
        match self.month_window().as_slice() {
            [1, 2] => format!("{}-01..02", self.period.year),
            _ => self.period.to_string(),
        }
    }
}

impl Request {
    /// The request restricted to one city (GB/T 2260 code), when its dataset has cities
    /// and it is not already by or of a city: a city's figures, partners and products.
    pub fn within_city(&self, code: &str) -> Request {
        let is_city = |d: Dimension| matches!(d, Dimension::Column("city", _));
        let column = self
            .indicator
            .dataset
            .columns
            .iter()
            .find(|c| c.name == "city");
        let mut request = self.clone();
        if let Some(column) = column
            && let ColumnKind::Code(list) = column.kind
            && !self.by.is_some_and(is_city)
            && !self.filters.iter().any(|f| is_city(f.dimension))
        {
            request.filters.push(Filter {
                dimension: Dimension::Column("city", list),
                code: code.to_string(),
            });
        }
        request
    }

    /// A canonical text of the request, the same however it was written (`city=深圳` and
    /// `city=440300` give one key): what cached answers are keyed by.
    pub fn key(&self) -> String {
        let mut filters: Vec<String> = self
            .filters
            .iter()
            .map(|f| format!("{}={}", f.dimension.name(), f.code))
            .collect();
        filters.sort();
        format!(
            "{} {} {} by={} [{}] jan_feb={} years={}",
            self.indicator.code,
            self.unit.code(),
            self.period,
            self.by.map(|d| d.name()).unwrap_or_default(),
            filters.join(","),
            self.jan_feb,
            self.years
        )
    }

    /// The request of an official release for a month: January and February are reported
    /// together (customs and MOFCOM publish no January alone), so January and February
    /// both ask for the combined January–February.
    pub fn official(indicator: &'static Indicator, period: Period) -> Request {
        let (period, jan_feb) = official_month(period);
        Request {
            period,
            jan_feb,
            ..Request::total(indicator, period)
        }
    }
}

/// The month an official release for `period` reports, and whether it is the combined
/// January–February: February for January and February, the month itself otherwise.
pub fn official_month(period: Period) -> (Period, bool) {
    if period.month <= 2 {
        (Period { month: 2, ..period }, true)
    } else {
        (period, false)
    }
}

/// The figures of one row: the total of the slice or one member of the breakdown.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Figures {
    /// The member's code (`asean`, `440300`, …), `total` for the total.
    pub member: String,
    /// English name of the member, when the code is in a reference list.
    pub name_en: Option<String>,
    /// Chinese name of the member, when the code is in a reference list.
    pub name_zh: Option<String>,
    /// 当月: the month (or January–February).
    pub month_value: Option<f64>,
    /// 同比 of the month, %.
    pub month_yoy: Option<f64>,
    /// 环比, %.
    pub mom: Option<f64>,
    /// 累计: January through the month.
    pub ytd: Option<f64>,
    /// 累计同比, %.
    pub ytd_yoy: Option<f64>,
    /// 占比: share of the year-to-date total, %.
    pub share: Option<f64>,
    /// 拉动: contribution to the total's year-to-date growth, percentage points.
    pub contribution: Option<f64>,
    /// Average annual growth of the year to date over the request's years, %.
    pub cagr: Option<f64>,
    /// Rank by year-to-date value, 1 = largest.
    pub rank: Option<i64>,
    /// Why figures are empty.
    pub notes: Vec<Note>,
}

impl Figures {
    /// A row of `member` in which every figure is empty (no data at all).
    pub fn empty(member: &str) -> Figures {
        Figures {
            member: member.into(),
            name_en: None,
            name_zh: None,
            month_value: None,
            month_yoy: None,
            mom: None,
            ytd: None,
            ytd_yoy: None,
            share: None,
            contribution: None,
            cagr: None,
            rank: None,
            notes: Vec::new(),
        }
    }

    /// One figure of the row, `None` when it is empty.
    pub fn get(&self, figure: Figure) -> Option<f64> {
        match figure {
            Figure::MonthValue => self.month_value,
            Figure::MonthYoy => self.month_yoy,
            Figure::Mom => self.mom,
            Figure::Ytd => self.ytd,
            Figure::YtdYoy => self.ytd_yoy,
            Figure::Share => self.share,
            Figure::Contribution => self.contribution,
            Figure::Cagr => self.cagr,
            Figure::Rank => self.rank.map(|r| r as f64),
        }
    }

    /// Whether this is the total of the slice rather than a member of a breakdown. Codes
    /// are checked against reference lists, so no member is called `total`.
    pub fn is_total(&self) -> bool {
        self.member == TOTAL
    }

    /// The name people read: 合计/Total for the total, the member's name in the language
    /// when known, else its code.
    pub fn display_name(&self, lang: Lang) -> String {
        if self.is_total() {
            return lang.pick("合计", "Total").into();
        }
        let name = match lang {
            Lang::Zh => self.name_zh.as_deref(),
            Lang::En => self.name_en.as_deref(),
        };
        name.unwrap_or(&self.member).to_string()
    }
}

/// The member code of a slice's total row.
pub const TOTAL: &str = "total";

/// Where figures come from: the dataset version read and the query run.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Provenance {
    /// The dataset read.
    pub dataset: &'static str,
    /// Its version, pinned in the query (`trade_v3`).
    pub version: u32,
    /// Whether that version is synthetic (demo) data.
    pub synthetic: bool,
    /// The query; its row whose `member` equals a figure's member holds the figure.
    pub sql: String,
}

/// An indicator for a month: the total of the slice and, with a breakdown, one row per member.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct IndicatorTable {
    /// Indicator code.
    pub indicator: &'static str,
    /// English name of the indicator.
    pub name_en: &'static str,
    /// Chinese name of the indicator.
    pub name_zh: &'static str,
    /// Unit of the amounts (month value, year to date).
    pub unit: Unit,
    /// For counts, what is counted.
    pub counted: Option<Counted>,
    /// The period reported (`2024-04`, or `2024-01..02`).
    pub period: String,
    /// Breakdown name, if any.
    pub by: Option<String>,
    /// The slice, as `name=code`.
    pub filters: Vec<String>,
    /// Years of the average annual growth.
    pub years: u32,
    /// The total of the slice.
    pub total: Figures,
    /// Members of the breakdown, by rank.
    pub rows: Vec<Figures>,
    /// Missing or partial months in the period or its bases.
    pub completeness: Vec<Completeness>,
    /// The query of the total.
    pub total_provenance: Provenance,
    /// The query of the breakdown, if any.
    pub provenance: Option<Provenance>,
}

impl IndicatorTable {
    /// The member of the breakdown with this code, if it has figures.
    pub fn row(&self, member: &str) -> Option<&Figures> {
        self.rows.iter().find(|f| f.member == member)
    }

    /// The indicator's name in the reader's language.
    pub fn name(&self, lang: Lang) -> &'static str {
        lang.pick(self.name_zh, self.name_en)
    }
}

/// A request as people and programs write it (command line, API query string): names and
/// codes as text, checked by [`Spec::resolve`].
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct Spec {
    /// Indicator code, or a dataset name for its headline indicator.
    pub indicator: String,
    /// The month, `YYYY-MM`.
    pub period: String,
    /// Breakdown name.
    pub by: Option<String>,
    /// Filters `NAME=VALUE`.
    pub filters: Vec<String>,
    /// Unit: cny, usd or count (default: the indicator's first).
    pub unit: Option<String>,
    /// January and February as one period.
    pub jan_feb: bool,
    /// Years of the average annual growth (default 5).
    pub years: Option<u32>,
}

impl Spec {
    /// Checks every part against the indicator's dataset and builds the request.
    pub fn resolve(&self) -> Result<Request, IndicatorError> {
        let indicator = find(self.indicator.trim())?;
        let dataset = indicator.dataset;
        let period: Period = self
            .period
            .parse()
            .map_err(|e: crate::period::PeriodError| IndicatorError::Invalid(e.to_string()))?;
        let unit = match &self.unit {
            None => indicator.default_unit(),
            Some(u) => Unit::parse(u).ok_or_else(|| {
                IndicatorError::Invalid(format!("'{u}' is not a unit; use cny, usd or count"))
            })?,
        };
        let years = self.years.unwrap_or(5);
        if !(1..=50).contains(&years) {
            return Err(IndicatorError::Invalid(format!(
                "years of average annual growth must be 1 to 50, not {years}"
            )));
        }
        let by = self
            .by
            .as_deref()
            .filter(|b| !b.trim().is_empty())
            .map(|b| Dimension::parse(dataset, b))
            .transpose()?;
        if let Some(Dimension::Column(c, _)) = by
            && indicator.fixes(c)
        {
            return Err(IndicatorError::Invalid(format!(
                "{} covers one {c} only ({}); a breakdown by {c} would have one member",
                indicator.code,
                slice_text(indicator)
            )));
        }
        let mut filters = indicator.slice_filters();
        for raw in &self.filters {
            let f = Filter::parse(dataset, raw)?;
            match filters.iter().find(|s| s.dimension == f.dimension) {
                Some(s) if s.code == f.code => {}
                Some(_) => {
                    return Err(IndicatorError::BadFilter(format!(
                        "'{raw}': {} covers {} only",
                        indicator.code,
                        slice_text(indicator)
                    )));
                }
                None => filters.push(f),
            }
        }
        let request = Request {
            indicator,
            unit,
            period,
            by,
            filters,
            jan_feb: self.jan_feb,
            years,
        };
        request.value_column()?;
        Ok(request)
    }
}

/// An indicator's slice as written in messages: `kind=outward_investment`.
fn slice_text(indicator: &Indicator) -> String {
    indicator
        .slice
        .iter()
        .map(|(c, v)| format!("{c}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why a figure is missing or should be read with care.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Note {
    /// The base of a growth rate has no data (e.g. a new partner).
    BaseAbsent {
        /// Which figure.
        figure: Figure,
    },
    /// The base of a growth rate is zero.
    BaseZero {
        /// Which figure.
        figure: Figure,
    },
    /// Month-on-month growth is not defined for a combined January–February.
    NotDefined {
        /// Which figure.
        figure: Figure,
    },
    /// A published cell built from fewer reporting rows than the rule allows: its figures
    /// are withheld so that no single enterprise can be read from them.
    Suppressed {
        /// The fewest rows a published cell may be built from.
        min_rows: i64,
    },
    /// On a total: members of its breakdown left out because they are built from fewer
    /// reporting rows than the rule allows (a withheld cell's very name would say who
    /// trades with whom; cities stay listed, withheld, since all 21 are known).
    MembersWithheld {
        /// How many members were left out.
        members: usize,
        /// The fewest rows a published cell may be built from.
        min_rows: i64,
    },
}

impl Note {
    /// The note as a sentence in the reader's language.
    pub fn text(&self, lang: Lang) -> String {
        let (kind_en, kind_zh, figure) = match self {
            Note::Suppressed { min_rows } => {
                return lang
                    .pick(
                        &format!("少于{min_rows}个报告单位，数据不公开"),
                        &format!("withheld: fewer than {min_rows} reporting rows"),
                    )
                    .to_string();
            }
            Note::MembersWithheld { members, min_rows } => {
                return lang
                    .pick(
                        &format!("另有{members}项少于{min_rows}个报告单位，未列出"),
                        &format!(
                            "{members} more withheld: fewer than {min_rows} reporting rows each"
                        ),
                    )
                    .to_string();
            }
            Note::BaseAbsent { figure } => ("no data in the base period", "基期无数据", figure),
            Note::BaseZero { figure } => ("the base is zero", "基期为零", figure),
            Note::NotDefined { figure } => (
                "not defined for January-February combined",
                "1-2月合并统计，不计环比",
                figure,
            ),
        };
        format!("{}: {}", figure.code(), lang.pick(kind_zh, kind_en))
    }
}

/// Why a month's data may be incomplete.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Completeness {
    /// A month of the year to date (or of its base) has no rows at all.
    MissingMonth {
        /// The month.
        period: Period,
    },
    /// Fewer cities reported in the month than in the twelve months before it.
    PartialMonth {
        /// The month.
        period: Period,
        /// Cities that reported in it.
        cities: u32,
        /// Most cities that reported in a month of the year before.
        usual: u32,
    },
}

impl Completeness {
    /// The flag as a sentence in the reader's language.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang == Lang::Zh) {
            (Completeness::MissingMonth { period }, false) => format!("{period}: no data"),
            (Completeness::MissingMonth { period }, true) => format!("{period}：无数据"),
            (
                Completeness::PartialMonth {
                    period,
                    cities,
                    usual,
                },
                false,
            ) => format!("{period}: partial, {cities} of {usual} cities reported"),
            (
                Completeness::PartialMonth {
                    period,
                    cities,
                    usual,
                },
                true,
            ) => format!("{period}：数据不完整，{usual}个地市中{cities}个已报送"),
        }
    }
}

/// Why a figure computed against `base` is empty, if it is: the base is absent or zero.
pub fn base_note(base: Option<f64>, figure: Figure) -> Option<Note> {
    match base {
        None => Some(Note::BaseAbsent { figure }),
        Some(0.0) => Some(Note::BaseZero { figure }),
        Some(_) => None,
    }
}

/// Errors of a request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndicatorError {
    /// Unknown breakdown.
    #[error("'{name}' is not a breakdown of {dataset}; use one of: {known}")]
    UnknownDimension {
        /// Dataset.
        dataset: &'static str,
        /// What was asked.
        name: String,
        /// What exists.
        known: String,
    },
    /// A filter that cannot be read.
    #[error("bad filter: {0}")]
    BadFilter(String),
    /// An indicator not published in the unit asked.
    #[error("{indicator} is not published in {unit}; available: {available}")]
    Unit {
        /// Indicator.
        indicator: &'static str,
        /// Unit asked.
        unit: &'static str,
        /// Units available.
        available: String,
    },
    /// Unknown indicator.
    #[error("unknown indicator '{0}'; known: {1}")]
    UnknownIndicator(String, String),
    /// Another invalid part of a request (period, unit, years).
    #[error("{0}")]
    Invalid(String),
}

/// Finds an indicator by code, or the headline indicator of a dataset by dataset name.
pub fn find(code: &str) -> Result<&'static Indicator, IndicatorError> {
    indicator_by_code(code)
        .or_else(|| dataset::dataset(code).and_then(headline))
        .ok_or_else(|| {
            IndicatorError::UnknownIndicator(
                code.to_string(),
                INDICATORS
                    .iter()
                    .map(|i| i.code)
                    .collect::<Vec<_>>()
                    .join(", "),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breakdowns_and_filters_use_the_datasets_words() {
        let trade = &dataset::TRADE;
        assert_eq!(
            Dimension::parse(trade, "partner_group"),
            Ok(Dimension::PartnerGroup("partner"))
        );
        assert_eq!(
            Dimension::parse(&dataset::INVESTMENT, "source_group"),
            Ok(Dimension::PartnerGroup("source"))
        );
        assert_eq!(
            Dimension::parse(trade, "hs4"),
            Ok(Dimension::HsLevel("product", 4))
        );
        assert!(Dimension::parse(&dataset::TALENT, "product_group").is_err());
        let f = Filter::parse(trade, "city=深圳").map(|f| f.code);
        assert_eq!(f.as_deref(), Ok("440300"));
        let f = Filter::parse(trade, "flow=出口").map(|f| f.code);
        assert_eq!(f.as_deref(), Ok("export"));
        assert!(Filter::parse(trade, "partner_group=nowhere").is_err());
        assert!(Filter::parse(trade, "partner='; DROP TABLE trade").is_err());
    }

    #[test]
    fn an_empty_figure_says_why() {
        assert_eq!(base_note(Some(100.0), Figure::YtdYoy), None);
        assert_eq!(
            base_note(None, Figure::YtdYoy),
            Some(Note::BaseAbsent {
                figure: Figure::YtdYoy
            })
        );
        assert_eq!(
            base_note(Some(0.0), Figure::Mom),
            Some(Note::BaseZero {
                figure: Figure::Mom
            })
        );
    }

    #[test]
    fn jan_feb_is_one_period() {
        let mut r = Request::total(
            &INDICATORS[0],
            Period {
                year: 2024,
                month: 2,
            },
        );
        assert_eq!(r.month_window(), vec![2]);
        r.jan_feb = true;
        assert_eq!(r.month_window(), vec![1, 2]);
        assert_eq!(r.previous_month(), None);
        assert_eq!(r.period_label(), "2024-01..02");
    }
}
