//! Economic complexity on a location × product value matrix (Hidalgo & Hausmann; the
//! Harvard Atlas): RCA, Mcp, diversity, ubiquity, ECI, PCI, proximity, density, complexity
//! outlook index (COI) and complexity outlook gain (COG).
//!
//! By default every figure follows the conventions of the reference Python package
//! `ecomplexity` 0.5.3, so results agree with it to rounding:
//!
//! - **RCA** is Balassa's index; **Mcp** = 1 where RCA ≥ threshold (inclusive, default 1).
//!   Locations and products whose total value is zero are dropped first.
//! - **ECI/PCI** come from the eigenvector of the second largest eigenvalue. Its sign is
//!   chosen so that ECI correlates positively with diversity. ECI is z-scored with the
//!   *population* standard deviation; **PCI is normalised with ECI's mean and standard
//!   deviation** (so that the mean PCI of a location's products equals its ECI).
//! - **Proximity** (discrete) is the minimum of the two conditional probabilities of
//!   co-export, φ(p, q) = |c: Mcp = Mcq = 1| / max(kp, kq); its diagonal is 1. The
//!   continuous variant is (1 + corr(RCAp, RCAq)) / 2 over locations.
//! - **Density** of p for c is Σq Mcq φ(p, q) / Σq φ(p, q) (with RCA in place of Mcp for
//!   continuous proximity).
//! - **COI** is Σp density(c, p) (1 − Mcp) PCIp with the *raw* (unnormalised) PCI, then
//!   z-scored; **COG** is (1 − Mcp) Σq (1 − Mcq) φ(q, p) PCIq / Σr φ(q, r) with raw PCI,
//!   divided by the standard deviation of raw ECI.
//!
//! Alternatives are options: strict threshold, self-normalised PCI, proximity diagonal 0,
//! the method of reflections ([`reflections`]) and fitness/complexity ([`fitness`]).
//!
//! Where the reference turns every output into NaN, this crate does not: locations with
//! zero diversity and products with zero ubiquity are excluded from ECI/PCI and reported
//! in [`Excluded`]; NaN, infinite or negative values are refused with an error naming the
//! cell.
//!
//! Speed: the eigenproblem is solved as a *symmetric* one on the smaller side (about 200
//! countries, not thousands of products), and proximity, density and COG are dense matrix
//! products through faer.

mod matrix;
pub mod methods;
pub mod opportunities;

pub use matrix::{Matrix, MatrixBuilder};
pub use methods::{fitness, reflections};
pub use opportunities::{Network, Opportunity, network, opportunities, with_region};

use faer::{Mat, Side};

/// How proximity is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProximityKind {
    /// Minimum conditional probability of co-export (the default).
    #[default]
    Discrete,
    /// (1 + correlation of RCA across locations) / 2.
    Continuous,
}

/// How PCI is normalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PciNormalisation {
    /// With ECI's mean and standard deviation (the reference's convention, default).
    #[default]
    EciMoments,
    /// With PCI's own mean and standard deviation.
    Own,
}

/// Options of a complexity computation; the default matches `ecomplexity` 0.5.3.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// RCA threshold for Mcp.
    pub threshold: f64,
    /// Mcp = 1 only where RCA > threshold (default: ≥).
    pub strict: bool,
    /// How PCI is normalised.
    pub pci: PciNormalisation,
    /// How proximity is measured.
    pub proximity: ProximityKind,
    /// Proximity of a product to itself: 1 (default) or 0.
    pub proximity_diagonal: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            threshold: 1.0,
            strict: false,
            pci: PciNormalisation::EciMoments,
            proximity: ProximityKind::Discrete,
            proximity_diagonal: 1.0,
        }
    }
}

