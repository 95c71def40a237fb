//! Year-to-date (cumulative, 累计) tables, as customs and MOFCOM publish them: month values
//! are the differences of consecutive cumulative values of the same key. A key's first
//! month in a year takes the cumulative value through the month before from the previous
//! version (or, when there is none, holds every month from January: the January–February
//! of the Spring Festival, published together, stays one two-month value, flagged). A
//! cumulative value below the one before is quarantined with both values. The published
//! cumulative values are kept with the version (`cumulative.csv`).

use std::collections::{BTreeMap, HashMap};

use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext, col, lit};
use linkages_core::dataset::ColumnKind;
use linkages_core::{CellError, Dataset, RowLocation, Value};

use super::intake::{Intake, Kept};
use crate::convert::arrow_schema;
use crate::error::{IoContext, Result};
use crate::store::Store;
use crate::table::Table;

/// What differencing found: rows refused and months holding more than one month.
#[derive(Debug, Default)]
pub(crate) struct Differenced {
    /// Rows whose cumulative value falls (moved from stored to quarantined).
    pub rejected: Vec<RowLocation>,
    /// Periods whose value covers several months, with the months (`2024-02 holds 2024-01..02`).
    pub combined: BTreeMap<String, String>,
}

/// Where the stored columns are: key columns other than the period, year, month, measures.
struct Layout {
    key: Vec<usize>,
    year: usize,
    month: usize,
    measures: Vec<usize>,
    names: Vec<&'static str>,
}

impl Layout {
    fn of(dataset: &Dataset) -> Layout {
        let stored = dataset.stored_columns();
        let at = |name: &str| stored.iter().position(|c| c.name == name).unwrap_or(0);
        let names: Vec<&'static str> = dataset
            .columns
            .iter()
            .filter(|c| {
                matches!(
                    c.kind,
                    ColumnKind::Amount | ColumnKind::Count | ColumnKind::Quantity
                )
            })
            .map(|c| c.name)
            .collect();
        let measures = names.iter().map(|c| at(c)).collect();
        Layout {
            key: dataset
                .key
                .iter()
                .filter(|k| **k != "period")
                .map(|k| at(k))
                .collect(),
            year: at("year"),
            month: at("month"),
            measures,
            names,
        }
    }

    /// A key's text, without its period.
    fn key(&self, values: &[Value]) -> String {
        let parts: Vec<String> = self.key.iter().map(|&i| values[i].to_string()).collect();
        parts.join("\u{1f}")
    }

    fn number(v: &Value) -> Option<f64> {
        match v {
            Value::Float(x) => Some(*x),
            Value::Int(i) => Some(*i as f64),
            _ => None,
        }
    }
}

/// Differences the kept cumulative rows into month values, pushed to the intake.
pub(crate) async fn difference(
    store: &Store,
    dataset: &'static Dataset,
    previous: Option<u32>,
    intake: &mut Intake<'_>,
) -> Result<Differenced> {
    let layout = Layout::of(dataset);
    let kept = std::mem::take(&mut intake.kept);
    write_cumulative(intake, dataset, &kept)?;
    let mut groups: BTreeMap<(String, i64), Vec<usize>> = BTreeMap::new();
    for (i, k) in kept.iter().enumerate() {
        let year = match k.values[layout.year] {
            Value::Int(y) => y,
            _ => 0,
        };
        groups
            .entry((layout.key(&k.values), year))
            .or_default()
            .push(i);
    }
    let before = match previous {
        Some(v) => earlier_months(store, dataset, v, &layout, &kept).await?,
        None => HashMap::new(),
    };
    let mut found = Differenced::default();
    for ((key, year), mut rows) in groups {
        rows.sort_by_key(|&i| month(&kept[i], &layout));
        let start = before.get(&(key, year));
        group(intake, &layout, &kept, &rows, start, &mut found)?;
    }
    Ok(found)
}

fn month(k: &Kept, layout: &Layout) -> i64 {
    match k.values[layout.month] {
        Value::Int(m) => m,
        _ => 0,
    }
}

/// One key's months of one year, in order.
fn group(
    intake: &mut Intake<'_>,
    layout: &Layout,
    kept: &[Kept],
    rows: &[usize],
    start: Option<&(i64, Vec<f64>)>,
    found: &mut Differenced,
) -> Result<()> {
    // The cumulative value through the last month accounted for, and that month.
    let (mut through, mut last) = match start {
        Some((m, cum)) => (cum.clone(), *m),
        None => (vec![0.0; layout.measures.len()], 0),
    };
    for &i in rows {
        let k = &kept[i];
        let m = month(k, layout);
        let cum: Vec<f64> = layout
            .measures
            .iter()
            .map(|&c| Layout::number(&k.values[c]).unwrap_or(0.0))
            .collect();
        if let Some(problem) = falls(layout, k, &cum, &through, last) {
            let file = intake.file_of(k.at).to_path_buf();
            intake
                .quarantine
                .reject(&file, k.at.row, &[problem], &k.cells)?;
            found.rejected.push(k.at);
            continue;
        }
        if m > last + 1 {
            let period = k.values[0].to_string();
            let from = format!("{}-{:02}", period.get(..4).unwrap_or(""), last + 1);
            found
                .combined
                .insert(period.clone(), format!("{period} holds {from}..{:02}", m));
        }
        let mut values = k.values.clone();
        for (j, &c) in layout.measures.iter().enumerate() {
            if values[c] != Value::Null {
                values[c] = match values[c] {
                    Value::Int(_) => Value::Int((cum[j] - through[j]).round() as i64),
                    _ => Value::Float(cum[j] - through[j]),
                };
            }
        }
        intake.push(values)?;
        (through, last) = (cum, m);
    }
    Ok(())
}

