//! The checks of one chunk of CSV records, on a thread of its own: the same rules as the
//! row-by-row reader ([`super::intake::classify`]), by a fast path for the rows that pass.
//!
//! A row's code and period cells are looked up in a cache of this thread (raw bytes → the
//! values `core` parsed them into once), its numbers are read from their text without a
//! cell, and its values go straight into Arrow builders in the stored schema. Any row the
//! fast path does not accept whole (a bad value, a wrong width, maybe blank, lines spanned,
//! broken encoding) is read again by the row-by-row rules, which say what is wrong: so the
//! quarantine says exactly what the row-by-row reader says.

use std::collections::BTreeSet;
use std::collections::HashMap;
use std::sync::Arc;

use arrow::array::{
    ArrayRef, DictionaryArray, Float64Builder, Int32Array, Int32Builder, Int64Builder, RecordBatch,
    StringArray, StringDictionaryBuilder,
};
use arrow::datatypes::{DataType, Int32Type, SchemaRef};
use linkages_core::dataset::{Column, ColumnKind};
use linkages_core::validate::{Reading, parse_text};
use linkages_core::{Cell, CellError, KeyIndex, Value};

use super::IngestOptions;
use super::intake::{Outcome, classify};
use crate::error::{Error, Result};
use crate::header::Header;
use crate::readers::records::{Fields, Record, Splitter, unquoted_records};
use crate::readers::{Encoding, RawRow, cells_of, decode_field};

/// A cache of one column holding more distinct values than this is cleared and started
/// again: memory stays bounded whatever the column holds.
const CACHED: usize = 1 << 16;

/// A chunk checked: its valid rows as a batch, its refused rows with their reasons.
pub(super) struct Checked {
    /// The chunk's place in the file.
    pub index: usize,
    /// The chunk's bytes: the cells of a row found to repeat a key are read from them.
    pub bytes: Vec<u8>,
    /// Line ends in the chunk.
    pub newlines: u64,
    /// The valid rows, in the file's order, in the stored schema.
    pub batch: RecordBatch,
    /// One entry per row of `batch`.
    pub valid: Vec<Valid>,
    /// The refused rows: line (counted from the chunk's first, 1), reasons, cells as read.
    pub rejected: Vec<(u64, Vec<CellError>, Vec<Cell>)>,
    /// Records over several lines (a quoted field spanning lines): refused, once their
    /// lines are numbered in the file.
    pub spanning: Vec<Record>,
    /// Blank lines.
    pub blank: u64,
    /// The periods of the valid rows.
    pub periods: BTreeSet<String>,
}

/// A valid row of a chunk: where it is and its key's hash (inserted in order later).
pub(super) struct Valid {
    /// Its record in the chunk, lines counted from the chunk's first (1).
    pub record: Record,
    /// [`KeyIndex::hash`] of its key.
    pub key: u128,
}

/// A record's fields: field `i` ends at `ends[i]` in `output` and starts `gap` bytes after
/// the end of the one before (1 where the delimiters are still in `output`).
struct Split<'s> {
    output: &'s [u8],
    ends: &'s [usize],
    gap: usize,
}

impl Split<'_> {
    fn field(&self, i: usize) -> &[u8] {
        let start = if i == 0 {
            0
        } else {
            self.ends[i - 1] + self.gap
        };
        &self.output[start..self.ends[i]]
    }
}

/// A column of the dataset as the header's parser reads it.
struct Planned {
    column: &'static Column,
    source: Option<usize>,
    reading: Reading,
    /// Codes, periods and years: few distinct values, each parsed once per thread.
    cached: bool,
}

/// The values of one column's distinct raw cells, as parsed by `core` (`None`: refused).
#[derive(Default)]
struct Cache {
    ids: HashMap<Box<[u8]>, Option<u32>, foldhash::fast::FixedState>,
    entries: Vec<Vec<Value>>,
}

/// One column's part of a row on the fast path.
enum Slot {
    /// Values of the column's cache.
    Cached(usize, u32),
    /// A number (or a missing optional number).
    Value(Value),
}

/// An Arrow builder of one stored column.
enum Builder {
    /// A text column of a cached column: the numbers of the cache's entries.
    Keys(Int32Builder),
    Text(StringDictionaryBuilder<Int32Type>),
    Int32(Int32Builder),
    Int64(Int64Builder),
    Float(Float64Builder),
}

