//! Where to push next: which markets and products an exporter (a country, the province or
//! a city) depends on, where its growth came from, and where it could sell more.
//!
//! - [`concentration`]: number of markets or products above a threshold, the
//!   Herfindahl–Hirschman index, the top-5 share, markets won and lost between two periods,
//!   and the supply concentration of imports (which imports depend on one country).
//! - [`cms`]: constant market share analysis of export growth (Tyszynski 1951; the two-level
//!   form of Leamer & Stern 1970): world demand, commodity composition, market distribution
//!   and competitiveness effects that sum to the change.
//! - [`potential`]: export potential by product and market (ITC's Export Potential Map,
//!   Decreux & Spies 2016): supply × demand × ease of trade, and the unrealized potential.
//! - [`new_products`]: the Atlas of Economic Complexity's new products.
//! - [`baci`]: the reader of CEPII BACI's published files into a [`World`].
//! - [`comtrade`]: UN Comtrade's annual bulk files rewritten as `world_bilateral` rows.
//!
//! Pure computation over a bilateral world table ([`World`]) and an exporter's exports by
//! product and market ([`Basket`]); codes are interned once ([`Names`]) and every method
//! works on their numbers.

pub mod baci;
pub mod cms;
pub mod comtrade;
pub mod concentration;
pub mod new_products;
pub mod potential;

use std::collections::BTreeMap;

/// Products × countries up to which sums go into an array rather than a hash map (8 M
/// cells, 64 MiB of sums).
const DENSE_CELLS: usize = 1 << 23;

/// The map type of every result keyed by interned numbers.
pub type Map<K, V> = foldhash::HashMap<K, V>;

/// Codes (of countries or products) numbered in the order they were first seen, so that the
/// methods work on small integers and name them only in their answers.
#[derive(Debug, Clone, Default)]
pub struct Names {
    index: Map<String, u32>,
    names: Vec<String>,
}

impl Names {
    /// The number of `code`, giving it the next number if it is new.
    pub fn intern(&mut self, code: &str) -> u32 {
        if let Some(&id) = self.index.get(code) {
            return id;
        }
        let id = u32::try_from(self.names.len()).expect("fewer than 2³² codes");
        self.index.insert(code.to_string(), id);
        self.names.push(code.to_string());
        id
    }

    /// The number of `code`, if it has been seen.
    pub fn get(&self, code: &str) -> Option<u32> {
        self.index.get(code).copied()
    }

    /// The code numbered `id`.
    pub fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }

    /// How many codes are known.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether no code is known.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// A product sold to (or bought from) a partner: the key of a [`Basket`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cell {
    /// Product number in [`World::products`].
    pub product: u32,
    /// Partner (market or supplier) number in [`World::countries`].
    pub partner: u32,
}

/// Trade of one place in one year by product and partner, in US dollars: an exporter's
/// exports by product and market, an importer's imports by product and supplier, or the
/// world's imports by product and market.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Basket {
    /// Value of each product and partner; absent cells are zero.
    pub cells: Map<Cell, f64>,
}

impl Basket {
    /// Adds `value` to a cell.
    pub fn add(&mut self, product: u32, partner: u32, value: f64) {
        *self.cells.entry(Cell { product, partner }).or_default() += value;
    }

    /// The value of a cell (zero if absent).
    pub fn get(&self, product: u32, partner: u32) -> f64 {
        self.cells
            .get(&Cell { product, partner })
            .copied()
            .unwrap_or(0.0)
    }

    /// The sum of every cell.
    pub fn total(&self) -> f64 {
        self.cells.values().sum()
    }

    /// Totals by partner (summed over products).
    pub fn by_partner(&self) -> Map<u32, f64> {
        let mut out = Map::default();
        for (cell, v) in &self.cells {
            *out.entry(cell.partner).or_default() += v;
        }
        out
    }

    /// Totals by product (summed over partners).
    pub fn by_product(&self) -> Map<u32, f64> {
        let mut out = Map::default();
        for (cell, v) in &self.cells {
            *out.entry(cell.product).or_default() += v;
        }
        out
    }
}

/// One flow of the bilateral world table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Flow {
    /// Exporting country's number.
    pub exporter: u32,
    /// Importing country's number.
    pub importer: u32,
    /// Product's number.
    pub product: u32,
    /// Value, US dollars.
    pub value: f64,
}

/// Errors of the methods and of building a world table.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// A value is NaN, infinite or negative.
    #[error("value {value} is not a finite non-negative number ({what})")]
    BadValue {
        /// Where it was given.
        what: String,
        /// The value.
        value: f64,
    },
    /// A year the world table does not hold.
    #[error("the world table has no flows in {0}")]
    NoYear(i32),
    /// A window or pair of years the method cannot use.
    #[error("{0}")]
    Years(String),
    /// A flow given by numbers names a country or product that has no code.
    #[error("a {0} flow names a country or product number that has no code")]
    Unnamed(i32),
}

