//! Proximity between products, and products with it.
//!
//! Proximity is products × products: 25 million numbers at 5,000 products. Density and
//! COG only need products *with* it (X φ for a few hundred rows X), and for the discrete
//! kind those are computed without forming φ at all ([`CoPresence`]); the matrix itself
//! ([`Proximity`]) is built only when asked for (the product-space network, tests).

use faer::linalg::matmul::matmul;
use faer::linalg::matmul::triangular::{self, BlockStructure};
use faer::{Accum, Mat, MatMut, MatRef};
use rayon::prelude::*;

use crate::{mean, par_from_fn, std};

/// Products `x · φ` with a proximity φ, however it is held.
pub(crate) trait LeftProduct {
    /// `x · φ` for `x` with one column per product.
    fn left_product(&self, x: MatRef<'_, f64>) -> Mat<f64>;

    /// Σq φ(p, q) for every product p (φ is symmetric: the product with a row of ones).
    fn row_sums(&self) -> Vec<f64> {
        let ones = Mat::from_fn(1, self.size(), |_, _| 1.0);
        let sums = self.left_product(ones.as_ref());
        (0..self.size()).map(|p| sums[(0, p)]).collect()
    }

    /// Number of products.
    fn size(&self) -> usize;
}

/// A products × products proximity matrix. It is symmetric, so only its upper triangle
/// (p ≤ q) is computed and stored, column by column; reads below the diagonal are
/// mirrored.
#[derive(Debug, Clone, PartialEq)]
pub struct Proximity {
    size: usize,
    /// Column-major `size × size` storage of which only the upper triangle is set.
    values: Vec<f64>,
}

impl Proximity {
    /// A proximity from column-major `size × size` storage whose entry (p, q), p < q,
    /// becomes `f(p, q, stored value)` and whose diagonal becomes `diagonal`; columns are
    /// computed in parallel. Storage allocated zeroed (`vec![0.0; n]`) is zeroed by the
    /// system page by page: pages below the diagonal are never touched.
    fn upper(
        size: usize,
        mut values: Vec<f64>,
        diagonal: f64,
        f: impl Fn(usize, usize, f64) -> f64 + Sync,
    ) -> Proximity {
        values
            .par_chunks_mut(size.max(1))
            .enumerate()
            .for_each(|(q, column)| {
                for (p, x) in column[..q].iter_mut().enumerate() {
                    *x = f(p, q, *x);
                }
                column[q] = diagonal;
            });
        Proximity { size, values }
    }

    /// Number of products (rows and columns).
    pub fn size(&self) -> usize {
        self.size
    }
}

impl LeftProduct for Proximity {
    /// `lhs · φ`: the stored upper triangle times `lhs`, plus its strict transpose
    /// (faer's triangular kernels, so the lower half is never needed).
    fn left_product(&self, lhs: MatRef<'_, f64>) -> Mat<f64> {
        let stored = MatRef::from_column_major_slice(&self.values, self.size, self.size);
        let mut out = Mat::zeros(lhs.nrows(), self.size);
        let rect = BlockStructure::Rectangular;
        for (accum, rhs, structure) in [
            (Accum::Replace, stored, BlockStructure::TriangularUpper),
            (
                Accum::Add,
                stored.transpose(),
                BlockStructure::StrictTriangularLower,
            ),
        ] {
            triangular::matmul(
                out.as_mut(),
                rect,
                accum,
                lhs,
                rect,
                rhs,
                structure,
                1.0,
                faer::get_global_parallelism(),
            );
        }
        out
    }

    fn size(&self) -> usize {
        self.size
    }
}

impl std::ops::Index<(usize, usize)> for Proximity {
    type Output = f64;

    fn index(&self, (p, q): (usize, usize)) -> &f64 {
        assert!(
            p < self.size && q < self.size,
            "proximity index out of range"
        );
        &self.values[p.max(q) * self.size + p.min(q)]
    }
}

/// Presence bitsets of each product (one bit per location), for exact co-presence counts.
struct Bitsets {
    words: usize,
    bits: Vec<u64>,
}

impl Bitsets {
    fn new(mcp: &Mat<f64>) -> Bitsets {
        let (nc, np) = (mcp.nrows(), mcp.ncols());
        let words = nc.div_ceil(64);
        let mut bits = vec![0u64; np * words];
        for p in 0..np {
            for c in 0..nc {
                if mcp[(c, p)] != 0.0 {
                    bits[p * words + c / 64] |= 1 << (c % 64);
                }
            }
        }
        Bitsets { words, bits }
    }

