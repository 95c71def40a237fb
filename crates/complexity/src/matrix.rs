//! The input: a dense location × product matrix of non-negative values.

use std::collections::HashMap;

/// Labels are hashed once per cell: a fast hasher (not a DoS-resistant one: the labels
/// come from the user's own file).
type Labels = HashMap<String, u32, foldhash::fast::RandomState>;

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
    locations: Labels,
    products: Labels,
    cells: Vec<(u32, u32, f64)>,
    /// Per location, a bitset over product indices of the cells already added.
    seen: Vec<Vec<u64>>,
}

fn intern(labels: &mut Labels, label: &str) -> u32 {
    if let Some(&i) = labels.get(label) {
        return i;
    }
    let i = labels.len() as u32;
    labels.insert(label.to_string(), i);
    i
}

/// Labels sorted, and for each interned index its position in that order.
fn sorted(labels: Labels) -> (Vec<String>, Vec<usize>) {
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
        let (l_index, word, bit) = (l as usize, p as usize / 64, 1u64 << (p % 64));
        if self.seen.len() <= l_index {
            self.seen.resize_with(l_index + 1, Vec::new);
        }
        let seen = &mut self.seen[l_index];
        if seen.len() <= word {
            seen.resize(word + 1, 0);
        }
        if seen[word] & bit != 0 {
            return Err(Error::Duplicate {
                location: location.into(),
                product: product.into(),
            });
        }
        seen[word] |= bit;
        self.cells.push((l, p, value));
        Ok(())
    }

    /// Adds every cell of `other` (built from another part of the same table); refuses a
    /// cell both have.
    pub fn merge(&mut self, other: MatrixBuilder) -> Result<(), Error> {
        let labels = |interned: Labels| {
            let mut labels = vec![String::new(); interned.len()];
            for (label, i) in interned {
                labels[i as usize] = label;
            }
            labels
        };
        let (locations, products) = (labels(other.locations), labels(other.products));
        // Values were checked when `other` took them.
        for (l, p, value) in other.cells {
            self.add(&locations[l as usize], &products[p as usize], value)?;
        }
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
