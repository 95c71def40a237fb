//! Targets cascaded to cities (目标分解): a province target split into city targets, by
//! values a document gives or by the cities' shares of a basis (last year's trade, the
//! cities' records), and the sums of the cities reconciled with the province.
//!
//! Only quantities that add up across cities are split: amounts and counts. A growth rate
//! of the province is not the sum of the cities' rates, so a rate target is not cascaded.

use serde::Serialize;

/// How a split's city values were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Given city by city (a document of the province assigning them).
    Entered,
    /// The province's target in proportion to the cities' shares of a basis.
    Shares,
}

impl Rule {
    /// The code stored and shown.
    pub fn code(self) -> &'static str {
        match self {
            Rule::Entered => "entered",
            Rule::Shares => "shares",
        }
    }

    /// Parses a stored code.
    pub fn parse(raw: &str) -> Option<Rule> {
        match raw {
            "entered" => Some(Rule::Entered),
            "shares" => Some(Rule::Shares),
            _ => None,
        }
    }
}

/// Why a split cannot be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CascadeError {
    /// The unit does not add up across cities.
    #[error(
        "a target in '{0}' is a rate: the cities' rates do not add up to the province's, so it is not split"
    )]
    NotAdditive(String),
    /// The basis has nothing to share by.
    #[error("the basis of the split is empty or zero: no city has a value to share by")]
    EmptyBasis,
    /// A basis value that cannot be a share.
    #[error(
        "the basis of city {city} is {value}: shares come from values that are finite and not negative"
    )]
    BadBasis {
        /// The city's code.
        city: String,
        /// Its value.
        value: f64,
    },
    /// A city value that cannot be a target.
    #[error("the target of city {city} is {value}: city targets are finite and not negative")]
    BadValue {
        /// The city's code.
        city: String,
        /// Its value.
        value: f64,
    },
    /// A count to be split that is not a whole number.
    #[error("{0} is not a whole number of what the target counts")]
    NotWhole(f64),
}

/// Whether values in `unit` add up across cities (amounts and counts do, rates do not).
pub fn additive(unit: &str) -> bool {
    unit != "percent"
}

/// One city's part of a split.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Part {
    /// The city's GB/T 2260 code.
    pub city: String,
    /// Its value, in the target's unit.
    pub value: f64,
    /// Its share of the basis, % (rule `shares`), else `None`.
    pub share_pct: Option<f64>,
}

/// `total` split in proportion to `basis` (city, value). With `whole`, the parts are whole
/// numbers by the largest-remainder method (Hamilton's): each city gets the whole part of
/// its quota and the units left go to the largest remainders (ties to the larger basis,
/// then the lower code), so the parts always sum to the total exactly.
pub fn by_shares(
    total: f64,
    basis: &[(String, f64)],
    whole: bool,
) -> Result<Vec<Part>, CascadeError> {
    if let Some((city, value)) = basis.iter().find(|(_, v)| !v.is_finite() || *v < 0.0) {
        return Err(CascadeError::BadBasis {
            city: city.clone(),
            value: *value,
        });
    }
    let sum: f64 = basis.iter().map(|(_, v)| v).sum();
    if sum <= 0.0 {
        return Err(CascadeError::EmptyBasis);
    }
    if whole && total.fract() != 0.0 {
        return Err(CascadeError::NotWhole(total));
    }
    let mut parts: Vec<Part> = basis
        .iter()
        .map(|(city, v)| Part {
            city: city.clone(),
            value: total * v / sum,
            share_pct: Some(v / sum * 100.0),
        })
        .collect();
    if whole {
        round_largest_remainder(&mut parts, total);
    }
    Ok(parts)
}

/// Rounds quotas down and hands the units left to the largest remainders.
fn round_largest_remainder(parts: &mut [Part], total: f64) {
    let quotas: Vec<f64> = parts.iter().map(|p| p.value).collect();
    for p in parts.iter_mut() {
        p.value = p.value.floor();
    }
    let left = (total - parts.iter().map(|p| p.value).sum::<f64>()).round() as usize;
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (quotas[a] - quotas[a].floor(), quotas[b] - quotas[b].floor());
        rb.total_cmp(&ra)
            .then(quotas[b].total_cmp(&quotas[a]))
            .then(parts[a].city.cmp(&parts[b].city))
    });
    for &i in order.iter().take(left) {
        parts[i].value += 1.0;
    }
}