    /// Number of locations where both products are present.
    fn both(&self, p: usize, q: usize) -> u32 {
        let column = |p: usize| &self.bits[p * self.words..(p + 1) * self.words];
        column(p)
            .iter()
            .zip(column(q))
            .map(|(a, b)| (a & b).count_ones())
            .sum()
    }
}

/// Discrete proximity: co-presence divided by the larger ubiquity; the diagonal is set to
/// `diagonal`. Products with zero ubiquity have proximity 0 to every other product.
///
/// Co-presence counts are popcounts of the products' presence bitsets: exact, and far
/// cheaper than the floating-point product Mᵀ M they equal.
pub fn discrete_proximity(mcp: &Mat<f64>, ubiquity: &[f64], diagonal: f64) -> Proximity {
    let bits = Bitsets::new(mcp);
    // The count and k = max(kp, kq) are integers up to the number of locations: each
    // quotient count / k is read from a table (exactly the division's result) instead of
    // dividing 12 million times.
    let n = mcp.nrows() + 1;
    let quotient: Vec<f64> = (0..n * n)
        .map(|i| match i / n {
            0 => 0.0,
            k => (i % n) as f64 / k as f64,
        })
        .collect();
    let k: Vec<usize> = ubiquity.iter().map(|&u| u as usize).collect();
    let np = ubiquity.len();
    Proximity::upper(np, vec![0.0; np * np], diagonal, |p, q, _| {
        quotient[k[p].max(k[q]) * n + bits.both(p, q) as usize]
    })
}

/// Discrete proximity of a presence that is not 0/1 (continuous presence): co-presence
/// Σc Mcp Mcq divided by the larger ubiquity (sum of M), the diagonal set to `diagonal`.
/// On a 0/1 presence it equals [`discrete_proximity`], which counts with bitsets instead.
pub fn weighted_proximity(m: &Mat<f64>, ubiquity: &[f64], diagonal: f64) -> Proximity {
    let np = m.ncols();
    let products = upper_gram(m);
    Proximity::upper(np, products, diagonal, |p, q, both| {
        let k = ubiquity[p].max(ubiquity[q]);
        if k > 0.0 { both / k } else { 0.0 }
    })
}

/// The upper triangle of Xᵀ X (column-major, products × products; below it zeros).
fn upper_gram(x: &Mat<f64>) -> Vec<f64> {
    let np = x.ncols();
    let mut products = vec![0.0; np * np];
    let rect = BlockStructure::Rectangular;
    triangular::matmul(
        MatMut::from_column_major_slice_mut(&mut products, np, np),
        BlockStructure::TriangularUpper,
        Accum::Replace,
        x.transpose(),
        rect,
        x,
        rect,
        1.0,
        faer::get_global_parallelism(),
    );
    products
}

/// Continuous proximity: (1 + Pearson correlation of the RCA columns over locations) / 2;
/// a product whose RCA does not vary has proximity 0.5 (correlation 0) to the others.
pub fn continuous_proximity(rca: &Mat<f64>, diagonal: f64) -> Proximity {
    let (nc, np) = (rca.nrows(), rca.ncols());
    let mut z = rca.clone();
    for p in 0..np {
        let col: Vec<f64> = (0..nc).map(|c| rca[(c, p)]).collect();
        let (m, s) = (mean(&col), std(&col));
        for c in 0..nc {
            z[(c, p)] = if s > 0.0 { (rca[(c, p)] - m) / s } else { 0.0 };
        }
    }
    // Only the upper triangle of Zᵀ Z is needed; it is written straight into the
    // proximity's storage and transformed in place.
    let products = upper_gram(&z);
    Proximity::upper(np, products, diagonal, |_, _, product| {
        (1.0 + product / nc as f64) / 2.0
    })
}

/// Products with discrete proximity, without forming it.
///
/// With products sorted by ubiquity k (ascending), max(kp, kq) is kq above the diagonal
/// and kp below it, so with C = Mᵀ M (co-presence counts) and V = X D⁻¹ (columns divided
/// by their ubiquity):
///
/// X φ = (X · striu(C)) D⁻¹ + V · stril(C) + X · diagonal
///
/// C has rank at most the number of locations, so X · striu(C) is computed by blocks of
/// products: within a block with its small block of C, and from all earlier blocks through
/// the running product A = Σ X_I M_Iᵀ (rows × locations), which is then multiplied by the
/// block's M. That is about a fifth of the operations of the dense product X φ, and φ's
/// 25 million numbers are never written.
pub(crate) struct CoPresence {
    /// Products in ascending ubiquity.
    order: Vec<usize>,
    /// Presence, locations × products in `order`.
    m: Mat<f64>,
    /// 1 / ubiquity in `order` (0 for a product without presence: its counts are all 0).
    inverse: Vec<f64>,
    /// Co-presence within each block of products (block × block).
    blocks: Vec<Mat<f64>>,
    diagonal: f64,
}

/// Products per block: large enough for efficient kernels, small enough that the
/// within-block work (∝ products × block) stays below the across-block work.
const BLOCK: usize = 256;

impl CoPresence {
    pub(crate) fn new(mcp: &Mat<f64>, ubiquity: &[f64], diagonal: f64) -> CoPresence {
        let np = ubiquity.len();
        let mut order: Vec<usize> = (0..np).collect();
        order.sort_by(|&a, &b| ubiquity[a].total_cmp(&ubiquity[b]));
        let m = par_from_fn(mcp.nrows(), np, |c, j| mcp[(c, order[j])]);
        let inverse = order
            .iter()
            .map(|&p| {
                if ubiquity[p] > 0.0 {
                    1.0 / ubiquity[p]
                } else {
                    0.0
                }
            })
            .collect();
        let blocks = (0..np)
            .step_by(BLOCK)
            .map(|start| {
                let mj = m.subcols(start, BLOCK.min(np - start));
                mj.transpose() * mj
            })
            .collect();
        CoPresence {
            order,
            m,
            inverse,
            blocks,
            diagonal,
        }
    }
}

impl LeftProduct for CoPresence {
    fn size(&self) -> usize {
        self.order.len()
    }

