//! Sub-national use: a region (a province or city) put into the world matrix as a location
//! of its own, as the Atlas does for states, and the products it could move into next.

use crate::{Complexity, Error, Matrix, MatrixBuilder, zscore};

/// Builds the world matrix with `region` as an extra location. The region's exports are
/// taken out of its country's (`parent`) so that nothing is counted twice; where the region
/// reports more than its country (different sources), the country's value becomes 0 and the
/// product is counted in the returned number.
pub fn with_region(
    world: &[(String, String, f64)],
    region: &str,
    region_exports: &[(String, f64)],
    parent: &str,
) -> Result<(Matrix, usize), Error> {
    let regional: std::collections::HashMap<&str, f64> = region_exports
        .iter()
        .map(|(p, v)| (p.as_str(), *v))
        .collect();
    let mut builder = MatrixBuilder::new();
    let mut clamped = 0;
    for (location, product, value) in world {
        let value = if location == parent {
            let rest = value - regional.get(product.as_str()).copied().unwrap_or(0.0);
            if rest < 0.0 {
                clamped += 1;
            }
            rest.max(0.0)
        } else {
            *value
        };
        builder.add(location, product, value)?;
    }
    for (product, value) in region_exports {
        builder.add(region, product, *value)?;
    }
    Ok((builder.build(), clamped))
}

/// A product a location does not yet export competitively, with why it is worth a look.
#[derive(Debug, Clone, PartialEq)]
pub struct Opportunity {
    /// Product code.
    pub product: String,
    /// The location's current RCA in it (below the presence threshold).
    pub rca: f64,
    /// Density: how close it is to what the location already does (feasibility).
    pub density: f64,
    /// Product complexity (how much it is worth in capabilities).
    pub pci: f64,
    /// Complexity outlook gain: how much it would open up further.
    pub cog: f64,
    /// Balanced score: the mean of density, PCI and COG, each z-scored over the candidates.
    pub score: f64,
}

/// The products `location` is not present in (RCA below the presence threshold), best
/// first by the balanced score (equal weights on feasibility, complexity and outlook gain,
/// as in the Atlas's "balanced portfolio" strategy). Products with no PCI (no presence
/// anywhere) are left out.
pub fn opportunities(result: &Complexity, location: &str) -> Option<Vec<Opportunity>> {
    let c = result.locations.iter().position(|l| l == location)?;
    let candidates: Vec<usize> = (0..result.products.len())
        .filter(|&p| !result.present(c, p) && result.pci[p].is_finite())
        .collect();
    let pick = |f: &dyn Fn(usize) -> f64| candidates.iter().map(|&p| f(p)).collect::<Vec<f64>>();
    let density = pick(&|p| result.density[(c, p)]);
    let pci = pick(&|p| result.pci[p]);
    let cog = pick(&|p| result.cog[(c, p)]);
    let z = |x: &[f64]| {
        let mut x = x.to_vec();
        zscore(&mut x);
        x
    };
    let (zd, zp, zc) = (z(&density), z(&pci), z(&cog));
    let mut out: Vec<Opportunity> = candidates
        .iter()
        .enumerate()
        .map(|(i, &p)| Opportunity {
            product: result.products[p].clone(),
            rca: result.rca[(c, p)],
            density: density[i],
            pci: pci[i],
            cog: cog[i],
            score: (zd[i] + zp[i] + zc[i]) / 3.0,
        })
        .collect();
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.product.cmp(&b.product))
    });
    Some(out)
}

/// The product space as a network for a chart: every product a node, edges the maximum
/// spanning tree of proximity (so the space is connected) plus every pair at or above
/// `min_proximity` (0.55 in Hidalgo et al. 2007).
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    /// Product codes, the nodes.
    pub nodes: Vec<String>,
    /// Edges as (node index, node index, proximity), each pair once with the smaller index first.
    pub edges: Vec<(usize, usize, f64)>,
}

/// Builds the product-space network of a result.
pub fn network(result: &Complexity, min_proximity: f64) -> Network {
    let n = result.products.len();
    let phi = result.proximity();
    let mut edges = std::collections::BTreeMap::new();
    // Prim's algorithm on the dense matrix, maximising proximity.
    let mut in_tree = vec![false; n];
    let mut best = vec![(f64::NEG_INFINITY, usize::MAX); n];
    if n > 0 {
        best[0] = (0.0, usize::MAX);
    }
    for _ in 0..n {
        let Some(u) = (0..n)
            .filter(|&v| !in_tree[v])
            .max_by(|&a, &b| best[a].0.total_cmp(&best[b].0))
        else {
            break;
        };
        in_tree[u] = true;
        if best[u].1 != usize::MAX {
            let (a, b) = (u.min(best[u].1), u.max(best[u].1));
            edges.insert((a, b), phi[(a, b)]);
        }
        for v in 0..n {
            if !in_tree[v] && phi[(u, v)] > best[v].0 {
                best[v] = (phi[(u, v)], u);
            }
        }
    }
    for a in 0..n {
        for b in a + 1..n {
            if phi[(a, b)] >= min_proximity {
                edges.insert((a, b), phi[(a, b)]);
            }
        }
    }
    Network {
        nodes: result.products.clone(),
        edges: edges.into_iter().map(|((a, b), w)| (a, b, w)).collect(),
    }
}
