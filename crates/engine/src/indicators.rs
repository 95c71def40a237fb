//! The indicator engine: a [`Request`] becomes one SQL query over a pinned dataset version
//! (`trade_v3`, not `trade`), so that every figure can be recomputed later by running the
//! query it records. All arithmetic is in the query; this module only names the rows and
//! says why an empty figure is empty.

use linkages_core::dataset::PRODUCT6;
use linkages_core::indicator::{self, Completeness, Dimension, Filter, Note, Unit};
use linkages_core::{Dataset, Period, Request, Value};

use crate::error::{Error, Result};
use crate::format::to_values;
use crate::sql::Session;

/// The figures of one row: the total of the slice or one member of the breakdown.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Figures {
    /// The member's code (`ASEAN`, `440300`, …), `total` for the total.
    pub member: String,
    /// English name of the member, when known.
    pub name_en: Option<String>,
    /// Chinese name of the member, when known.
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

/// The figure columns of [`Figures`], in the order of the query's output.
pub const FIGURES: [&str; 9] = [
    "month_value",
    "month_yoy",
    "mom",
    "ytd",
    "ytd_yoy",
    "share",
    "contribution",
    "cagr",
    "rank",
];

impl Figures {
    /// A row without figures.
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

    /// A figure by its column name.
    pub fn get(&self, figure: &str) -> Option<f64> {
        match figure {
            "month_value" => self.month_value,
            "month_yoy" => self.month_yoy,
            "mom" => self.mom,
            "ytd" => self.ytd,
            "ytd_yoy" => self.ytd_yoy,
            "share" => self.share,
            "contribution" => self.contribution,
            "cagr" => self.cagr,
            "rank" => self.rank.map(|r| r as f64),
            _ => None,
        }
    }
}

/// Where figures come from: the dataset version read and the query run.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Provenance {
    /// Dataset.
    pub dataset: &'static str,
    /// Version read.
    pub version: u32,
    /// Whether that version is synthetic (demo) data.
    pub synthetic: bool,
    /// The query; its row whose `member` equals a figure's member holds the figure.
    pub sql: String,
}

/// An indicator for a month: the total of the slice and, with a breakdown, one row per member.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct IndicatorTable {
    /// Indicator code.
    pub indicator: &'static str,
    /// English name of the indicator.
    pub name_en: &'static str,
    /// Chinese name of the indicator.
    pub name_zh: &'static str,
    /// Unit of the values.
    pub unit: Unit,
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

/// The version of a request's dataset the session reads, as a table name (`trade_v3`) and
/// a way to record queries over it.
fn pinned(session: &Session, request: &Request) -> Result<(String, impl Fn(String) -> Provenance)> {
    let dataset = request.indicator.dataset;
    let info = session
        .tables
        .iter()
        .find(|t| t.dataset == dataset.name)
        .and_then(|t| t.version.clone())
        .ok_or_else(|| Error::Empty(dataset.name.into()))?;
    let table = format!("{}_v{}", dataset.name, info.version);
    let provenance = move |sql: String| Provenance {
        dataset: dataset.name,
        version: info.version,
        synthetic: info.synthetic,
        sql,
    };
    Ok((table, provenance))
}

/// The table a query reads: a version's rows (`trade_v3`), or the smallest of its rollups
/// (`trade_v3_by_partner`) that has every column the query needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// Table name.
    pub table: String,
    /// Whether products are the rollup's six-digit `product6`.
    product6: bool,
}

/// Set to `off` to make every query read the rows (for benchmarks of ad-hoc queries).
pub const ROLLUPS_ENV: &str = "LINKAGES_ROLLUPS";