impl Builder {
    fn new(ty: &DataType) -> Builder {
        match ty {
            DataType::Int32 => Builder::Int32(Int32Builder::new()),
            DataType::Int64 => Builder::Int64(Int64Builder::new()),
            DataType::Float64 => Builder::Float(Float64Builder::new()),
            _ => Builder::Text(StringDictionaryBuilder::new()),
        }
    }

    fn push(&mut self, value: &Value) -> Result<()> {
        match (self, value) {
            (Builder::Text(b), Value::Text(s)) => {
                b.append(s)?;
            }
            (Builder::Text(b), Value::Null) => b.append_null(),
            (Builder::Keys(b), Value::Null) => b.append_null(),
            (Builder::Int32(b), Value::Int(i)) => b.append_value(*i as i32),
            (Builder::Int32(b), _) => b.append_null(),
            (Builder::Int64(b), Value::Int(i)) => b.append_value(*i),
            (Builder::Int64(b), _) => b.append_null(),
            (Builder::Float(b), Value::Float(x)) => b.append_value(*x),
            (Builder::Float(b), _) => b.append_null(),
            (_, other) => {
                return Err(Error::Invalid(format!("a text column given {other:?}")));
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Keys(b) => Arc::new(b.finish()),
            Builder::Text(b) => Arc::new(b.finish()),
            Builder::Int32(b) => Arc::new(b.finish()),
            Builder::Int64(b) => Arc::new(b.finish()),
            Builder::Float(b) => Arc::new(b.finish()),
        }
    }
}

/// The state of one checking thread.
pub(super) struct Checker<'a> {
    header: &'a Header,
    options: &'a IngestOptions,
    encoding: Encoding,
    delimiter: u8,
    fields: Fields,
    /// The values of the columns the files lack (`--fixed`), as cells after a row's own.
    fixed: Vec<String>,
    rows: Rows,
}

/// The parts of a checker a row is checked with (apart from the field reader, which
/// holds the row's fields meanwhile).
struct Rows {
    plan: Vec<Planned>,
    caches: Vec<Cache>,
    /// For each stored column: its dataset column and its place among that column's values.
    stored: Vec<(usize, usize)>,
    key_positions: Vec<usize>,
    period_position: usize,
    width: usize,
    schema: SchemaRef,
    builders: Vec<Builder>,
    slots: Vec<Slot>,
    scratch: Vec<Value>,
}

