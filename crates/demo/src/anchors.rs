//! The figures the demo data is calibrated to.
//!
//! `PUBLISHED` are the figures stated in the sources (`docs/PRODUCT.md`, from the 2023-06
//! briefing and the 2024 press material). The annual series between and after them are
//! assumptions of the generator, chosen close to Guangdong's reported totals and documented
//! here so that nothing in the demo is a hidden constant.

/// A figure published in the sources that the demo data must reproduce.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Published {
    /// Short identifier.
    pub id: &'static str,
    /// What it is, as the source says it.
    pub description: &'static str,
    /// The published value.
    pub value: f64,
    /// Unit of `value`.
    pub unit: &'static str,
    /// Half-width of the rounding of the published value (e.g. 0.05 for "1.35").
    pub rounding: f64,
    /// The source document under `shared/sources/`.
    pub source: &'static str,
}

const BRIEFING: &str = "2023-06-five-external-linkages-briefing-figures.txt";
const MEASURES: &str = "2024-03-guangdong-24-special-measures.txt";

/// Every published figure the demo reproduces.
pub static PUBLISHED: &[Published] = &[
    Published {
        id: "trade_2017",
        description: "total foreign trade 2017",
        value: 6.8,
        unit: "trillion yuan",
        rounding: 0.05,
        source: BRIEFING,
    },
    Published {
        id: "trade_2022",
        description: "total foreign trade 2022",
        value: 8.3,
        unit: "trillion yuan",
        rounding: 0.05,
        source: BRIEFING,
    },
    Published {
        id: "trade_cagr_2017_2022",
        description: "average annual growth of trade 2017-2022",
        value: 4.0,
        unit: "%",
        rounding: 0.5,
        source: BRIEFING,
    },
    Published {
        id: "fdi_2017",
        description: "actual use of foreign capital 2017",
        value: 138.4,
        unit: "billion yuan",
        rounding: 0.05,
        source: BRIEFING,
    },
    Published {
        id: "fdi_2022",
        description: "actual use of foreign capital 2022",
        value: 181.9,
        unit: "billion yuan",
        rounding: 0.05,
        source: BRIEFING,
    },
    Published {
        id: "fdi_cagr_2017_2022",
        description: "average annual growth of actual use of foreign capital",
        value: 5.6,
        unit: "%",
        rounding: 0.05,
        source: BRIEFING,
    },
    Published {
        id: "outsourcing_2017",
        description: "service outsourcing executed 2017",
        value: 18.6,
        unit: "billion USD",
        rounding: 0.05,
        source: BRIEFING,
    },
    Published {
        id: "outsourcing_2022",
        description: "service outsourcing executed 2022",
        value: 32.2,
        unit: "billion USD",
        rounding: 0.05,
        source: BRIEFING,
    },
    Published {
        id: "outsourcing_cagr_2017_2022",
        description: "average annual growth of outsourcing executed",
        value: 11.7,
        unit: "%",
        rounding: 0.05,
        source: BRIEFING,
    },
    Published {
        id: "ito_share_2022",
        description: "IT outsourcing share of executed value, over",
        value: 40.0,
        unit: "% (lower bound)",
        rounding: 0.0,
        source: BRIEFING,
    },
    Published {
        id: "asean_2022",
        description: "trade with ASEAN, the largest partner, over",
        value: 1.0,
        unit: "trillion yuan (lower bound)",
        rounding: 0.0,
        source: BRIEFING,
    },
    Published {
        id: "high_tech_2022",
        description: "trade in high-tech products, over",
        value: 3.0,
        unit: "trillion yuan (lower bound)",
        rounding: 0.0,
        source: BRIEFING,
    },
    Published {
        id: "high_tech_share_2022",
        description: "high-tech share of total trade, nearly",
        value: 40.0,
        unit: "% (approximate)",
        rounding: 2.5,
        source: BRIEFING,
    },
    Published {
        id: "bri_share_2022",
        description: "Belt and Road partners' share of total trade",
        value: 27.1,
        unit: "%",
        rounding: 0.05,
        source: BRIEFING,
    },
    Published {
        id: "bri_cagr_2017_2022",
        description: "average annual growth of trade with Belt and Road partners",
        value: 8.4,
        unit: "%",
        rounding: 0.05,
        source: BRIEFING,
    },
    Published {
        id: "rcep_cagr_2017_2022",
        description: "average annual growth of trade with RCEP partners",
        value: 5.3,
        unit: "%",
        rounding: 0.05,
        source: BRIEFING,
    },
    Published {
        id: "zones_output_2022",
        description: "output of the seven overseas cooperation zones 2022",
        value: 3.87,
        unit: "billion USD",
        rounding: 0.005,
        source: BRIEFING,
    },
    Published {
        id: "zones_exports_2022",
        description: "exports driven by the overseas cooperation zones 2022",
        value: 850.0,
        unit: "million USD",
        rounding: 0.5,
        source: BRIEFING,
    },
    Published {
        id: "trade_jan_feb_2024",
        description: "total trade January-February 2024",
        value: 1.35,
        unit: "trillion yuan",
        rounding: 0.005,
        source: MEASURES,
    },
    Published {
        id: "trade_jan_feb_2024_yoy",
        description: "growth of trade January-February 2024, year on year",
        value: 24.9,
        unit: "%",
        rounding: 0.05,
        source: MEASURES,
    },
    Published {
        id: "exports_jan_apr_2023_yoy",
        description: "growth of exports January-April 2023",
        value: 5.4,
        unit: "%",
        rounding: 0.05,
        source: BRIEFING,
    },
    Published {
        id: "asean_jan_apr_2023_yoy",
        description: "growth of trade with ASEAN January-April 2023",
        value: 7.8,
        unit: "%",
        rounding: 0.05,
        source: BRIEFING,
    },
    Published {
        id: "new_three_jan_apr_2023_yoy",
        description: "growth of exports of the \"new three\" January-April 2023",
        value: 61.0,
        unit: "%",
        rounding: 0.5,
        source: BRIEFING,
    },
];