impl Source {
    /// The source's name for a dataset column.
    fn col<'a>(&self, column: &'a str) -> &'a str {
        if self.product6 && column == "product" {
            PRODUCT6
        } else {
            column
        }
    }

    /// A version's rows, without rollups.
    pub fn rows(table: &str) -> Source {
        Source {
            table: table.to_string(),
            product6: false,
        }
    }

    /// A dimension with its column named as in the source.
    fn dim(&self, d: Dimension) -> Dimension {
        match d {
            Dimension::Column(c, l) => Dimension::Column(self.col(c), l),
            Dimension::PartnerGroup(c) => Dimension::PartnerGroup(self.col(c)),
            Dimension::HsLevel(c, n) => Dimension::HsLevel(self.col(c), n),
            Dimension::ProductGroup(c) => Dimension::ProductGroup(self.col(c)),
        }
    }

    /// The smallest rollup of `base` (a pinned version) serving breakdowns and filters on
    /// `dims`, else the version's rows.
    fn choose(session: &Session, dataset: &Dataset, base: &str, dims: &[Dimension]) -> Source {
        let rows = Source::rows(base);
        if std::env::var(ROLLUPS_ENV).as_deref() == Ok("off") {
            return rows;
        }
        for rollup in dataset.rollups {
            let table = format!("{base}_{}", rollup.name);
            let has = |c: &str| rollup.keys.contains(&c);
            let serves = dims.iter().all(|d| match *d {
                Dimension::Column(c, _) | Dimension::PartnerGroup(c) => has(c),
                Dimension::HsLevel(c, n) => has(c) || (n <= 6 && c == "product" && has(PRODUCT6)),
                Dimension::ProductGroup(c) => has(c) || (c == "product" && has(PRODUCT6)),
            });
            if serves && session.has_rollup(&table) {
                return Source {
                    table,
                    product6: has(PRODUCT6),
                };
            }
        }
        rows
    }

    /// The source of a request: its breakdown and filters.
    fn of(session: &Session, base: &str, request: &Request) -> Source {
        let dims: Vec<Dimension> = request
            .by
            .iter()
            .copied()
            .chain(request.filters.iter().map(|f| f.dimension))
            .collect();
        Source::choose(session, request.indicator.dataset, base, &dims)
    }
}

/// Computes an indicator for a month over the version of its dataset the session reads.
pub async fn compute(session: &Session, request: &Request) -> Result<IndicatorTable> {
    if request.years == 0 {
        return Err(Error::Invalid(
            "the years of average annual growth must be at least 1".into(),
        ));
    }
    let (table, provenance) = pinned(session, request)?;

    let total_request = Request {
        by: None,
        ..request.clone()
    };
    let total_sql = query(&total_request, &Source::of(session, &table, &total_request))?;
    // No row at all: nothing in the month, its year to date or their bases.
    let total = run(session, &total_sql, None)
        .await?
        .pop()
        .unwrap_or_else(|| Figures::empty("total"));
    let (rows, breakdown) = match request.by {
        Some(by) => {
            let sql = query(request, &Source::of(session, &table, request))?;
            (run(session, &sql, Some(by)).await?, Some(provenance(sql)))
        }
        None => (Vec::new(), None),
    };
    Ok(IndicatorTable {
        indicator: request.indicator.code,
        name_en: request.indicator.name_en,
        name_zh: request.indicator.name_zh,
        unit: request.unit,
        period: request.period_label(),
        by: request.by.map(|d| d.name()),
        filters: request
            .filters
            .iter()
            .map(|f| format!("{}={}", f.dimension.name(), f.code))
            .collect(),
        years: request.years,
        total,
        rows,
        completeness: completeness(session, &table, request).await?,
        total_provenance: provenance(total_sql),
        provenance: breakdown,
    })
}

/// The latest month with data in the version of a dataset the session reads.
pub async fn latest_period(
    session: &Session,
    dataset: &linkages_core::Dataset,
) -> Result<Option<Period>> {
    if session
        .tables
        .iter()
        .all(|t| t.dataset != dataset.name || t.version.is_none())
    {
        return Ok(None);
    }
    let table = Source::choose(session, dataset, dataset.name, &[]).table;
    let (_, batches) = session
        .query_kept(&format!("SELECT max(period) FROM {table}"))
        .await?;
    Ok(to_values(&batches)?
        .first()
        .and_then(|r| r.first())
        .and_then(|v| v.to_string().parse().ok()))
}

