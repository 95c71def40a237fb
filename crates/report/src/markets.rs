//! Where a region (Guangdong, or one of its cities) sells and could sell more: how
//! concentrated its exports are by market and by product in each year, the markets won and
//! lost, where its growth between two years came from (constant market share analysis
//! against the world's imports), which of its imports depend on one supplier, and its
//! export potential by product and market. The region's trade is read from the store's
//! `trade` dataset, the world's from `world_bilateral`; the methods are
//! `linkages_markets`'.

use linkages_core::classify::groups::product_group;
use linkages_core::classify::groups_of_product;
use linkages_core::dataset::WORLD_BILATERAL;
use linkages_core::{Provenance, SYNTHETIC_NOTE};
use linkages_engine::world::{self, Direction};
use linkages_engine::{Session, Store};
use linkages_markets::cms::{Decomposition, Level, decompose};
use linkages_markets::concentration::{Concentration, changes, concentration, dependence};
use linkages_markets::potential::{Demand, Total, potential};
use linkages_markets::{Basket, World};

use crate::Error;
use crate::opportunities::region_named;

/// What to analyse.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// `GD` for Guangdong, or a city (code or name).
    pub region: String,
    /// The first year.
    pub from: i32,
    /// The last year (after `from`).
    pub to: i32,
    /// Exports above which a market or product counts, US dollars.
    pub threshold: f64,
    /// Product digits the methods work at (2, 4 or 6).
    pub digits: usize,
    /// How many imports most dependent on one supplier to list.
    pub top: usize,
    /// A product group or cluster (its code) to confine the analysis to, the world's
    /// trade as well as the region's; `None` for every product.
    pub group: Option<&'static str>,
}

impl Request {
    /// A checked request: years 1900–2100 with `from` before `to`, digits 2, 4 or 6, a
    /// finite non-negative threshold, 1–500 items.
    pub fn new(
        region: &str,
        from: i32,
        to: i32,
        threshold: f64,
        digits: usize,
        top: usize,
    ) -> Result<Request, Error> {
        if !(1900..=2100).contains(&from) || !(1900..=2100).contains(&to) || from >= to {
            return Err(Error::Invalid(format!(
                "years {from} to {to}: the first must come before the last, both 1900–2100"
            )));
        }
        if ![2, 4, 6].contains(&digits) {
            return Err(Error::Invalid(format!(
                "digits must be 2, 4 or 6, not {digits}"
            )));
        }
        if !threshold.is_finite() || threshold < 0.0 {
            return Err(Error::Invalid(format!(
                "threshold {threshold} must be a non-negative number"
            )));
        }
        if !(1..=500).contains(&top) {
            return Err(Error::Invalid(format!("top must be 1 to 500, not {top}")));
        }
        region_named(region)?;
        Ok(Request {
            region: region.into(),
            from,
            to,
            threshold,
            digits,
            top,
            group: None,
        })
    }

    /// The request confined to the products of a product group or cluster (its code).
    pub fn in_group(self, group: Option<&str>) -> Result<Request, Error> {
        let group = match group {
            None => None,
            Some(code) => Some(
                product_group(code)
                    .ok_or_else(|| {
                        Error::Invalid(format!(
                            "unknown product group '{code}': see `linkages reference product_groups`"
                        ))
                    })?
                    .code,
            ),
        };
        Ok(Request { group, ..self })
    }
}

/// Whether `product` is counted under `group` (every product when there is none).
fn kept(group: Option<&str>, product: &str) -> bool {
    group.is_none_or(|g| product_group(g).is_some_and(|pg| pg.contains(product)))
}

impl Request {
    /// The city asked for (its code), or `None` for the province.
    pub fn city(&self) -> Result<Option<&'static str>, Error> {
        Ok(region_named(&self.region)?.0)
    }
}

