//! Row validation: cells as read in (text, or typed where the file has types), typed
//! normalised values (or every reason the row is refused) out. Used by every input path so
//! that a CSV, an Excel sheet and a Parquet file obey the same rules.

mod cell;
mod header;
mod number;

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{DefaultHasher, Hash, Hasher};

pub use cell::{Cell, Reading, number, parse_text};
pub use header::Currency;
pub use header::{Unit as UnitWord, split_unit};
pub use number::{DecimalMark, parse_number};

use crate::dataset::{Column, ColumnKind, Dataset};

/// A typed, normalised cell value, in the order of [`Dataset::stored_columns`].
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text (codes, periods).
    Text(String),
    /// Whole number.
    Int(i64),
    /// Floating-point number.
    Float(f64),
    /// Missing optional value.
    Null,
}

impl std::fmt::Display for Value {
    /// Text as is, numbers in their shortest exact form, null as the empty string.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Text(s) => f.write_str(s),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x}"),
            Value::Null => Ok(()),
        }
    }
}

/// One reason a row was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    /// Canonical column name (or `*` for the row as a whole).
    pub column: String,
    /// The raw value as read.
    pub value: String,
    /// Why it was refused.
    pub reason: String,
}

/// A file's header could not be matched to the dataset's columns.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    /// Required columns are absent.
    #[error("missing required column(s) for dataset '{dataset}': {missing} (header has: {found})")]
    Missing {
        /// Dataset name.
        dataset: String,
        /// Missing canonical names, comma separated.
        missing: String,
        /// The header as read.
        found: String,
    },
    /// A header's unit is in another currency than its column holds.
    #[error("header '{header}': column {column} holds {holds} but the header gives {unit}")]
    WrongCurrency {
        /// The header cell.
        header: String,
        /// Canonical column.
        column: String,
        /// What the column holds (yuan or US dollars).
        holds: &'static str,
        /// The unit written.
        unit: &'static str,
    },
    /// Two header cells map to the same column.
    #[error("columns '{first}' and '{second}' both map to '{column}'")]
    Ambiguous {
        /// Canonical column.
        column: String,
        /// First header cell.
        first: String,
        /// Second header cell.
        second: String,
    },
}

/// A unit found in a header, recorded with the version: the column's values were
/// multiplied by 10^`exp10` to be stored in yuan or dollars.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct HeaderUnit {
    /// The column it scales.
    pub column: String,
    /// The header cell as written (`人民币(万元)`).
    pub header: String,
    /// The unit (`万元`).
    pub unit: String,
    /// The power of ten values were multiplied by.
    pub exp10: i32,
}

/// Parses rows of one file into a dataset's stored columns.
#[derive(Debug, Clone)]
pub struct RowParser {
    dataset: &'static Dataset,
    /// For each dataset column, the index of the input cell holding it.
    sources: Vec<Option<usize>>,
    /// For each dataset column, how its cells are read (decimal mark, unit).
    readings: Vec<Reading>,
    /// Header cells that match no column; reported, not stored.
    pub ignored: Vec<String>,
    /// Units found in the header.
    pub units: Vec<HeaderUnit>,
    width: usize,
}

impl RowParser {
    /// Matches a header row to the dataset's columns (canonical names or aliases, a unit in
    /// the header scaling its column); numbers are read with the file's decimal mark.
    pub fn new(
        dataset: &'static Dataset,
        header: &[String],
        mark: DecimalMark,
    ) -> Result<RowParser, HeaderError> {
        let mut sources: Vec<Option<usize>> = vec![None; dataset.columns.len()];
        let mut readings = vec![Reading { mark, exp10: 0 }; dataset.columns.len()];
        let (mut ignored, mut units) = (Vec::new(), Vec::new());
        for (i, h) in header.iter().enumerate() {
            let (name, unit) = header::split_unit(h);
            let Some(ci) = dataset
                .columns
                .iter()
                .position(|c| header::matches(&name, c))
            else {
                ignored.push(h.clone());
                continue;
            };
            let column = &dataset.columns[ci];
            if let Some(prev) = sources[ci] {
                return Err(HeaderError::Ambiguous {
                    column: column.name.to_string(),
                    first: header[prev].clone(),
                    second: h.clone(),
                });
            }
            sources[ci] = Some(i);
            let Some(unit) = unit else { continue };
            if let Some(holds) = header::currency(column)
                && holds != unit.currency
            {
                return Err(HeaderError::WrongCurrency {
                    header: h.clone(),
                    column: column.name.to_string(),
                    holds: if holds == Currency::Cny {
                        "yuan"
                    } else {
                        "US dollars"
                    },
                    unit: unit.word,
                });
            }
            readings[ci].exp10 = unit.exp10;
            units.push(HeaderUnit {
                column: column.name.into(),
                header: h.clone(),
                unit: unit.word.into(),
                exp10: unit.exp10,
            });
        }
        let missing: Vec<&str> = dataset
            .columns
            .iter()
            .zip(&sources)
            .filter(|(c, s)| c.required && s.is_none())
            .map(|(c, _)| c.name)
            .collect();
        if !missing.is_empty() {
            return Err(HeaderError::Missing {
                dataset: dataset.name.to_string(),
                missing: missing.join(", "),
                found: header.join(", "),
            });
        }
        Ok(RowParser {
            dataset,
            sources,
            readings,
            ignored,
            units,
            width: header.len(),
        })
    }

