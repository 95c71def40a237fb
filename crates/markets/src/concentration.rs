//! Concentration and diversification of a breakdown (exports by market or by product,
//! imports of a product by supplier).
//!
//! The Herfindahl–Hirschman index is Σ sᵢ² over the shares sᵢ of every member with a
//! positive value, on the 0–1 scale (multiply by 10,000 for the competition authorities'
//! scale); 1 means a single member. The number of members counts those *above* a threshold
//! (strictly), so that a threshold of 0 counts every member that trades at all. These follow
//! the World Bank's WITS definitions (Hirschman 1945; WITS "Product/Market concentration").

use crate::{Basket, Map};

/// How concentrated one breakdown is.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Concentration {
    /// Members whose value is above the threshold.
    pub members: usize,
    /// The sum of every member's value.
    pub total: f64,
    /// Herfindahl–Hirschman index of the shares, 0–1 (0 when the total is 0).
    pub hhi: f64,
    /// The share of the five largest members, 0–1 (0 when the total is 0).
    pub top5: f64,
}

/// The concentration of `values` (one per member), counting members above `threshold`.
pub fn concentration(values: impl IntoIterator<Item = f64>, threshold: f64) -> Concentration {
    let mut values: Vec<f64> = values.into_iter().filter(|v| *v > 0.0).collect();
    let total: f64 = values.iter().sum();
    let members = values.iter().filter(|v| **v > threshold).count();
    if total <= 0.0 {
        return Concentration {
            members,
            total,
            hhi: 0.0,
            top5: 0.0,
        };
    }
    values.sort_by(|a, b| b.total_cmp(a));
    Concentration {
        members,
        total,
        hhi: values.iter().map(|v| (v / total) * (v / total)).sum(),
        top5: values.iter().take(5).sum::<f64>() / total,
    }
}

/// Members above the threshold in one period and not in the other.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Above the threshold after, not before (new markets), largest after first.
    pub new: Vec<u32>,
    /// Above the threshold before, not after (lost markets), largest before first.
    pub lost: Vec<u32>,
}

/// The members won and lost between `before` and `after` at `threshold`.
pub fn changes(before: &Map<u32, f64>, after: &Map<u32, f64>, threshold: f64) -> Changes {
    let above = |m: &Map<u32, f64>, k: &u32| m.get(k).is_some_and(|v| *v > threshold);
    let only = |a: &Map<u32, f64>, b: &Map<u32, f64>| {
        let mut out: Vec<(u32, f64)> = a
            .iter()
            .filter(|(k, v)| **v > threshold && !above(b, k))
            .map(|(k, v)| (*k, *v))
            .collect();
        out.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        out.into_iter().map(|(k, _)| k).collect()
    };
    Changes {
        new: only(after, before),
        lost: only(before, after),
    }
}

/// How much one imported product depends on its suppliers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dependence {
    /// The product's number.
    pub product: u32,
    /// The concentration of its imports by supplier.
    pub suppliers: Concentration,
    /// The largest supplier.
    pub top: u32,
    /// The largest supplier's share, 0–1.
    pub top_share: f64,
}

/// The supply concentration of every product in `imports` (an importer's imports by
/// product and supplier), most dependent first (by the top supplier's share, then HHI,
/// then value).
pub fn dependence(imports: &Basket, threshold: f64) -> Vec<Dependence> {
    let mut by_product: Map<u32, Vec<(u32, f64)>> = Map::default();
    for (cell, v) in &imports.cells {
        by_product
            .entry(cell.product)
            .or_default()
            .push((cell.partner, *v));
    }
    let mut out: Vec<Dependence> = by_product
        .into_iter()
        .filter_map(|(product, suppliers)| {
            let c = concentration(suppliers.iter().map(|s| s.1), threshold);
            let (top, value) = suppliers
                .iter()
                .copied()
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))?;
            (c.total > 0.0).then(|| Dependence {
                product,
                suppliers: c,
                top,
                top_share: value / c.total,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.top_share
            .total_cmp(&a.top_share)
            .then(b.suppliers.hhi.total_cmp(&a.suppliers.hhi))
            .then(b.suppliers.total.total_cmp(&a.suppliers.total))
            .then(a.product.cmp(&b.product))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_single_member_is_fully_concentrated() {
        let c = concentration([0.0, 7.0], 0.0);
        assert_eq!((c.members, c.hhi, c.top5), (1, 1.0, 1.0));
    }

    #[test]
    fn nothing_traded_is_not_concentrated() {
        let c = concentration([], 0.0);
        assert_eq!((c.members, c.total, c.hhi, c.top5), (0, 0.0, 0.0, 0.0));
    }
}
