//! Synthetic foreign trade, calibrated to the published totals and group figures.
//!
//! Value of a row = total(flow, month) × share(partner | flow, month) × share(product |
//! flow, month), split over `scale` city × trade mode × enterprise type triples. Partner
//! and product shares are built from blocks (ASEAN, other Belt and Road, other RCEP, rest;
//! "new three", other high-tech, rest) whose shares are calibrated first, so every
//! calibrated group total is exact by construction.

use std::borrow::Cow;
use std::sync::{Arc, LazyLock};

use linkages_core::classify::codes::{ENTERPRISE_TYPES, FLOWS, TRADE_MODES};
use linkages_core::classify::{CITIES, groups};
use linkages_core::{Batch, Cells, Period, dataset::TRADE};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::anchors::{self, y};
use crate::rng::{noise, normalise, stream};
use crate::{DemoConfig, FIRST, LAST};

/// Partners: ISO alpha-3, export weight, import weight, annual trend. Weights are relative
/// within each calibrated block only.
static PARTNERS: &[(&str, f64, f64, f64)] = &[
    // ASEAN
    ("VNM", 30.0, 35.0, 0.06),
    ("MYS", 18.0, 30.0, 0.03),
    ("THA", 16.0, 22.0, 0.03),
    ("SGP", 20.0, 12.0, 0.01),
    ("IDN", 14.0, 12.0, 0.05),
    ("PHL", 12.0, 8.0, 0.03),
    ("MMR", 3.0, 2.0, 0.02),
    ("KHM", 3.0, 1.0, 0.06),
    ("LAO", 1.0, 1.0, 0.04),
    ("BRN", 0.5, 0.5, 0.00),
    // other RCEP
    ("JPN", 40.0, 80.0, -0.01),
    ("KOR", 30.0, 90.0, 0.00),
    ("AUS", 12.0, 30.0, 0.02),
    ("NZL", 3.0, 3.0, 0.02),
    // other Belt and Road
    ("IND", 30.0, 5.0, 0.05),
    ("RUS", 15.0, 15.0, 0.07),
    ("ARE", 15.0, 5.0, 0.06),
    ("SAU", 10.0, 12.0, 0.05),
    ("TUR", 8.0, 2.0, 0.04),
    ("PAK", 5.0, 1.0, 0.03),
    ("BGD", 6.0, 1.0, 0.04),
    ("POL", 8.0, 2.0, 0.05),
    ("ISR", 5.0, 4.0, 0.02),
    ("IRN", 3.0, 2.0, -0.03),
    ("KAZ", 3.0, 2.0, 0.06),
    ("EGY", 4.0, 1.0, 0.04),
    ("IRQ", 3.0, 4.0, 0.05),
    ("CZE", 4.0, 2.0, 0.03),
    ("HUN", 3.0, 2.0, 0.04),
    ("GRC", 2.0, 0.5, 0.02),
    ("UKR", 3.0, 1.0, -0.02),
    ("LKA", 2.0, 0.5, 0.01),
    ("QAT", 1.0, 6.0, 0.05),
    ("KWT", 1.0, 3.0, 0.03),
    ("OMN", 1.0, 5.0, 0.03),
    ("MNG", 0.5, 0.5, 0.03),
    ("UZB", 2.0, 1.0, 0.07),
    ("ROU", 2.0, 1.0, 0.03),
    // rest of the world
    ("USA", 115.0, 40.0, -0.02),
    ("HKG", 135.0, 10.0, -0.03),
    ("TWN", 10.0, 140.0, 0.00),
    ("DEU", 22.0, 30.0, 0.00),
    ("NLD", 18.0, 4.0, 0.01),
    ("GBR", 25.0, 5.0, 0.00),
    ("FRA", 9.0, 8.0, 0.00),
    ("ITA", 8.0, 5.0, 0.00),
    ("ESP", 6.0, 2.0, 0.01),
    ("BEL", 4.0, 2.0, 0.00),
    ("CHE", 3.0, 15.0, 0.00),
    ("CAN", 12.0, 6.0, 0.01),
    ("MEX", 15.0, 3.0, 0.05),
    ("BRA", 10.0, 12.0, 0.04),
    ("CHL", 4.0, 10.0, 0.03),
    ("NGA", 5.0, 1.0, 0.03),
    ("ZAF", 5.0, 6.0, 0.01),
    ("MAC", 3.0, 0.5, 0.00),
    ("PER", 2.0, 4.0, 0.03),
    ("KEN", 2.0, 0.3, 0.04),
];