    /// The dataset this parser fills.
    pub fn dataset(&self) -> &'static Dataset {
        self.dataset
    }

    /// The number of cells a row must have (the header's).
    pub fn width(&self) -> usize {
        self.width
    }

    /// Each dataset column with the index of the input cell holding it (`None`: absent, read
    /// as an empty cell) and how its cells are read: what [`RowParser::parse`] applies.
    pub fn plan(&self) -> impl Iterator<Item = (&'static Column, Option<usize>, Reading)> + '_ {
        let columns = self.dataset.columns.iter();
        columns
            .zip(&self.sources)
            .zip(&self.readings)
            .map(|((column, source), reading)| (column, *source, *reading))
    }

    /// Parses one row of cells. On failure, returns every problem found in the row.
    pub fn parse(&self, cells: &[Cell]) -> Result<Vec<Value>, Vec<CellError>> {
        let mut values = Vec::with_capacity(self.dataset.columns.len() + 2);
        let mut errors = Vec::new();
        if cells.len() != self.width {
            errors.push(CellError {
                column: "*".into(),
                value: format!("{} fields", cells.len()),
                reason: format!(
                    "row has {} fields, the header has {}",
                    cells.len(),
                    self.width
                ),
            });
            return Err(errors);
        }
        let columns = self.dataset.columns.iter().zip(&self.sources);
        for ((column, source), reading) in columns.zip(&self.readings) {
            let cell = source.map_or(&Cell::Empty, |i| &cells[i]);
            match cell::parse_cell(column, cell, *reading, &mut values) {
                Ok(()) => {}
                Err(reason) => {
                    errors.push(CellError {
                        column: column.name.into(),
                        value: cell.display(),
                        reason,
                    });
                    // Keep the row's width, so later cells land in their columns.
                    let width = if column.kind == ColumnKind::Period {
                        3
                    } else {
                        1
                    };
                    values.extend(std::iter::repeat_n(Value::Null, width));
                }
            }
        }
        if errors.is_empty() {
            Ok(values)
        } else {
            Err(errors)
        }
    }
}

/// Where a row came from: the index of its file in the ingest, and its line or row number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowLocation {
    /// Index of the file among the files of one ingest.
    pub file: u32,
    /// One-based row number in the file, header included (as a spreadsheet shows it).
    pub row: u64,
}

/// Detects duplicate keys across all rows of one ingest.
///
/// Keeps a 128-bit hash of each key, not the key itself, so that 100 million rows fit in
/// memory (24 bytes a key, the location packed); a false duplicate needs a 128-bit
/// collision. Keys can be hashed anywhere ([`KeyIndex::hash`], on the threads that read
/// the rows) and are inserted in the order of the rows, so the first of two rows is kept.
#[derive(Debug)]
pub struct KeyIndex {
    positions: Vec<usize>,
    seen: HashMap<u128, u64, foldhash::fast::FixedState>,
}

/// Bits of a packed location that hold the row: rows up to 2^48 in a file.
const ROW_BITS: u32 = 48;

impl KeyIndex {
    /// An empty index for a dataset's key.
    pub fn new(dataset: &Dataset) -> KeyIndex {
        let stored = dataset.stored_columns();
        let positions = dataset
            .key
            .iter()
            .filter_map(|k| stored.iter().position(|c| c.name == *k))
            .collect();
        KeyIndex {
            positions,
            seen: HashMap::default(),
        }
    }

    /// The hash of a key given as the text of its parts, in the key's order (a whole
    /// number as its decimal digits).
    pub fn hash(parts: impl IntoIterator<Item = impl AsRef<str>>) -> u128 {
        let mut lo = DefaultHasher::new();
        let mut hi = DefaultHasher::new();
        0xA5u8.hash(&mut hi);
        for part in parts {
            part.as_ref().hash(&mut lo);
            part.as_ref().hash(&mut hi);
        }
        (u128::from(hi.finish()) << 64) | u128::from(lo.finish())
    }

