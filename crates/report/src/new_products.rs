//! Products new to a region over a window of years, by the Atlas's rule
//! (`linkages_markets::new_products`): RCA below 0.5 in each of the window's first three
//! years and at least 1 in each of its last three. Each year's RCA is the region's inside
//! the world matrix of that year (`world_bilateral` summed over importers, the region
//! carved out of China as [`linkages_complexity::with_region`] does); PCI is the last
//! year's.

use std::collections::{BTreeSet, HashMap};

use linkages_complexity::{Matrix, Options, compute, rca, with_region};
use linkages_core::Provenance;
use linkages_core::classify::groups_of_product;
use linkages_engine::{Session, world};
use linkages_markets::new_products::{SHORTEST, new_products};

use crate::Error;
use crate::markets::Request;
use crate::opportunities::region_named;

/// The country the region belongs to in the world table: its exports exclude the region's.
pub const PARENT: &str = "CHN";

/// A product new to the region.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct NewProduct {
    /// Product code.
    pub product: String,
    /// Product groups and clusters it belongs to.
    pub groups: Vec<&'static str>,
    /// The region's RCA in each year of the window, in order.
    pub rca: Vec<f64>,
    /// Its exports in the last year, US dollars.
    pub exports: f64,
    /// Product complexity in the last year (`None` where no location is present in it).
    pub pci: Option<f64>,
}

/// The products new to a region over a window.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct NewProducts {
    /// The region's label (`GD`, or the city's English name).
    pub region: String,
    /// The window's first year.
    pub from: i32,
    /// Its last year.
    pub to: i32,
    /// How many products are new (the list may be cut to the request's `top`).
    pub count: usize,
    /// Products looked at: those in the world matrix of any year of the window.
    pub products: usize,
    /// The new products, largest exports in the last year first.
    pub new: Vec<NewProduct>,
    /// The queries of the world's and the region's trade of every year, pinned.
    pub provenance: Vec<Provenance>,
}

/// One year of the window: the region's RCA and exports by product, and the matrix.
struct Year {
    rca: HashMap<String, f64>,
    exports: HashMap<String, f64>,
    matrix: Matrix,
}

/// The region inside the world matrix of `year`.
async fn year_of(
    session: &Session,
    city: Option<&str>,
    label: &str,
    year: i32,
    digits: usize,
    provenance: &mut Vec<Provenance>,
) -> Result<Year, Error> {
    let (p, world) = match world::bilateral_exports(session, year, digits).await {
        Err(linkages_engine::Error::Empty(_)) => (None, Vec::new()),
        found => {
            let (p, rows) = found?;
            (Some(p), rows)
        }
    };
    if world.is_empty() {
        return Err(Error::NoData(format!(
            "no bilateral world trade for {year} in the store: new products need every year \
             of the window"
        )));
    }
    provenance.extend(p);
    let (p, regional) = world::regional_exports(session, year, city, digits).await?;
    provenance.push(p);
    let (matrix, _) = with_region(&world, label, &regional, PARENT)?;
    let rcas = rca(&matrix.values);
    let row = matrix.locations.iter().position(|l| l == label);
    let rca = row.map_or_else(HashMap::new, |c| {
        let finite = |p: usize| Some(rcas[(c, p)]).filter(|r| r.is_finite());
        (0..matrix.products.len())
            .filter_map(|p| Some((matrix.products[p].clone(), finite(p)?)))
            .collect()
    });
    Ok(Year {
        rca,
        exports: regional.into_iter().collect(),
        matrix,
    })
}

/// The products new to a region over the years `request.from` to `request.to` (at least
/// six), at `request.digits`, listing the `request.top` largest.
pub async fn build(session: &Session, request: &Request) -> Result<NewProducts, Error> {
    let (city, label) = region_named(&request.region)?;
    let window = usize::try_from(request.to - request.from + 1).unwrap_or(0);
    if window < SHORTEST {
        return Err(Error::Invalid(format!(
            "new products need a window of at least {SHORTEST} years; {}–{} is {window}",
            request.from, request.to
        )));
    }
    let mut provenance = Vec::new();
    let mut years = Vec::new();
    for year in request.from..=request.to {
        years.push(year_of(session, city, &label, year, request.digits, &mut provenance).await?);
    }
    let products: Vec<String> = years
        .iter()
        .flat_map(|y| y.matrix.products.iter().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    // A product no one exports in a year has no RCA: it counts as not exported (0).
    let series: Vec<Vec<f64>> = years
        .iter()
        .map(|y| {
            products
                .iter()
                .map(|p| y.rca.get(p).copied().unwrap_or(0.0))
                .collect()
        })
        .collect();
    let found = new_products(&series)?;
    let last = years
        .last()
        .ok_or_else(|| Error::Invalid("an empty window".into()))?;
    let pci = pci_of(&last.matrix)?;
    let mut new: Vec<NewProduct> = found
        .into_iter()
        .map(|p| NewProduct {
            product: products[p].clone(),
            groups: groups_of_product(&products[p]).map(|g| g.code).collect(),
            rca: series.iter().map(|year| year[p]).collect(),
            exports: last.exports.get(&products[p]).copied().unwrap_or(0.0),
            pci: pci.get(&products[p]).copied(),
        })
        .collect();
    new.sort_by(|a, b| {
        b.exports
            .total_cmp(&a.exports)
            .then(a.product.cmp(&b.product))
    });
    let count = new.len();
    new.truncate(request.top);
    Ok(NewProducts {
        region: label,
        from: request.from,
        to: request.to,
        count,
        products: products.len(),
        new,
        provenance,
    })
}

/// PCI by product of a matrix (the default options), finite values only.
fn pci_of(matrix: &Matrix) -> Result<HashMap<String, f64>, Error> {
    let result = compute(matrix, &Options::default())?;
    Ok(result
        .products
        .iter()
        .zip(&result.pci)
        .filter(|(_, v)| v.is_finite())
        .map(|(p, v)| (p.clone(), *v))
        .collect())
}