impl<'a> Checker<'a> {
    /// A checker of the rows below `header`.
    pub fn new(
        header: &'a Header,
        options: &'a IngestOptions,
        encoding: Encoding,
        delimiter: u8,
        key_positions: Vec<usize>,
        period_position: usize,
    ) -> Checker<'a> {
        let plan: Vec<Planned> = header
            .parser
            .plan()
            .map(|(column, source, reading)| Planned {
                column,
                source,
                reading,
                cached: matches!(
                    column.kind,
                    ColumnKind::Code(_) | ColumnKind::Period | ColumnKind::Year
                ),
            })
            .collect();
        let mut stored = Vec::new();
        for (i, p) in plan.iter().enumerate() {
            let width = if p.column.kind == ColumnKind::Period {
                3
            } else {
                1
            };
            stored.extend((0..width).map(|k| (i, k)));
        }
        let schema = crate::convert::file_schema(header.parser.dataset());
        let builders = schema
            .fields()
            .iter()
            .zip(&stored)
            .map(|(f, &(ci, _))| match f.data_type() {
                DataType::Dictionary(..) if plan[ci].cached => Builder::Keys(Int32Builder::new()),
                other => Builder::new(other),
            })
            .collect();
        let rows = Rows {
            caches: plan.iter().map(|_| Cache::default()).collect(),
            plan,
            stored,
            key_positions,
            period_position,
            width: header.parser.width(),
            schema,
            builders,
            slots: Vec::new(),
            scratch: Vec::new(),
        };
        Checker {
            header,
            options,
            encoding,
            delimiter,
            fields: Fields::new(delimiter),
            fixed: options.fixed.iter().map(|(_, v)| v.clone()).collect(),
            rows,
        }
    }

    /// Checks a chunk of whole records (the file's last may lack its line end).
    pub fn check(&mut self, index: usize, bytes: Vec<u8>) -> Result<Checked> {
        let mut records = Vec::new();
        // Most files hold no quote at all: their records are their lines.
        let quoted = memchr::memchr(b'"', &bytes).is_some();
        let newlines = if quoted {
            let mut splitter = Splitter::new(self.delimiter);
            splitter.split(&bytes, true, &mut records);
            splitter.lines(true)
        } else {
            unquoted_records(&bytes, &mut records)
        };
        let (mut valid, mut rejected, mut blank) = (Vec::new(), Vec::new(), 0);
        let (mut periods, mut spanning) = (BTreeSet::new(), Vec::new());
        for record in records {
            if record.last_line > record.first_line {
                spanning.push(record); // refused, naming its lines: where they are is known later
                continue;
            }
            let record_bytes = &bytes[record.start..record.end];
            let row = if quoted {
                let (output, ends) = self.fields.split(record_bytes);
                Split {
                    output,
                    ends,
                    gap: 0,
                }
            } else {
                let (output, ends) = self.fields.split_unquoted(record_bytes);
                Split {
                    output,
                    ends,
                    gap: 1,
                }
            };
            if let Some(key) = self
                .rows
                .fast(row, &self.fixed, self.encoding, &mut periods)?
            {
                valid.push(Valid { record, key });
                continue;
            }
            let cells = cells_of(
                self.fields.read(&bytes[record.start..record.end]),
                self.encoding,
            );
            let raw = RawRow {
                row: record.first_line,
                last_line: record.last_line,
                cells,
            };
            match classify(raw, self.header, self.options) {
                Outcome::Blank => blank += 1,
                Outcome::Rejected(problems, cells) => {
                    rejected.push((record.first_line, problems, cells));
                }
                Outcome::Valid(values, _) => {
                    valid.push(Valid {
                        record,
                        key: self.rows.push_values(&values, &mut periods)?,
                    });
                }
            }
        }
        Ok(Checked {
            index,
            newlines,
            batch: self.rows.finish()?,
            bytes,
            valid,
            rejected,
            spanning,
            blank,
            periods,
        })
    }
}

impl Rows {
    /// A row through the fast path: stored in the builders with its key's hash, or `None`
    /// when the row-by-row rules must look at it.
    fn fast(
        &mut self,
        row: Split,
        fixed: &[String],
        encoding: Encoding,
        periods: &mut BTreeSet<String>,
    ) -> Result<Option<u128>> {
        let n = row.ends.len();
        // Blank is `core`'s judgement (Unicode white space): any row it might call blank
        // goes to the row-by-row rules.
        let maybe_blank = (0..n).all(|i| {
            row.field(i)
                .iter()
                .all(|b| b.is_ascii_whitespace() || *b >= 0x80)
        });
        if maybe_blank || n + fixed.len() != self.width {
            return Ok(None);
        }
        self.slots.clear();
        for ci in 0..self.plan.len() {
            let raw: &[u8] = match self.plan[ci].source {
                Some(i) if i < n => row.field(i),
                Some(i) => fixed[i - n].as_bytes(),
                None => b"",
            };
            match self.slot(ci, raw, encoding) {
                Some(slot) => self.slots.push(slot),
                None => return Ok(None),
            }
        }
        let key = KeyIndex::hash(self.key_positions.iter().map(|&p| self.key_part(p)));
        let period = KeyIndex::part(self.value(self.period_position));
        if !periods.contains(period.as_ref()) {
            periods.insert(period.into_owned());
        }
        self.store_slots()?;
        Ok(Some(key))
    }

    /// Appends the row in `slots` to the builders: a cached text as its entry's number (the
    /// chunk's dictionary is the cache's entries), any other value as itself.
    fn store_slots(&mut self) -> Result<()> {
        for i in 0..self.stored.len() {
            let (ci, k) = self.stored[i];
            let value = match &self.slots[ci] {
                Slot::Cached(c, id) => &self.caches[*c].entries[*id as usize][k],
                Slot::Value(v) => v,
            };
            match (&mut self.builders[i], &self.slots[ci], value) {
                (Builder::Keys(b), _, Value::Null) => b.append_null(),
                (Builder::Keys(b), Slot::Cached(_, id), _) => b.append_value(*id as i32),
                (builder, _, value) => builder.push(value)?,
            }
        }
        Ok(())
    }