    /// A value as a part of a key: text as is, a whole number as its digits.
    pub fn part(value: &Value) -> std::borrow::Cow<'_, str> {
        match value {
            Value::Text(s) => s.as_str().into(),
            Value::Int(i) => i.to_string().into(),
            _ => "".into(),
        }
    }

    /// Records a row's key; if the key was seen before, returns where.
    pub fn insert(&mut self, values: &[Value], at: RowLocation) -> Option<RowLocation> {
        let key = Self::hash(self.positions.iter().map(|&p| Self::part(&values[p])));
        self.insert_hash(key, at)
    }

    /// Records a key by its [`KeyIndex::hash`]; if it was seen before, returns where.
    pub fn insert_hash(&mut self, key: u128, at: RowLocation) -> Option<RowLocation> {
        let packed = (u64::from(at.file) << ROW_BITS) | (at.row & ((1 << ROW_BITS) - 1));
        match self.seen.entry(key) {
            Entry::Occupied(e) => Some(RowLocation {
                file: (*e.get() >> ROW_BITS) as u32,
                row: *e.get() & ((1 << ROW_BITS) - 1),
            }),
            Entry::Vacant(e) => {
                e.insert(packed);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::TRADE;

    fn header(cols: &[&str]) -> Vec<String> {
        cols.iter().map(|s| s.to_string()).collect()
    }

    fn cells(cols: &[&str]) -> Vec<Cell> {
        cols.iter().map(|s| Cell::Text(s.to_string())).collect()
    }

    #[test]
    fn chinese_headers_and_spellings_are_normalised() {
        let h = header(&[
            "月份",
            "进出口",
            "城市",
            "国别",
            "商品编码",
            "贸易方式",
            "企业性质",
            "人民币",
            "美元",
            "备注",
        ]);
        let p = RowParser::new(&TRADE, &h, DecimalMark::Point).expect("header");
        assert_eq!(p.ignored, ["备注"]);
        let row = p
            .parse(&cells(&[
                "2024年4月",
                "出口",
                "深圳市",
                "美国",
                "8517.13",
                "0110",
                "民营",
                "1,000.5",
                "140",
                "x",
            ]))
            .expect("valid row");
        assert_eq!(row[0], Value::Text("2024-04".into()));
        assert_eq!(row[3], Value::Text("export".into()));
        assert_eq!(row[4], Value::Text("440300".into()));
        assert_eq!(row[5], Value::Text("USA".into()));
        assert_eq!(row[6], Value::Text("851713".into()));
        assert_eq!(row[9], Value::Float(1000.5));
        assert_eq!(row[10], Value::Float(140.0));
        assert_eq!(row[11], Value::Null, "optional quantity");
    }

    #[test]
    fn every_problem_of_a_row_is_reported() {
        let h: Vec<String> = TRADE.columns.iter().map(|c| c.name.to_string()).collect();
        let p = RowParser::new(&TRADE, &h, DecimalMark::Point).expect("header");
        let errs = p
            .parse(&cells(&[
                "2024-13", "export", "110100", "XX", "7701", "general", "private", "-5", "abc", "",
            ]))
            .expect_err("bad row");
        let cols: Vec<&str> = errs.iter().map(|e| e.column.as_str()).collect();
        assert_eq!(
            cols,
            [
                "period",
                "city",
                "partner",
                "product",
                "value_cny",
                "value_usd"
            ]
        );
        assert!(errs[4].reason.contains("negative"));
    }

    #[test]
    fn units_in_headers_scale_values_and_are_recorded() {
        let h = header(&[
            "月份",
            "进出口",
            "城市",
            "国别",
            "商品编码",
            "贸易方式",
            "企业性质",
            "人民币(万元)",
            "千美元",
        ]);
        let p = RowParser::new(&TRADE, &h, DecimalMark::Point).expect("header");
        let units: Vec<(&str, i32)> = p
            .units
            .iter()
            .map(|u| (u.column.as_str(), u.exp10))
            .collect();
        assert_eq!(units, [("value_cny", 4), ("value_usd", 3)]);
        let row = p
            .parse(&cells(&[
                "2024-04", "出口", "深圳", "美国", "851713", "0110", "民营", "1,234.56", "17.5",
            ]))
            .expect("row");
        assert_eq!(row[9], Value::Float(12_345_600.0));
        assert_eq!(row[10], Value::Float(17_500.0));
        let wrong = header(&[
            "月份",
            "进出口",
            "城市",
            "国别",
            "商品编码",
            "贸易方式",
            "企业性质",
            "人民币(万美元)",
            "美元",
        ]);
        let err = RowParser::new(&TRADE, &wrong, DecimalMark::Point).expect_err("currency");
        assert!(err.to_string().contains("value_cny holds yuan"), "{err}");
    }

    #[test]
    fn missing_columns_are_named() {
        let err = RowParser::new(&TRADE, &header(&["period", "flow"]), DecimalMark::Point)
            .expect_err("missing");
        assert!(err.to_string().contains("city, partner, product"), "{err}");
    }

    #[test]
    fn duplicate_keys_are_found() {
        let mut idx = KeyIndex::new(&TRADE);
        let row = |v: f64| {
            let mut r: Vec<Value> = [
                "2024-04", "", "", "export", "440300", "USA", "851713", "general", "private",
            ]
            .iter()
            .map(|s| Value::Text(s.to_string()))
            .collect();
            r.extend([Value::Float(v), Value::Float(v), Value::Null]);
            r
        };
        let a = RowLocation { file: 0, row: 2 };
        assert_eq!(idx.insert(&row(1.0), a), None);
        assert_eq!(
            idx.insert(&row(2.0), RowLocation { file: 1, row: 9 }),
            Some(a)
        );
    }
}
