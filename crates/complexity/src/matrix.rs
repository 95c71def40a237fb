//! The input: a dense location × product matrix of non-negative values.

use std::collections::{HashMap, HashSet};

use faer::Mat;

use crate::{Error, Excluded};

/// A location × product value matrix (one year), labels sorted.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    /// Location labels, one per row.
    pub locations: Vec<String>,
    /// Product labels, one per column.
    pub products: Vec<String>,
    /// Values (exports), locations × products; absent cells are 0.
    pub values: Mat<f64>,
}

/// Collects (location, product, value) cells into a [`Matrix`], checking each. Labels are
/// interned as they arrive (a million cells carry a few thousand distinct labels).
#[derive(Debug, Default)]
pub struct MatrixBuilder {
    locations: HashMap<String, u32>,
    products: HashMap<String, u32>,
    cells: Vec<(u32, u32, f64)>,
    seen: HashSet<u64>,
}

fn intern(labels: &mut HashMap<String, u32>, label: &str) -> u32 {
    if let Some(&i) = labels.get(label) {
        return i;
    }
    let i = labels.len() as u32;
    labels.insert(label.to_string(), i);
    i
}

/// Labels sorted, and for each interned index its position in that order.
fn sorted(labels: HashMap<String, u32>) -> (Vec<String>, Vec<usize>) {
    let mut pairs: Vec<(String, u32)> = labels.into_iter().collect();
    pairs.sort_unstable();
    let mut position = vec![0; pairs.len()];
    for (k, (_, i)) in pairs.iter().enumerate() {
        position[*i as usize] = k;
    }
    (pairs.into_iter().map(|(l, _)| l).collect(), position)
}

impl MatrixBuilder {
    /// An empty builder.
    pub fn new() -> MatrixBuilder {
        MatrixBuilder::default()
    }

    /// Adds one cell; refuses NaN, infinite and negative values and repeated cells.
    pub fn add(&mut self, location: &str, product: &str, value: f64) -> Result<(), Error> {
        if !value.is_finite() || value < 0.0 {
            return Err(Error::BadValue {
                location: location.into(),
                product: product.into(),
                value,
            });
        }
        let l = intern(&mut self.locations, location);
        let p = intern(&mut self.products, product);
        if !self.seen.insert((u64::from(l) << 32) | u64::from(p)) {
            return Err(Error::Duplicate {
                location: location.into(),
                product: product.into(),
            });
        }
        self.cells.push((l, p, value));
        Ok(())
    }

    /// The dense matrix, labels sorted.
    pub fn build(self) -> Matrix {
        let (locations, row) = sorted(self.locations);
        let (products, column) = sorted(self.products);
        let mut values = Mat::zeros(locations.len(), products.len());
        for (l, p, v) in self.cells {
            values[(row[l as usize], column[p as usize])] = v;
        }
        Matrix {
            locations,
            products,
            values,
        }
    }
}

impl Matrix {
    /// The matrix without locations and products whose total is zero, their labels, and
    /// the list of what was dropped.
    pub(crate) fn without_zero_totals(&self) -> (Mat<f64>, Vec<String>, Vec<String>, Excluded) {
        let (nc, np) = (self.values.nrows(), self.values.ncols());
        let rows: Vec<usize> = (0..nc)
            .filter(|&c| (0..np).any(|p| self.values[(c, p)] > 0.0))
            .collect();
        let cols: Vec<usize> = (0..np)
            .filter(|&p| (0..nc).any(|c| self.values[(c, p)] > 0.0))
            .collect();
        let values = Mat::from_fn(rows.len(), cols.len(), |i, j| {
            self.values[(rows[i], cols[j])]
        });
        // Both index lists are increasing: membership by binary search.
        let excluded = Excluded {
            zero_value_locations: (0..nc)
                .filter(|c| rows.binary_search(c).is_err())
                .map(|c| self.locations[c].clone())
                .collect(),
            zero_value_products: (0..np)
                .filter(|p| cols.binary_search(p).is_err())
                .map(|p| self.products[p].clone())
                .collect(),
            ..Default::default()
        };
        let locations = rows.iter().map(|&c| self.locations[c].clone()).collect();
        let products = cols.iter().map(|&p| self.products[p].clone()).collect();
        (values, locations, products, excluded)
    }
}