/// Monthly values of a request's slice (its breakdown ignored) in the reported year and the
/// year before, through the reported month. The query's rows are `member` (the period) and
/// `month_value`.
pub async fn monthly(
    session: &Session,
    request: &Request,
) -> Result<(Provenance, Vec<(Period, f64)>)> {
    let (table, provenance) = pinned(session, request)?;
    let value = request
        .value_column()
        .map_err(|e| Error::Invalid(e.to_string()))?;
    let Period { year: y, month: m } = request.end();
    let source = Source::of(
        session,
        &table,
        &Request {
            by: None,
            ..request.clone()
        },
    );
    let table = &source.table;
    let filters: String = request
        .filters
        .iter()
        .map(|f| format!("\n  AND {}", condition(f, &source)))
        .collect();
    let sql = format!(
        // Grouped by one integer (year·100 + month), DataFusion's fastest grouping, and
        // named YYYY-MM after.
        "SELECT concat(CAST(ym / 100 AS VARCHAR), '-', lpad(CAST(ym % 100 AS VARCHAR), 2, '0')) AS member, month_value
FROM (
  SELECT t.year * 100 + t.month AS ym, sum(CAST(t.{value} AS DOUBLE)) AS month_value
  FROM {table} t
  WHERE (t.year = {} OR (t.year = {y} AND t.month <= {m})){filters}
  GROUP BY 1
)
ORDER BY member",
        y - 1
    );
    let (_, batches) = session.query_kept(&sql).await?;
    let mut values = Vec::new();
    for row in to_values(&batches)? {
        if let [Value::Text(p), Value::Float(v)] = row.as_slice()
            && let Ok(p) = p.parse::<Period>()
            && p <= request.end()
        {
            values.push((p, *v));
        }
    }
    Ok((provenance(sql), values))
}

/// Runs an indicator query and reads its rows.
async fn run(session: &Session, sql: &str, by: Option<Dimension>) -> Result<Vec<Figures>> {
    let (_, batches) = session.query_kept(sql).await?;
    let float = |v: &Value| match v {
        Value::Float(x) => Some(*x),
        Value::Int(i) => Some(*i as f64),
        _ => None,
    };
    let mut out = Vec::new();
    for row in to_values(&batches)? {
        // member, month_value, month_base, month_yoy, prev_month, mom, ytd, ytd_base,
        // ytd_yoy, total_ytd, total_ytd_base, share, contribution, ytd_n, cagr, rank
        let [
            member,
            month_value,
            month_base,
            month_yoy,
            prev_month,
            mom,
            ytd,
            ytd_base,
            ytd_yoy,
            total_ytd,
            total_ytd_base,
            share,
            contribution,
            ytd_n,
            cagr,
            rank,
        ] = <[Value; 16]>::try_from(row)
            .map_err(|r| Error::Invalid(format!("indicator query returned {} columns", r.len())))?;
        let member = member.to_string();
        let (name_en, name_zh) = by
            .and_then(|d| d.label(&member))
            .map(|(en, zh)| (Some(en.to_string()), Some(zh.to_string())))
            .unwrap_or_default();
        let notes = [
            ("month_yoy", float(&month_base)),
            ("mom", float(&prev_month)),
            ("ytd_yoy", float(&ytd_base)),
            ("share", float(&total_ytd)),
            ("contribution", float(&total_ytd_base)),
            ("cagr", float(&ytd_n)),
        ]
        .into_iter()
        .filter_map(|(figure, base)| indicator::base_note(base, figure))
        .collect();
        let mut figures = Figures {
            member,
            name_en,
            name_zh,
            month_value: float(&month_value),
            month_yoy: float(&month_yoy),
            mom: float(&mom),
            ytd: float(&ytd),
            ytd_yoy: float(&ytd_yoy),
            share: float(&share),
            contribution: float(&contribution),
            cagr: float(&cagr),
            rank: match rank {
                Value::Int(r) => Some(r),
                _ => None,
            },
            notes,
        };
        if matches!(prev_month, Value::Text(ref t) if t == "n/a") {
            figures
                .notes
                .retain(|n| *n != Note::BaseAbsent { figure: "mom" });
            figures.notes.push(Note::NotDefined { figure: "mom" });
        }
        out.push(figures);
    }
    Ok(out)
}

