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
//! continuous presence, the method of reflections ([`reflections`]) and
//! fitness/complexity ([`fitness`]).
//!
//! **Continuous presence** ([`Presence::Continuous`], the Atlas of Economic Complexity's
//! 2026 option) replaces the 0/1 Mcp by M = RCA / (1 + RCA), which is 0 where nothing is
//! exported, ½ at RCA = 1 and tends to 1: no threshold decides presence. M then enters every
//! formula above where Mcp does: diversity and ubiquity are sums of M, ECI/PCI come from the
//! same eigenproblem with M, discrete proximity is Σc Mcp Mcq / max(kp, kq), density is
//! Σq Mcq φ(p, q) / Σq φ(p, q) (so it stays within 0–1) and COI and COG weigh by 1 − M.
//! This is exactly `ecomplexity`'s `presence_test="manual"` given M as the presence,
//! except the proximity diagonal: the reference's is Σc M²cp / kp (below 1 unless M is
//! 0/1), Linkages keeps it at 1 (or 0, by option) as for binary presence. A product still
//! counts as one a location "has" (for opportunities and the product space) where
//! RCA ≥ threshold.
//!
//! Where the reference turns every output into NaN, this crate does not: locations with
//! zero diversity and products with zero ubiquity are excluded from ECI/PCI and reported
//! in [`Excluded`]; NaN, infinite or negative values are refused with an error naming the
//! cell.
//!
//! Speed: the eigenproblem is solved as a *symmetric* one on the smaller side (about 200
//! countries, not thousands of products). Discrete proximity is counted exactly with
//! bitsets; density and COG, products with it, are computed through its low-rank
//! structure (co-presence Mᵀ M has rank ≤ locations) without forming the products ×
//! products matrix at all (see `proximity.rs`); [`Complexity::proximity`] builds it when
//! asked. Element-wise work runs on all cores (rayon), products through faer.

mod matrix;
pub mod methods;
pub mod opportunities;
mod proximity;
pub mod table;

/// The dense matrix type of every result (faer's).
pub use faer::Mat;
pub use matrix::{Matrix, MatrixBuilder};
pub use methods::{fitness, reflections};
pub use opportunities::{Network, Opportunity, network, opportunities, with_region};
use proximity::{CoPresence, LeftProduct};
pub use proximity::{Proximity, continuous_proximity, discrete_proximity, weighted_proximity};

use faer::Side;
use rayon::prelude::*;

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

/// What presence Mcp is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Presence {
    /// 1 where RCA reaches the threshold, else 0 (ecomplexity's and the Atlas's default).
    #[default]
    Binary,
    /// RCA / (1 + RCA): the Atlas's 2026 continuous presence, no threshold.
    Continuous,
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
    /// Binary (default) or continuous presence.
    pub presence: Presence,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            threshold: 1.0,
            strict: false,
            pci: PciNormalisation::EciMoments,
            proximity: ProximityKind::Discrete,
            proximity_diagonal: 1.0,
            presence: Presence::Binary,
        }
    }
}

impl Options {
    /// Whether an RCA reaches the presence threshold.
    pub fn present(&self, rca: f64) -> bool {
        if self.strict {
            rca > self.threshold
        } else {
            rca >= self.threshold
        }
    }

