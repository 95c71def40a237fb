//! Invariants and edge cases where the reference implementation fails or is silent.

use faer::Mat;
use linkages_complexity::{
    Error, MatrixBuilder, Options, PciNormalisation, compute, fitness, reflections,
};

/// A small nested world: location i exports products 0..=i+1 (plus noise values).
fn nested(locations: usize, products: usize) -> linkages_complexity::Matrix {
    let mut b = MatrixBuilder::new();
    for c in 0..locations {
        for p in 0..products {
            let present = p <= c + 1 || (c * 7 + p * 3) % 5 == 0;
            let value = if present {
                10.0 + ((c * 31 + p * 17) % 13) as f64
            } else {
                0.5
            };
            b.add(&format!("L{c:02}"), &format!("P{p:02}"), value)
                .expect("cell");
        }
    }
    b.build()
}

#[test]
fn mean_pci_of_a_locations_products_is_its_eci() {
    let result = compute(&nested(12, 20), &Options::default()).expect("complexity");
    for (c, eci) in result.eci.iter().enumerate() {
        let present: Vec<f64> = (0..result.products.len())
            .filter(|&p| result.mcp[(c, p)] == 1.0)
            .map(|p| result.pci[p])
            .collect();
        let mean = present.iter().sum::<f64>() / present.len() as f64;
        assert!(
            (mean - eci).abs() < 1e-12,
            "{}: mean PCI {mean} vs ECI {eci}",
            result.locations[c]
        );
    }
}

#[test]
fn eci_is_z_scored_and_correlates_with_diversity() {
    let r = compute(&nested(12, 20), &Options::default()).expect("complexity");
    let n = r.eci.len() as f64;
    let mean = r.eci.iter().sum::<f64>() / n;
    let var = r.eci.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
    assert!(
        mean.abs() < 1e-12 && (var - 1.0).abs() < 1e-12,
        "population z-score: mean {mean}, variance {var}"
    );
    assert!(
        pearson(&r.eci, &r.diversity) > 0.0,
        "the sign rule: ECI correlates positively with diversity"
    );
    assert!(!r.spectrum.degenerate);
    assert!(
        (r.spectrum.first - 1.0).abs() < 1e-9,
        "the leading eigenvalue of a stochastic matrix is 1"
    );
}

#[test]
fn pci_can_be_self_normalised() {
    let options = Options {
        pci: PciNormalisation::Own,
        ..Options::default()
    };
    let r = compute(&nested(12, 20), &options).expect("complexity");
    let n = r.pci.len() as f64;
    let mean = r.pci.iter().sum::<f64>() / n;
    let var = r.pci.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
    assert!(mean.abs() < 1e-12 && (var - 1.0).abs() < 1e-12);
}

#[test]
fn bad_values_are_refused_with_the_cell() {
    for bad in [f64::NAN, f64::INFINITY, -1.0] {
        let err = MatrixBuilder::new()
            .add("CHN", "8517", bad)
            .expect_err("refused");
        assert!(matches!(err, Error::BadValue { .. }));
        assert!(err.to_string().contains("'CHN', product '8517'"), "{err}");
    }
    let mut b = MatrixBuilder::new();
    b.add("CHN", "8517", 1.0).expect("first");
    assert!(matches!(
        b.add("CHN", "8517", 2.0),
        Err(Error::Duplicate { .. })
    ));
}

#[test]
fn zero_diversity_and_zero_value_are_excluded_and_reported_not_nan_everywhere() {
    let mut b = MatrixBuilder::new();
    // A location with no trade at all, a product nobody trades, and a location whose RCA is
    // exactly 1 everywhere: with a strict threshold it has zero diversity.
    let mut add = |l: &str, p: &str, v: f64| b.add(l, p, v).expect("cell");
    for (c, l) in ["A", "B", "C", "D"].iter().enumerate() {
        for (p, prod) in ["p1", "p2", "p3", "p4"].iter().enumerate() {
            add(l, prod, if p <= c { 10.0 } else { 1.0 });
        }
        add(l, "never", 0.0);
    }
    for prod in ["p1", "p2", "p3", "p4"] {
        add("EMPTY", prod, 0.0);
        add("FLAT", prod, 0.0);
    }
    let mut m = b.build();
    // FLAT's exports mirror the world's mix exactly: RCA = 1 in every product.
    let totals: Vec<f64> = (0..m.products.len())
        .map(|p| (0..m.locations.len()).map(|c| m.values[(c, p)]).sum())
        .collect();
    let flat = m.locations.iter().position(|l| l == "FLAT").expect("FLAT");
    for (p, t) in totals.iter().enumerate() {
        m.values[(flat, p)] = t / 10.0;
    }
    let r = compute(
        &m,
        &Options {
            strict: true,
            ..Options::default()
        },
    )
    .expect("complexity");
    assert_eq!(r.excluded.zero_value_locations, ["EMPTY"]);
    assert_eq!(r.excluded.zero_value_products, ["never"]);
    assert_eq!(r.excluded.zero_diversity_locations, ["FLAT"]);
    let flat = r
        .locations
        .iter()
        .position(|l| l == "FLAT")
        .expect("FLAT kept");
    assert!(
        r.eci[flat].is_nan(),
        "no ECI for a location with no presence"
    );
    assert!(
        r.eci
            .iter()
            .enumerate()
            .all(|(c, e)| c == flat || e.is_finite()),
        "the others are unaffected: {:?}",
        r.eci
    );
    assert!(r.pci.iter().all(|p| p.is_finite()));
}