fn quote(code: &str) -> String {
    format!("'{}'", code.replace('\'', "''"))
}

/// The SQL condition of a filter on table alias `t` of a source.
fn condition(filter: &Filter, source: &Source) -> String {
    let code = quote(&filter.code);
    match source.dim(filter.dimension) {
        Dimension::Column(c, _) => format!("t.{c} = {code}"),
        Dimension::HsLevel(c, n) => format!("substr(t.{c}, 1, {n}) = {code}"),
        Dimension::PartnerGroup(c) => {
            format!("t.{c} IN (SELECT partner FROM ref_partner_groups WHERE group_code = {code})")
        }
        Dimension::ProductGroup(c) => format!("in_product_group(t.{c}, {code})"),
    }
}

/// Months of a year, in a condition of an indicator query.
enum Months<'a> {
    /// These months.
    In(&'a [u32]),
    /// January through this month.
    Through(u32),
}

impl Months<'_> {
    fn list(months: &[u32]) -> String {
        months
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The condition on rows `t` (`year`, `month`).
    fn of_rows(year: i32, months: Months) -> String {
        match months {
            Months::In(ms) => format!("t.year = {year} AND t.month IN ({})", Months::list(ms)),
            Months::Through(m) => format!("t.year = {year} AND t.month <= {m}"),
        }
    }

    /// The condition on monthly sums `m` (`ym` = year·100 + month).
    fn of_ym(year: i32, months: Months) -> String {
        let ym = |m: &u32| (i64::from(year) * 100 + i64::from(*m)).to_string();
        match months {
            Months::In(ms) => format!(
                "m.ym IN ({})",
                ms.iter().map(ym).collect::<Vec<_>>().join(", ")
            ),
            Months::Through(m) => format!("m.ym BETWEEN {} AND {}", ym(&1), ym(&m)),
        }
    }
}