impl PotentialRequest {
    /// A checked request: a year 1900–2100, growth a finite number, 0–50 years ahead,
    /// digits 2, 4 or 6, 1–500 lines.
    pub fn new(
        region: &str,
        year: i32,
        growth: f64,
        years: f64,
        digits: usize,
        top: usize,
    ) -> Result<PotentialRequest, Error> {
        if !(1900..=2100).contains(&year) {
            return Err(Error::Invalid(format!("year {year} is out of range")));
        }
        if ![2, 4, 6].contains(&digits)
            || !(1..=500).contains(&top)
            || !growth.is_finite()
            || !(0.0..=50.0).contains(&years)
        {
            return Err(Error::Invalid(
                "digits must be 2, 4 or 6, top 1 to 500, growth a number and years 0 to 50".into(),
            ));
        }
        region_named(region)?;
        Ok(PotentialRequest {
            region: region.into(),
            year,
            growth,
            years,
            digits,
            top,
        })
    }

    /// The city asked for (its code), or `None` for the province.
    pub fn city(&self) -> Result<Option<&'static str>, Error> {
        Ok(region_named(&self.region)?.0)
    }
}

/// A year's concentration of the region's exports.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Year {
    /// The calendar year of these figures.
    pub year: i32,
    /// Exports, US dollars.
    pub exports: f64,
    /// Exports by market.
    pub markets: Concentration,
    /// Exports by product.
    pub products: Concentration,
    /// Imports by supplier.
    pub suppliers: Concentration,
}

/// An import that depends on few suppliers.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Dependent {
    /// Product code.
    pub product: String,
    /// Imports of it, US dollars.
    pub value: f64,
    /// Suppliers above the threshold.
    pub suppliers: usize,
    /// HHI by supplier, 0–1.
    pub hhi: f64,
    /// The largest supplier (ISO alpha-3).
    pub top_supplier: String,
    /// Its share, 0–1.
    pub top_share: f64,
}

/// The markets analysis of a region between two years.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Markets {
    /// The region's label (`GD`, or the city's English name).
    pub region: String,
    /// The product group the analysis is confined to, if any.
    pub group: Option<String>,
    /// First year.
    pub from: i32,
    /// Last year.
    pub to: i32,
    /// Concentration of exports in every year from `from` to `to`.
    pub years: Vec<Year>,
    /// Markets above the threshold in `to` and not in `from`, largest first.
    pub new_markets: Vec<String>,
    /// Markets above the threshold in `from` and not in `to`, largest first.
    pub lost_markets: Vec<String>,
    /// Leamer & Stern's two-level decomposition of the change from `from` to `to`.
    pub two_level: Decomposition,
    /// Tyszynski's one-level decomposition.
    pub one_level: Decomposition,
    /// The imports of `to` most dependent on one supplier.
    pub dependent_imports: Vec<Dependent>,
    /// The queries of the region's trade and the world's, over pinned versions.
    pub provenance: Vec<Provenance>,
}

/// The world's bilateral trade of `year`, or why there is none.
async fn world_of(
    session: &Session,
    year: i32,
    digits: usize,
    group: Option<&str>,
    into: &mut World,
) -> Result<Provenance, Error> {
    let no_data = || {
        Error::NoData(format!(
            "no bilateral world trade for {year} in the store: ingest CEPII BACI's file first, e.g. \
         `linkages ingest --dataset world_bilateral --baci-countries country_codes.csv BACI_{year}.csv`"
        ))
    };
    let (provenance, rows) = match world::bilateral(session, year, digits).await {
        Err(linkages_engine::Error::Empty(_)) => return Err(no_data()),
        found => found?,
    };
    if rows.is_empty() {
        return Err(no_data());
    }
    for (exporter, importer, product, value) in rows {
        if kept(group, &product) {
            into.add(year, &exporter, &importer, &product, value)?;
        }
    }
    Ok(provenance)
}