/// Products at HS 6 digits (HS 2022): code, export weight, import weight, annual trend.
static PRODUCTS: &[(&str, f64, f64, f64)] = &[
    // electronic information, high-tech
    ("851713", 90.0, 10.0, 0.00),
    ("851762", 40.0, 12.0, 0.02),
    ("851770", 30.0, 25.0, 0.00),
    ("847130", 45.0, 5.0, -0.02),
    ("847150", 15.0, 4.0, -0.01),
    ("847330", 25.0, 30.0, 0.00),
    ("854231", 20.0, 120.0, 0.03),
    ("854232", 10.0, 60.0, 0.02),
    ("854239", 12.0, 50.0, 0.03),
    ("854141", 8.0, 3.0, 0.02),
    ("854149", 5.0, 8.0, 0.02),
    ("901380", 12.0, 25.0, -0.02),
    ("852589", 10.0, 3.0, 0.03),
    ("848620", 1.0, 15.0, 0.06),
    ("847950", 3.0, 4.0, 0.10),
    ("901890", 5.0, 6.0, 0.04),
    ("902780", 2.0, 5.0, 0.03),
    ("903180", 2.0, 6.0, 0.02),
    ("902212", 1.0, 3.0, 0.02),
    ("300215", 1.0, 4.0, 0.05),
    ("880730", 0.5, 4.0, 0.02),
    // electronic information, not high-tech
    ("852872", 18.0, 1.0, -0.01),
    ("852852", 10.0, 2.0, 0.00),
    ("851830", 12.0, 2.0, 0.03),
    ("853400", 10.0, 8.0, 0.01),
    ("853224", 4.0, 6.0, 0.02),
    ("852990", 8.0, 9.0, 0.00),
    ("852351", 4.0, 5.0, 0.01),
    // smart home appliances
    ("841510", 12.0, 0.5, 0.01),
    ("841810", 8.0, 0.5, 0.02),
    ("845011", 4.0, 0.3, 0.01),
    ("850811", 7.0, 0.3, 0.04),
    ("850940", 5.0, 0.2, 0.02),
    ("851660", 6.0, 0.3, 0.03),
    ("851650", 5.0, 0.2, 0.00),
    ("851671", 3.0, 0.2, 0.02),
    ("851631", 3.0, 0.2, 0.02),
    ("842211", 2.0, 0.2, 0.06),
    ("851010", 2.0, 0.2, 0.02),
    // new three and new energy storage
    ("850760", 6.0, 1.0, 0.25),
    ("870380", 2.0, 0.5, 0.40),
    ("870360", 0.5, 0.3, 0.30),
    ("854142", 2.0, 0.3, 0.20),
    ("854143", 3.0, 0.2, 0.20),
    ("850440", 12.0, 5.0, 0.06),
    ("850780", 2.0, 1.0, 0.04),
    ("850211", 2.0, 0.5, 0.02),
    // modern light industry and textiles
    ("611020", 8.0, 0.5, -0.02),
    ("620462", 6.0, 0.5, -0.02),
    ("640299", 8.0, 0.5, -0.01),
    ("640411", 4.0, 0.5, 0.00),
    ("420292", 6.0, 1.0, 0.00),
    ("940360", 8.0, 0.5, 0.01),
    ("940171", 5.0, 0.3, 0.02),
    ("940490", 4.0, 0.2, 0.01),
    ("950300", 10.0, 0.5, 0.01),
    ("950450", 4.0, 1.0, 0.03),
    ("392690", 10.0, 3.0, 0.02),
    ("392410", 3.0, 0.2, 0.01),
    ("691110", 3.0, 0.1, 0.00),
    ("711719", 3.0, 0.2, 0.01),
    ("330499", 2.0, 6.0, 0.05),
    ("960390", 2.0, 0.1, 0.01),
    ("630790", 4.0, 0.2, 0.01),
    ("650500", 1.0, 0.1, 0.00),
    ("670290", 1.0, 0.05, 0.00),
    // other manufactures
    ("847989", 6.0, 6.0, 0.03),
    ("848180", 4.0, 4.0, 0.02),
    ("850152", 4.0, 3.0, 0.02),
    ("853690", 6.0, 6.0, 0.02),
    ("853710", 3.0, 3.0, 0.02),
    ("940542", 6.0, 0.3, 0.02),
    ("732393", 3.0, 0.2, 0.00),
    ("870899", 4.0, 6.0, 0.03),
    ("870323", 1.0, 12.0, -0.02),
    ("871200", 2.0, 0.2, 0.00),
    ("871160", 3.0, 0.1, 0.08),
    ("910219", 2.0, 1.0, -0.02),
    ("390110", 1.0, 10.0, 0.01),
    ("390210", 1.0, 8.0, 0.01),
    ("290243", 0.5, 5.0, 0.00),
    // raw materials and food
    ("270900", 0.1, 25.0, 0.02),
    ("271111", 0.1, 10.0, 0.05),
    ("260111", 0.1, 8.0, 0.01),
    ("740311", 0.5, 12.0, 0.02),
    ("710812", 2.0, 15.0, 0.02),
    ("120190", 0.1, 8.0, 0.02),
    ("020230", 0.1, 5.0, 0.06),
    ("030617", 0.5, 3.0, 0.03),
    ("100630", 0.2, 2.0, 0.01),
    ("470329", 0.1, 4.0, 0.01),
    ("440799", 0.2, 3.0, 0.00),
    ("150710", 0.1, 2.0, 0.00),
    ("080390", 0.1, 1.0, 0.02),
    ("220421", 0.2, 2.0, -0.01),
];