#[test]
fn too_small_inputs_are_refused() {
    let mut b = MatrixBuilder::new();
    b.add("A", "p", 1.0).expect("cell");
    assert!(matches!(
        compute(&b.build(), &Options::default()),
        Err(Error::TooSmall(_))
    ));
}

#[test]
fn proximity_is_symmetric_with_the_chosen_diagonal() {
    for diagonal in [1.0, 0.0] {
        let r = compute(
            &nested(10, 15),
            &Options {
                proximity_diagonal: diagonal,
                ..Options::default()
            },
        )
        .expect("complexity");
        let (n, proximity) = (r.products.len(), r.proximity());
        for p in 0..n {
            assert_eq!(proximity[(p, p)], diagonal);
            for q in 0..n {
                assert_eq!(proximity[(p, q)], proximity[(q, p)]);
                assert!((0.0..=1.0).contains(&proximity[(p, q)]));
            }
        }
    }
}

#[test]
fn symmetric_solve_is_the_same_from_either_side() {
    // Transposing roles: more locations than products takes the product-side solve.
    let wide = compute(&nested(10, 30), &Options::default()).expect("wide");
    let tall = compute(&nested(30, 10), &Options::default()).expect("tall");
    assert!(wide.eci.iter().chain(&tall.eci).all(|x| x.is_finite()));
    assert!(wide.pci.iter().chain(&tall.pci).all(|x| x.is_finite()));
}

/// A capability-driven panel: location c can make product p when its capability exceeds
/// p's difficulty (with deterministic noise), so presence is nested as in real trade.
fn capability_panel(locations: usize, products: usize) -> linkages_complexity::Matrix {
    let mut b = MatrixBuilder::new();
    for c in 0..locations {
        for p in 0..products {
            let noise = ((c * 7919 + p * 104729) % 1000) as f64 / 1000.0;
            let capability = c as f64 / locations as f64;
            let difficulty = p as f64 / products as f64;
            if capability + 0.3 * noise > 0.9 * difficulty {
                b.add(
                    &format!("L{c:03}"),
                    &format!("P{p:03}"),
                    1000.0 * (1.0 + 4.0 * noise).exp(),
                )
                .expect("cell");
            }
        }
    }
    b.build()
}

fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let cov: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let vx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
    let vy: f64 = y.iter().map(|b| (b - my).powi(2)).sum();
    cov / (vx * vy).sqrt()
}

fn ranks(x: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut r = vec![0.0; x.len()];
    order
        .iter()
        .enumerate()
        .for_each(|(rank, &i)| r[i] = rank as f64);
    r
}

fn spearman(x: &[f64], y: &[f64]) -> f64 {
    pearson(&ranks(x), &ranks(y))
}

#[test]
fn reflections_converge_to_eci_and_fitness_follows_diversity() {
    let r = compute(&capability_panel(60, 120), &Options::default()).expect("complexity");
    let mcp: &Mat<f64> = &r.mcp;
    let (eci, pci) = reflections(mcp, 400);
    eprintln!(
        "reflections: 18 rounds {}, 400 rounds {}",
        spearman(&reflections(mcp, 18).0, &r.eci),
        spearman(&eci, &r.eci)
    );
    let (fit, _) = fitness(mcp, 200);
    assert!(
        spearman(&eci, &r.eci) > 0.9,
        "reflections vs eigenvector ECI: {}",
        spearman(&eci, &r.eci)
    );
    assert!(
        spearman(&pci, &r.pci) > 0.9,
        "reflections vs eigenvector PCI: {}",
        spearman(&pci, &r.pci)
    );
    // Fitness rewards diversification weighted by product complexity: it ranks locations
    // by diversity in a nested world.
    assert!(
        spearman(&fit, &r.diversity) > 0.9,
        "fitness vs diversity: {}",
        spearman(&fit, &r.diversity)
    );
}
