//! Row validation: raw text cells in, typed normalised values (or every reason the row is
//! refused) out. Used by every input path so that a CSV, an Excel sheet and a Parquet file
//! obey the same rules.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::dataset::{Column, ColumnKind, Dataset};
use crate::period::Period;

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

/// Parses rows of one file into a dataset's stored columns.
#[derive(Debug, Clone)]
pub struct RowParser {
    dataset: &'static Dataset,
    /// For each dataset column, the index of the input cell holding it.
    sources: Vec<Option<usize>>,
    /// Header cells that match no column; reported, not stored.
    pub ignored: Vec<String>,
    width: usize,
}

fn header_matches(header: &str, name: &str, aliases: &[&str]) -> bool {
    let h = header.trim().trim_start_matches('\u{feff}');
    h.eq_ignore_ascii_case(name) || aliases.iter().any(|a| h.eq_ignore_ascii_case(a))
}

impl RowParser {
    /// Matches a header row to the dataset's columns (canonical names or aliases).
    pub fn new(dataset: &'static Dataset, header: &[String]) -> Result<RowParser, HeaderError> {
        let mut sources: Vec<Option<usize>> = vec![None; dataset.columns.len()];
        let mut ignored = Vec::new();
        for (i, h) in header.iter().enumerate() {
            match dataset
                .columns
                .iter()
                .position(|c| header_matches(h, c.name, c.aliases))
            {
                Some(ci) => {
                    if let Some(prev) = sources[ci] {
                        return Err(HeaderError::Ambiguous {
                            column: dataset.columns[ci].name.to_string(),
                            first: header[prev].clone(),
                            second: h.clone(),
                        });
                    }
                    sources[ci] = Some(i);
                }
                None => ignored.push(h.clone()),
            }
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
            ignored,
            width: header.len(),
        })
    }

    /// The dataset this parser fills.
    pub fn dataset(&self) -> &'static Dataset {
        self.dataset
    }

    /// Parses one row of raw cells. On failure, returns every problem found in the row.
    pub fn parse<S: AsRef<str>>(&self, cells: &[S]) -> Result<Vec<Value>, Vec<CellError>> {
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
        for (column, source) in self.dataset.columns.iter().zip(&self.sources) {
            let raw = source.map(|i| cells[i].as_ref()).unwrap_or("");
            match parse_cell(column, raw, &mut values) {
                Ok(()) => {}
                Err(reason) => {
                    errors.push(CellError {
                        column: column.name.into(),
                        value: raw.into(),
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

/// Appends the stored values of one cell to `out` (three for a period: `period`, `year`,
/// `month`), or says why it is refused (appending nothing).
fn parse_cell(column: &Column, raw: &str, out: &mut Vec<Value>) -> Result<(), String> {
    let width = if column.kind == ColumnKind::Period {
        3
    } else {
        1
    };
    if raw.trim().is_empty() {
        if column.required {
            return Err("missing value".into());
        }
        out.extend(std::iter::repeat_n(Value::Null, width));
        return Ok(());
    }
    match column.kind {
        ColumnKind::Period => {
            let p = raw.parse::<Period>().map_err(|e| e.to_string())?;
            out.extend([
                Value::Text(p.to_string()),
                Value::Int(i64::from(p.year)),
                Value::Int(i64::from(p.month)),
            ]);
        }
        ColumnKind::Year => match raw.trim().parse::<i32>() {
            Ok(y) if (1900..=2100).contains(&y) => out.push(Value::Int(i64::from(y))),
            _ => return Err("not a year (1900-2100)".into()),
        },
        ColumnKind::Code(list) => match list.normalise(raw) {
            Some(code) => out.push(Value::Text(code)),
            None => return Err(format!("not a known {}", list.name())),
        },
        ColumnKind::Amount | ColumnKind::Quantity => match parse_number(raw)? {
            v if v < 0.0 => {
                return Err("negative value; amounts and quantities must be >= 0".into());
            }
            v => out.push(Value::Float(v)),
        },
        ColumnKind::Count => match parse_number(raw)? {
            v if v < 0.0 => return Err("negative count".into()),
            v if v.fract() != 0.0 || v > 9.0e15 => return Err("not a whole number".into()),
            v => out.push(Value::Int(v as i64)),
        },
    }
    Ok(())
}

/// Parses a number as written in statistical files: thousands separators (`1,234.5`) and
/// surrounding spaces are accepted; NaN and infinities are not.
pub fn parse_number(raw: &str) -> Result<f64, String> {
    let cleaned: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '_'))
        .collect();
    match cleaned.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err("not a number".into()),
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
/// memory; a false duplicate needs a 128-bit collision.
#[derive(Debug)]
pub struct KeyIndex {
    positions: Vec<usize>,
    seen: HashMap<u128, RowLocation>,
}

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
            seen: HashMap::new(),
        }
    }

    /// Records a row's key; if the key was seen before, returns where.
    pub fn insert(&mut self, values: &[Value], at: RowLocation) -> Option<RowLocation> {
        let mut lo = DefaultHasher::new();
        let mut hi = DefaultHasher::new();
        0xA5u8.hash(&mut hi);
        for &p in &self.positions {
            let part: std::borrow::Cow<str> = match &values[p] {
                Value::Text(s) => s.into(),
                Value::Int(i) => i.to_string().into(),
                _ => "".into(),
            };
            part.hash(&mut lo);
            part.hash(&mut hi);
        }
        let key = (u128::from(hi.finish()) << 64) | u128::from(lo.finish());
        match self.seen.entry(key) {
            Entry::Occupied(e) => Some(*e.get()),
            Entry::Vacant(e) => {
                e.insert(at);
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
        let p = RowParser::new(&TRADE, &h).expect("header");
        assert_eq!(p.ignored, ["备注"]);
        let row = p
            .parse(&[
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
            ])
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
        let p = RowParser::new(&TRADE, &h).expect("header");
        let errs = p
            .parse(&[
                "2024-13", "export", "110100", "XX", "7701", "general", "private", "-5", "abc", "",
            ])
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
    fn missing_columns_are_named() {
        let err = RowParser::new(&TRADE, &header(&["period", "flow"])).expect_err("missing");
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