    /// One column's cell on the fast path, or `None` if it is refused or not text.
    fn slot(&mut self, ci: usize, raw: &[u8], encoding: Encoding) -> Option<Slot> {
        let planned = &self.plan[ci];
        if !planned.cached {
            let text = decode_field(raw, encoding)?;
            self.scratch.clear();
            parse_text(planned.column, &text, planned.reading, &mut self.scratch).ok()?;
            return self.scratch.pop().map(Slot::Value);
        }
        let cache = &mut self.caches[ci];
        if let Some(id) = cache.ids.get(raw) {
            return id.map(|id| Slot::Cached(ci, id));
        }
        let mut values = Vec::new();
        let parsed = decode_field(raw, encoding)
            .and_then(|text| parse_text(planned.column, &text, planned.reading, &mut values).ok());
        let id = parsed.map(|()| {
            cache.entries.push(values);
            (cache.entries.len() - 1) as u32
        });
        cache.ids.insert(raw.into(), id);
        id.map(|id| Slot::Cached(ci, id))
    }

    /// The text of a stored column of the row in `slots`, as [`KeyIndex`] hashes it.
    fn key_part(&self, position: usize) -> std::borrow::Cow<'_, str> {
        KeyIndex::part(self.value(position))
    }

    /// A stored column's value of the row in `slots`.
    fn value(&self, position: usize) -> &Value {
        let (ci, k) = self.stored[position];
        match &self.slots[ci] {
            Slot::Cached(c, id) => &self.caches[*c].entries[*id as usize][k],
            Slot::Value(v) => v,
        }
    }

    /// Stores a row the row-by-row rules found valid; returns its key's hash.
    fn push_values(&mut self, values: &[Value], periods: &mut BTreeSet<String>) -> Result<u128> {
        let key = KeyIndex::hash(
            self.key_positions
                .iter()
                .map(|&p| KeyIndex::part(&values[p])),
        );
        periods.insert(values[self.period_position].to_string());
        self.slots.clear();
        let mut at = 0;
        for ci in 0..self.plan.len() {
            let width = self.stored.iter().filter(|(c, _)| *c == ci).count();
            let own = values[at..at + width].to_vec();
            at += width;
            let slot = match self.plan[ci].cached {
                true => {
                    // An entry of its own: not found by raw bytes, but in the dictionary.
                    self.caches[ci].entries.push(own);
                    Slot::Cached(ci, (self.caches[ci].entries.len() - 1) as u32)
                }
                false => Slot::Value(own.into_iter().next().unwrap_or(Value::Null)),
            };
            self.slots.push(slot);
        }
        self.store_slots()?;
        Ok(key)
    }

    /// The rows stored so far as one batch; the builders start again empty, and a cache
    /// grown past its bound starts again empty too (its entries are this batch's dictionary).
    fn finish(&mut self) -> Result<RecordBatch> {
        let mut columns = Vec::with_capacity(self.builders.len());
        for (i, builder) in self.builders.iter_mut().enumerate() {
            let (ci, k) = self.stored[i];
            columns.push(match builder {
                Builder::Keys(b) => dictionary(b.finish(), &self.caches[ci].entries, k)?,
                other => other.finish(),
            });
        }
        for cache in &mut self.caches {
            if cache.entries.len() >= CACHED {
                *cache = Cache::default();
            }
        }
        Ok(RecordBatch::try_new(self.schema.clone(), columns)?)
    }
}

/// A dictionary column: the entries' texts at `k` as its values, `keys` numbering them.
fn dictionary(keys: Int32Array, entries: &[Vec<Value>], k: usize) -> Result<ArrayRef> {
    let values: StringArray = entries
        .iter()
        .map(|e| match &e[k] {
            Value::Text(s) => Some(s.as_str()),
            _ => Some(""),
        })
        .collect();
    Ok(Arc::new(DictionaryArray::<Int32Type>::try_new(
        keys,
        Arc::new(values),
    )?))
}