/// Errors of a complexity computation.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// A value is NaN, infinite or negative.
    #[error(
        "value {value} for location '{location}', product '{product}' is not a finite non-negative number"
    )]
    BadValue {
        /// Location of the cell.
        location: String,
        /// Product of the cell.
        product: String,
        /// The value.
        value: f64,
    },
    /// The same location and product appear twice.
    #[error("location '{location}', product '{product}' appears more than once")]
    Duplicate {
        /// Location.
        location: String,
        /// Product.
        product: String,
    },
    /// Too few locations or products are left to compute ECI.
    #[error("ECI needs at least two locations and two products with a presence; {0}")]
    TooSmall(String),
    /// The eigensolver failed.
    #[error("the eigendecomposition did not converge")]
    Eigen,
}

/// Locations and products left out, and why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Excluded {
    /// Locations whose total value is zero (not in the output at all).
    pub zero_value_locations: Vec<String>,
    /// Products whose total value is zero (not in the output at all).
    pub zero_value_products: Vec<String>,
    /// Locations with no product at Mcp = 1: ECI is NaN for them.
    pub zero_diversity_locations: Vec<String>,
    /// Products no location has at Mcp = 1: PCI is NaN for them.
    pub zero_ubiquity_products: Vec<String>,
}

/// Everything computed for one matrix (one year). Matrices are locations × products, in
/// the order of `locations` and `products`.
#[derive(Debug, Clone)]
pub struct Complexity {
    /// Locations kept.
    pub locations: Vec<String>,
    /// Products kept.
    pub products: Vec<String>,
    /// What was left out.
    pub excluded: Excluded,
    /// Balassa's revealed comparative advantage.
    pub rca: Mat<f64>,
    /// Presence (0 or 1).
    pub mcp: Mat<f64>,
    /// Number of products present in each location.
    pub diversity: Vec<f64>,
    /// Number of locations where each product is present.
    pub ubiquity: Vec<f64>,
    /// Economic complexity index (NaN for zero-diversity locations).
    pub eci: Vec<f64>,
    /// Product complexity index (NaN for zero-ubiquity products).
    pub pci: Vec<f64>,
    /// Products × products proximity.
    pub proximity: Mat<f64>,
    /// Density of each product around each location.
    pub density: Mat<f64>,
    /// Complexity outlook index.
    pub coi: Vec<f64>,
    /// Complexity outlook gain.
    pub cog: Mat<f64>,
    /// The eigenvalues behind ECI (largest, second) and whether the second is (nearly)
    /// repeated, in which case the ranking is not unique and should be read with care.
    pub spectrum: Spectrum,
}

/// Names of the figures [`Complexity::cell`] returns, in order.
pub const CELL_FIGURES: [&str; 9] = [
    "rca",
    "mcp",
    "diversity",
    "ubiquity",
    "eci",
    "pci",
    "density",
    "coi",
    "cog",
];

impl Complexity {
    /// Every figure of one location (row `c`) and product (column `p`), in the order of
    /// [`CELL_FIGURES`].
    pub fn cell(&self, c: usize, p: usize) -> [f64; 9] {
        [
            self.rca[(c, p)],
            self.mcp[(c, p)],
            self.diversity[c],
            self.ubiquity[p],
            self.eci[c],
            self.pci[p],
            self.density[(c, p)],
            self.coi[c],
            self.cog[(c, p)],
        ]
    }
}

/// The eigenvalues behind ECI.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spectrum {
    /// Largest eigenvalue (1 for a connected matrix).
    pub first: f64,
    /// Second largest eigenvalue, whose eigenvector gives ECI.
    pub second: f64,
    /// Third largest eigenvalue.
    pub third: f64,
    /// Whether second and third coincide to 1e-10: the eigenvector is then not unique.
    pub degenerate: bool,
}

pub(crate) fn mean(x: &[f64]) -> f64 {
    x.iter().sum::<f64>() / x.len() as f64
}

/// Population standard deviation (numpy's default, `ddof = 0`).
pub(crate) fn std(x: &[f64]) -> f64 {
    let m = mean(x);
    (x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / x.len() as f64).sqrt()
}

