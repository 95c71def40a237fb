//! Deterministic, calibrated synthetic data for all five linkages.
//!
//! The generator is seeded: the same seed and scale give byte-identical data. It is built
//! top-down: the published figures of `docs/PRODUCT.md` fix annual and period totals
//! ([`anchors`]); seasonal profiles, trends and seeded noise spread them over months; and
//! the shares of partners and products are factorised so that every calibrated group total
//! (ASEAN, Belt and Road, RCEP, high-tech, the "new three") comes out exactly, up to
//! rounding each row to whole yuan or dollars.
//!
//! Everything produced here is synthetic and every consumer must say so ([`SYNTHETIC_NOTE`]).

pub mod anchors;
mod others;
pub mod progress;
pub mod projects;
mod rng;
mod trade;
pub mod world;

use linkages_core::{Batch, Dataset, Period};

pub use linkages_core::SYNTHETIC_NOTE;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoConfig {
    /// Seed of every random stream.
    pub seed: u64,
    /// Multiplies the number of trade rows (each trade cell is split over `scale` distinct
    /// city × trade mode × enterprise type combinations) without changing any total.
    /// 1 ..= [`MAX_SCALE`].
    pub scale: u32,
}

/// The largest scale: the number of distinct city × trade mode × enterprise type triples.
pub const MAX_SCALE: u32 = 21 * 7 * 4;

/// First month of demo data.
pub const FIRST: Period = Period {
    year: 2017,
    month: 1,
};
/// Last month of demo data.
pub const LAST: Period = Period {
    year: 2024,
    month: 12,
};

impl Default for DemoConfig {
    fn default() -> Self {
        DemoConfig {
            seed: 20240510,
            scale: 1,
        }
    }
}

/// The datasets the demo generates: the five linkages (world trade is real reference data
/// that users ingest, not something to synthesise).
pub fn datasets() -> [&'static Dataset; 5] {
    use linkages_core::dataset::{COOPERATION, INVESTMENT, OUTSOURCING, TALENT, TRADE};
    [&TRADE, &INVESTMENT, &OUTSOURCING, &COOPERATION, &TALENT]
}

/// Generates one dataset, one batch per month, lazily.
///
/// # Panics
/// If `config.scale` is outside 1 ..= [`MAX_SCALE`] (checked by the callers' argument parsing).
pub fn generate(
    dataset: &'static Dataset,
    config: DemoConfig,
) -> Box<dyn Iterator<Item = Batch> + Send> {
    assert!(
        (1..=MAX_SCALE).contains(&config.scale),
        "scale must be 1..={MAX_SCALE}"
    );
    match dataset.name {
        "trade" => Box::new(trade::generate(config)),
        "investment" => Box::new(others::investment(config)),
        "outsourcing" => Box::new(others::outsourcing(config)),
        "cooperation" => Box::new(others::cooperation(config)),
        "talent" => Box::new(others::talent(config)),
        other => panic!("no demo generator for dataset {other}"),
    }
}

/// Approximate number of rows `generate` yields for a dataset (for progress bars).
pub fn expected_rows(dataset: &Dataset, config: DemoConfig) -> u64 {
    let months = (LAST.index() - FIRST.index() + 1) as u64;
    match dataset.name {
        "trade" => months * 2 * trade::cells_per_flow() as u64 * u64::from(config.scale),
        _ => 0,
    }
}