/// Number of (partner, product) cells per flow and month.
pub(crate) fn cells_per_flow() -> usize {
    PARTNERS.len() * PRODUCTS.len()
}

/// City weights (exports, imports), in [`CITIES`] order.
const CITY_WEIGHTS: [(f64, f64); 21] = [
    (13.5, 15.0),
    (0.2, 0.2),
    (42.0, 45.0),
    (3.5, 4.0),
    (1.2, 0.5),
    (8.0, 5.0),
    (2.5, 1.5),
    (0.5, 2.0),
    (0.3, 0.8),
    (0.8, 0.5),
    (4.5, 5.0),
    (0.2, 0.1),
    (0.2, 0.1),
    (0.3, 0.2),
    (0.3, 0.6),
    (0.4, 0.4),
    (16.0, 15.0),
    (3.0, 2.0),
    (0.4, 0.2),
    (0.5, 0.5),
    (0.2, 0.1),
];

/// Trade mode weights in 2017 and 2024 ([`TRADE_MODES`] order), interpolated between.
const MODE_WEIGHTS: [(f64, f64); 7] = [
    (52.0, 56.0),
    (22.0, 17.0),
    (4.0, 2.0),
    (12.0, 13.0),
    (2.0, 5.0),
    (4.0, 4.5),
    (4.0, 2.5),
];
/// Enterprise type weights in 2017 and 2024 ([`ENTERPRISE_TYPES`] order).
const ENTERPRISE_WEIGHTS: [(f64, f64); 4] = [(7.0, 6.0), (45.0, 33.0), (47.0, 60.0), (1.0, 1.0)];

fn interpolate(w: (f64, f64), year: i32) -> f64 {
    let t = f64::from(year - 2017) / 7.0;
    w.0 + (w.1 - w.0) * t
}

/// Whether the Spring Festival falls in January (else February), which decides the dip.
fn spring_festival_in_january(year: i32) -> bool {
    linkages_core::holiday::spring_festival(year).is_some_and(|d| chrono::Datelike::month(&d) == 1)
}

/// Period strings, interned once so rows borrow them.
static PERIODS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    FIRST
        .through(LAST)
        .map(|p| &*Box::leak(p.to_string().into_boxed_str()))
        .collect()
});

/// Monthly shares and totals fixed before any row is generated.
struct Plan {
    months: Vec<Period>,
    /// Total by month and flow (0 export, 1 import), yuan.
    flow_total: Vec<[f64; 2]>,
    /// Partner share by month and flow.
    partner: Vec<[Vec<f64>; 2]>,
    /// Product share by month and flow.
    product: Vec<[Vec<f64>; 2]>,
}