/// City values given one by one, checked.
pub fn entered(values: &[(String, f64)]) -> Result<Vec<Part>, CascadeError> {
    values
        .iter()
        .map(|(city, value)| {
            if value.is_finite() && *value >= 0.0 {
                Ok(Part {
                    city: city.clone(),
                    value: *value,
                    share_pct: None,
                })
            } else {
                Err(CascadeError::BadValue {
                    city: city.clone(),
                    value: *value,
                })
            }
        })
        .collect()
}

/// The cities' sum against the province's value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Reconciliation {
    /// The province's value.
    pub province: f64,
    /// The sum of the cities'.
    pub cities: f64,
    /// Province − cities: positive when part of the province is not with any city (not
    /// yet split, or rows without a city), negative when the cities exceed it.
    pub gap: f64,
    /// Whether the two agree (to a millionth, for sums of shares in floating point).
    pub agrees: bool,
}

/// Reconciles the cities' values with the province's.
pub fn reconcile(province: f64, cities: impl IntoIterator<Item = f64>) -> Reconciliation {
    let cities: f64 = cities.into_iter().sum();
    let gap = province - cities;
    Reconciliation {
        province,
        cities,
        gap,
        agrees: gap.abs() <= 1e-6 * province.abs().max(1.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn basis(values: &[f64]) -> Vec<(String, f64)> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("44{i:04}"), *v))
            .collect()
    }

    #[test]
    fn whole_parts_go_to_the_largest_remainders() {
        // Quotas 3.33…, 3.33…, 3.33… of 10: one unit left, to the first by code.
        let parts = by_shares(10.0, &basis(&[1.0, 1.0, 1.0]), true).expect("split");
        let values: Vec<f64> = parts.iter().map(|p| p.value).collect();
        assert_eq!(values, vec![4.0, 3.0, 3.0]);
        // Quotas 6.5, 2.6, 0.9 of 10: remainders .5, .6, .9 take the two units left.
        let parts = by_shares(10.0, &basis(&[65.0, 26.0, 9.0]), true).expect("split");
        let values: Vec<f64> = parts.iter().map(|p| p.value).collect();
        assert_eq!(values, vec![6.0, 3.0, 1.0]);
    }

    #[test]
    fn amounts_split_in_proportion() {
        let parts = by_shares(8.3e12, &basis(&[3.0, 1.0]), false).expect("split");
        assert_eq!(parts[0].value, 8.3e12 * 0.75);
        assert_eq!(parts[0].share_pct, Some(75.0));
    }

    #[test]
    fn a_split_needs_a_basis_and_whole_counts() {
        assert_eq!(
            by_shares(10.0, &basis(&[0.0, 0.0]), true),
            Err(CascadeError::EmptyBasis)
        );
        assert_eq!(
            by_shares(10.5, &basis(&[1.0]), true),
            Err(CascadeError::NotWhole(10.5))
        );
        assert!(matches!(
            by_shares(10.0, &basis(&[1.0, -1.0]), true),
            Err(CascadeError::BadBasis { value: -1.0, .. })
        ));
        assert!(matches!(
            entered(&basis(&[f64::NAN])),
            Err(CascadeError::BadValue { .. })
        ));
    }

    #[test]
    fn reconciliation_names_the_gap() {
        let r = reconcile(20.0, [8.0, 9.0]);
        assert_eq!((r.cities, r.gap, r.agrees), (17.0, 3.0, false));
        let r = reconcile(
            8.3e12,
            by_shares(8.3e12, &basis(&[7.0, 3.0, 11.0]), false)
                .expect("split")
                .iter()
                .map(|p| p.value),
        );
        assert!(r.agrees, "{r:?}");
    }

    proptest! {
        #[test]
        fn whole_splits_sum_to_the_total(total in 0u32..100_000, values in proptest::collection::vec(0.0f64..1e9, 1..21)) {
            prop_assume!(values.iter().sum::<f64>() > 0.0);
            let parts = by_shares(f64::from(total), &basis(&values), true).expect("split");
            prop_assert_eq!(parts.iter().map(|p| p.value).sum::<f64>(), f64::from(total));
            for (p, v) in parts.iter().zip(&values) {
                let quota = f64::from(total) * v / values.iter().sum::<f64>();
                prop_assert!(p.value.fract() == 0.0 && (p.value - quota).abs() < 1.0);
            }
        }
    }
}
