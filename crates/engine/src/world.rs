//! World trade in the store (the `world` dataset) and the region's exports beside it: the
//! two matrices economic complexity and opportunities are computed on. Every query reads
//! pinned versions (`world_v2`, `trade_v5`) and is returned with its provenance.

use linkages_core::dataset::{Dataset, TRADE, WORLD, WORLD_BILATERAL};
use linkages_core::{Provenance, Value};

use crate::error::Result;
use crate::indicators::pinned_dataset;
use crate::sql::Session;
use linkages_core::access::{self, MIN_ROWS, Scope};

/// The first and last year a world dataset (`world` or `world_bilateral`) holds in the
/// session's version, `None` when there is none.
pub async fn year_span(session: &Session, dataset: &'static Dataset) -> Result<Option<(i32, i32)>> {
    if session.version_of(dataset).is_none() {
        return Ok(None);
    }
    let (table, _) = pinned_dataset(session, dataset)?;
    let answer = session
        .query_kept(&format!("SELECT min(year), max(year) FROM {table}"))
        .await?;
    let rows = answer.rows()?;
    let year = |v: Option<&Value>| match v {
        Some(Value::Int(y)) => i32::try_from(*y).ok(),
        _ => None,
    };
    let first = rows.first();
    Ok(year(first.and_then(|r| r.first())).zip(year(first.and_then(|r| r.get(1)))))
}

/// Exports of every reporter and product in a year: `(reporter, product, value_usd)`.
/// [`crate::Error::Empty`] when the store holds no world trade.
pub async fn exports(
    session: &Session,
    year: i32,
) -> Result<(Provenance, Vec<(String, String, f64)>)> {
    let (table, provenance) = pinned_dataset(session, &WORLD)?;
    let sql = format!(
        "SELECT reporter, product, sum(value_usd) AS value_usd FROM {table} WHERE year = {year} GROUP BY reporter, product"
    );
    let cells = coded_values(session, &sql).await?;
    Ok((provenance(sql), cells))
}

/// The region's exports by product cut to `digits` digits in a year: the province, or one
/// city (a canonical GB/T 2260 code). Products with fewer digits are left out. The
/// caller's scope decides which regions it may ask for ([`access::region`]); published
/// products built from few rows are left out, as published cells are withheld.
pub async fn regional_exports(
    session: &Session,
    year: i32,
    city: Option<&str>,
    digits: usize,
) -> Result<(Provenance, Vec<(String, f64)>)> {
    let (table, provenance, filter, withhold) = regional(session, city)?;
    let sql = format!(
        "SELECT substr(product, 1, {digits}) AS product, sum(value_usd) AS value_usd FROM {table} \
         WHERE flow = 'export' AND year = {year} AND length(product) >= {digits}{filter} GROUP BY 1{withhold}"
    );
    let rows = session.query(&sql).await?.rows()?;
    let cells = rows
        .into_iter()
        .map(|r| (r[0].to_string(), number(&r[1])))
        .collect();
    Ok((provenance(sql), cells))
}

/// Which way goods go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// The region's exports (to markets).
    Exports,
    /// The region's imports (from suppliers).
    Imports,
}

/// The region's exports or imports in a year by partner and product (cut to `digits`),
/// US dollars: `(partner, product, value_usd)`. Scope and withholding as
/// [`regional_exports`].
pub async fn regional_trade(
    session: &Session,
    year: i32,
    city: Option<&str>,
    digits: usize,
    direction: Direction,
) -> Result<(Provenance, Vec<(String, String, f64)>)> {
    let (table, provenance, filter, withhold) = regional(session, city)?;
    let flow = match direction {
        Direction::Exports => "export",
        Direction::Imports => "import",
    };
    let sql = format!(
        "SELECT partner, substr(product, 1, {digits}) AS product, sum(value_usd) AS value_usd \
         FROM {table} WHERE flow = '{flow}' AND year = {year} AND length(product) >= {digits}{filter} \
         GROUP BY 1, 2{withhold}"
    );
    let cells = coded_values(session, &sql).await?;
    Ok((provenance(sql), cells))
}

/// Bilateral world trade of a year with products cut to `digits`, `(exporter, importer,
/// product, value_usd)`, from the `world_bilateral` dataset. [`crate::Error::Empty`] when the store holds none.
pub async fn bilateral(
    session: &Session,
    year: i32,
    digits: usize,
) -> Result<(Provenance, Vec<(String, String, String, f64)>)> {
    let (table, provenance) = pinned_dataset(session, &WORLD_BILATERAL)?;
    let sql = format!(
        "SELECT exporter, importer, substr(product, 1, {digits}) AS product, sum(value_usd) AS value_usd \
         FROM {table} WHERE year = {year} AND length(product) >= {digits} GROUP BY 1, 2, 3"
    );
    let rows = session.query(&sql).await?.rows()?;
    let cells = rows
        .into_iter()
        .map(|r| {
            (
                r[0].to_string(),
                r[1].to_string(),
                r[2].to_string(),
                number(&r[3]),
            )
        })
        .collect();
    Ok((provenance(sql), cells))
}

/// Every exporter's exports by product cut to `digits` in a year, `(exporter, product,
/// value_usd)`, summed over importers from `world_bilateral`: the world matrix of
/// complexity from the bilateral table. [`crate::Error::Empty`] when the store holds none.
pub async fn bilateral_exports(
    session: &Session,
    year: i32,
    digits: usize,
) -> Result<(Provenance, Vec<(String, String, f64)>)> {
    let (table, provenance) = pinned_dataset(session, &WORLD_BILATERAL)?;
    let sql = format!(
        "SELECT exporter, substr(product, 1, {digits}) AS product, sum(value_usd) AS value_usd \
         FROM {table} WHERE year = {year} AND length(product) >= {digits} GROUP BY 1, 2"
    );
    let cells = coded_values(session, &sql).await?;
    Ok((provenance(sql), cells))
}

/// The pinned trade table of the region's queries, its provenance, the city filter and
/// the withholding of a published session; refused when the session's scope may not read
/// the region.
fn regional(
    session: &Session,
    city: Option<&str>,
) -> Result<(
    String,
    impl Fn(String) -> Provenance + use<>,
    String,
    String,
)> {
    let scope = session.options.scope;
    // A session reads one scope: the province's space is read in a published session.
    if access::region(scope, city)? != scope {
        return Err(access::Refused(
            "the province's products are read as published: open a published session".into(),
        )
        .into());
    }
    let (table, provenance) = pinned_dataset(session, &TRADE)?;
    let filter = city
        .map(|c| format!(" AND city = '{}'", c.replace('\'', "''")))
        .unwrap_or_default();
    let withhold = match scope {
        Scope::Published => format!(" HAVING count(*) >= {MIN_ROWS}"),
        _ => String::new(),
    };
    Ok((table, provenance, filter, withhold))
}

/// The rows of a query of two codes and a value.
async fn coded_values(session: &Session, sql: &str) -> Result<Vec<(String, String, f64)>> {
    let rows = session.query(sql).await?.rows()?;
    Ok(rows
        .into_iter()
        .map(|r| (r[0].to_string(), r[1].to_string(), number(&r[2])))
        .collect())
}

fn number(v: &Value) -> f64 {
    match v {
        Value::Float(f) => *f,
        Value::Int(i) => *i as f64,
        _ => 0.0,
    }
}