fn months_of(months: &[Period], year: i32, from: u32, to: u32) -> impl Iterator<Item = usize> + '_ {
    months
        .iter()
        .enumerate()
        .filter(move |(_, p)| p.year == year && (from..=to).contains(&p.month))
        .map(|(i, _)| i)
}

/// A calibrated block's share of each flow, by month.
type BlockShare = Vec<[f64; 2]>;

/// Sum of value over the given months and flows for a block share.
fn block_value(
    share: &BlockShare,
    flow_total: &[[f64; 2]],
    months: impl Iterator<Item = usize>,
    flows: &[usize],
) -> f64 {
    months
        .map(|m| {
            flows
                .iter()
                .map(|&f| flow_total[m][f] * share[m][f])
                .sum::<f64>()
        })
        .sum()
}

/// Scales a block so that its value in each year over `flows` is `target[year] ×` the
/// value of those flows.
fn calibrate_years(
    share: &mut BlockShare,
    flow_total: &[[f64; 2]],
    months: &[Period],
    target: &[f64; 8],
    flows: &[usize],
) {
    for year in anchors::YEARS {
        let current = block_value(share, flow_total, months_of(months, year, 1, 12), flows);
        let whole: f64 = months_of(months, year, 1, 12)
            .map(|m| flows.iter().map(|&f| flow_total[m][f]).sum::<f64>())
            .sum();
        let k = target[y(year)] * whole / current;
        months_of(months, year, 1, 12).for_each(|m| flows.iter().for_each(|&f| share[m][f] *= k));
    }
}

/// Sets growth of January-April 2023 over 2022 to `growth`, keeping 2023's annual value.
fn anchor_jan_apr_2023(
    share: &mut BlockShare,
    flow_total: &[[f64; 2]],
    months: &[Period],
    growth: f64,
    flows: &[usize],
) {
    let value = |share: &BlockShare, year, from, to| {
        block_value(share, flow_total, months_of(months, year, from, to), flows)
    };
    let annual = value(share, 2023, 1, 12);
    let k1 = (1.0 + growth) * value(share, 2022, 1, 4) / value(share, 2023, 1, 4);
    months_of(months, 2023, 1, 4).for_each(|m| flows.iter().for_each(|&f| share[m][f] *= k1));
    let k2 = (annual - value(share, 2023, 1, 4)) / value(share, 2023, 5, 12);
    months_of(months, 2023, 5, 12).for_each(|m| flows.iter().for_each(|&f| share[m][f] *= k2));
}

impl Plan {
    fn new(seed: u64) -> Plan {
        let months: Vec<Period> = FIRST.through(LAST).collect();
        let flow_total = Self::flow_totals(seed, &months);
        let partner = Self::partners(seed, &months, &flow_total);
        let product = Self::products(seed, &months, &flow_total);
        Plan {
            months,
            flow_total,
            partner,
            product,
        }
    }

    /// Partner blocks: ASEAN, other Belt and Road, other RCEP; the rest takes what is left.
    fn partners(seed: u64, months: &[Period], flow_total: &[[f64; 2]]) -> Vec<[Vec<f64>; 2]> {
        let asean = groups::partner_group("asean").map_or(&[][..], |g| g.members);
        let bri = groups::partner_group("belt_and_road").map_or(&[][..], |g| g.members);
        let rcep = groups::partner_group("rcep").map_or(&[][..], |g| g.members);
        let partner_block = |code: &str| {
            if asean.contains(&code) {
                0
            } else if bri.contains(&code) {
                1
            } else if rcep.contains(&code) {
                2
            } else {
                3
            }
        };
        let bri_other: [f64; 8] =
            std::array::from_fn(|i| anchors::BRI_SHARE[i] - anchors::ASEAN_SHARE[i]);
        let rcep_other: [f64; 8] =
            std::array::from_fn(|i| anchors::RCEP_SHARE[i] - anchors::ASEAN_SHARE[i]);
        let mut rng = stream(seed, "trade-partner-blocks");
        let mut block = |target: &[f64; 8], tilt: [f64; 2]| -> BlockShare {
            let mut share: BlockShare = months
                .iter()
                .map(|p| {
                    let t = target[y(p.year)];
                    [
                        t * tilt[0] * noise(&mut rng, 0.04),
                        t * tilt[1] * noise(&mut rng, 0.04),
                    ]
                })
                .collect();
            calibrate_years(&mut share, flow_total, months, target, &[0, 1]);
            share
        };
        let mut asean_share = block(&anchors::ASEAN_SHARE, [0.95, 1.10]);
        anchor_jan_apr_2023(
            &mut asean_share,
            flow_total,
            months,
            anchors::ASEAN_JAN_APR_2023_GROWTH,
            &[0, 1],
        );
        let bri_share = block(&bri_other, [1.15, 0.75]);
        let rcep_share = block(&rcep_other, [0.60, 1.70]);
        Self::spread(
            seed,
            "trade-partners",
            months,
            PARTNERS
                .iter()
                .map(|&(code, e, i, g)| (partner_block(code), [e, i], g))
                .collect(),
            &[asean_share, bri_share, rcep_share],
        )
    }

