//! Where a region (Guangdong, or one of its cities) could go next: the region is put into the
//! store's world trade matrix as a location of its own, and the products it is not yet
//! competitive in are ranked by density, PCI and COG; with the product space for a chart.

use linkages_complexity::{Options, compute, network, opportunities, with_region};
use linkages_core::Provenance;
use linkages_core::classify::{city, groups_of_product, hs_chapter};
use linkages_engine::{Session, world};

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

impl Request {
    /// A checked request: at most 500 opportunities, a year 1900–2100; the parent's code in
    /// capitals.
    pub fn new(region: &str, year: i32, parent: &str, top: usize) -> Result<Request, Error> {
        if !(1..=500).contains(&top) {
            return Err(Error::Invalid(format!("top must be 1 to 500, not {top}")));
        }
        if !(1900..=2100).contains(&year) {
            return Err(Error::Invalid(format!("year {year} is out of range")));
        }
        Ok(Request {
            region: region.into(),
            year,
            parent: parent.to_uppercase(),
            top,
        })
    }

    /// The city asked for (its code), or `None` for the province.
    pub fn city(&self) -> Result<Option<&'static str>, Error> {
        Ok(region(self)?.0)
    }
}

/// One product the region could move into.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
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
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
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
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Edge {
    /// One product.
    pub source: String,
    /// The other.
    pub target: String,
    /// Their proximity.
    pub proximity: f64,
}

/// The ranking and the product space of a region.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Opportunities {
    /// The region's label in the matrix (`GD`, or the city's English name).
    pub region: String,
    /// Year of the trade ranked.
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
    /// The product space's links between products.
    pub edges: Vec<Edge>,
    /// The queries of world trade and of the region's exports, over pinned versions.
    pub provenance: Vec<Provenance>,
}

fn groups(p: &str) -> Vec<&'static str> {
    groups_of_product(p).map(|g| g.code).collect()
}

/// The region of a request: `None` with the label `GD` for the province, or a city's code
/// and English name.
fn region(request: &Request) -> Result<(Option<&'static str>, String), Error> {
    region_named(&request.region)
}

/// The region `name` names (`GD`, or a city's code or name): `None` with the label `GD`
/// for the province, or the city's code and English name.
pub(crate) fn region_named(name: &str) -> Result<(Option<&'static str>, String), Error> {
    match name.to_uppercase().as_str() {
        "GD" | "GUANGDONG" | "广东" => Ok((None, "GD".to_string())),
        _ => {
            let c = city(name).ok_or_else(|| {
                Error::Invalid(format!(
                    "unknown region '{name}': use GD for Guangdong or a city code or name"
                ))
            })?;
            Ok((Some(c.code), c.name_en.to_string()))
        }
    }
}

/// World exports of a year, or why there are none.
async fn world_exports(
    session: &Session,
    year: i32,
) -> Result<(Provenance, Vec<(String, String, f64)>), Error> {
    let no_data = || {
        Error::NoData(format!(
            "no world trade for {year} in the store: ingest a world export table first, e.g. \
             `linkages ingest --dataset world --set year={year} FILE.csv`"
        ))
    };
    match world::exports(session, year).await {
        Ok((_, rows)) if rows.is_empty() => Err(no_data()),
        Ok(found) => Ok(found),
        Err(linkages_engine::Error::Empty(_)) => Err(no_data()),
        Err(e) => Err(e.into()),
    }
}

/// Ranks a region's opportunities in a year.
pub async fn build(session: &Session, request: &Request) -> Result<Opportunities, Error> {
    let year = request.year;
    let (world_provenance, world) = world_exports(session, year).await?;
    let digits = world.iter().map(|r| r.1.len()).max().unwrap_or(4);
    let (city, label) = region(request)?;
    let (regional_provenance, regional) =
        world::regional_exports(session, year, city, digits).await?;
    if regional.is_empty() {
        return Err(Error::NoData(format!(
            "no exports of {} in {year} in the trade dataset",
            request.region
        )));
    }
    let mut ranked = rank(request, &label, &world, &regional)?;
    ranked.provenance = vec![world_provenance, regional_provenance];
    Ok(ranked)
}

/// The region embedded in the world matrix, its opportunities and the product space.
fn rank(
    request: &Request,
    label: &str,
    world: &[(String, String, f64)],
    regional: &[(String, f64)],
) -> Result<Opportunities, Error> {
    let (matrix, clamped) = with_region(world, label, regional, &request.parent)?;
    let result = compute(&matrix, &Options::default())?;
    let ranked = opportunities(&result, label)
        .ok_or_else(|| Error::NoData("the region has no exports left after cleaning".into()))?;
    let c = result
        .locations
        .iter()
        .position(|l| l == label)
        .ok_or_else(|| Error::NoData("the region was excluded from the matrix".into()))?;
    let eci = result.eci[c];
    let (nodes, edges) = space(&result, c);
    Ok(Opportunities {
        eci_rank: result.eci.iter().filter(|e| **e > eci).count() + 1,
        eci,
        locations: result.locations.len(),
        products: result.products.len(),
        not_competitive: ranked.len(),
        clamped,
        opportunities: ranked.iter().take(request.top).map(item).collect(),
        nodes,
        edges,
        region: label.to_string(),
        year: request.year,
        provenance: Vec::new(),
    })
}

/// One opportunity with its chapter and groups.
fn item(o: &linkages_complexity::Opportunity) -> Item {
    let chapter = hs_chapter(&o.product[..2.min(o.product.len())]);
    Item {
        chapter_en: chapter.map_or("", |c| c.name_en).into(),
        chapter_zh: chapter.map_or("", |c| c.name_zh).into(),
        groups: groups(&o.product),
        product: o.product.clone(),
        rca: o.rca,
        density: o.density,
        pci: o.pci,
        cog: o.cog,
        score: o.score,
    }
}

/// The product space (maximum spanning tree plus proximities ≥ 0.55), products the region
/// `c` exports competitively marked.
fn space(result: &linkages_complexity::Complexity, c: usize) -> (Vec<Node>, Vec<Edge>) {
    let net = network(result, 0.55);
    let nodes = net
        .nodes
        .iter()
        .enumerate()
        .map(|(p, code)| Node {
            id: code.clone(),
            pci: result.pci[p],
            present: result.present(c, p),
            groups: groups(code),
        })
        .collect();
    let edges = net
        .edges
        .iter()
        .map(|(a, b, w)| Edge {
            source: net.nodes[*a].clone(),
            target: net.nodes[*b].clone(),
            proximity: *w,
        })
        .collect();
    (nodes, edges)
}