/// Why a cumulative value cannot follow the one before, if it cannot.
fn falls(layout: &Layout, k: &Kept, cum: &[f64], through: &[f64], last: i64) -> Option<CellError> {
    let j = (0..cum.len()).find(|&j| cum[j] < through[j])?;
    let period = k.values[0].to_string();
    Some(CellError {
        column: layout.names[j].to_string(),
        value: cum[j].to_string(),
        reason: format!(
            "cumulative value {} in {period} is below {} through month {last}: a month cannot be negative",
            cum[j], through[j]
        ),
    })
}

/// For keys whose first month in the input is not January: the cumulative value through the
/// month before, summed from the previous version's months.
async fn earlier_months(
    store: &Store,
    dataset: &Dataset,
    version: u32,
    layout: &Layout,
    kept: &[Kept],
) -> Result<HashMap<(String, i64), (i64, Vec<f64>)>> {
    let mut first: HashMap<(String, i64), i64> = HashMap::new();
    for k in kept {
        let year = match k.values[layout.year] {
            Value::Int(y) => y,
            _ => 0,
        };
        let e = first
            .entry((layout.key(&k.values), year))
            .or_insert(i64::MAX);
        *e = (*e).min(month(k, layout));
    }
    let years: Vec<i64> = first.keys().map(|(_, y)| *y).collect();
    let rows = previous_rows(store, dataset, version, &years).await?;
    let mut out: HashMap<(String, i64), (i64, Vec<f64>)> = HashMap::new();
    for values in rows {
        let (Value::Int(year), Value::Int(m)) = (&values[layout.year], &values[layout.month])
        else {
            continue;
        };
        let key = (layout.key(&values), *year);
        let Some(&first_month) = first.get(&key) else {
            continue;
        };
        if *m >= first_month {
            continue;
        }
        let entry = out
            .entry(key)
            .or_insert((first_month - 1, vec![0.0; layout.measures.len()]));
        for (j, &c) in layout.measures.iter().enumerate() {
            entry.1[j] += Layout::number(&values[c]).unwrap_or(0.0);
        }
    }
    Ok(out)
}

/// The previous version's rows of some years.
async fn previous_rows(
    store: &Store,
    dataset: &Dataset,
    version: u32,
    years: &[i64],
) -> Result<Vec<Vec<Value>>> {
    let config = SessionConfig::new().set_bool(
        "datafusion.execution.parquet.schema_force_view_types",
        false,
    );
    let ctx = SessionContext::new_with_config(config);
    let dir = store.version_dir(dataset, version);
    let schema = arrow_schema(dataset);
    let options = ParquetReadOptions {
        schema: Some(&schema),
        ..Default::default()
    };
    let years: Vec<_> = years.iter().map(|y| lit(*y as i32)).collect();
    let df = ctx
        .read_parquet(format!("{}/", dir.display()), options)
        .await?
        .filter(col("year").in_list(years, false))?;
    let schema = std::sync::Arc::new(df.schema().as_arrow().clone());
    let batches = df.collect().await?;
    Table::new(schema, batches).rows()
}

/// Keeps the published cumulative rows with the version, as read (after units).
fn write_cumulative(intake: &mut Intake<'_>, dataset: &Dataset, kept: &[Kept]) -> Result<()> {
    let path = intake.staged_file(super::CUMULATIVE);
    let file = std::fs::File::create(&path).at("cannot create", &path)?;
    let mut writer = csv::Writer::from_writer(file);
    let header: Vec<&str> = dataset.stored_columns().iter().map(|c| c.name).collect();
    let error = |e: csv::Error| crate::Error::Io {
        action: "cannot write",
        path: path.clone(),
        source: std::io::Error::other(e),
    };
    writer.write_record(&header).map_err(error)?;
    for k in kept {
        let row: Vec<String> = k.values.iter().map(Value::to_string).collect();
        writer.write_record(&row).map_err(error)?;
    }
    let file = writer.into_inner().map_err(|e| crate::Error::Io {
        action: "cannot write",
        path: path.clone(),
        source: e.into_error(),
    })?;
    file.sync_all().at("cannot sync", &path)?;
    Ok(())
}
