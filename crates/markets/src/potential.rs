//! Export potential by product and market, after ITC's Export Potential Indicator
//! (Decreux & Spies 2016, "Export Potential Assessments: a methodology to identify export
//! opportunities for developing countries", ITC).
//!
//! The potential exports of exporter i of product k to market j are
//! `supply × demand × ease`:
//!
//! - **supply** sᵢₖ = Xᵢₖ / Xₖ, the exporter's share of the world's supply of k (its
//!   exports of k over every exporter's). For a region inside a country (the province, a
//!   city) Xᵢₖ is the region's own exports and Xₖ the world table's; a share above 1
//!   (the sources disagree) is capped at 1 and counted.
//! - **demand** dⱼₖ = Mⱼₖ · (1 + gⱼ)^(h·ε), the market's imports of k projected `h` years
//!   with the GDP growth gⱼ the user supplies and an income elasticity ε (1 by default).
//! - **ease** bᵢⱼ = Xᵢⱼ / Σₖ sᵢₖ Mⱼₖ, the exporter's actual exports to the market over
//!   what it would sell there if it had its world share in every product: how easy the
//!   relation is beyond what supply and demand explain. A market the exporter does not
//!   sell to has ease 0, so the method finds potential within existing relations only.
//!
//! The **unrealized potential** is potential − actual (negative where the exporter already
//! sells more than its potential). With no growth, a market's potentials sum to the
//! exporter's actual exports to it, so the method redistributes each relation across
//! products by supply and demand.
//!
//! Left out of the paper's refinements, for want of their data: the supply term's RCA
//! growth and trade-balance corrections, tariff advantages and the distance adjustment of
//! demand, and the re-export filter.

use crate::{Basket, Map};

/// How the market's demand is projected.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Demand {
    /// GDP growth per year of each market (0.03 = 3%); markets not named grow by `default`.
    pub growth: Map<u32, f64>,
    /// Growth of markets not in `growth`.
    pub default: f64,
    /// Years projected ahead (0: the observed year's demand).
    pub years: f64,
    /// Income elasticity of import demand (1 when 0 is given).
    pub elasticity: f64,
}

impl Demand {
    fn factor(&self, market: u32) -> f64 {
        let g = self.growth.get(&market).copied().unwrap_or(self.default);
        let e = if self.elasticity == 0.0 {
            1.0
        } else {
            self.elasticity
        };
        (1.0 + g).powf(self.years * e)
    }
}

/// The export potential of one product in one market.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Potential {
    /// Product number.
    pub product: u32,
    /// Market number.
    pub market: u32,
    /// The exporter's share of the product's world supply, 0–1.
    pub supply: f64,
    /// The market's projected imports of the product, US dollars.
    pub demand: f64,
    /// Ease of trade between the exporter and the market.
    pub ease: f64,
    /// Potential exports, US dollars.
    pub potential: f64,
    /// Actual exports, US dollars.
    pub actual: f64,
}

impl Potential {
    /// Potential − actual (negative when the exporter sells more than its potential).
    pub fn unrealized(&self) -> f64 {
        self.potential - self.actual
    }
}

/// The potential of every product and market, with the supply shares that were capped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Potentials {
    /// One per product the exporter supplies and market that imports it, sorted by
    /// unrealized potential, largest first.
    pub cells: Vec<Potential>,
    /// Products whose supply share was above 1 and capped.
    pub capped: usize,
}

/// The export potential of an exporter whose exports (by product and market) are
/// `exports`, given the world's supply of each product and the world's imports by product
/// and market of the same year.
pub fn potential(
    exports: &Basket,
    world_supply: &Map<u32, f64>,
    world_imports: &Basket,
    demand: &Demand,
) -> Potentials {
    let mut capped = 0;
    let mut supply: Map<u32, f64> = Map::default();
    for (p, x) in exports.by_product() {
        let world = world_supply.get(&p).copied().unwrap_or(0.0);
        let share = if world > 0.0 { x / world } else { 1.0 };
        if share > 1.0 || world <= 0.0 {
            capped += 1;
        }
        supply.insert(p, share.min(1.0));
    }
    let mut expected: Map<u32, f64> = Map::default();
    for (cell, m) in &world_imports.cells {
        if let Some(s) = supply.get(&cell.product) {
            *expected.entry(cell.partner).or_default() += s * m;
        }
    }
    let actual = exports.by_partner();
    let mut cells = Vec::new();
    for (cell, m) in &world_imports.cells {
        let Some(&s) = supply.get(&cell.product) else {
            continue;
        };
        let e = expected[&cell.partner];
        let ease = if e > 0.0 {
            actual.get(&cell.partner).copied().unwrap_or(0.0) / e
        } else {
            0.0
        };
        let d = m * demand.factor(cell.partner);
        cells.push(Potential {
            product: cell.product,
            market: cell.partner,
            supply: s,
            demand: d,
            ease,
            potential: s * d * ease,
            actual: exports.get(cell.product, cell.partner),
        });
    }
    sort(&mut cells);
    Potentials { cells, capped }
}

fn sort(cells: &mut [Potential]) {
    cells.sort_by(|a, b| {
        b.unrealized()
            .total_cmp(&a.unrealized())
            .then(a.product.cmp(&b.product))
            .then(a.market.cmp(&b.market))
    });
}

/// Potential, actual and unrealized potential summed over the cells of each group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Total<G> {
    /// The group (a product, a market, a cluster).
    pub group: G,
    /// Potential exports, US dollars.
    pub potential: f64,
    /// Actual exports, US dollars.
    pub actual: f64,
}

impl<G> Total<G> {
    /// Potential − actual.
    pub fn unrealized(&self) -> f64 {
        self.potential - self.actual
    }
}

impl Potentials {
    /// The cells summed by the groups `groups` puts each in (by product: `|c|
    /// [c.product]`; by cluster: the product's clusters, of which it may have several),
    /// largest unrealized potential first; cells of no group are left out.
    pub fn totals<G: Ord + Clone + std::hash::Hash, I: IntoIterator<Item = G>>(
        &self,
        groups: impl Fn(&Potential) -> I,
    ) -> Vec<Total<G>> {
        let mut sums: std::collections::HashMap<G, (f64, f64)> = Default::default();
        for c in &self.cells {
            for g in groups(c) {
                let s = sums.entry(g).or_default();
                s.0 += c.potential;
                s.1 += c.actual;
            }
        }
        let mut out: Vec<Total<G>> = sums
            .into_iter()
            .map(|(group, (potential, actual))| Total {
                group,
                potential,
                actual,
            })
            .collect();
        out.sort_by(|a, b| {
            b.unrealized()
                .total_cmp(&a.unrealized())
                .then(a.group.cmp(&b.group))
        });
        out
    }
}
