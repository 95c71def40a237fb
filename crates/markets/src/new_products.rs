//! New products, by the rule of the Atlas of Economic Complexity (Growth Lab, Harvard):
//! a product is new to a location over a window of years when its RCA was below 0.5 in
//! each of the window's first three years and at least 1 in each of its last three.
//! The years between (for a window longer than six) are not looked at. The caller gives
//! each year's RCA (Balassa's index, `linkages_complexity::rca`, the region embedded by
//! `linkages_complexity::with_region`).

use crate::Error;

/// The RCA a product must stay below in the window's first three years.
pub const BELOW: f64 = 0.5;
/// The RCA a product must reach in each of the window's last three years.
pub const AT_LEAST: f64 = 1.0;
/// The shortest window: three years before and three after.
pub const SHORTEST: usize = 6;

/// Whether a product whose RCA in each year of the window, in order, is `series` is new.
pub fn is_new(series: &[f64]) -> bool {
    series.len() >= SHORTEST
        && series[..3].iter().all(|r| *r < BELOW)
        && series[series.len() - 3..].iter().all(|r| *r >= AT_LEAST)
}

/// The products (indices into each year's row) that are new to a location whose RCA by
/// year of the window and product is `rca[year][product]`.
pub fn new_products(rca: &[Vec<f64>]) -> Result<Vec<usize>, Error> {
    if rca.len() < SHORTEST {
        return Err(Error::Years(format!(
            "new products need a window of at least {SHORTEST} years; {} given",
            rca.len()
        )));
    }
    let products = rca[0].len();
    if rca.iter().any(|row| row.len() != products) {
        return Err(Error::Years(
            "every year of the window must have the same products".into(),
        ));
    }
    let series = |p: usize| rca.iter().map(|row| row[p]).collect::<Vec<f64>>();
    Ok((0..products).filter(|p| is_new(&series(*p))).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bounds_are_strict_below_and_inclusive_above() {
        assert!(is_new(&[0.49, 0.0, 0.2, 1.0, 1.0, 3.0]));
        assert!(!is_new(&[0.5, 0.0, 0.2, 1.0, 1.0, 3.0]));
        assert!(!is_new(&[0.1, 0.0, 0.2, 1.0, 0.99, 3.0]));
    }

    #[test]
    fn the_middle_of_a_long_window_is_not_looked_at() {
        assert!(is_new(&[0.1, 0.1, 0.1, 9.0, 0.0, 1.0, 1.0, 1.0]));
    }

    #[test]
    fn a_short_window_is_refused() {
        assert!(new_products(&vec![vec![0.0]; 5]).is_err());
    }
}
