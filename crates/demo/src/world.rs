//! A synthetic bilateral world (`world_bilateral`) consistent with the province's demo
//! trade: for every market and six-digit product Guangdong exports in a year, China sells
//! five times Guangdong's value there (the province is about a fifth of the nation's
//! exports), and twenty other exporters sell it too, each with its own size, a seeded
//! spread over markets and products, and its own growth by HS section. The world's demand
//! therefore grows unevenly across products and markets, so every effect of a constant
//! market share decomposition is visible on demo data. Labelled synthetic like all demo data.

use linkages_core::dataset::WORLD_BILATERAL;
use linkages_core::{Batch, Value};
use rand::Rng;

use crate::rng::stream;

/// Guangdong's share of China's exports in every cell of the synthetic world.
pub const PROVINCE_SHARE: f64 = 0.2;

/// The other exporters, with their size relative to China (about their share of world
/// exports over China's).
const EXPORTERS: [(&str, f64); 20] = [
    ("USA", 0.6),
    ("DEU", 0.5),
    ("JPN", 0.22),
    ("KOR", 0.2),
    ("NLD", 0.2),
    ("ITA", 0.16),
    ("FRA", 0.17),
    ("MEX", 0.17),
    ("VNM", 0.12),
    ("IND", 0.13),
    ("GBR", 0.14),
    ("CAN", 0.16),
    ("SGP", 0.13),
    ("MYS", 0.09),
    ("THA", 0.09),
    ("POL", 0.1),
    ("BRA", 0.1),
    ("AUS", 0.1),
    ("ESP", 0.12),
    ("CHE", 0.12),
];

/// A year's exports of the province: `(year, market, six-digit product, US dollars)`.
pub type Cell = (i32, String, String, f64);

/// The first year's cells fix each exporter's spread; later years grow it at the exporter's
/// rate for the product's HS section (−4% to +10% a year).
fn rate(seed: u64, exporter: &str, product: &str) -> f64 {
    let section = product.get(..2).unwrap_or("00");
    stream(seed, ("world-rate", exporter, section)).random_range(-0.04..0.10)
}

fn spread(seed: u64, exporter: &str, market: &str, product: &str) -> f64 {
    let mut rng = stream(seed, ("world-spread", exporter, market, product));
    // Roughly lognormal: most cells small, a few large; a quarter of cells not served.
    if rng.random_bool(0.25) {
        return 0.0;
    }
    (rng.random_range(-1.5f64..1.5)).exp()
}

/// The synthetic world's flows for the province's `cells` (any years, in any order), one
/// batch; values rounded to whole dollars.
pub fn bilateral(cells: &[Cell], seed: u64) -> Batch {
    let first = cells.iter().map(|c| c.0).min().unwrap_or(0);
    let mut batch = Batch::with_capacity(&WORLD_BILATERAL, cells.len() * (EXPORTERS.len() + 1));
    let mut push = |year: i32, exporter: &str, market: &str, product: &str, value: f64| {
        let value = value.round();
        if value >= 1.0 && exporter != market {
            batch.push(vec![
                Value::Int(i64::from(year)),
                Value::Text(exporter.into()),
                Value::Text(market.into()),
                Value::Text(product.into()),
                Value::Float(value),
                Value::Null,
            ]);
        }
    };
    for (year, market, product, value) in cells {
        let china = value / PROVINCE_SHARE;
        push(*year, "CHN", market, product, china);
        for (exporter, size) in EXPORTERS {
            let growth = (1.0 + rate(seed, exporter, product)).powi(year - first);
            let v = china * size * spread(seed, exporter, market, product) * growth;
            push(*year, exporter, market, product, v);
        }
    }
    batch
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn china_sells_five_times_the_province_and_nobody_sells_to_itself() {
        let cells = vec![(2023, "USA".to_string(), "851713".to_string(), 1000.0)];
        let batch = bilateral(&cells, 1);
        let linkages_core::Cells::Text(exporters) = &batch.columns[1] else {
            panic!("text");
        };
        assert_eq!(exporters[0], "CHN");
        assert!(
            !exporters.iter().any(|e| e == "USA"),
            "USA does not export to itself"
        );
        let linkages_core::Cells::Float(values) = &batch.columns[4] else {
            panic!("float");
        };
        assert_eq!(values[0], Some(5000.0));
        assert_eq!(bilateral(&cells, 1), batch, "deterministic");
    }
}