/// The region's trade of `year` by product and partner (of `group`'s products if any),
/// numbered in `world`'s names.
async fn basket_of(
    session: &Session,
    (city, group): (Option<&str>, Option<&str>),
    year: i32,
    digits: usize,
    direction: Direction,
    world: &mut World,
) -> Result<(Provenance, Basket), Error> {
    let (provenance, rows) = world::regional_trade(session, year, city, digits, direction).await?;
    let mut basket = Basket::default();
    for (partner, product, value) in rows.into_iter().filter(|r| kept(group, &r.1)) {
        basket.add(
            world.products.intern(&product),
            world.countries.intern(&partner),
            value,
        );
    }
    Ok((provenance, basket))
}

/// The markets analysis of a region between two years.
pub async fn build(session: &Session, request: &Request) -> Result<Markets, Error> {
    let (city, label) = region_named(&request.region)?;
    let (from, to, digits, group) = (request.from, request.to, request.digits, request.group);
    let mut world = World::default();
    let mut provenance = vec![
        world_of(session, from, digits, group, &mut world).await?,
        world_of(session, to, digits, group, &mut world).await?,
    ];
    let mut years = Vec::new();
    let mut baskets = Vec::new();
    let mut imports = Basket::default();
    for year in from..=to {
        let region = (city, group);
        let (p, basket) = basket_of(
            session,
            region,
            year,
            digits,
            Direction::Exports,
            &mut world,
        )
        .await?;
        let (q, bought) = basket_of(
            session,
            region,
            year,
            digits,
            Direction::Imports,
            &mut world,
        )
        .await?;
        years.push(year_of(year, &basket, &bought, request.threshold));
        provenance.extend([p, q]);
        baskets.push(basket);
        imports = bought;
    }
    let (first, last) = (&baskets[0], &baskets[baskets.len() - 1]);
    if first.total() <= 0.0 {
        return Err(Error::NoData(format!(
            "no exports of {} in {from} in the trade dataset",
            request.region
        )));
    }
    let won = changes(&first.by_partner(), &last.by_partner(), request.threshold);
    let (world_from, world_to) = (world.imports(from)?, world.imports(to)?);
    let cms = |level| decompose(first, last, &world_from, &world_to, level);
    let (two_level, one_level) = (cms(Level::Two)?, cms(Level::One)?);
    let names = |ids: Vec<u32>| {
        ids.into_iter()
            .map(|i| world.countries.name(i).to_string())
            .collect()
    };
    let dependent_imports = dependence(&imports, request.threshold)
        .into_iter()
        .take(request.top)
        .map(|d| Dependent {
            product: world.products.name(d.product).to_string(),
            value: d.suppliers.total,
            suppliers: d.suppliers.members,
            hhi: d.suppliers.hhi,
            top_supplier: world.countries.name(d.top).to_string(),
            top_share: d.top_share,
        })
        .collect();
    Ok(Markets {
        region: label,
        group: group.map(str::to_string),
        from,
        to,
        years,
        new_markets: names(won.new),
        lost_markets: names(won.lost),
        two_level,
        one_level,
        dependent_imports,
        provenance,
    })
}

fn year_of(year: i32, exports: &Basket, imports: &Basket, threshold: f64) -> Year {
    Year {
        year,
        exports: exports.total(),
        markets: concentration(exports.by_partner().into_values(), threshold),
        products: concentration(exports.by_product().into_values(), threshold),
        suppliers: concentration(imports.by_partner().into_values(), threshold),
    }
}

/// What export potential to compute.
#[derive(Debug, Clone, PartialEq)]
pub struct PotentialRequest {
    /// `GD` for Guangdong, or a city (code or name).
    pub region: String,
    /// The year observed.
    pub year: i32,
    /// GDP growth a year of every market (0.03 = 3%).
    pub growth: f64,
    /// Years the markets' demand is projected ahead.
    pub years: f64,
    /// Product digits (2, 4 or 6).
    pub digits: usize,
    /// How many cells, products, markets and clusters to list.
    pub top: usize,
}

