//! Agreement with the reference implementation, `ecomplexity` 0.5.3 (PyPI), installed in
//! `.venv` by `scripts/setup-python`: on the real world export tables of `../shared/data`
//! (NaN rows dropped) and on seeded synthetic panels, ECI, PCI, density, COI and COG agree
//! to 1e-6 and proximity to 1e-9.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use linkages_complexity::{
    CELL_FIGURES, Complexity, MatrixBuilder, Options, Presence, ProximityKind, compute,
};
use rand::{Rng, SeedableRng};

/// (year, location, product, value)
type Panel = Vec<(i32, String, String, f64)>;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn python() -> PathBuf {
    let p = root().join(".venv/bin/python");
    assert!(
        p.exists(),
        "{} not found: run ./scripts/setup-python (./scripts/test does)",
        p.display()
    );
    p
}

fn shared(path: &str) -> PathBuf {
    let p = root().join("../shared/data").join(path);
    assert!(
        p.exists(),
        "reference data {} not found beside the repository",
        p.display()
    );
    p
}

/// Reads a world table, dropping rows whose value is empty or NaN.
fn world_table(path: &Path, loc: &str, prod: &str, val: &str, year: i32) -> Panel {
    let mut reader = csv::Reader::from_path(path).expect("csv");
    let h = reader.headers().expect("header").clone();
    let idx = |name| h.iter().position(|c| c == name).expect("column");
    let (l, p, v) = (idx(loc), idx(prod), idx(val));
    reader
        .records()
        .map(|r| r.expect("record"))
        .filter_map(|r| {
            let value: f64 = r[v].parse().ok()?;
            value
                .is_finite()
                .then(|| (year, r[l].to_string(), r[p].to_string(), value))
        })
        .collect()
}

/// A nested synthetic panel: capable locations export more, and rarer, products.
fn synthetic(seed: u64, locations: usize, products: usize, years: i32) -> Panel {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let capability: Vec<f64> = (0..locations).map(|_| rng.random()).collect();
    let difficulty: Vec<f64> = (0..products).map(|_| rng.random()).collect();
    let mut panel = Vec::new();
    for year in 0..years {
        for (c, a) in capability.iter().enumerate() {
            for (p, b) in difficulty.iter().enumerate() {
                if a + 0.3 * rng.random::<f64>() > b * 0.9 {
                    let value = (1.0 + 4.0 * rng.random::<f64>()).exp() * (1.0 + a) * 1000.0;
                    panel.push((
                        2020 + year,
                        format!("L{c:03}"),
                        format!("P{p:04}"),
                        value.round(),
                    ));
                }
            }
        }
    }
    panel
}

struct Reference {
    /// (year, loc, prod) → [rca, mcp, diversity, ubiquity, eci, pci, density, coi, cog]
    results: HashMap<(i32, String, String), [f64; 9]>,
    /// (year, prod1, prod2) → proximity
    proximity: HashMap<(i32, String, String), f64>,
}

fn reference(panel: &Panel, kind: &str) -> Reference {
    let dir = tempfile::tempdir().expect("tmp");
    let input = dir.path().join("input.csv");
    let mut text = String::from("year,loc,prod,val\n");
    for (y, l, p, v) in panel {
        writeln!(text, "{y},{l},{p},{v}").expect("write");
    }
    std::fs::write(&input, text).expect("write input");
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/ecomplexity_reference.py");
    let out = Command::new(python())
        .arg(script)
        .arg(&input)
        .arg(dir.path())
        .arg(kind)
        .output()
        .expect("run python");
    assert!(
        out.status.success(),
        "reference failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let num = |s: &str| {
        if s.is_empty() {
            f64::NAN
        } else {
            s.parse::<f64>().expect("number")
        }
    };
    let mut results = HashMap::new();
    let mut reader = csv::Reader::from_path(dir.path().join("results.csv")).expect("results");
    for r in reader.records() {
        let r = r.expect("record");
        let key = (num(&r[0]) as i32, r[1].to_string(), r[2].to_string());
        results.insert(key, std::array::from_fn(|i| num(&r[3 + i])));
    }
    let mut proximity = HashMap::new();
    let mut reader = csv::Reader::from_path(dir.path().join("proximity.csv")).expect("proximity");
    for r in reader.records() {
        let r = r.expect("record");
        proximity.insert(
            (num(&r[0]) as i32, r[1].to_string(), r[2].to_string()),
            num(&r[3]),
        );
    }
    Reference { results, proximity }
}

fn ours(panel: &Panel, options: &Options) -> Vec<(i32, Complexity)> {
    let mut years: Vec<i32> = panel.iter().map(|r| r.0).collect();
    years.sort_unstable();
    years.dedup();
    years
        .into_iter()
        .map(|year| {
            let mut b = MatrixBuilder::new();
            for (_, l, p, v) in panel.iter().filter(|r| r.0 == year) {
                b.add(l, p, *v).expect("valid cell");
            }
            (year, compute(&b.build(), options).expect("complexity"))
        })
        .collect()
}

