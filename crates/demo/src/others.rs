//! Synthetic foreign investment, service outsourcing, outward cooperation and talent.
//!
//! Each dataset spreads an annual series (calibrated where the sources publish a figure,
//! see [`crate::anchors`]) over months with a seasonal profile and seeded noise, then over
//! cells (city × partner × category) by weights with noise, normalised so that the annual
//! totals are exact.

use linkages_core::classify::codes::{
    COOPERATION_KINDS, INDUSTRIES, OUTSOURCING_CATEGORIES, SHORES, TALENT_CATEGORIES,
};
use linkages_core::classify::{Code, city};
use linkages_core::dataset::{COOPERATION, INVESTMENT, OUTSOURCING, TALENT};
use linkages_core::{Batch, Period};
use rand_chacha::ChaCha8Rng;

use crate::anchors::{self, y};
use crate::rng::{noise, normalise, stream};
use crate::trade::{push_float, push_int, push_month, push_text};
use crate::{DemoConfig, FIRST, LAST};

/// A weighted list of codes.
type Weights = &'static [(&'static str, f64)];

/// Monthly shares of each year: a mild profile with a year-end peak, plus noise.
fn monthly_shares(rng: &mut ChaCha8Rng, amplitude: f64) -> [f64; 12] {
    const PROFILE: [f64; 12] = [
        0.07, 0.06, 0.085, 0.08, 0.08, 0.09, 0.08, 0.08, 0.085, 0.08, 0.085, 0.125,
    ];
    let mut w = PROFILE;
    w.iter_mut().for_each(|x| *x *= noise(rng, amplitude));
    normalise(&mut w);
    w
}

/// Cell weights over a cross product of weighted lists, with noise, normalised to one.
fn cells(
    rng: &mut ChaCha8Rng,
    lists: &[&[(&'static str, f64)]],
    amplitude: f64,
) -> Vec<(Vec<&'static str>, f64)> {
    let mut out: Vec<(Vec<&'static str>, f64)> = vec![(Vec::new(), 1.0)];
    for list in lists {
        out = out
            .iter()
            .flat_map(|(codes, w)| {
                list.iter().map(move |&(c, cw)| {
                    let mut codes = codes.clone();
                    codes.push(c);
                    (codes, w * cw)
                })
            })
            .collect();
    }
    out.iter_mut()
        .for_each(|(_, w)| *w *= noise(rng, amplitude));
    let sum: f64 = out.iter().map(|(_, w)| w).sum();
    out.iter_mut().for_each(|(_, w)| *w /= sum);
    out
}

/// Splits a whole number over weights so that the parts add up exactly (largest remainder).
fn allocate(total: u64, weights: &[f64]) -> Vec<u64> {
    let sum: f64 = weights.iter().sum();
    let exact: Vec<f64> = weights.iter().map(|w| total as f64 * w / sum).collect();
    let mut parts: Vec<u64> = exact.iter().map(|x| x.floor() as u64).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())));
    let short = total.saturating_sub(parts.iter().sum());
    for &i in order.iter().take(short as usize) {
        parts[i] += 1;
    }
    parts
}

/// The code of a list's entry, or `default` when the list has no such code.
fn known(list: &'static [Code], code: &str, default: &'static str) -> &'static str {
    list.iter()
        .find(|c| c.code == code)
        .map_or(default, |c| c.code)
}

fn months() -> Vec<Period> {
    FIRST.through(LAST).collect()
}

fn city_code(name: &str) -> &'static str {
    city(name).map_or("440300", |c| c.code)
}

const FDI_CITIES: Weights = &[
    ("Shenzhen", 35.0),
    ("Guangzhou", 30.0),
    ("Zhuhai", 8.0),
    ("Dongguan", 6.0),
    ("Foshan", 5.0),
    ("Huizhou", 4.0),
    ("Zhongshan", 2.0),
    ("Jiangmen", 2.0),
    ("Zhaoqing", 1.5),
    ("Shantou", 1.0),
    ("Zhanjiang", 1.5),
    ("Qingyuan", 0.8),
    ("Jieyang", 0.5),
    ("Maoming", 0.5),
    ("Yangjiang", 0.5),
    ("Shaoguan", 0.3),
    ("Heyuan", 0.4),
    ("Meizhou", 0.2),
    ("Shanwei", 0.3),
    ("Chaozhou", 0.2),
    ("Yunfu", 0.2),
];
const FDI_SOURCES: Weights = &[
    ("HKG", 72.0),
    ("SGP", 5.0),
    ("VGB", 5.0),
    ("KOR", 2.0),
    ("JPN", 2.0),
    ("USA", 2.0),
    ("DEU", 1.5),
    ("TWN", 2.0),
    ("MAC", 2.0),
    ("CYM", 2.0),
    ("GBR", 1.0),
    ("NLD", 1.0),
];
const FDI_INDUSTRIES: Weights = &[
    ("C", 28.0),
    ("L", 20.0),
    ("K", 12.0),
    ("I", 12.0),
    ("M", 10.0),
    ("F", 8.0),
    ("J", 5.0),
    ("G", 5.0),
];