    /// Mcp of an RCA: 0/1 by the threshold, or RCA / (1 + RCA).
    fn presence_of(&self, rca: f64) -> f64 {
        match self.presence {
            Presence::Binary => f64::from(u8::from(self.present(rca))),
            Presence::Continuous => rca / (1.0 + rca),
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
    /// Presence: 0 or 1, or RCA / (1 + RCA) with [`Presence::Continuous`].
    pub mcp: Mat<f64>,
    /// Number of products present in each location.
    pub diversity: Vec<f64>,
    /// Number of locations where each product is present.
    pub ubiquity: Vec<f64>,
    /// Economic complexity index (NaN for zero-diversity locations).
    pub eci: Vec<f64>,
    /// Product complexity index (NaN for zero-ubiquity products).
    pub pci: Vec<f64>,
    /// The options of the computation.
    pub options: Options,
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
    /// Products × products proximity (of the kind and diagonal in [`Complexity::options`]).
    /// Computed on each call: it is the one figure of size products², which density and
    /// COG do not need in full.
    pub fn proximity(&self) -> Proximity {
        let diagonal = self.options.proximity_diagonal;
        match (self.options.proximity, self.options.presence) {
            (ProximityKind::Discrete, Presence::Binary) => {
                discrete_proximity(&self.mcp, &self.ubiquity, diagonal)
            }
            (ProximityKind::Discrete, Presence::Continuous) => {
                weighted_proximity(&self.mcp, &self.ubiquity, diagonal)
            }
            (ProximityKind::Continuous, _) => continuous_proximity(&self.rca, diagonal),
        }
    }

    /// Whether location `c` exports product `p` competitively: its RCA reaches the
    /// threshold (is above it, with `strict`). With binary presence this is Mcp = 1; with
    /// continuous presence it is what "has the product" still means.
    pub fn present(&self, c: usize, p: usize) -> bool {
        self.options.present(self.rca[(c, p)])
    }

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

/// `Mat::from_fn`, with columns filled in parallel.
pub(crate) fn par_from_fn(
    nrows: usize,
    ncols: usize,
    f: impl Fn(usize, usize) -> f64 + Sync,
) -> Mat<f64> {
    let mut m = Mat::zeros(nrows, ncols);
    m.par_col_chunks_mut(1)
        .enumerate()
        .for_each(|(j, mut column)| {
            for i in 0..nrows {
                column[(i, 0)] = f(i, j);
            }
        });
    m
}

/// Sum of each row, reading the matrix column by column (its storage order); each row is
/// still summed in column order, so the result is the same as summing along the row.
pub(crate) fn row_totals(m: &Mat<f64>) -> Vec<f64> {
    let mut totals = vec![0.0; m.nrows()];
    for j in 0..m.ncols() {
        totals
            .iter_mut()
            .zip(m.col(j).iter())
            .for_each(|(t, x)| *t += x);
    }
    totals
}

/// Sum of each column.
pub(crate) fn column_totals(m: &Mat<f64>) -> Vec<f64> {
    (0..m.ncols()).map(|j| m.col(j).iter().sum()).collect()
}

/// RCA of a values matrix whose rows and columns all have positive totals.
pub fn rca(values: &Mat<f64>) -> Mat<f64> {
    let (nc, np) = (values.nrows(), values.ncols());
    let (row, col) = (row_totals(values), column_totals(values));
    let total: f64 = row.iter().sum();
    par_from_fn(nc, np, |c, p| (values[(c, p)] / row[c]) / (col[p] / total))
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
    let mcp = par_from_fn(nc, np, |c, p| options.presence_of(rca[(c, p)]));
    let (diversity, ubiquity) = (row_totals(&mcp), column_totals(&mcp));
    let names = |names: &[String], totals: &[f64]| -> Vec<String> {
        (0..totals.len())
            .filter(|i| totals[*i] == 0.0)
            .map(|i| names[i].clone())
            .collect()
    };
    excluded.zero_diversity_locations = names(&locations, &diversity);
    excluded.zero_ubiquity_products = names(&products, &ubiquity);
    let raw = Raw::of(&mcp, &diversity, &ubiquity)?;
    let (density, cog) = density_and_cog(&mcp, &rca, &ubiquity, &raw, options);
    let coi_raw = row_totals(&par_from_fn(nc, np, |c, p| {
        density[(c, p)] * (1.0 - mcp[(c, p)]) * raw.pci_or_zero(p)
    }));
    let (eci, pci, coi) = raw.normalised(&coi_raw, options.pci);
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
        options: *options,
        density,
        coi,
        cog,
        spectrum: raw.spectrum,
    })
}

/// Raw ECI and PCI over every location and product (NaN where excluded), from the valid
/// submatrix: locations with a presence and products present somewhere.
struct Raw {
    /// Locations with a presence.
    rows: Vec<usize>,
    /// Raw ECI of the valid locations, and of all (NaN where excluded).
    eci_valid: Vec<f64>,
    eci: Vec<f64>,
    /// Raw PCI of the valid products, and of all (NaN where excluded).
    pci_valid: Vec<f64>,
    pci: Vec<f64>,
    spectrum: Spectrum,
}

impl Raw {
    fn of(mcp: &Mat<f64>, diversity: &[f64], ubiquity: &[f64]) -> Result<Raw, Error> {
        let (nc, np) = (mcp.nrows(), mcp.ncols());
        let rows: Vec<usize> = (0..nc).filter(|&c| diversity[c] > 0.0).collect();
        let cols: Vec<usize> = (0..np).filter(|&p| ubiquity[p] > 0.0).collect();
        if rows.len() < 2 || cols.len() < 2 {
            return Err(Error::TooSmall(format!(
                "{} locations and {} products have a presence",
                rows.len(),
                cols.len()
            )));
        }
        let m = par_from_fn(rows.len(), cols.len(), |i, j| mcp[(rows[i], cols[j])]);
        let kc: Vec<f64> = rows.iter().map(|&c| diversity[c]).collect();
        let kp: Vec<f64> = cols.iter().map(|&p| ubiquity[p]).collect();
        let (eci_valid, pci_valid, spectrum) = eci_pci(&m, &kc, &kp)?;
        let mut eci = vec![f64::NAN; nc];
        let mut pci = vec![f64::NAN; np];
        rows.iter().zip(&eci_valid).for_each(|(&c, &v)| eci[c] = v);
        cols.iter().zip(&pci_valid).for_each(|(&p, &v)| pci[p] = v);
        Ok(Raw {
            rows,
            eci_valid,
            eci,
            pci_valid,
            pci,
            spectrum,
        })
    }