    /// Product blocks: the "new three" (share of exports), other high-tech (share of total).
    fn products(seed: u64, months: &[Period], flow_total: &[[f64; 2]]) -> Vec<[Vec<f64>; 2]> {
        let new_three = groups::product_group("new_three");
        let high_tech = groups::product_group("high_tech");
        let product_block = |code: &str| {
            if new_three.is_some_and(|g| g.contains(code)) {
                0
            } else if high_tech.is_some_and(|g| g.contains(code)) {
                1
            } else {
                2
            }
        };
        let mut rng = stream(seed, "trade-product-blocks");
        let mut n3: BlockShare = months
            .iter()
            .map(|p| {
                [
                    anchors::NEW_THREE_EXPORT_SHARE[y(p.year)] * noise(&mut rng, 0.05),
                    0.002 * noise(&mut rng, 0.05),
                ]
            })
            .collect();
        let share = &anchors::NEW_THREE_EXPORT_SHARE;
        calibrate_years(&mut n3, flow_total, months, share, &[0]);
        let growth = anchors::NEW_THREE_JAN_APR_2023_GROWTH;
        anchor_jan_apr_2023(&mut n3, flow_total, months, growth, &[0]);
        let mut ht: BlockShare = months
            .iter()
            .map(|p| {
                let t = anchors::HIGH_TECH_SHARE[y(p.year)];
                [
                    t * 0.90 * noise(&mut rng, 0.03),
                    t * 1.18 * noise(&mut rng, 0.03),
                ]
            })
            .collect();
        calibrate_years(
            &mut ht,
            flow_total,
            months,
            &anchors::HIGH_TECH_SHARE,
            &[0, 1],
        );
        Self::spread(
            seed,
            "trade-products",
            months,
            PRODUCTS
                .iter()
                .map(|&(code, e, i, g)| (product_block(code), [e, i], g))
                .collect(),
            &[n3, ht],
        )
    }

    /// Totals by month and flow: annual totals spread by a seasonal profile with the Spring
    /// Festival dip, January-February of 2023 and 2024 fixed to the published figures, and
    /// exports of January-April 2023 fixed to the published growth.
    fn flow_totals(seed: u64, months: &[Period]) -> Vec<[f64; 2]> {
        const SEASON: [f64; 12] = [
            0.0, 0.0, 0.080, 0.081, 0.083, 0.085, 0.087, 0.088, 0.088, 0.085, 0.088, 0.095,
        ];
        let mut rng = stream(seed, "trade-season");
        let mut totals = Vec::with_capacity(months.len());
        for year in anchors::YEARS {
            let mut w = SEASON;
            (w[0], w[1]) = if spring_festival_in_january(year) {
                (0.066, 0.074)
            } else {
                (0.080, 0.060)
            };
            if year == 2020 {
                w[1] *= 0.75; // the first months of the pandemic
                w[2] *= 0.9;
            }
            w.iter_mut().for_each(|x| *x *= noise(&mut rng, 0.03));
            normalise(&mut w);
            let annual = anchors::TRADE_TOTAL[y(year)];
            let jan_feb = match year {
                2023 => Some(anchors::TRADE_JAN_FEB_2023),
                2024 => Some(anchors::TRADE_JAN_FEB_2024),
                _ => None,
            };
            if let Some(jf) = jan_feb {
                let (head, tail) = w.split_at_mut(2);
                let (h, t): (f64, f64) = (head.iter().sum(), tail.iter().sum());
                head.iter_mut().for_each(|x| *x *= jf / annual / h);
                tail.iter_mut().for_each(|x| *x *= (1.0 - jf / annual) / t);
            }
            for m in w {
                let x = anchors::EXPORT_SHARE[y(year)] * noise(&mut rng, 0.015);
                totals.push([annual * m * x, annual * m * (1.0 - x)]);
            }
        }
        let exports = |totals: &[[f64; 2]], year| {
            months_of(months, year, 1, 4)
                .map(|m| totals[m][0])
                .sum::<f64>()
        };
        let k = (1.0 + anchors::EXPORTS_JAN_APR_2023_GROWTH) * exports(&totals, 2022)
            / exports(&totals, 2023);
        for m in months_of(months, 2023, 1, 4) {
            let whole = totals[m][0] + totals[m][1];
            totals[m][0] *= k;
            totals[m][1] = whole - totals[m][0];
        }
        totals
    }

