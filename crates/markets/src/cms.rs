//! Constant market share analysis: where an exporter's growth between two years came from.
//!
//! With X the exporter's exports in the first year (Xᵢ of product i, Xᵢⱼ of product i to
//! market j), ΔX the change to the second year, and r, rᵢ, rᵢⱼ the growth rates of the
//! world's imports in total, of product i, and of product i in market j:
//!
//! - **world demand effect** r·X: what exports would have grown by at the world's pace;
//! - **commodity composition effect** Σᵢ (rᵢ − r)·Xᵢ: selling products whose world demand
//!   grew faster (or slower) than the total;
//! - **market distribution effect** Σᵢⱼ (rᵢⱼ − rᵢ)·Xᵢⱼ: selling them to markets where they
//!   grew faster (two-level form only);
//! - **competitiveness effect**: the rest, ΔX − Σᵢⱼ rᵢⱼ·Xᵢⱼ (one-level: ΔX − Σᵢ rᵢ·Xᵢ),
//!   the change in the exporter's shares.
//!
//! The one-level form is Tyszynski's (1951, "World trade in manufactured commodities,
//! 1899–1950"); the two-level form is Leamer & Stern's (1970, *Quantitative International
//! Economics*, ch. 7), with first-year weights. The effects sum to ΔX by construction: the
//! competitiveness effect is computed as the residual, as both papers define it.
//!
//! The world's imports are those of the bilateral table from every exporter, the exporter
//! included (as in Leamer & Stern). A growth rate whose first-year world value is zero is
//! undefined; it is replaced by the rate one level up (rᵢⱼ by rᵢ, rᵢ by r), which moves
//! that cell's change into the competitiveness effect, and the cells are counted.

use crate::{Basket, Error, Map};

/// Which form of the decomposition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Level {
    /// Tyszynski's: world demand, commodity composition, competitiveness.
    One,
    /// Leamer & Stern's: with the market distribution effect as well (the default).
    #[default]
    Two,
}

/// The decomposition of an exporter's change in exports between two years, US dollars.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Decomposition {
    /// Exports in the first year.
    pub before: f64,
    /// Exports in the second year.
    pub after: f64,
    /// World demand effect.
    pub world_demand: f64,
    /// Commodity composition effect.
    pub commodity_composition: f64,
    /// Market distribution effect (0 in the one-level form).
    pub market_distribution: f64,
    /// Competitiveness effect (the residual).
    pub competitiveness: f64,
    /// Cells of the exporter whose first-year world value was zero (rate taken one level up).
    pub undefined: usize,
}

impl Decomposition {
    /// The change ΔX, which the four effects sum to.
    pub fn change(&self) -> f64 {
        self.after - self.before
    }
}

fn rate(before: f64, after: f64) -> Option<f64> {
    (before > 0.0).then(|| after / before - 1.0)
}

/// Decomposes the change from `before` to `after` (an exporter's exports by product and
/// market) against the world's imports `world_before` and `world_after` (by product and
/// market) in the same two years.
pub fn decompose(
    before: &Basket,
    after: &Basket,
    world_before: &Basket,
    world_after: &Basket,
    level: Level,
) -> Result<Decomposition, Error> {
    let r = rate(world_before.total(), world_after.total())
        .ok_or_else(|| Error::Years("the world imported nothing in the first year".into()))?;
    let (wb, wa) = (world_before.by_product(), world_after.by_product());
    let product_rate = |p: &u32| {
        rate(
            wb.get(p).copied().unwrap_or(0.0),
            wa.get(p).copied().unwrap_or(0.0),
        )
    };
    let mut undefined = 0;
    let mut rates: Map<u32, f64> = Map::default();
    let mut composition = 0.0;
    for (p, x) in before.by_product() {
        let ri = product_rate(&p).unwrap_or_else(|| {
            undefined += 1;
            r
        });
        rates.insert(p, ri);
        composition += (ri - r) * x;
    }
    let mut distribution = 0.0;
    if level == Level::Two {
        for (cell, x) in &before.cells {
            let ri = rates[&cell.product];
            let rij = rate(
                world_before.get(cell.product, cell.partner),
                world_after.get(cell.product, cell.partner),
            )
            .unwrap_or_else(|| {
                undefined += 1;
                ri
            });
            distribution += (rij - ri) * x;
        }
    }
    let (x0, x1) = (before.total(), after.total());
    let world_demand = r * x0;
    Ok(Decomposition {
        before: x0,
        after: x1,
        world_demand,
        commodity_composition: composition,
        market_distribution: distribution,
        competitiveness: (x1 - x0) - world_demand - composition - distribution,
        undefined,
    })
}
