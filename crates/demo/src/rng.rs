//! Seeded random streams. Each stream is named, so adding a stream or reordering the
//! generator does not change the numbers of the others.

use std::hash::{DefaultHasher, Hash, Hasher};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A random stream for `label` under `seed`.
pub(crate) fn stream(seed: u64, label: impl Hash) -> ChaCha8Rng {
    let mut h = DefaultHasher::new();
    seed.hash(&mut h);
    label.hash(&mut h);
    ChaCha8Rng::seed_from_u64(h.finish())
}

/// A multiplicative noise factor, uniform in `1 ± amplitude`.
pub(crate) fn noise(rng: &mut ChaCha8Rng, amplitude: f64) -> f64 {
    1.0 + amplitude * (2.0 * rng.random::<f64>() - 1.0)
}

/// Normalises weights to sum to one.
pub(crate) fn normalise(weights: &mut [f64]) {
    let sum: f64 = weights.iter().sum();
    weights.iter_mut().for_each(|w| *w /= sum);
}