    /// Spreads block shares over members: each member's weight (by flow) grows at its trend
    /// with monthly noise, and is normalised within its block. Members of the last block
    /// (index `blocks.len()`) share what the calibrated blocks leave.
    fn spread(
        seed: u64,
        label: &str,
        months: &[Period],
        members: Vec<(usize, [f64; 2], f64)>,
        blocks: &[BlockShare],
    ) -> Vec<[Vec<f64>; 2]> {
        let mut rng = stream(seed, label);
        months
            .iter()
            .enumerate()
            .map(|(m, p)| {
                let years = (p.index() - FIRST.index()) as f64 / 12.0;
                std::array::from_fn(|f| {
                    let mut w: Vec<f64> = members
                        .iter()
                        .map(|(_, base, trend)| {
                            base[f] * (1.0 + trend).powf(years) * noise(&mut rng, 0.06)
                        })
                        .collect();
                    let rest = 1.0 - blocks.iter().map(|b| b[m][f]).sum::<f64>();
                    for b in 0..=blocks.len() {
                        let sum: f64 = members
                            .iter()
                            .zip(&w)
                            .filter(|((mb, _, _), _)| *mb == b)
                            .map(|(_, x)| x)
                            .sum();
                        let target = blocks.get(b).map_or(rest, |s| s[m][f]);
                        members
                            .iter()
                            .zip(w.iter_mut())
                            .filter(|((mb, _, _), _)| *mb == b)
                            .for_each(|(_, x)| *x *= target / sum);
                    }
                    w
                })
            })
            .collect()
    }
}

/// City × trade mode × enterprise type triples with their weights for one flow and year.
struct Triples {
    city: Vec<f64>,
    mode: Vec<f64>,
    enterprise: Vec<f64>,
}

impl Triples {
    fn new(flow: usize, year: i32) -> Triples {
        let city = CITY_WEIGHTS
            .iter()
            .map(|w| if flow == 0 { w.0 } else { w.1 })
            .collect();
        let mode = MODE_WEIGHTS.iter().map(|&w| interpolate(w, year)).collect();
        let enterprise = ENTERPRISE_WEIGHTS
            .iter()
            .map(|&w| interpolate(w, year))
            .collect();
        Triples {
            city,
            mode,
            enterprise,
        }
    }

    fn weight(&self, (c, m, e): (usize, usize, usize)) -> f64 {
        self.city[c] * self.mode[m] * self.enterprise[e]
    }