/// Z-scores in place with the population standard deviation; a constant vector becomes 0.
pub(crate) fn zscore(x: &mut [f64]) {
    let (m, s) = (mean(x), std(x));
    x.iter_mut()
        .for_each(|v| *v = if s > 0.0 { (*v - m) / s } else { 0.0 });
}

fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let (mx, my) = (mean(x), mean(y));
    let cov: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let vx: f64 = x.iter().map(|a| (a - mx) * (a - mx)).sum();
    let vy: f64 = y.iter().map(|b| (b - my) * (b - my)).sum();
    cov / (vx * vy).sqrt()
}

/// RCA of a values matrix whose rows and columns all have positive totals.
pub fn rca(values: &Mat<f64>) -> Mat<f64> {
    let (nc, np) = (values.nrows(), values.ncols());
    let row: Vec<f64> = (0..nc)
        .map(|c| (0..np).map(|p| values[(c, p)]).sum())
        .collect();
    let col: Vec<f64> = (0..np)
        .map(|p| (0..nc).map(|c| values[(c, p)]).sum())
        .collect();
    let total: f64 = row.iter().sum();
    Mat::from_fn(nc, np, |c, p| (values[(c, p)] / row[c]) / (col[p] / total))
}

/// Computes every complexity figure of one matrix.
pub fn compute(matrix: &Matrix, options: &Options) -> Result<Complexity, Error> {
    let (values, locations, products, mut excluded) = matrix.without_zero_totals();
    let (nc, np) = (values.nrows(), values.ncols());
    if nc < 2 || np < 2 {
        return Err(Error::TooSmall(format!(
            "{nc} locations and {np} products have trade"
        )));
    }
    let rca = rca(&values);
    let present = |r: f64| {
        if options.strict {
            r > options.threshold
        } else {
            r >= options.threshold
        }
    };
    let mcp = Mat::from_fn(nc, np, |c, p| if present(rca[(c, p)]) { 1.0 } else { 0.0 });
    let diversity: Vec<f64> = (0..nc)
        .map(|c| (0..np).map(|p| mcp[(c, p)]).sum())
        .collect();
    let ubiquity: Vec<f64> = (0..np)
        .map(|p| (0..nc).map(|c| mcp[(c, p)]).sum())
        .collect();
    let rows: Vec<usize> = (0..nc).filter(|&c| diversity[c] > 0.0).collect();
    let cols: Vec<usize> = (0..np).filter(|&p| ubiquity[p] > 0.0).collect();
    excluded.zero_diversity_locations = (0..nc)
        .filter(|c| diversity[*c] == 0.0)
        .map(|c| locations[c].clone())
        .collect();
    excluded.zero_ubiquity_products = (0..np)
        .filter(|p| ubiquity[*p] == 0.0)
        .map(|p| products[p].clone())
        .collect();
    if rows.len() < 2 || cols.len() < 2 {
        return Err(Error::TooSmall(format!(
            "{} locations and {} products have a presence",
            rows.len(),
            cols.len()
        )));
    }

    // ECI and PCI on the valid submatrix.
    let m = Mat::from_fn(rows.len(), cols.len(), |i, j| mcp[(rows[i], cols[j])]);
    let kc: Vec<f64> = rows.iter().map(|&c| diversity[c]).collect();
    let kp: Vec<f64> = cols.iter().map(|&p| ubiquity[p]).collect();
    let (eci_raw_v, pci_raw_v, spectrum) = eci_pci(&m, &kc, &kp)?;
    let mut eci_raw = vec![f64::NAN; nc];
    let mut pci_raw = vec![f64::NAN; np];
    rows.iter()
        .zip(&eci_raw_v)
        .for_each(|(&c, &v)| eci_raw[c] = v);
    cols.iter()
        .zip(&pci_raw_v)
        .for_each(|(&p, &v)| pci_raw[p] = v);
    let (eci_mean, eci_std) = (mean(&eci_raw_v), std(&eci_raw_v));

    // Proximity, density, COI and COG on all kept products.
    let proximity = match options.proximity {
        ProximityKind::Discrete => discrete_proximity(&mcp, &ubiquity, options.proximity_diagonal),
        ProximityKind::Continuous => continuous_proximity(&rca, options.proximity_diagonal),
    };
    let presence = match options.proximity {
        ProximityKind::Discrete => &mcp,
        ProximityKind::Continuous => &rca,
    };
    let row_sums: Vec<f64> = (0..np)
        .map(|p| (0..np).map(|q| proximity[(p, q)]).sum())
        .collect();
    // density = X φᵀ, each column p divided by Σq φ(p, q).
    let mut density = presence * proximity.transpose();
    for p in 0..np {
        for c in 0..nc {
            density[(c, p)] /= row_sums[p];
        }
    }
    let pci_or_zero = |p: usize| if pci_raw[p].is_nan() { 0.0 } else { pci_raw[p] };
    let coi_raw: Vec<f64> = (0..nc)
        .map(|c| {
            (0..np)
                .map(|p| density[(c, p)] * (1.0 - mcp[(c, p)]) * pci_or_zero(p))
                .sum()
        })
        .collect();
    // COG = (1 − M) ∘ (((1 − M) scaled by PCI_q / Σr φ(q, r)) φ)
    let weighted = Mat::from_fn(nc, np, |c, q| {
        (1.0 - mcp[(c, q)]) * pci_or_zero(q) / row_sums[q]
    });
    let mut cog = &weighted * &proximity;
    for p in 0..np {
        for c in 0..nc {
            cog[(c, p)] *= (1.0 - mcp[(c, p)]) / eci_std;
        }
    }

    let eci: Vec<f64> = eci_raw.iter().map(|v| (v - eci_mean) / eci_std).collect();
    let (pci_mean, pci_std) = match options.pci {
        PciNormalisation::EciMoments => (eci_mean, eci_std),
        PciNormalisation::Own => (mean(&pci_raw_v), std(&pci_raw_v)),
    };
    let pci: Vec<f64> = pci_raw.iter().map(|v| (v - pci_mean) / pci_std).collect();
    let coi_valid: Vec<f64> = rows.iter().map(|&c| coi_raw[c]).collect();
    let (coi_mean, coi_std) = (mean(&coi_valid), std(&coi_valid));
    let coi = coi_raw.iter().map(|v| (v - coi_mean) / coi_std).collect();

    Ok(Complexity {
        locations,
        products,
        excluded,
        rca,
        mcp,
        diversity,
        ubiquity,
        eci,
        pci,
        proximity,
        density,
        coi,
        cog,
        spectrum,
    })
}