/// The bilateral world table (exporter × importer × product by year, US dollars), as in
/// CEPII BACI or UN Comtrade: the world's imports, each exporter's exports and the world's
/// supply of each product are read from it.
#[derive(Debug, Clone, Default)]
pub struct World {
    /// Countries (exporters and importers share one numbering).
    pub countries: Names,
    /// Product codes (HS6, or HS4 when read at four digits).
    pub products: Names,
    flows: BTreeMap<i32, Vec<Flow>>,
}

impl World {
    /// Adds a flow; a value that is not finite and non-negative is refused. Flows of the
    /// same year, exporter, importer and product add up.
    pub fn add(
        &mut self,
        year: i32,
        exporter: &str,
        importer: &str,
        product: &str,
        value: f64,
    ) -> Result<(), Error> {
        if !value.is_finite() || value < 0.0 {
            return Err(Error::BadValue {
                what: format!("{year} {exporter} → {importer}, product {product}"),
                value,
            });
        }
        let flow = Flow {
            exporter: self.countries.intern(exporter),
            importer: self.countries.intern(importer),
            product: self.products.intern(product),
            value,
        };
        self.flows.entry(year).or_default().push(flow);
        Ok(())
    }

    /// Adds a flow whose codes are already interned in [`World::countries`] and
    /// [`World::products`] (for readers that number codes themselves); the value is checked
    /// as by [`World::add`], the numbers against the names.
    pub fn push(&mut self, year: i32, flow: Flow) -> Result<(), Error> {
        let known = |id: u32, names: &Names| (id as usize) < names.len();
        if !flow.value.is_finite() || flow.value < 0.0 {
            return Err(Error::BadValue {
                what: format!("{year} flow of product number {}", flow.product),
                value: flow.value,
            });
        }
        if !known(flow.exporter, &self.countries)
            || !known(flow.importer, &self.countries)
            || !known(flow.product, &self.products)
        {
            return Err(Error::Unnamed(year));
        }
        self.flows.entry(year).or_default().push(flow);
        Ok(())
    }

    /// The years with flows, in order.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.flows.keys().copied()
    }

    /// The flows of `year`.
    pub fn flows(&self, year: i32) -> Result<&[Flow], Error> {
        self.flows
            .get(&year)
            .map(Vec::as_slice)
            .ok_or(Error::NoYear(year))
    }

    /// The world's imports of `year` by product and market (from every exporter).
    pub fn imports(&self, year: i32) -> Result<Basket, Error> {
        self.basket(year, |_| true, |f| f.importer)
    }

    /// What `exporter` sold in `year`, by product and market (empty if it sold nothing).
    pub fn exports_of(&self, year: i32, exporter: u32) -> Result<Basket, Error> {
        self.basket(year, |f| f.exporter == exporter, |f| f.importer)
    }

    /// What `importer` bought in `year`, by product and supplier.
    pub fn imports_of(&self, year: i32, importer: u32) -> Result<Basket, Error> {
        self.basket(year, |f| f.importer == importer, |f| f.exporter)
    }

    /// The flows of `year` that `keep` keeps, summed by product and `partner`. Codes are
    /// numbered densely, so the sums go into an array of products × countries when it is
    /// small enough (64 MiB), and into a hash map otherwise.
    fn basket(
        &self,
        year: i32,
        keep: impl Fn(&Flow) -> bool,
        partner: impl Fn(&Flow) -> u32,
    ) -> Result<Basket, Error> {
        let flows = self.flows(year)?;
        let (products, countries) = (self.products.len(), self.countries.len());
        let mut out = Basket::default();
        if products.saturating_mul(countries) > DENSE_CELLS {
            for f in flows.iter().filter(|f| keep(f)) {
                out.add(f.product, partner(f), f.value);
            }
            return Ok(out);
        }
        let mut sums = vec![0.0; products * countries];
        let mut seen = vec![false; products * countries];
        for f in flows.iter().filter(|f| keep(f)) {
            let i = f.product as usize * countries + partner(f) as usize;
            sums[i] += f.value;
            seen[i] = true;
        }
        for (i, v) in sums.into_iter().enumerate().filter(|(i, _)| seen[*i]) {
            out.add((i / countries) as u32, (i % countries) as u32, v);
        }
        Ok(out)
    }

    /// The world's supply of each product in `year` (its exports from every exporter).
    pub fn supply(&self, year: i32) -> Result<Map<u32, f64>, Error> {
        let mut sums = vec![0.0; self.products.len()];
        for f in self.flows(year)? {
            sums[f.product as usize] += f.value;
        }
        Ok(sums
            .into_iter()
            .enumerate()
            .filter(|(_, v)| *v > 0.0)
            .map(|(p, v)| (p as u32, v))
            .collect())
    }
}
