//! The export-potential benchmark's Linkages side (`bench/markets/run`): a synthetic world
//! of 200 countries × 200 markets × 5,000 products (about 10⁸ flows, each present with
//! probability ½) and a region selling to 30% of the market × product cells, generated from
//! splitmix64 exactly as `bench/markets/compare.py` generates them with numpy; then the
//! region's export potential against it, timed apart from the generation. Prints one JSON
//! line: times, peak memory, and the figures pandas must match.

use std::time::Instant;

use linkages_markets::potential::{Demand, potential};
use linkages_markets::{Basket, Flow, World};

const COUNTRIES: u64 = 200;

/// Products: 5,000, or `PRODUCTS` from the environment for a quick check.
fn products() -> u64 {
    std::env::var("PRODUCTS")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(5_000)
}

fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn value(h: u64) -> f64 {
    (h >> 11) as f64 / (1u64 << 53) as f64 * 1_000.0 + 1.0
}

fn world() -> World {
    let products = products();
    let mut world = World::default();
    for c in 0..COUNTRIES {
        world.countries.intern(&format!("C{c:03}"));
    }
    world.countries.intern("RGN");
    for p in 0..products {
        world.products.intern(&format!("{:06}", 100_000 + p));
    }
    for i in 0..COUNTRIES {
        for j in (0..COUNTRIES).filter(|j| *j != i) {
            for k in 0..products {
                let h = splitmix((i * COUNTRIES + j) * products + k);
                if h & 1 == 0 {
                    let flow = Flow {
                        exporter: i as u32,
                        importer: j as u32,
                        product: k as u32,
                        value: value(h),
                    };
                    world.push(2024, flow).expect("a valid flow");
                }
            }
        }
    }
    world
}

fn region() -> Basket {
    let products = products();
    let mut basket = Basket::default();
    for j in 0..COUNTRIES {
        for k in 0..products {
            let h = splitmix((j * products + k) ^ 0x5EED_0000_0000);
            if h % 10 < 3 {
                basket.add(k as u32, j as u32, value(h) / 10.0);
            }
        }
    }
    basket
}

fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

fn main() {
    let start = Instant::now();
    let (world, region) = (world(), region());
    let generated = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let supply = world.supply(2024).expect("year");
    let imports = world.imports(2024).expect("year");
    let demand = Demand {
        default: 0.03,
        years: 2.0,
        ..Demand::default()
    };
    let result = potential(&region, &supply, &imports, &demand);
    let by_product = result.totals(|c| Some(c.product));
    let computed = start.elapsed().as_secs_f64();
    let flows = world.flows(2024).expect("year").len();
    let top: Vec<String> = result
        .cells
        .iter()
        .take(5)
        .map(|c| format!("[{}, {}, {:.6}]", c.product, c.market, c.unrealized()))
        .collect();
    println!(
        "{{\"flows\": {flows}, \"cells\": {}, \"generate_s\": {generated:.3}, \"compute_s\": {computed:.3}, \"peak_mib\": {:.0}, \"potential\": {:.6}, \"top\": [{}], \"top_product\": {}}}",
        result.cells.len(),
        peak_mib(),
        result.cells.iter().map(|c| c.potential).sum::<f64>(),
        top.join(", "),
        by_product[0].group,
    );
}
