//! Where a region (Guangdong, or one of its cities) could go next: the region is put into the
//! store's world trade matrix as a location of its own, and the products it is not yet
//! competitive in are ranked by density, PCI and COG; with the product space for a chart.

use linkages_complexity::{Options, compute, network, opportunities, with_region};
use linkages_core::Value;
use linkages_core::classify::{city, groups_of_product, hs_chapter};
use linkages_engine::Session;
use linkages_engine::format::to_values;

use crate::Error;

/// What to rank.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// `GD` for Guangdong, or a city (code or name).
    pub region: String,
    /// Year of the world and regional trade.
    pub year: i32,
    /// The region's country in the world table (its exports exclude the region's).
    pub parent: String,
    /// How many opportunities to list.
    pub top: usize,
}

/// One product the region could move into.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Item {
    /// HS code.
    pub product: String,
    /// Its HS chapter, English.
    pub chapter_en: String,
    /// Its HS chapter, Chinese.
    pub chapter_zh: String,
    /// Product groups and clusters it belongs to.
    pub groups: Vec<&'static str>,
    /// The region's RCA in it now.
    pub rca: f64,
    /// Density (feasibility).
    pub density: f64,
    /// Product complexity.
    pub pci: f64,
    /// Complexity outlook gain.
    pub cog: f64,
    /// The balanced score it is ranked by.
    pub score: f64,
}

/// A node of the product space.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Node {
    /// HS code.
    pub id: String,
    /// Product complexity.
    pub pci: f64,
    /// Whether the region exports it competitively (RCA ≥ 1).
    pub present: bool,
    /// Product groups.
    pub groups: Vec<&'static str>,
}

/// An edge of the product space.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Edge {
    /// One product.
    pub source: String,
    /// The other.
    pub target: String,
    /// Their proximity.
    pub proximity: f64,
}

/// The ranking and the product space of a region.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Opportunities {
    /// The region's label in the matrix (`GD`, or the city's English name).
    pub region: String,
    /// Year.
    pub year: i32,
    /// The region's economic complexity index.
    pub eci: f64,
    /// Its rank among the locations.
    pub eci_rank: usize,
    /// Locations in the matrix.
    pub locations: usize,
    /// Products in the matrix.
    pub products: usize,
    /// Products the region is not yet competitive in.
    pub not_competitive: usize,
    /// Products where the region reports more than its country (the country's value was set to 0).
    pub clamped: usize,
    /// The best opportunities.
    pub opportunities: Vec<Item>,
    /// The product space: maximum spanning tree plus proximities ≥ 0.55.
    pub nodes: Vec<Node>,
    /// Its edges.
    pub edges: Vec<Edge>,
}

fn number(v: &Value) -> f64 {
    match v {
        Value::Float(f) => *f,
        Value::Int(i) => *i as f64,
        _ => 0.0,
    }
}

fn groups(p: &str) -> Vec<&'static str> {
    groups_of_product(p).map(|g| g.code).collect()
}

/// Ranks a region's opportunities in a year.
pub async fn build(session: &Session, request: &Request) -> Result<Opportunities, Error> {
    let year = request.year;
    let world = to_values(
        &session
            .query(&format!(
                "SELECT reporter, product, sum(value_usd) FROM world WHERE year = {year} GROUP BY reporter, product"
            ))
            .await?
            .1,
    )?;
    if world.is_empty() {
        return Err(Error::NoData(format!(
            "no world trade for {year} in the store: ingest a world export table first, e.g. \
             `linkages ingest --dataset world --set year={year} FILE.csv`"
        )));
    }
    let digits = world
        .iter()
        .map(|r| r[1].to_string().len())
        .max()
        .unwrap_or(4);
    // The region: the whole province (GD), or one city by GB/T 2260 code or name.
    let (filter, label) = match request.region.to_uppercase().as_str() {
        "GD" | "GUANGDONG" | "广东" => (String::new(), "GD".to_string()),
        _ => {
            let c = city(&request.region).ok_or_else(|| {
                Error::Invalid(format!(
                    "unknown region '{}': use GD for Guangdong or a city code or name",
                    request.region
                ))
            })?;
            (format!(" AND city = '{}'", c.code), c.name_en.to_string())
        }
    };
    let regional = to_values(
        &session
            .query(&format!(
                "SELECT substr(product, 1, {digits}) AS p, sum(value_usd) FROM trade \
                 WHERE flow = 'export' AND year = {year} AND length(product) >= {digits}{filter} GROUP BY p"
            ))
            .await?
            .1,
    )?;
    if regional.is_empty() {
        return Err(Error::NoData(format!(
            "no exports of {} in {year} in the trade dataset",
            request.region
        )));
    }
    let world: Vec<(String, String, f64)> = world
        .iter()
        .map(|r| (r[0].to_string(), r[1].to_string(), number(&r[2])))
        .collect();
    let regional: Vec<(String, f64)> = regional
        .iter()
        .map(|r| (r[0].to_string(), number(&r[1])))
        .collect();
    let (matrix, clamped) = with_region(&world, &label, &regional, &request.parent)?;
    let result = compute(&matrix, &Options::default())?;
    let ranked = opportunities(&result, &label)
        .ok_or_else(|| Error::NoData("the region has no exports left after cleaning".into()))?;
    let c = result
        .locations
        .iter()
        .position(|l| *l == label)
        .ok_or_else(|| Error::NoData("the region was excluded from the matrix".into()))?;
    let eci = result.eci[c];
    let chapter = |p: &str| hs_chapter(&p[..2.min(p.len())]);
    let net = network(&result, 0.55);
    Ok(Opportunities {
        eci_rank: result.eci.iter().filter(|e| **e > eci).count() + 1,
        eci,
        locations: result.locations.len(),
        products: result.products.len(),
        not_competitive: ranked.len(),
        clamped,
        opportunities: ranked
            .iter()
            .take(request.top)
            .map(|o| Item {
                chapter_en: chapter(&o.product).map_or("", |c| c.name_en).into(),
                chapter_zh: chapter(&o.product).map_or("", |c| c.name_zh).into(),
                groups: groups(&o.product),
                product: o.product.clone(),
                rca: o.rca,
                density: o.density,
                pci: o.pci,
                cog: o.cog,
                score: o.score,
            })
            .collect(),
        nodes: net
            .nodes
            .iter()
            .enumerate()
            .map(|(p, code)| Node {
                id: code.clone(),
                pci: result.pci[p],
                present: result.mcp[(c, p)] == 1.0,
                groups: groups(code),
            })
            .collect(),
        edges: net
            .edges
            .iter()
            .map(|(a, b, w)| Edge {
                source: net.nodes[*a].clone(),
                target: net.nodes[*b].clone(),
                proximity: *w,
            })
            .collect(),
        region: label,
        year,
    })
}