/// The query computing every figure of a request over a source, one row per member.
pub fn query(request: &Request, source: &Source) -> Result<String> {
    let table = &source.table;
    let value = request
        .value_column()
        .map_err(|e| Error::Invalid(e.to_string()))?;
    let Period { year: y, month: m } = request.end();
    let n = request.years;
    let previous = request.previous_month();
    let mut years = vec![y, y - 1, y - n as i32];
    years.extend(previous.map(|p| p.year));
    years.sort_unstable();
    years.dedup();
    let years = years
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let filters: String = request
        .filters
        .iter()
        .map(|f| format!("\n    AND {}", condition(f, source)))
        .collect();
    // The rows are read once (each CTE is referenced once, and DataFusion inlines CTEs).
    // With a breakdown, the rows are summed by one integer per code and month (`m`): the
    // code's number (`code_key`; integers group much faster than strings) and year·100 +
    // month. The figures are then sums over those few rows (`s`), and the total (a window
    // over all keys), members, HS levels and groups are made from them, named by `code_of`:
    // a join or a membership test per row would cost far more. Without a breakdown there
    // is nothing to group: the figures are sums over the rows.
    let (column, member, join) = match request.by.map(|d| source.dim(d)) {
        None => (None, "w.key".to_string(), ""),
        Some(Dimension::Column(c, _)) => (Some(c), "w.key".to_string(), ""),
        Some(Dimension::HsLevel(c, n)) => (Some(c), format!("substr(w.key, 1, {n})"), ""),
        Some(Dimension::PartnerGroup(c)) => (
            Some(c),
            "g.group_code".to_string(),
            "\n  JOIN ref_partner_groups g ON w.key = g.partner",
        ),
        Some(Dimension::ProductGroup(c)) => (
            Some(c),
            "g.code".to_string(),
            "\n  JOIN ref_product_groups g ON in_product_group(w.key, g.code)",
        ),
    };
    let v = format!("CAST(t.{value} AS DOUBLE)");
    let (y1, yn) = (y - 1, y - n as i32);
    // January's base month is December of the year before.
    let previous_clause = match previous {
        Some(p) if p.month > m => format!(" OR (t.year = {} AND t.month = {})", p.year, p.month),
        _ => String::new(),
    };
    let rows = format!(
        "FROM {table} t
  WHERE t.year IN ({years}) AND (t.month <= {m}{previous_clause}){filters}"
    );
    // The six sums: `when` is the condition selecting a year's months, `value` what is summed.
    let sums = |when: &dyn Fn(i32, Months) -> String, value: &str| {
        let sum = |year: i32, months: Months<'_>| {
            format!("sum(CASE WHEN {} THEN {value} END)", when(year, months))
        };
        let window = request.month_window();
        let prev_month = previous.map_or("CAST(NULL AS DOUBLE)".to_string(), |p| {
            sum(p.year, Months::In(&[p.month]))
        });
        format!(
            "{} AS month_value,
    {} AS month_base,
    {prev_month} AS prev_month,
    {} AS ytd,
    {} AS ytd_base,
    {} AS ytd_n",
            sum(y, Months::In(&window)),
            sum(y1, Months::In(&window)),
            sum(y, Months::Through(m)),
            sum(y1, Months::Through(m)),
            sum(yn, Months::Through(m)),
        )
    };
    let (sums, named) = match column {
        // An aggregate over no rows gives one row of NULLs, which the final filter drops.
        None => (
            format!(
                "s AS (
  SELECT 'total' AS key,
    {}
  {rows}
),",
                sums(&Months::of_rows, &v)
            ),
            "s.key",
        ),
        Some(c) => (
            format!(
                "m AS (
  SELECT key_month / 1000000 AS key, key_month % 1000000 AS ym, value
  FROM (
    SELECT CAST(code_key(t.{c}) AS BIGINT) * 1000000 + t.year * 100 + t.month AS key_month,
      sum({v}) AS value
    {rows}
    GROUP BY 1
  )
),
s AS (
  SELECT m.key,
    {}
  FROM m
  GROUP BY 1
),",
                sums(&Months::of_ym, "m.value")
            ),
            "code_of(s.key)",
        ),
    };
    // Month-on-month is "n/a" (a text) when it is not defined, so the reader can tell it
    // from a base without data.
    let (prev_month_out, mom) = match previous {
        Some(_) => (
            "a.prev_month",
            "CASE WHEN a.prev_month <> 0 THEN (a.month_value / a.prev_month - 1) * 100 END",
        ),
        None => ("'n/a'", "CAST(NULL AS DOUBLE)"),
    };
    Ok(format!(
        "WITH {sums}
w AS (
  SELECT {named} AS key, s.month_value, s.month_base, s.prev_month, s.ytd, s.ytd_base, s.ytd_n,
    sum(s.ytd) OVER () AS total_ytd,
    sum(s.ytd_base) OVER () AS total_ytd_base
  FROM s
),
a AS (
  SELECT {member} AS member,
    sum(w.month_value) AS month_value,
    sum(w.month_base) AS month_base,
    sum(w.prev_month) AS prev_month,
    sum(w.ytd) AS ytd,
    sum(w.ytd_base) AS ytd_base,
    sum(w.ytd_n) AS ytd_n,
    max(w.total_ytd) AS total_ytd,
    max(w.total_ytd_base) AS total_ytd_base
  FROM w{join}
  GROUP BY 1
)
SELECT a.member,
  a.month_value,
  a.month_base,
  CASE WHEN a.month_base <> 0 THEN (a.month_value / a.month_base - 1) * 100 END AS month_yoy,
  {prev_month_out} AS prev_month,
  {mom} AS mom,
  a.ytd,
  a.ytd_base,
  CASE WHEN a.ytd_base <> 0 THEN (coalesce(a.ytd, 0) / a.ytd_base - 1) * 100 END AS ytd_yoy,
  a.total_ytd,
  a.total_ytd_base,
  CASE WHEN a.total_ytd <> 0 THEN coalesce(a.ytd, 0) / a.total_ytd * 100 END AS share,
  CASE WHEN a.total_ytd_base <> 0 THEN (coalesce(a.ytd, 0) - coalesce(a.ytd_base, 0)) / a.total_ytd_base * 100 END AS contribution,
  a.ytd_n,
  CASE WHEN a.ytd_n > 0 AND a.ytd > 0 THEN (power(a.ytd / a.ytd_n, 1.0 / {n}) - 1) * 100 END AS cagr,
  CAST(rank() OVER (ORDER BY a.ytd DESC NULLS LAST) AS BIGINT) AS rank
FROM a
WHERE a.ytd IS NOT NULL OR a.ytd_base IS NOT NULL
ORDER BY rank, a.member"
    ))
}