/// One line of the potential table: a cell or a group's total.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Line {
    /// Product code, market code, `product market`, or product group code.
    pub name: String,
    /// Potential exports, US dollars.
    pub potential: f64,
    /// Actual exports, US dollars.
    pub actual: f64,
    /// Potential − actual.
    pub unrealized: f64,
}

/// The export potential of a region: the largest unrealized potential by cell, product,
/// market and product group (cluster).
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Potentials {
    /// The region's label.
    pub region: String,
    /// The year observed.
    pub year: i32,
    /// Product × market cells.
    pub cells: Vec<Line>,
    /// By product.
    pub products: Vec<Line>,
    /// By market.
    pub markets: Vec<Line>,
    /// By product group and cluster.
    pub groups: Vec<Line>,
    /// Products whose supply share was above 1 (the sources disagree) and was capped.
    pub capped: usize,
    /// The queries read, over pinned versions.
    pub provenance: Vec<Provenance>,
}

fn line<G>(name: String, t: &Total<G>) -> Line {
    Line {
        name,
        potential: t.potential,
        actual: t.actual,
        unrealized: t.unrealized(),
    }
}

/// The export potential of a region in a year.
pub async fn potentials(
    session: &Session,
    request: &PotentialRequest,
) -> Result<Potentials, Error> {
    let (city, label) = region_named(&request.region)?;
    let (year, digits) = (request.year, request.digits);
    let mut world = World::default();
    let world_provenance = world_of(session, year, digits, None, &mut world).await?;
    let (p, exports) = basket_of(
        session,
        (city, None),
        year,
        digits,
        Direction::Exports,
        &mut world,
    )
    .await?;
    let demand = Demand {
        default: request.growth,
        years: request.years,
        ..Demand::default()
    };
    let result = potential(
        &exports,
        &world.supply(year)?,
        &world.imports(year)?,
        &demand,
    );
    let top = request.top;
    let products = result.totals(|c| Some(c.product));
    let markets = result.totals(|c| Some(c.market));
    let groups =
        result.totals(|c| groups_of_product(world.products.name(c.product)).map(|g| g.code));
    Ok(Potentials {
        region: label,
        year,
        cells: result
            .cells
            .iter()
            .take(top)
            .map(|c| Line {
                name: format!(
                    "{} {}",
                    world.products.name(c.product),
                    world.countries.name(c.market)
                ),
                potential: c.potential,
                actual: c.actual,
                unrealized: c.unrealized(),
            })
            .collect(),
        products: products
            .iter()
            .take(top)
            .map(|t| line(world.products.name(t.group).into(), t))
            .collect(),
        markets: markets
            .iter()
            .take(top)
            .map(|t| line(world.countries.name(t.group).into(), t))
            .collect(),
        groups: groups
            .iter()
            .take(top)
            .map(|t| line(t.group.to_string(), t))
            .collect(),
        capped: result.capped,
        provenance: vec![world_provenance, p],
    })
}

/// Loads the synthetic bilateral world of the demo (`linkages_demo::world`), built on the
/// province's demo exports of every year `session` reads, as a new synthetic version of
/// `world_bilateral`; refused over real data unless `force`. Returns the version and its
/// rows.
pub async fn load_demo_world(
    store: &Store,
    session: &Session,
    seed: u64,
    force: bool,
) -> Result<(u32, usize), Error> {
    let mut cells = Vec::new();
    for year in linkages_demo::FIRST.year..=linkages_demo::LAST.year {
        let (_, rows) = world::regional_trade(session, year, None, 6, Direction::Exports).await?;
        cells.extend(rows.into_iter().map(|(m, p, v)| (year, m, p, v)));
    }
    let batch = linkages_demo::world::bilateral(&cells, seed);
    let rows = batch.len();
    let note = format!("{SYNTHETIC_NOTE} (seed {seed}; built on the demo's trade)");
    let version = linkages_engine::load_demo(
        store,
        &WORLD_BILATERAL,
        std::iter::once(batch),
        note,
        force,
        |_| {},
    )
    .await?;
    Ok((version, rows))
}
