//! The indicator engine: a [`Request`] becomes one SQL query over a pinned dataset version
//! (`trade_v3`, not `trade`), so that every figure can be recomputed later by running the
//! query it records. All arithmetic is in the query; this module only names the rows and
//! says why an empty figure is empty.

use linkages_core::dataset::PRODUCT6;
use linkages_core::indicator::{self, Completeness, Dimension, Filter, Note, TOTAL};
use linkages_core::{Dataset, Figure, Period, Request, Spread, Value};

pub use linkages_core::indicator::{Figures, IndicatorTable, Provenance};

use crate::error::{Error, Result};
use crate::sql::Session;
use crate::table::Table;
use linkages_core::access::{self, MIN_ROWS, Scope};

/// The version of a request's dataset the session reads, as a table name (`trade_v3`) and
/// a way to record queries over it.
fn pinned(session: &Session, request: &Request) -> Result<(String, impl Fn(String) -> Provenance)> {
    pinned_dataset(session, request.indicator.dataset)
}

/// The version of a dataset the session reads, as a table name (`world_v2`) and a way to
/// record queries over it; [`Error::Empty`] when the dataset has no version.
pub(crate) fn pinned_dataset(
    session: &Session,
    dataset: &'static Dataset,
) -> Result<(String, impl Fn(String) -> Provenance + use<>)> {
    let info = session
        .version_of(dataset)
        .cloned()
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
pub(crate) struct Source {
    /// Table name.
    pub(crate) table: String,
    /// Whether products are the rollup's six-digit `product6`.
    product6: bool,
    /// Whether its rows count the rows they sum (`row_count`); the version's own rows
    /// count one each.
    counted: bool,
    /// Whether a breakdown groups by the code's number within the query (`code_key`, one
    /// process) or by its text (a cluster, whose executors cannot share a numbering).
    numbered: bool,
}

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
    fn rows(session: &Session, table: &str) -> Source {
        Source {
            table: table.to_string(),
            product6: false,
            counted: false,
            numbered: session.numbers_codes(),
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
        let rows = Source::rows(session, base);
        if !session.options.rollups {
            return rows;
        }
        for rollup in dataset.rollups {
            let table = format!("{base}_{}", rollup.name);
            // What the session registered: a city's session holds city totals only.
            let Some(info) = session.rollup(&table) else {
                continue;
            };
            let has = |c: &str| info.keys.contains(&c);
            let serves = dims.iter().all(|d| match *d {
                Dimension::Column(c, _) | Dimension::PartnerGroup(c) => has(c),
                Dimension::HsLevel(c, n) => has(c) || (n <= 6 && c == "product" && has(PRODUCT6)),
                Dimension::ProductGroup(c) => has(c) || (c == "product" && has(PRODUCT6)),
            });
            // Withholding small cells (published figures, other cities' totals) needs the
            // rows counted.
            let counts = info.counted || session.options.scope == Scope::All;
            if serves && counts {
                return Source {
                    table,
                    product6: has(PRODUCT6),
                    counted: info.counted,
                    numbered: rows.numbered,
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
    // The caller's scope may restrict the request (a city bureau's breakdowns are its own).
    let request = &access::scoped(session.options.scope, request)?;
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
    let (of_total, of_rows) = Withhold::of(session.options.scope, request);
    let total_sql = query(
        &total_request,
        &Source::of(session, &table, &total_request),
        of_total.counts(),
    )?;
    // No row at all: nothing in the month, its year to date or their bases.
    let mut total = run(session, &total_sql, None, of_total)
        .await?
        .pop()
        .unwrap_or_else(|| Figures::empty(TOTAL));
    let (mut rows, breakdown) = match request.by {
        Some(by) => {
            let source = Source::of(session, &table, request);
            let sql = query(request, &source, of_rows.counts())?;
            (
                run(session, &sql, Some(by), of_rows).await?,
                Some(provenance(sql)),
            )
        }
        None => (Vec::new(), None),
    };
    leave_out_withheld(request, &mut total, &mut rows);
    Ok(IndicatorTable {
        indicator: request.indicator.code,
        name_en: request.indicator.name_en,
        name_zh: request.indicator.name_zh,
        unit: request.unit,
        counted: request.indicator.counted,
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

/// How concentrated a breakdown of an indicator is in the year to date and in the same
/// months a year before ([`Spread`]: members, HHI, top-5 share), with the query that
/// computes it: one query over the breakdown's own (the same SQL as [`compute`]'s rows),
/// so that it can be run again. Members withheld from a published table count in it: an
/// index of all members discloses none of them.
pub async fn concentration(
    session: &Session,
    request: &Request,
) -> Result<(Vec<(Spread, Option<f64>)>, Provenance)> {
    let request = &access::scoped(session.options.scope, request)?;
    if request.by.is_none() {
        return Err(Error::Invalid(
            "concentration needs a breakdown (by)".into(),
        ));
    }
    let (table, provenance) = pinned(session, request)?;
    let rows = query(request, &Source::of(session, &table, request), false)?;
    let measure = |v: &str| {
        format!(
            "count(*) FILTER (WHERE {v} > 0) AS members{s}, \
             sum(CASE WHEN {v} > 0 THEN ({v} / {v}_total) * ({v} / {v}_total) END) AS hhi{s}, \
             sum(CASE WHEN {v} > 0 AND {v}_rank <= 5 THEN {v} END) / max({v}_total) AS top5{s}",
            s = if v == YTD_BASE { "_base" } else { "" }
        )
    };
    let ranked = |v: &str| {
        format!(
            "{v}, row_number() OVER (ORDER BY {v} DESC NULLS LAST) AS {v}_rank, \
             sum(CASE WHEN {v} > 0 THEN {v} END) OVER () AS {v}_total"
        )
    };
    let sql = format!(
        "SELECT '{TOTAL}' AS {MEMBER}, {}, {} FROM (SELECT {}, {} FROM ({rows}) AS breakdown) AS ranked",
        measure("ytd"),
        measure(YTD_BASE),
        ranked("ytd"),
        ranked(YTD_BASE),
    );
    let answer = session.query_kept(&sql).await?;
    let row = answer.rows()?.into_iter().next().unwrap_or_default();
    let values = Spread::ALL
        .iter()
        .map(|&m| {
            let value = answer.column(m.code()).ok().and_then(|i| match row.get(i) {
                Some(Value::Float(x)) => Some(*x),
                Some(Value::Int(x)) => Some(*x as f64),
                _ => None,
            });
            (m, value)
        })
        .collect();
    Ok((values, provenance(sql)))
}

/// The latest month with data in the version of a dataset the session reads.
pub async fn latest_period(session: &Session, dataset: &Dataset) -> Result<Option<Period>> {
    if session.version_of(dataset).is_none() {
        return Ok(None);
    }
    let table = Source::choose(session, dataset, dataset.name, &[]).table;
    let answer = session
        .query_kept(&format!("SELECT max(period) FROM {table}"))
        .await?;
    Ok(first_cell(&answer)?.and_then(|v| v.to_string().parse().ok()))
}

/// The first cell of an answer, if it has a row.
pub(crate) fn first_cell(answer: &Table) -> Result<Option<Value>> {
    Ok(answer
        .rows()?
        .into_iter()
        .next()
        .and_then(|r| r.into_iter().next())
        .filter(|v| *v != Value::Null))
}

/// Monthly values of a request's slice (its breakdown ignored) in the reported year and the
/// year before, through the reported month. The query's rows are `member` (the period) and
/// `month_value`.
pub async fn monthly(
    session: &Session,
    request: &Request,
) -> Result<(Provenance, Vec<(Period, f64)>)> {
    monthly_since(session, request, request.end().year - 1).await
}

/// Monthly values of a request's slice (its breakdown ignored) from January of `first`
/// through the reported month: the whole history a seasonal adjustment or a projection
/// needs. Months without rows are absent.
pub async fn monthly_since(
    session: &Session,
    request: &Request,
    first: i32,
) -> Result<(Provenance, Vec<(Period, f64)>)> {
    let request = &access::scoped(session.options.scope, request)?;
    let (table, provenance) = pinned(session, request)?;
    let value = value_column(request)?;
    let Period { year: y, month: m } = request.end();
    let total = Request {
        by: None,
        ..request.clone()
    };
    let source = Source::of(session, &table, &total);
    let table = &source.table;
    let filters = filter_clauses(request, &source, "\n  ");
    // Published months built from too few rows are withheld, as published cells are.
    let withhold = match session.options.scope == Scope::Published {
        true if source.counted => format!("\n  HAVING sum(t.{ROW_COUNT}) >= {MIN_ROWS}"),
        true => format!("\n  HAVING count(*) >= {MIN_ROWS}"),
        false => String::new(),
    };
    let before = if first == y - 1 {
        format!("t.year = {first}")
    } else {
        format!("t.year BETWEEN {first} AND {}", y - 1)
    };
    let sql = format!(
        // Grouped by one integer (year·100 + month), DataFusion's fastest grouping, and
        // named YYYY-MM after.
        "SELECT concat(CAST(ym / 100 AS VARCHAR), '-', lpad(CAST(ym % 100 AS VARCHAR), 2, '0')) AS {MEMBER}, {MONTH_VALUE}
FROM (
  SELECT t.year * 100 + t.month AS ym, sum(CAST(t.{value} AS DOUBLE)) AS {MONTH_VALUE}
  FROM {table} t
  WHERE ({before} OR (t.year = {y} AND t.month <= {m})){filters}
  GROUP BY 1{withhold}
)
ORDER BY {MEMBER}"
    );
    let answer = session.query_kept(&sql).await?;
    let mut values = Vec::new();
    for row in answer.rows()? {
        if let [Value::Text(p), Value::Float(v)] = row.as_slice()
            && let Ok(p) = p.parse::<Period>()
            && p <= request.end()
        {
            values.push((p, *v));
        }
    }
    Ok((provenance(sql), values))
}

fn value_column(request: &Request) -> Result<&'static str> {
    request
        .value_column()
        .map_err(|e| Error::Invalid(e.to_string()))
}

/// The columns of an indicator query's answer, by name: the query writes them in this
/// order and [`run`] reads them by these names. Besides the figures ([`Figure::code`]) it
/// holds the bases they are computed from, so that an empty figure can say why.
const MEMBER: &str = "member";
const MONTH_VALUE: &str = "month_value";
const MONTH_BASE: &str = "month_base";
const PREV_MONTH: &str = "prev_month";
const MOM_DEFINED: &str = "mom_defined";
const YTD_BASE: &str = "ytd_base";
const TOTAL_YTD: &str = "total_ytd";
const TOTAL_YTD_BASE: &str = "total_ytd_base";
const YTD_N: &str = "ytd_n";
/// Rows summed into a member's year to date (only in published sessions).
const ROW_COUNT: &str = "row_count";

/// Each growth figure and the base column it divides by.
const BASES: [(Figure, &str); 6] = [
    (Figure::MonthYoy, MONTH_BASE),
    (Figure::Mom, PREV_MONTH),
    (Figure::YtdYoy, YTD_BASE),
    (Figure::Share, TOTAL_YTD),
    (Figure::Contribution, TOTAL_YTD_BASE),
    (Figure::Cagr, YTD_N),
];

/// Whose figures are withheld when built from fewer than [`MIN_ROWS`] rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Withhold {
    /// Nobody's: the caller may read every row summed.
    Nothing,
    /// Everyone's: published figures.
    All,
    /// Everyone's but one city's: a city bureau reads the others' totals as published.
    AllBut(&'static str),
}

impl Withhold {
    /// For the total and for the rows of a request in a scope.
    fn of(scope: Scope, request: &Request) -> (Withhold, Withhold) {
        let by_city = matches!(request.by, Some(Dimension::Column("city", _)));
        match scope {
            Scope::Published => (Withhold::All, Withhold::All),
            Scope::City(own) if by_city => (Withhold::Nothing, Withhold::AllBut(own)),
            _ => (Withhold::Nothing, Withhold::Nothing),
        }
    }

    /// Whether the query must count the rows it sums.
    fn counts(self) -> bool {
        self != Withhold::Nothing
    }

    /// Whether a member's figures, built from `rows` rows, are withheld.
    fn applies(self, member: &str, rows: i64) -> bool {
        match self {
            Withhold::Nothing => false,
            Withhold::All => rows < MIN_ROWS,
            Withhold::AllBut(own) => member != own && rows < MIN_ROWS,
        }
    }
}

/// Runs an indicator query and reads its rows by column name.
async fn run(
    session: &Session,
    sql: &str,
    by: Option<Dimension>,
    withhold: Withhold,
) -> Result<Vec<Figures>> {
    let answer = session.query_kept(sql).await?;
    let at = |name: &str| answer.column(name);
    let figures: Vec<(Figure, usize)> = Figure::ALL
        .iter()
        .map(|f| Ok((*f, at(f.code())?)))
        .collect::<Result<_>>()?;
    let bases: Vec<(Figure, usize)> = BASES
        .iter()
        .map(|(f, base)| Ok((*f, at(base)?)))
        .collect::<Result<_>>()?;
    let (member, defined) = (at(MEMBER)?, at(MOM_DEFINED)?);
    let counted = at(ROW_COUNT).ok();
    let float = |v: &Value| match v {
        Value::Float(x) => Some(*x),
        Value::Int(i) => Some(*i as f64),
        _ => None,
    };
    let mut out = Vec::new();
    for row in answer.rows()? {
        let code = row[member].to_string();
        let mut f = Figures::empty(&code);
        if let Some((en, zh)) = by.and_then(|d| d.label(&code)) {
            (f.name_en, f.name_zh) = (Some(en.into()), Some(zh.into()));
        }
        for &(figure, i) in &figures {
            set(&mut f, figure, float(&row[i]));
        }
        f.notes = bases
            .iter()
            .filter_map(|&(figure, i)| indicator::base_note(float(&row[i]), figure))
            .collect();
        if row[defined] == Value::Text("false".into()) {
            f.notes.retain(|n| {
                *n != Note::BaseAbsent {
                    figure: Figure::Mom,
                }
            });
            f.notes.push(Note::NotDefined {
                figure: Figure::Mom,
            });
        }
        if let Some(i) = counted
            && let Value::Int(n) = row[i]
            && withhold.applies(&code, n)
        {
            f = withheld(f);
        }
        out.push(f);
    }
    Ok(out)
}

/// Members of a breakdown whose figures are withheld are left out (their names would say
/// who trades with whom), and the total says how many; the 21 cities stay listed.
fn leave_out_withheld(request: &Request, total: &mut Figures, rows: &mut Vec<Figures>) {
    if matches!(request.by, Some(Dimension::Column("city", _))) {
        return;
    }
    let listed = rows.len();
    rows.retain(|f| !f.notes.contains(&Note::Suppressed { min_rows: MIN_ROWS }));
    if rows.len() < listed {
        let members = listed - rows.len();
        total.notes.push(Note::MembersWithheld {
            members,
            min_rows: MIN_ROWS,
        });
    }
}

/// A row's figures withheld: its name stays, its numbers go.
fn withheld(f: Figures) -> Figures {
    Figures {
        name_en: f.name_en,
        name_zh: f.name_zh,
        notes: vec![Note::Suppressed { min_rows: MIN_ROWS }],
        ..Figures::empty(&f.member)
    }
}

/// Sets one figure of a row.
fn set(f: &mut Figures, figure: Figure, value: Option<f64>) {
    let slot = match figure {
        Figure::MonthValue => &mut f.month_value,
        Figure::MonthYoy => &mut f.month_yoy,
        Figure::Mom => &mut f.mom,
        Figure::Ytd => &mut f.ytd,
        Figure::YtdYoy => &mut f.ytd_yoy,
        Figure::Share => &mut f.share,
        Figure::Contribution => &mut f.contribution,
        Figure::Cagr => &mut f.cagr,
        Figure::Rank => {
            f.rank = value.map(|r| r as i64);
            return;
        }
    };
    *slot = value;
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

/// The filters of a request as `AND` conditions, each on a new line after `indent`.
fn filter_clauses(request: &Request, source: &Source, indent: &str) -> String {
    request
        .filters
        .iter()
        .map(|f| format!("{indent}AND {}", condition(f, source)))
        .collect()
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

/// The years and months an indicator query reads, and what it sums.
struct Window<'a> {
    request: &'a Request,
    source: &'a Source,
    /// The column summed.
    value: &'static str,
    /// The last month of the year to date.
    end: Period,
    /// The month of the month-on-month base, if defined.
    previous: Option<Period>,
    /// Whether rows are counted (`row_count`, for suppressing small published cells).
    count: bool,
}

impl Window<'_> {
    /// `FROM … WHERE …` over the rows of every year and month the figures need.
    fn rows(&self) -> String {
        let Period { year: y, month: m } = self.end;
        let n = self.request.years as i32;
        let mut years = vec![y, y - 1, y - n];
        years.extend(self.previous.map(|p| p.year));
        years.sort_unstable();
        years.dedup();
        let years: Vec<String> = years.iter().map(i32::to_string).collect();
        // January's base month is December of the year before.
        let previous = match self.previous {
            Some(p) if p.month > m => {
                format!(" OR (t.year = {} AND t.month = {})", p.year, p.month)
            }
            _ => String::new(),
        };
        format!(
            "FROM {} t
  WHERE t.year IN ({}) AND (t.month <= {m}{previous}){}",
            self.source.table,
            years.join(", "),
            filter_clauses(self.request, self.source, "\n    ")
        )
    }

    /// The six sums of a row; `when` is the condition selecting a year's months, `value`
    /// what is summed.
    fn sums(&self, when: &dyn Fn(i32, Months) -> String, value: &str) -> String {
        let Period { year: y, month: m } = self.end;
        let (y1, yn) = (y - 1, y - self.request.years as i32);
        let sum = |year: i32, months: Months<'_>| {
            format!("sum(CASE WHEN {} THEN {value} END)", when(year, months))
        };
        let window = self.request.month_window();
        let prev_month = self
            .previous
            .map_or("CAST(NULL AS DOUBLE)".to_string(), |p| {
                sum(p.year, Months::In(&[p.month]))
            });
        format!(
            "{} AS {MONTH_VALUE},
    {} AS {MONTH_BASE},
    {prev_month} AS {PREV_MONTH},
    {} AS ytd,
    {} AS {YTD_BASE},
    {} AS {YTD_N}",
            sum(y, Months::In(&window)),
            sum(y1, Months::In(&window)),
            sum(y, Months::Through(m)),
            sum(y1, Months::Through(m)),
            sum(yn, Months::Through(m)),
        )
    }

    /// How many rows a row of the source stands for: one each, or a rollup's `row_count`.
    fn counted_rows(&self) -> &'static str {
        if self.source.counted {
            "sum(t.row_count)"
        } else {
            "count(*)"
        }
    }

    /// The rows summed into the year to date (`, … AS row_count`), when rows are counted:
    /// `aggregate` of `value` over the year to date's rows.
    fn row_count(
        &self,
        when: &dyn Fn(i32, Months) -> String,
        aggregate: &str,
        value: &str,
    ) -> String {
        if !self.count {
            return String::new();
        }
        let Period { year: y, month: m } = self.end;
        let ytd = when(y, Months::Through(m));
        format!(",\n    {aggregate}(CASE WHEN {ytd} THEN {value} END) AS {ROW_COUNT}")
    }

    /// The summed rows `s` (one per key) and how the key is named: one row `total` without
    /// a breakdown; with one, sums by code number and month first (`m`), then by code.
    fn summed(&self, column: Option<&str>) -> (String, &'static str) {
        let v = format!("CAST(t.{} AS DOUBLE)", self.value);
        let rows = self.rows();
        match column {
            // An aggregate over no rows gives one row of NULLs, which the final filter drops.
            None => (
                format!(
                    "s AS (\n  SELECT '{TOTAL}' AS key,\n    {}{}\n  {rows}\n),",
                    self.sums(&Months::of_rows, &v),
                    match self.source.counted {
                        true => self.row_count(&Months::of_rows, "sum", "t.row_count"),
                        false => self.row_count(&Months::of_rows, "count", "1"),
                    }
                ),
                "s.key",
            ),
            Some(c) => (
                format!(
                    "{}
s AS (
  SELECT m.key,
    {}{}
  FROM m
  GROUP BY 1
),",
                    self.by_code_and_month(c, &v, &rows),
                    self.sums(&Months::of_ym, "m.value"),
                    self.row_count(&Months::of_ym, "sum", "m.n"),
                ),
                match self.source.numbered {
                    true => "code_of(s.key)",
                    false => "s.key",
                },
            ),
        }
    }

    /// The rows `m`: sums by code `key` and month `ym` (year·100 + month). In one process
    /// both are one integer (the code's number · 1,000,000 + ym), DataFusion's fastest
    /// grouping; on a cluster the code's text and the month, which every executor groups
    /// the same way.
    fn by_code_and_month(&self, c: &str, v: &str, rows: &str) -> String {
        let n = if self.count { ", n" } else { "" };
        let count = match self.count {
            true => format!(",\n      {} AS n", self.counted_rows()),
            false => String::new(),
        };
        match self.source.numbered {
            true => format!(
                "m AS (
  SELECT key_month / 1000000 AS key, key_month % 1000000 AS ym, value{n}
  FROM (
    SELECT CAST(code_key(t.{c}) AS BIGINT) * 1000000 + t.year * 100 + t.month AS key_month,
      sum({v}) AS value{count}
    {rows}
    GROUP BY 1
  )
),"
            ),
            false => format!(
                "m AS (
  SELECT t.{c} AS key, t.year * 100 + t.month AS ym,
      sum({v}) AS value{count}
  {rows}
  GROUP BY 1, 2
),"
            ),
        }
    }
}

/// How a breakdown makes its members from the summed keys `w.key`: the column summed by,
/// the member expression, and a join to the group table when members are groups.
fn members(request: &Request, source: &Source) -> (Option<&'static str>, String, &'static str) {
    match request.by.map(|d| source.dim(d)) {
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
    }
}

/// The output columns of an indicator query, in order, with their expressions over the
/// aggregated rows `a`. Every figure's column is named by [`Figure::code`].
fn outputs(request: &Request, previous: Option<Period>) -> Vec<(&'static str, String)> {
    let n = request.years;
    let (prev_month, mom_defined, mom) = match previous {
        Some(_) => (
            "a.prev_month",
            "true",
            "CASE WHEN a.prev_month <> 0 THEN (a.month_value / a.prev_month - 1) * 100 END",
        ),
        None => ("CAST(NULL AS DOUBLE)", "false", "CAST(NULL AS DOUBLE)"),
    };
    let code = Figure::code;
    vec![
        (MEMBER, "a.member".into()),
        (code(Figure::MonthValue), "a.month_value".into()),
        (MONTH_BASE, "a.month_base".into()),
        (code(Figure::MonthYoy), "CASE WHEN a.month_base <> 0 THEN (a.month_value / a.month_base - 1) * 100 END".into()),
        (PREV_MONTH, prev_month.into()),
        (MOM_DEFINED, mom_defined.into()),
        (code(Figure::Mom), mom.into()),
        (code(Figure::Ytd), "a.ytd".into()),
        (YTD_BASE, "a.ytd_base".into()),
        (code(Figure::YtdYoy), "CASE WHEN a.ytd_base <> 0 THEN (coalesce(a.ytd, 0) / a.ytd_base - 1) * 100 END".into()),
        (TOTAL_YTD, "a.total_ytd".into()),
        (TOTAL_YTD_BASE, "a.total_ytd_base".into()),
        (code(Figure::Share), "CASE WHEN a.total_ytd <> 0 THEN coalesce(a.ytd, 0) / a.total_ytd * 100 END".into()),
        (code(Figure::Contribution), "CASE WHEN a.total_ytd_base <> 0 THEN (coalesce(a.ytd, 0) - coalesce(a.ytd_base, 0)) / a.total_ytd_base * 100 END".into()),
        (YTD_N, "a.ytd_n".into()),
        (code(Figure::Cagr), format!("CASE WHEN a.ytd_n > 0 AND a.ytd > 0 THEN (power(a.ytd / a.ytd_n, 1.0 / {n}) - 1) * 100 END")),
        (code(Figure::Rank), "CAST(rank() OVER (ORDER BY a.ytd DESC NULLS LAST) AS BIGINT)".into()),
    ]
}

/// The query computing every figure of a request over a source, one row per member.
///
/// The rows are read once (each CTE is referenced once, and DataFusion inlines CTEs).
/// With a breakdown, the rows are summed by one integer per code and month (`m`): the
/// code's number (`code_key`; integers group much faster than strings) and year·100 +
/// month. The figures are then sums over those few rows (`s`), and the total (a window
/// over all keys), members, HS levels and groups are made from them, named by `code_of`:
/// a join or a membership test per row would cost far more. Without a breakdown there is
/// nothing to group: the figures are sums over the rows.
pub(crate) fn query(request: &Request, source: &Source, count: bool) -> Result<String> {
    let previous = request.previous_month();
    let window = Window {
        request,
        source,
        value: value_column(request)?,
        end: request.end(),
        previous,
        count,
    };
    let (column, member, join) = members(request, source);
    let (summed, named) = window.summed(column);
    let mut outputs = outputs(request, previous);
    let (carried, summed_count) = match count {
        true => {
            outputs.push((ROW_COUNT, "a.row_count".into()));
            (", s.row_count", ",\n    sum(w.row_count) AS row_count")
        }
        false => ("", ""),
    };
    let select: Vec<String> = outputs
        .into_iter()
        .map(|(name, expr)| format!("{expr} AS {name}"))
        .collect();
    Ok(format!(
        "WITH {summed}
w AS (
  SELECT {named} AS key, s.month_value, s.month_base, s.prev_month, s.ytd, s.ytd_base, s.ytd_n{carried},
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
    max(w.total_ytd_base) AS total_ytd_base{summed_count}
  FROM w{join}
  GROUP BY 1
)
SELECT {}
FROM a
WHERE a.ytd IS NOT NULL OR a.ytd_base IS NOT NULL
ORDER BY rank, a.member",
        select.join(",\n  ")
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
    let source = Source::choose(session, request.indicator.dataset, table, &[city]);
    let table = source.table;
    // The months checked and the twelve before each. Distinct (city, month) pairs are
    // found as one integer, as in the indicator queries (the city's number · 1,000,000 +
    // year·100 + month): DataFusion's fastest grouping; on a cluster, as the city's text
    // beside the month. `city` is a required column, never NULL.
    let city_month = match source.numbered {
        true => "CAST(code_key(city) AS BIGINT) * 1000000 + year * 100 + month AS city_month",
        false => "city, year * 100 + month AS city_month",
    };
    let sql = format!(
        "SELECT city_month % 1000000 / 100 AS year, city_month % 100 AS month, count(*) AS cities
FROM (
  SELECT DISTINCT {city_month}
  FROM {table}
  WHERE (year = {} AND month >= {m}) OR year = {} OR (year = {y} AND month <= {m})
)
GROUP BY 1, 2",
        y - 2,
        y - 1
    );
    let mut cities = std::collections::BTreeMap::new();
    for row in session.query_kept(&sql).await?.rows()? {
        if let [Value::Int(year), Value::Int(month), Value::Int(n)] = row.as_slice()
            && let Some(p) = Period::new(*year as i32, *month as u32)
        {
            cities.insert(p, *n as u32);
        }
    }
    Ok(flags(request, &cities))
}

/// The completeness flags of a request from the number of cities reporting each month.
fn flags(request: &Request, cities: &std::collections::BTreeMap<Period, u32>) -> Vec<Completeness> {
    let Period { year: y, month: m } = request.end();
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
        let usual = (0..12)
            .scan(p, |before, _| {
                *before = before.prev();
                Some(cities.get(before).copied().unwrap_or(0))
            })
            .max()
            .unwrap_or(0);
        if n < usual {
            flags.push(Completeness::PartialMonth {
                period: p,
                cities: n,
                usual,
            });
        }
    }
    flags
}