    /// `x · φ` for `x` with one column per product (in the products' own order).
    fn left_product(&self, x: MatRef<'_, f64>) -> Mat<f64> {
        let (rows, np) = (x.nrows(), self.order.len());
        let sorted = par_from_fn(rows, np, |r, j| x[(r, self.order[j])]);
        let scaled = par_from_fn(rows, np, |r, j| sorted[(r, j)] * self.inverse[j]);
        // The two triangles are independent chains of small products: one per thread
        // beats splitting each small product between threads.
        let (above, below) = rayon::join(
            || self.strict_triangle(sorted.as_ref(), true),
            || self.strict_triangle(scaled.as_ref(), false),
        );
        let mut out = Mat::zeros(rows, np);
        for j in 0..np {
            let p = self.order[j];
            for r in 0..rows {
                // Terms with a zero count vanish; a product without presence has none.
                out[(r, p)] = above[(r, j)] * self.inverse[j]
                    + below[(r, j)]
                    + sorted[(r, j)] * self.diagonal;
            }
        }
        out
    }
}

impl CoPresence {
    /// `z · striu(C)` (`upper`) or `z · stril(C)`, in sorted product order.
    fn strict_triangle(&self, z: MatRef<'_, f64>, upper: bool) -> Mat<f64> {
        let (rows, np, nc) = (z.nrows(), z.ncols(), self.m.nrows());
        let par = faer::Par::Seq;
        let mut out = Mat::zeros(rows, np);
        // Σ over the blocks already passed of z_I M_Iᵀ.
        let mut running = Mat::zeros(rows, nc);
        let mut starts: Vec<usize> = (0..np).step_by(BLOCK).collect();
        if !upper {
            starts.reverse();
        }
        for start in starts {
            let width = BLOCK.min(np - start);
            let (mj, zj) = (self.m.subcols(start, width), z.subcols(start, width));
            let mut oj = out.as_mut().subcols_mut(start, width);
            matmul(oj.as_mut(), Accum::Replace, running.as_ref(), mj, 1.0, par);
            triangular::matmul(
                oj,
                BlockStructure::Rectangular,
                Accum::Add,
                zj,
                BlockStructure::Rectangular,
                &self.blocks[start / BLOCK],
                if upper {
                    BlockStructure::StrictTriangularUpper
                } else {
                    BlockStructure::StrictTriangularLower
                },
                1.0,
                par,
            );
            matmul(running.as_mut(), Accum::Add, zj, mj.transpose(), 1.0, par);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `x · φ` with φ written out in full, the definition.
    fn dense(x: &Mat<f64>, phi: &Proximity) -> Mat<f64> {
        let n = phi.size();
        Mat::from_fn(x.nrows(), n, |r, q| {
            (0..n).map(|p| x[(r, p)] * phi[(p, q)]).sum::<f64>()
        })
    }

    #[test]
    fn products_without_forming_proximity_equal_the_dense_ones() {
        // 37 locations × 700 products: several blocks, tied ubiquities, and products no
        // location has (all of column p ≡ 0 mod 97).
        let (nc, np) = (37, 700);
        let mcp = Mat::from_fn(nc, np, |c, p| {
            let present = p % 97 != 0 && (c * 31 + p * 17 + c * p) % 7 < 3;
            if present { 1.0 } else { 0.0 }
        });
        let ubiquity: Vec<f64> = (0..np).map(|p| mcp.col(p).iter().sum()).collect();
        let x = Mat::from_fn(5, np, |r, p| ((r * 13 + p * 7) % 11) as f64 - 4.5);
        for diagonal in [1.0, 0.0] {
            let phi = discrete_proximity(&mcp, &ubiquity, diagonal);
            let fast = CoPresence::new(&mcp, &ubiquity, diagonal);
            let (got, want) = (fast.left_product(x.as_ref()), dense(&x, &phi));
            let sums = fast.row_sums();
            for q in 0..np {
                for r in 0..5 {
                    assert!(
                        (got[(r, q)] - want[(r, q)]).abs() <= 1e-12 * want[(r, q)].abs().max(1.0),
                        "({r}, {q}): {} vs {}",
                        got[(r, q)],
                        want[(r, q)]
                    );
                }
                let row: f64 = (0..np).map(|p| phi[(q, p)]).sum();
                assert!((sums[q] - row).abs() <= 1e-12 * row.max(1.0));
            }
            // The stored matrix's own product (triangular kernels) agrees as well.
            let stored = phi.left_product(x.as_ref());
            assert!((0..np).all(|q| (stored[(0, q)] - want[(0, q)]).abs() <= 1e-9));
        }
    }
}
