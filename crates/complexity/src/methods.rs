//! Alternatives to the eigenvector ECI that users ask for.

use faer::Mat;

use crate::zscore;

/// The method of reflections (Hidalgo & Hausmann 2009): `iterations` rounds of
/// kc ← mean of kp over c's products and kp ← mean of kc over p's locations, from
/// diversity and ubiquity; returns z-scored (ECI, PCI). `mcp` must have no empty row or
/// column. Use an even number of iterations.
///
/// Each round is re-centred and rescaled: that changes only the component along the
/// constant (first) eigenvector, so the ranking is that of the classic iteration, but
/// nothing is lost to rounding when many rounds are needed. As the rounds grow, the result
/// converges to the eigenvector ECI and PCI of [`crate::compute`] (how fast depends on the
/// gap between the second and third eigenvalues).
pub fn reflections(mcp: &Mat<f64>, iterations: usize) -> (Vec<f64>, Vec<f64>) {
    let (nc, np) = (mcp.nrows(), mcp.ncols());
    let kc0: Vec<f64> = (0..nc)
        .map(|c| (0..np).map(|p| mcp[(c, p)]).sum())
        .collect();
    let kp0: Vec<f64> = (0..np)
        .map(|p| (0..nc).map(|c| mcp[(c, p)]).sum())
        .collect();
    let (mut kc, mut kp) = (kc0.clone(), kp0.clone());
    zscore(&mut kc);
    zscore(&mut kp);
    for _ in 0..iterations {
        let next_kc: Vec<f64> = (0..nc)
            .map(|c| (0..np).map(|p| mcp[(c, p)] * kp[p]).sum::<f64>() / kc0[c])
            .collect();
        let next_kp: Vec<f64> = (0..np)
            .map(|p| (0..nc).map(|c| mcp[(c, p)] * kc[c]).sum::<f64>() / kp0[p])
            .collect();
        (kc, kp) = (next_kc, next_kp);
        zscore(&mut kc);
        zscore(&mut kp);
    }
    (kc, kp)
}

/// Fitness and complexity (Tacchella et al. 2012): F_c = Σp Mcp Q_p, 1/Q_p = Σc Mcp / F_c,
/// each normalised to mean 1 after every step, for `iterations` steps. Returns (fitness,
/// complexity).
pub fn fitness(mcp: &Mat<f64>, iterations: usize) -> (Vec<f64>, Vec<f64>) {
    let (nc, np) = (mcp.nrows(), mcp.ncols());
    let mut f = vec![1.0; nc];
    let mut q = vec![1.0; np];
    let normalise = |x: &mut Vec<f64>| {
        let m = x.iter().sum::<f64>() / x.len() as f64;
        x.iter_mut().for_each(|v| *v /= m);
    };
    for _ in 0..iterations {
        let mut next_f: Vec<f64> = (0..nc)
            .map(|c| (0..np).map(|p| mcp[(c, p)] * q[p]).sum())
            .collect();
        let mut next_q: Vec<f64> = (0..np)
            .map(|p| 1.0 / (0..nc).map(|c| mcp[(c, p)] / f[c]).sum::<f64>())
            .collect();
        normalise(&mut next_f);
        normalise(&mut next_q);
        (f, q) = (next_f, next_q);
    }
    (f, q)
}