/// Months of the year to date (and of its base year) without data, and months in which
/// fewer cities reported than in any month of the year before.
async fn completeness(
    session: &Session,
    table: &str,
    request: &Request,
) -> Result<Vec<Completeness>> {
    let Period { year: y, month: m } = request.end();
    let city = Dimension::Column("city", linkages_core::classify::CodeList::City);
    let table = Source::choose(session, request.indicator.dataset, table, &[city]).table;
    // The months checked and the twelve before each. Distinct (city, month) pairs are
    // found as one integer, as in the indicator queries (the city's number · 1,000,000 +
    // year·100 + month): DataFusion's fastest grouping. `city` is a required column, never
    // NULL.
    let sql = format!(
        "SELECT city_month % 1000000 / 100 AS year, city_month % 100 AS month, count(*) AS cities
FROM (
  SELECT DISTINCT CAST(code_key(city) AS BIGINT) * 1000000 + year * 100 + month AS city_month
  FROM {table}
  WHERE (year = {} AND month >= {m}) OR year = {} OR (year = {y} AND month <= {m})
)
GROUP BY 1, 2",
        y - 2,
        y - 1
    );
    let (_, batches) = session.query_kept(&sql).await?;
    let mut cities = std::collections::BTreeMap::new();
    for row in to_values(&batches)? {
        if let [Value::Int(year), Value::Int(month), Value::Int(n)] = row.as_slice()
            && let Some(p) = Period::new(*year as i32, *month as u32)
        {
            cities.insert(p, *n as u32);
        }
    }
    let mut flags = Vec::new();
    for year in [y - 1, y] {
        for month in 1..=m {
            let p = Period { year, month };
            if !cities.contains_key(&p) {
                flags.push(Completeness::MissingMonth { period: p });
            }
        }
    }
    for p in [request.end(), request.end().year_ago()] {
        let Some(&n) = cities.get(&p) else { continue };
        let mut before = p;
        let mut usual = 0;
        for _ in 0..12 {
            before = before.prev();
            usual = usual.max(cities.get(&before).copied().unwrap_or(0));
        }
        if n < usual {
            flags.push(Completeness::PartialMonth {
                period: p,
                cities: n,
                usual,
            });
        }
    }
    Ok(flags)
}