/// Raw ECI and PCI (signed so that ECI correlates positively with diversity; PCI a unit
/// vector), from a presence matrix with no empty row or column.
///
/// The reference solves the non-symmetric eigenproblem of the products × products matrix
/// `Mpp = Dp⁻¹ Mᵀ Dc⁻¹ M`. Its nonzero spectrum equals that of the symmetric matrix
/// `Dc^-½ M Dp⁻¹ Mᵀ Dc^-½` (locations × locations), or of `Dp^-½ Mᵀ Dc⁻¹ M Dp^-½`
/// (products × products); we solve whichever is smaller and map the eigenvector back.
fn eci_pci(m: &Mat<f64>, kc: &[f64], kp: &[f64]) -> Result<(Vec<f64>, Vec<f64>, Spectrum), Error> {
    let (nc, np) = (m.nrows(), m.ncols());
    let mut kp_vec: Vec<f64>;
    let eigen;
    if nc <= np {
        // A = Dc^-½ M Dp⁻¹ Mᵀ Dc^-½
        let left = Mat::from_fn(nc, np, |c, p| m[(c, p)] / (kc[c].sqrt() * kp[p].sqrt()));
        let a = &left * left.transpose();
        eigen = a
            .self_adjoint_eigen(Side::Lower)
            .map_err(|_| Error::Eigen)?;
        let u = eigen.U().col(nc - 2);
        // v = Dc^-½ u is an eigenvector of Mcc; kp = Dp⁻¹ Mᵀ v one of Mpp.
        kp_vec = (0..np)
            .map(|p| {
                (0..nc)
                    .map(|c| m[(c, p)] * u[c] / kc[c].sqrt())
                    .sum::<f64>()
                    / kp[p]
            })
            .collect();
    } else {
        // B = Dp^-½ Mᵀ Dc⁻¹ M Dp^-½
        let right = Mat::from_fn(nc, np, |c, p| m[(c, p)] / (kc[c].sqrt() * kp[p].sqrt()));
        let b = right.transpose() * &right;
        eigen = b
            .self_adjoint_eigen(Side::Lower)
            .map_err(|_| Error::Eigen)?;
        let w = eigen.U().col(np - 2);
        kp_vec = (0..np).map(|p| w[p] / kp[p].sqrt()).collect();
    }
    let s = eigen.S().column_vector();
    let n = s.nrows();
    let third = if n >= 3 { s[n - 3] } else { f64::NAN };
    let spectrum = Spectrum {
        first: s[n - 1],
        second: s[n - 2],
        third,
        degenerate: (s[n - 2] - third).abs() <= 1e-10 * s[n - 1].abs(),
    };
    let norm = kp_vec.iter().map(|x| x * x).sum::<f64>().sqrt();
    kp_vec.iter_mut().for_each(|x| *x /= norm);
    let mut kc_vec: Vec<f64> = (0..nc)
        .map(|c| (0..np).map(|p| m[(c, p)] * kp_vec[p]).sum::<f64>() / kc[c])
        .collect();
    // Sign: ECI correlates positively with diversity; if that is undecided (all diversities
    // equal), the location with the largest |ECI| is made positive, so the result is
    // deterministic either way.
    let corr = pearson(kc, &kc_vec);
    let sign = if corr.is_finite() && corr != 0.0 {
        corr.signum()
    } else {
        let top = kc_vec
            .iter()
            .copied()
            .fold(0.0f64, |a, b| if b.abs() > a.abs() { b } else { a });
        if top < 0.0 { -1.0 } else { 1.0 }
    };
    kc_vec.iter_mut().for_each(|x| *x *= sign);
    kp_vec.iter_mut().for_each(|x| *x *= sign);
    Ok((kc_vec, kp_vec, spectrum))
}