/// Looks a published figure up by id.
pub fn published(id: &str) -> Option<&'static Published> {
    PUBLISHED.iter().find(|p| p.id == id)
}

/// Years of demo data.
pub const YEARS: std::ops::RangeInclusive<i32> = 2017..=2024;

/// Index of a year in the annual series below.
pub(crate) fn y(year: i32) -> usize {
    (year - 2017) as usize
}

/// Total trade by year, yuan. 2017 and 2022 round to the published 6.8 and 8.3 trillion with
/// an average annual growth of 4.0%; the other years follow Guangdong's reported totals.
pub const TRADE_TOTAL: [f64; 8] = [
    6.82e12, 7.16e12, 7.14e12, 7.08e12, 8.27e12, 8.31e12, 8.30e12, 9.11e12,
];
/// January-February 2024 total, yuan (published).
pub const TRADE_JAN_FEB_2024: f64 = 1.35e12;
/// January-February 2023 total, yuan: 2024's 1.35 trillion is "up 24.9%".
pub const TRADE_JAN_FEB_2023: f64 = 1.35e12 / 1.249;
/// Exports' share of total trade by year (assumption).
pub const EXPORT_SHARE: [f64; 8] = [0.624, 0.600, 0.606, 0.616, 0.624, 0.642, 0.671, 0.645];
/// Growth of exports January-April 2023 over 2022 (published 5.4%).
pub const EXPORTS_JAN_APR_2023_GROWTH: f64 = 0.054;

/// ASEAN's share of total trade by year (assumption; over 1 trillion yuan from 2021).
pub const ASEAN_SHARE: [f64; 8] = [0.125, 0.128, 0.132, 0.140, 0.145, 0.148, 0.151, 0.153];
/// Growth of trade with ASEAN January-April 2023 (published 7.8%).
pub const ASEAN_JAN_APR_2023_GROWTH: f64 = 0.078;
/// Belt and Road share of total trade by year. 2022 is the published 27.1%; 2017 is set so
/// that average annual growth 2017-2022 is the published 8.4%.
pub const BRI_SHARE: [f64; 8] = [
    0.271 * 8.31 / 6.82 / (1.084 * 1.084 * 1.084 * 1.084 * 1.084),
    0.230,
    0.238,
    0.245,
    0.258,
    0.271,
    0.275,
    0.280,
];
/// RCEP partners' share of total trade by year. 2022 is set so that average annual growth
/// 2017-2022 is the published 5.3%.
pub const RCEP_SHARE: [f64; 8] = [
    0.240,
    0.242,
    0.244,
    0.247,
    0.250,
    0.240 * 6.82 / 8.31 * (1.053 * 1.053 * 1.053 * 1.053 * 1.053),
    0.257,
    0.258,
];
/// High-tech products' share of total trade by year ("nearly 40%", over 3 trillion yuan).
pub const HIGH_TECH_SHARE: [f64; 8] = [0.385, 0.390, 0.392, 0.398, 0.386, 0.391, 0.384, 0.390];
/// The "new three"'s share of exports by year (assumption).
pub const NEW_THREE_EXPORT_SHARE: [f64; 8] =
    [0.004, 0.005, 0.006, 0.007, 0.010, 0.015, 0.024, 0.028];
/// Growth of "new three" exports January-April 2023 (published 61%).
pub const NEW_THREE_JAN_APR_2023_GROWTH: f64 = 0.61;

/// Actual use of foreign capital by year, yuan: 138.4 and 181.9 billion as published
/// (5.6% a year); other years assumptions.
pub const FDI_ACTUAL: [f64; 8] = [
    138.4e9, 145.0e9, 152.0e9, 161.1e9, 184.0e9, 181.9e9, 159.8e9, 125.0e9,
];
/// Service outsourcing executed by year, US dollars. 18.56 and 32.24 billion round to the
/// published 18.6 and 32.2 and give the published 11.7% a year.
pub const OUTSOURCING_EXECUTED: [f64; 8] = [
    18.56e9, 21.0e9, 23.6e9, 24.4e9, 30.0e9, 32.24e9, 35.5e9, 38.0e9,
];
/// Output of the seven overseas cooperation zones by year, US dollars (2022 published).
pub const ZONES_OUTPUT: [f64; 8] = [
    2.10e9, 2.45e9, 2.80e9, 2.60e9, 3.30e9, 3.87e9, 4.20e9, 4.60e9,
];
/// Exports driven by the zones by year, US dollars (2022 published).
pub const ZONES_EXPORTS: [f64; 8] = [
    0.50e9, 0.56e9, 0.63e9, 0.58e9, 0.74e9, 0.85e9, 0.92e9, 1.00e9,
];

/// Average CNY per USD by year (approximately the annual average of the PBoC central parity),
/// used to derive dollar values of synthetic rows.
pub const CNY_PER_USD: [f64; 8] = [
    6.7518, 6.6174, 6.8985, 6.8976, 6.4515, 6.7261, 7.0467, 7.1217,
];