/// Compares every figure and returns how many cells were compared.
fn assert_agrees(panel: &Panel, kind: &str) -> usize {
    let options = Options {
        proximity: if kind == "continuous" {
            ProximityKind::Continuous
        } else {
            ProximityKind::Discrete
        },
        presence: if kind == "presence" {
            Presence::Continuous
        } else {
            Presence::Binary
        },
        ..Options::default()
    };
    let expected = reference(panel, kind);
    let mut compared = 0;
    let mut worst = [0.0f64; 10];
    for (year, got) in ours(panel, &options) {
        for (c, loc) in got.locations.iter().enumerate() {
            for (p, prod) in got.products.iter().enumerate() {
                let e = expected
                    .results
                    .get(&(year, loc.clone(), prod.clone()))
                    .unwrap_or_else(|| panic!("reference has no {year} {loc} {prod}"));
                let mut g = got.cell(c, p);
                if kind == "presence" {
                    // The reference's rca column holds the presence it was given.
                    g[0] = g[1];
                }
                for i in 0..9 {
                    // RCA is compared relatively (it spans many orders of magnitude).
                    let d = if i == 0 {
                        (g[i] - e[i]).abs() / e[i].abs().max(1.0)
                    } else {
                        (g[i] - e[i]).abs()
                    };
                    worst[i] = worst[i].max(d);
                }
                compared += 1;
            }
        }
        let proximity = got.proximity();
        for (p, p1) in got.products.iter().enumerate() {
            for (q, p2) in got.products.iter().enumerate() {
                let e = expected.proximity[&(year, p1.clone(), p2.clone())];
                worst[9] = worst[9].max((proximity[(p, q)] - e).abs());
            }
        }
    }
    assert_eq!(
        compared,
        expected.results.len(),
        "every cell of the reference was compared"
    );
    let names: Vec<&str> = CELL_FIGURES.iter().copied().chain(["proximity"]).collect();
    // Presence, diversity and ubiquity are counts unless presence is continuous.
    let sums = if kind == "presence" { 1e-9 } else { 0.0 };
    let limits = [1e-9, sums, sums, sums, 1e-6, 1e-6, 1e-6, 1e-6, 1e-6, 1e-9];
    eprintln!(
        "{kind}: {compared} cells; largest differences: {:?}",
        names.iter().zip(worst).collect::<Vec<_>>()
    );
    for i in 0..10 {
        assert!(
            worst[i] <= limits[i],
            "{kind}: {} differs by {:e} (limit {:e})",
            names[i],
            worst[i],
            limits[i]
        );
    }
    compared
}

#[test]
fn world_exports_2017_hs4_agree() {
    let panel = world_table(
        &shared("world/world_exports_2017_hs07_4digit.csv"),
        "reporter_iso",
        "product_code",
        "export_value_usd",
        2017,
    );
    assert!(assert_agrees(&panel, "discrete") > 200_000);
}

#[test]
fn world_exports_1998_2000_sitc4_agree() {
    let panel = world_table(
        &shared("world/world_exports_avg_1998_2000_sitc2_4digit.csv"),
        "country",
        "product",
        "value",
        2000,
    );
    assert!(assert_agrees(&panel, "discrete") > 100_000);
}

#[test]
fn seeded_synthetic_panels_agree() {
    for seed in [1, 2, 3] {
        let panel = synthetic(seed, 60 + 10 * seed as usize, 150, 2);
        assert!(assert_agrees(&panel, "discrete") > 0);
    }
    // More products than locations and fewer: both sides of the symmetric eigenproblem.
    assert!(assert_agrees(&synthetic(7, 120, 40, 1), "discrete") > 0);
    assert!(assert_agrees(&synthetic(8, 50, 90, 2), "continuous") > 0);
}

#[test]
fn continuous_presence_agrees_with_the_reference_given_rca_over_one_plus_rca() {
    // Both sides of the symmetric eigenproblem, one year each (see the script).
    assert!(assert_agrees(&synthetic(11, 70, 120, 1), "presence") > 0);
    assert!(assert_agrees(&synthetic(12, 90, 40, 1), "presence") > 0);
}

/// A world with a small, specialised region carved out of its first location (as
/// `with_region` embeds Guangdong in China): the region takes 40% of its parent's exports
/// of ten products and nothing else.
fn embedded_region(seed: u64) -> Panel {
    let mut panel = synthetic(seed, 60, 150, 1);
    let mut region = Vec::new();
    for (year, location, product, value) in panel.iter_mut() {
        if location == "L000" && product.as_str() < "P0010" {
            region.push((*year, "GD".to_string(), product.clone(), *value * 0.4));
            *value *= 0.6;
        }
    }
    panel.extend(region);
    panel
}

/// The largest density of `location` in the panel's one year.
fn largest_density(panel: &Panel, options: &Options, location: &str) -> f64 {
    let (_, r) = &ours(panel, options)[0];
    let c = r
        .locations
        .iter()
        .position(|l| l == location)
        .expect("location");
    (0..r.products.len())
        .map(|p| r.density[(c, p)])
        .fold(0.0, f64::max)
}

#[test]
fn an_embedded_regions_density_exceeds_one_only_with_continuous_proximity() {
    let panel = embedded_region(21);
    // The reference's treatment: with continuous proximity density weighs the neighbours'
    // RCA, not a presence, so a specialised region's is far above 1; Linkages agrees.
    assert!(assert_agrees(&panel, "continuous") > 0);
    let continuous = Options {
        proximity: ProximityKind::Continuous,
        ..Options::default()
    };
    let density = largest_density(&panel, &continuous, "GD");
    assert!(density > 1.0, "continuous proximity: {density}");
    // With presence (0/1 or continuous) in the numerator it is a share, within 0–1.
    assert!(assert_agrees(&panel, "discrete") > 0);
    assert!(assert_agrees(&panel, "presence") > 0);
    let shares = [Presence::Binary, Presence::Continuous].map(|presence| {
        let options = Options {
            presence,
            ..Options::default()
        };
        largest_density(&panel, &options, "GD")
    });
    assert!(shares.iter().all(|d| (0.0..=1.0).contains(d)), "{shares:?}");
}