/// Foreign investment: actual use calibrated to 138.4 and 181.9 billion yuan (2017, 2022).
pub(crate) fn investment(config: DemoConfig) -> impl Iterator<Item = Batch> {
    let cities: Vec<(&'static str, f64)> =
        FDI_CITIES.iter().map(|&(n, w)| (city_code(n), w)).collect();
    monthly(config.seed, "investment", move |m, period, share, rng| {
        let rate = anchors::CNY_PER_USD[y(period.year)];
        let total = anchors::FDI_ACTUAL[y(period.year)] * share;
        let mut batch = Batch::with_capacity(&INVESTMENT, 2100);
        for (codes, w) in cells(rng, &[&cities, FDI_SOURCES, FDI_INDUSTRIES], 0.3) {
            let actual_cny = (total * w).round();
            let actual_usd = (actual_cny / rate).round();
            let contracted_usd = (actual_usd * 2.4 * noise(rng, 0.3)).round();
            let [
                p,
                yr,
                mo,
                city,
                source,
                industry,
                projects,
                c_cny,
                c_usd,
                a_cny,
                a_usd,
            ] = batch.columns.as_mut_slice()
            else {
                unreachable!("the investment schema has eleven stored columns")
            };
            push_month([p, yr, mo], m, period);
            push_text(city, codes[0]);
            push_text(source, codes[1]);
            push_text(industry, known(INDUSTRIES, codes[2], "C"));
            push_int(
                projects,
                (actual_usd / 6.0e6 * noise(rng, 0.5)).round() as i64,
            );
            push_float(c_cny, (contracted_usd * rate).round());
            push_float(c_usd, contracted_usd);
            push_float(a_cny, actual_cny);
            push_float(a_usd, actual_usd);
        }
        batch
    })
}

const OUT_CITIES: Weights = &[
    ("Guangzhou", 38.0),
    ("Shenzhen", 30.0),
    ("Zhuhai", 6.0),
    ("Foshan", 6.0),
    ("Dongguan", 5.0),
    ("Huizhou", 3.0),
    ("Zhongshan", 3.0),
    ("Jiangmen", 2.0),
    ("Shantou", 1.5),
    ("Zhaoqing", 1.0),
    ("Zhanjiang", 1.0),
    ("Meizhou", 0.5),
];
const OUT_CLIENTS: Weights = &[
    ("CHN", 40.0),
    ("HKG", 14.0),
    ("USA", 12.0),
    ("JPN", 6.0),
    ("SGP", 5.0),
    ("DEU", 4.0),
    ("GBR", 3.0),
    ("KOR", 3.0),
    ("MAC", 3.0),
    ("TWN", 3.0),
    ("FRA", 2.0),
    ("NLD", 2.0),
    ("AUS", 2.0),
];
const OUT_CATEGORIES: Weights = &[("ITO", 43.0), ("BPO", 20.0), ("KPO", 37.0)];

/// Service outsourcing: executed value calibrated to US$18.6 and 32.2 billion (2017, 2022).
pub(crate) fn outsourcing(config: DemoConfig) -> impl Iterator<Item = Batch> {
    let cities: Vec<(&'static str, f64)> =
        OUT_CITIES.iter().map(|&(n, w)| (city_code(n), w)).collect();
    monthly(config.seed, "outsourcing", move |m, period, share, rng| {
        let total = anchors::OUTSOURCING_EXECUTED[y(period.year)] * share;
        let mut batch = Batch::with_capacity(&OUTSOURCING, 500);
        for (codes, w) in cells(rng, &[&cities, OUT_CLIENTS, OUT_CATEGORIES], 0.2) {
            let executed = (total * w).round();
            let [p, yr, mo, city, client, category, shore, contracted, exec] =
                batch.columns.as_mut_slice()
            else {
                unreachable!("the outsourcing schema has nine stored columns")
            };
            push_month([p, yr, mo], m, period);
            push_text(city, codes[0]);
            push_text(client, codes[1]);
            push_text(category, known(OUTSOURCING_CATEGORIES, codes[2], "ITO"));
            push_text(shore, SHORES[usize::from(codes[1] == "CHN")].code);
            push_float(contracted, (executed * 1.25 * noise(rng, 0.1)).round());
            push_float(exec, executed);
        }
        batch
    })
}

const ODI_CITIES: Weights = &[
    ("Shenzhen", 55.0),
    ("Guangzhou", 20.0),
    ("Foshan", 6.0),
    ("Zhuhai", 5.0),
    ("Dongguan", 4.0),
    ("Huizhou", 3.0),
    ("Zhongshan", 2.0),
    ("Shantou", 1.0),
];
const ODI_DESTINATIONS: Weights = &[
    ("HKG", 60.0),
    ("SGP", 6.0),
    ("VGB", 5.0),
    ("CYM", 4.0),
    ("USA", 4.0),
    ("VNM", 3.0),
    ("IDN", 3.0),
    ("MYS", 2.0),
    ("THA", 2.0),
    ("DEU", 2.0),
    ("GBR", 2.0),
    ("AUS", 2.0),
    ("SAU", 2.0),
    ("ARE", 2.0),
    ("BRA", 1.0),
];
const PROJECT_DESTINATIONS: Weights = &[
    ("IDN", 12.0),
    ("MYS", 10.0),
    ("SAU", 9.0),
    ("ARE", 6.0),
    ("PAK", 8.0),
    ("BGD", 7.0),
    ("NGA", 6.0),
    ("KEN", 5.0),
    ("VNM", 6.0),
    ("PHL", 6.0),
    ("KAZ", 4.0),
    ("EGY", 5.0),
    ("DZA", 4.0),
    ("THA", 6.0),
    ("MEX", 6.0),
];
/// The seven provincial overseas economic and trade cooperation zones: the city that runs
/// each and its host country. Placement is synthetic; the count and the 2022 totals are
/// from the sources.
const ZONES: &[(&str, &str, f64)] = &[
    ("Shenzhen", "VNM", 30.0),
    ("Guangzhou", "MYS", 15.0),
    ("Zhuhai", "IDN", 12.0),
    ("Foshan", "THA", 12.0),
    ("Dongguan", "KHM", 10.0),
    ("Jieyang", "SAU", 11.0),
    ("Zhongshan", "ETH", 10.0),
];
/// Outward direct investment and overseas project turnover by year, US dollars (assumptions).
const ODI: [f64; 8] = [
    13.0e9, 16.0e9, 15.5e9, 17.0e9, 17.5e9, 18.5e9, 19.0e9, 20.0e9,
];
const PROJECTS: [f64; 8] = [
    16.2e9, 17.0e9, 17.4e9, 15.0e9, 15.5e9, 16.3e9, 17.0e9, 17.8e9,
];

/// Outward cooperation: the zones' output and driven exports calibrated to US$3.87 billion
/// and US$850 million (2022).
pub(crate) fn cooperation(config: DemoConfig) -> impl Iterator<Item = Batch> {
    let cities: Vec<(&'static str, f64)> =
        ODI_CITIES.iter().map(|&(n, w)| (city_code(n), w)).collect();
    let zones: Vec<(&str, f64)> = ZONES.iter().map(|&(n, _, w)| (city_code(n), w)).collect();
    monthly(config.seed, "cooperation", move |m, period, share, rng| {
        let yi = y(period.year);
        let mut batch = Batch::with_capacity(&COOPERATION, 300);
        let mut rows: Vec<(&str, &str, &str, f64, f64)> = Vec::new();
        for (kind, annual, destinations, driven) in [
            (0, ODI[yi], ODI_DESTINATIONS, 0.05),
            (1, PROJECTS[yi], PROJECT_DESTINATIONS, 0.2),
        ] {
            for (codes, w) in cells(rng, &[&cities, destinations], 0.3) {
                let value = (annual * share * w).round();
                rows.push((
                    codes[0],
                    codes[1],
                    COOPERATION_KINDS[kind].code,
                    value,
                    (value * driven).round(),
                ));
            }
        }
        let mut zone_w: Vec<f64> = zones.iter().map(|(_, w)| w * noise(rng, 0.1)).collect();
        normalise(&mut zone_w);
        let mut export_w: Vec<f64> = zone_w.iter().map(|w| w * noise(rng, 0.2)).collect();
        normalise(&mut export_w);
        for (i, (city, _)) in zones.iter().enumerate() {
            let output = (anchors::ZONES_OUTPUT[yi] * share * zone_w[i]).round();
            let exports = (anchors::ZONES_EXPORTS[yi] * share * export_w[i]).round();
            rows.push((city, ZONES[i].1, COOPERATION_KINDS[2].code, output, exports));
        }
        for (city, destination, kind, value, driven) in rows {
            let [p, yr, mo, c, d, k, v, e] = batch.columns.as_mut_slice() else {
                unreachable!("the cooperation schema has eight stored columns")
            };
            push_month([p, yr, mo], m, period);
            push_text(c, city);
            push_text(d, destination);
            push_text(k, kind);
            push_float(v, value);
            push_float(e, driven);
        }
        batch
    })
}

const TALENT_CITIES: Weights = &[
    ("Shenzhen", 40.0),
    ("Guangzhou", 35.0),
    ("Dongguan", 5.0),
    ("Foshan", 5.0),
    ("Zhuhai", 5.0),
    ("Huizhou", 2.0),
    ("Zhongshan", 2.0),
    ("Jiangmen", 1.5),
    ("Shantou", 1.5),
    ("Zhaoqing", 1.0),
    ("Zhanjiang", 1.0),
    ("Meizhou", 0.5),
];
const TALENT_ORIGINS: Weights = &[
    ("USA", 14.0),
    ("GBR", 8.0),
    ("CAN", 6.0),
    ("AUS", 5.0),
    ("DEU", 6.0),
    ("FRA", 5.0),
    ("JPN", 9.0),
    ("KOR", 9.0),
    ("SGP", 5.0),
    ("RUS", 5.0),
    ("IND", 6.0),
    ("MYS", 5.0),
    ("ITA", 3.0),
    ("ESP", 3.0),
    ("BRA", 2.0),
];
/// Counts by year for each talent category (assumptions).
const TALENT_COUNTS: [[u64; 8]; 3] = [
    [22000, 24000, 26000, 18000, 17000, 16000, 21000, 23000],
    [1500, 1700, 1900, 1600, 1800, 2000, 2300, 2500],
    [25, 28, 30, 26, 30, 32, 35, 38],
];

/// Foreign talent: whole counts, allocated so that monthly and annual totals add up.
pub(crate) fn talent(config: DemoConfig) -> impl Iterator<Item = Batch> {
    let cities: Vec<(&'static str, f64)> = TALENT_CITIES
        .iter()
        .map(|&(n, w)| (city_code(n), w))
        .collect();
    let mut rng = stream(config.seed, "talent-months");
    // Whole counts per month first, so each year adds up exactly.
    let per_month: Vec<[u64; 3]> = anchors::YEARS
        .flat_map(|year| {
            let w = monthly_shares(&mut rng, 0.2);
            let by_cat: Vec<Vec<u64>> = TALENT_COUNTS
                .iter()
                .map(|c| allocate(c[y(year)], &w))
                .collect();
            (0..12).map(move |i| [by_cat[0][i], by_cat[1][i], by_cat[2][i]])
        })
        .collect();
    months().into_iter().enumerate().map(move |(m, period)| {
        let mut rng = stream(config.seed, ("talent", m));
        let mut batch = Batch::with_capacity(&TALENT, 600);
        for (cat, &total) in per_month[m].iter().enumerate() {
            let cells = cells(&mut rng, &[&cities, TALENT_ORIGINS], 0.3);
            let weights: Vec<f64> = cells.iter().map(|(_, w)| *w).collect();
            for ((codes, _), count) in cells.iter().zip(allocate(total, &weights)) {
                if count == 0 {
                    continue;
                }
                let [p, yr, mo, c, o, k, n] = batch.columns.as_mut_slice() else {
                    unreachable!("the talent schema has seven stored columns")
                };
                push_month([p, yr, mo], m, period);
                push_text(c, codes[0]);
                push_text(o, codes[1]);
                push_text(k, TALENT_CATEGORIES[cat].code);
                push_int(n, count as i64);
            }
        }
        batch
    })
}

/// Runs `make` for every month with the month's share of its year's total.
fn monthly<F>(seed: u64, label: &'static str, mut make: F) -> impl Iterator<Item = Batch>
where
    F: FnMut(usize, Period, f64, &mut ChaCha8Rng) -> Batch,
{
    let mut rng = stream(seed, (label, "months"));
    let shares: Vec<f64> = anchors::YEARS
        .flat_map(|_| monthly_shares(&mut rng, 0.15))
        .collect();
    months().into_iter().enumerate().map(move |(m, period)| {
        let mut rng = stream(seed, (label, m));
        make(m, period, shares[m], &mut rng)
    })
}

#[cfg(test)]
mod tests {
    use super::allocate;

    #[test]
    fn allocation_adds_up() {
        assert_eq!(allocate(10, &[1.0, 1.0, 1.0]).iter().sum::<u64>(), 10);
        assert_eq!(
            allocate(7, &[0.5, 0.25, 0.25]),
            [3, 2, 2],
            "largest remainders get the spare units"
        );
    }
}
