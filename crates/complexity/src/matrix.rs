//! The input: a dense location × product matrix of non-negative values.

use std::collections::BTreeMap;

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

/// Collects (location, product, value) cells into a [`Matrix`], checking each.
#[derive(Debug, Default)]
pub struct MatrixBuilder {
    cells: BTreeMap<(String, String), f64>,
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
        let key = (location.to_string(), product.to_string());
        if self.cells.insert(key, value).is_some() {
            return Err(Error::Duplicate {
                location: location.into(),
                product: product.into(),
            });
        }
        Ok(())
    }

    /// The dense matrix.
    pub fn build(self) -> Matrix {
        let mut locations: Vec<String> = self.cells.keys().map(|(l, _)| l.clone()).collect();
        locations.dedup();
        let mut products: Vec<String> = self.cells.keys().map(|(_, p)| p.clone()).collect();
        products.sort();
        products.dedup();
        let product_index: BTreeMap<&str, usize> = products
            .iter()
            .enumerate()
            .map(|(i, p)| (p.as_str(), i))
            .collect();
        let mut values = Mat::zeros(locations.len(), products.len());
        let mut row = 0;
        let mut last: Option<&str> = None;
        for ((l, p), v) in &self.cells {
            if last.is_some_and(|x| x != l) {
                row += 1;
            }
            last = Some(l);
            values[(row, product_index[p.as_str()])] = *v;
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
        let excluded = Excluded {
            zero_value_locations: (0..nc)
                .filter(|c| !rows.contains(c))
                .map(|c| self.locations[c].clone())
                .collect(),
            zero_value_products: (0..np)
                .filter(|p| !cols.contains(p))
                .map(|p| self.products[p].clone())
                .collect(),
            ..Default::default()
        };
        let locations = rows.iter().map(|&c| self.locations[c].clone()).collect();
        let products = cols.iter().map(|&p| self.products[p].clone()).collect();
        (values, locations, products, excluded)
    }
}