    /// `k` distinct triples drawn with probability proportional to weight (weighted sampling
    /// without replacement, Efraimidis–Spirakis), with their weights.
    fn sample(&self, rng: &mut ChaCha8Rng, k: usize, out: &mut Vec<((usize, usize, usize), f64)>) {
        out.clear();
        if k == 1 {
            let pick = |w: &[f64], rng: &mut ChaCha8Rng| {
                let mut u = rng.random::<f64>() * w.iter().sum::<f64>();
                w.iter()
                    .position(|x| {
                        u -= x;
                        u < 0.0
                    })
                    .unwrap_or(w.len() - 1)
            };
            let t = (
                pick(&self.city, rng),
                pick(&self.mode, rng),
                pick(&self.enterprise, rng),
            );
            out.push((t, 1.0));
            return;
        }
        let mut keyed: Vec<(f64, (usize, usize, usize))> = Vec::with_capacity(21 * 7 * 4);
        for c in 0..self.city.len() {
            for m in 0..self.mode.len() {
                for e in 0..self.enterprise.len() {
                    let t = (c, m, e);
                    let u: f64 = rng.random::<f64>().max(f64::MIN_POSITIVE);
                    keyed.push((u.ln() / self.weight(t), t));
                }
            }
        }
        keyed.select_nth_unstable_by(k - 1, |a, b| b.0.total_cmp(&a.0));
        out.extend(keyed[..k].iter().map(|&(_, t)| (t, self.weight(t))));
    }
}

/// Unit value in US dollars per unit of quantity, fixed per product.
fn unit_price(product: usize) -> f64 {
    let x = ((product as u64).wrapping_mul(2654435761) % 1000) as f64 / 1000.0;
    2.0 * 1000f64.powf(x)
}

/// Generates trade month by month.
pub(crate) fn generate(config: DemoConfig) -> impl Iterator<Item = Batch> {
    let plan = Arc::new(Plan::new(config.seed));
    let k = config.scale as usize;
    (0..plan.months.len()).map(move |m| {
        let plan = &plan;
        let period = plan.months[m];
        let rate = anchors::CNY_PER_USD[y(period.year)];
        let mut rng = stream(config.seed, ("trade-rows", m));
        let mut batch = Batch::with_capacity(&TRADE, 2 * cells_per_flow() * k);
        let mut picked = Vec::with_capacity(k);
        let [
            period_c,
            year_c,
            month_c,
            flow_c,
            city_c,
            partner_c,
            product_c,
            mode_c,
            ent_c,
            cny_c,
            usd_c,
            qty_c,
        ] = batch.columns.as_mut_slice()
        else {
            unreachable!("the trade schema has twelve stored columns")
        };
        for (f, flow) in FLOWS.iter().enumerate() {
            let triples = Triples::new(f, period.year);
            for (pi, &(partner, ..)) in PARTNERS.iter().enumerate() {
                for (qi, &(product, ..)) in PRODUCTS.iter().enumerate() {
                    let value =
                        plan.flow_total[m][f] * plan.partner[m][f][pi] * plan.product[m][f][qi];
                    triples.sample(&mut rng, k, &mut picked);
                    let total_weight: f64 = picked.iter().map(|(_, w)| w).sum();
                    for &((c, md, e), w) in &picked {
                        let cny = (value * w / total_weight).round();
                        let usd = (cny / rate).round();
                        push_month([&mut *period_c, &mut *year_c, &mut *month_c], m, period);
                        push_text(flow_c, flow.code);
                        push_text(city_c, CITIES[c].code);
                        push_text(partner_c, partner);
                        push_text(product_c, product);
                        push_text(mode_c, TRADE_MODES[md].code);
                        push_text(ent_c, ENTERPRISE_TYPES[e].code);
                        push_float(cny_c, cny);
                        push_float(usd_c, usd);
                        push_float(qty_c, (usd / unit_price(qi)).round());
                    }
                }
            }
        }
        batch
    })
}

/// Pushes month `m` of the demo (its `period`, `year` and `month` cells: the first three
/// stored columns of every monthly dataset).
pub(crate) fn push_month([p, yr, mo]: [&mut Cells; 3], m: usize, period: Period) {
    push_text(p, period_str(m));
    push_int(yr, i64::from(period.year));
    push_int(mo, i64::from(period.month));
}

pub(crate) fn push_text(cells: &mut Cells, s: &'static str) {
    if let Cells::Text(v) = cells {
        v.push(Cow::Borrowed(s));
    }
}

pub(crate) fn push_int(cells: &mut Cells, i: i64) {
    if let Cells::Int(v) = cells {
        v.push(Some(i));
    }
}

pub(crate) fn push_float(cells: &mut Cells, x: f64) {
    if let Cells::Float(v) = cells {
        v.push(Some(x));
    }
}

pub(crate) fn period_str(m: usize) -> &'static str {
    PERIODS[m]
}