/// Discrete proximity: co-presence divided by the larger ubiquity; the diagonal is set to
/// `diagonal`. Products with zero ubiquity have proximity 0 to every other product.
pub fn discrete_proximity(mcp: &Mat<f64>, ubiquity: &[f64], diagonal: f64) -> Mat<f64> {
    let mut phi = mcp.transpose() * mcp;
    let np = phi.nrows();
    for q in 0..np {
        for p in 0..np {
            let k = ubiquity[p].max(ubiquity[q]);
            phi[(p, q)] = if p == q {
                diagonal
            } else if k > 0.0 {
                phi[(p, q)] / k
            } else {
                0.0
            };
        }
    }
    phi
}

/// Continuous proximity: (1 + Pearson correlation of the RCA columns over locations) / 2;
/// a product whose RCA does not vary has proximity 0.5 (correlation 0) to the others.
pub fn continuous_proximity(rca: &Mat<f64>, diagonal: f64) -> Mat<f64> {
    let (nc, np) = (rca.nrows(), rca.ncols());
    let mut z = rca.clone();
    for p in 0..np {
        let col: Vec<f64> = (0..nc).map(|c| rca[(c, p)]).collect();
        let (m, s) = (mean(&col), std(&col));
        for c in 0..nc {
            z[(c, p)] = if s > 0.0 { (rca[(c, p)] - m) / s } else { 0.0 };
        }
    }
    let mut phi = z.transpose() * &z;
    for q in 0..np {
        for p in 0..np {
            phi[(p, q)] = if p == q {
                diagonal
            } else {
                (1.0 + phi[(p, q)] / nc as f64) / 2.0
            };
        }
    }
    phi
}