    fn pci_or_zero(&self, p: usize) -> f64 {
        if self.pci[p].is_nan() {
            0.0
        } else {
            self.pci[p]
        }
    }

    /// The standard deviation of raw ECI, which also scales COG.
    fn eci_std(&self) -> f64 {
        std(&self.eci_valid)
    }

    /// ECI, PCI and COI standardised (PCI with ECI's moments or its own).
    fn normalised(&self, coi_raw: &[f64], pci: PciNormalisation) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
        let (eci_mean, eci_std) = (mean(&self.eci_valid), std(&self.eci_valid));
        let eci = self.eci.iter().map(|v| (v - eci_mean) / eci_std).collect();
        let (pci_mean, pci_std) = match pci {
            PciNormalisation::EciMoments => (eci_mean, eci_std),
            PciNormalisation::Own => (mean(&self.pci_valid), std(&self.pci_valid)),
        };
        let pci = self.pci.iter().map(|v| (v - pci_mean) / pci_std).collect();
        let coi_valid: Vec<f64> = self.rows.iter().map(|&c| coi_raw[c]).collect();
        let (coi_mean, coi_std) = (mean(&coi_valid), std(&coi_valid));
        let coi = coi_raw.iter().map(|v| (v - coi_mean) / coi_std).collect();
        (eci, pci, coi)
    }
}

/// Density and COG on all kept products: both are (something) × φ, so one product of the
/// two stacked (2·locations × products) instead of two, which keeps the kernel busier.
///   density = X φᵀ, each column p divided by Σq φ(p, q)  (φ symmetric: φᵀ = φ)
///   COG     = (1 − M) ∘ (((1 − M) scaled by PCI_q / Σr φ(q, r)) φ) / std(raw ECI)
fn density_and_cog(
    mcp: &Mat<f64>,
    rca: &Mat<f64>,
    ubiquity: &[f64],
    raw: &Raw,
    options: &Options,
) -> (Mat<f64>, Mat<f64>) {
    let (nc, np) = (mcp.nrows(), mcp.ncols());
    let (presence, product): (&Mat<f64>, Box<dyn LeftProduct>) = match options.proximity {
        ProximityKind::Discrete => (
            mcp,
            Box::new(CoPresence::new(mcp, ubiquity, options.proximity_diagonal)),
        ),
        ProximityKind::Continuous => (
            rca,
            Box::new(continuous_proximity(rca, options.proximity_diagonal)),
        ),
    };
    let row_sums = product.row_sums();
    let stacked = par_from_fn(2 * nc, np, |i, q| {
        if i < nc {
            presence[(i, q)]
        } else {
            (1.0 - mcp[(i - nc, q)]) * raw.pci_or_zero(q) / row_sums[q]
        }
    });
    let both = product.left_product(stacked.as_ref());
    drop(stacked);
    let eci_std = raw.eci_std();
    let density = par_from_fn(nc, np, |c, p| both[(c, p)] / row_sums[p]);
    let cog = par_from_fn(nc, np, |c, p| {
        both[(nc + c, p)] * ((1.0 - mcp[(c, p)]) / eci_std)
    });
    (density, cog)
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
    let (root_kc, root_kp): (Vec<f64>, Vec<f64>) = (
        kc.iter().map(|k| k.sqrt()).collect(),
        kp.iter().map(|k| k.sqrt()).collect(),
    );
    let mut kp_vec: Vec<f64>;
    let eigen;
    if nc <= np {
        // A = Dc^-½ M Dp⁻¹ Mᵀ Dc^-½
        let left = par_from_fn(nc, np, |c, p| m[(c, p)] / (root_kc[c] * root_kp[p]));
        let a = &left * left.transpose();
        eigen = a
            .self_adjoint_eigen(Side::Lower)
            .map_err(|_| Error::Eigen)?;
        let u = eigen.U().col(nc - 2);
        // v = Dc^-½ u is an eigenvector of Mcc; kp = Dp⁻¹ Mᵀ v one of Mpp.
        kp_vec = (0..np)
            .map(|p| (0..nc).map(|c| m[(c, p)] * u[c] / root_kc[c]).sum::<f64>() / kp[p])
            .collect();
    } else {
        // B = Dp^-½ Mᵀ Dc⁻¹ M Dp^-½
        let right = par_from_fn(nc, np, |c, p| m[(c, p)] / (root_kc[c] * root_kp[p]));
        let b = right.transpose() * &right;
        eigen = b
            .self_adjoint_eigen(Side::Lower)
            .map_err(|_| Error::Eigen)?;
        let w = eigen.U().col(np - 2);
        kp_vec = (0..np).map(|p| w[p] / root_kp[p]).collect();
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
    let mut kc_vec = row_totals(&par_from_fn(nc, np, |c, p| m[(c, p)] * kp_vec[p]));
    kc_vec.iter_mut().zip(kc).for_each(|(x, k)| *x /= k);
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
