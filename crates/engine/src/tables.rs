//! The tables of a session: every committed version of every dataset (`trade_v3`, the
//! chosen one as `trade`), their rollups, the reference lists and group functions. The
//! caller's [`Scope`] is applied here, to every table, as views: a city bureau's session
//! holds only its own city's rows (and city totals for the map), so every query inherits it.

use std::collections::BTreeMap;
use std::sync::Arc;

use arrow::array::{Array, ArrayRef, BooleanArray, StringArray};
use arrow::datatypes::DataType;
use datafusion::common::{DFSchema, ScalarValue};
use datafusion::dataframe::DataFrame;
use datafusion::functions_aggregate::expr_fn::sum;
use datafusion::logical_expr::{
    ColumnarValue, EmptyRelation, Expr, LogicalPlan, LogicalPlanBuilder, Volatility, create_udf,
};
use datafusion::prelude::{ParquetReadOptions, SessionContext, cast, col, lit};
use linkages_core::access::Scope;
use linkages_core::classify::{
    self, CITIES, COUNTRIES, HS_CHAPTERS, PARTNER_GROUPS, PRODUCT_GROUPS,
};
use linkages_core::dataset::{Dataset, Rollup};

use crate::convert::text_as;
use crate::error::Result;
use crate::sql::{AsOf, SessionOptions, TableInfo, choose};
use crate::store::Store;

/// What a registered rollup holds: its grouping columns, and whether it counts the rows
/// each of its rows sums (needed to suppress small published cells).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RollupInfo {
    /// Grouping columns available.
    pub keys: Vec<&'static str>,
    /// Whether it has the `row_count` column.
    pub counted: bool,
}

/// Rollup tables by name (`trade_v3_by_partner`).
pub(crate) type Rollups = BTreeMap<String, RollupInfo>;

/// Registers every version of a dataset as `<dataset>_v<N>` and the chosen one as
/// `<dataset>` (an empty table when there is none); a damaged old version is skipped.
pub(crate) async fn register_dataset(
    ctx: &SessionContext,
    store: &Store,
    dataset: &'static Dataset,
    as_of: &AsOf,
    options: &SessionOptions,
    rollups: &mut Rollups,
) -> Result<TableInfo> {
    let versions = store.versions(dataset)?;
    let chosen = choose(store, dataset, &versions, as_of)?;
    for &v in &versions {
        let name = format!("{}_v{v}", dataset.name);
        let registered = register_version(ctx, store, dataset, v, &name, options, rollups).await;
        // A damaged old version must not stop queries on the others.
        if let Err(e) = registered {
            if Some(v) == chosen {
                return Err(e);
            }
            tracing::warn!(dataset = dataset.name, version = v, error = %e, "version not readable; `linkages check` names the damaged file");
        }
    }
    let Some(v) = chosen else {
        let schema = DFSchema::try_from(text_as(dataset, DataType::Utf8View).as_ref().clone())?;
        let empty = LogicalPlan::EmptyRelation(EmptyRelation {
            produce_one_row: false,
            schema: Arc::new(schema),
        });
        ctx.register_table(dataset.name, DataFrame::new(ctx.state(), empty).into_view())?;
        return Ok(TableInfo {
            dataset: dataset.name,
            version: None,
        });
    };
    register_version(ctx, store, dataset, v, dataset.name, options, rollups).await?;
    Ok(TableInfo {
        dataset: dataset.name,
        version: Some(store.info(dataset, v)?),
    })
}

/// The city a scope restricts a dataset's rows to, if it has a city column.
fn city_of(scope: Scope, dataset: &Dataset) -> Option<&'static str> {
    match scope {
        Scope::City(code) if dataset.column("city").is_some() => Some(code),
        _ => None,
    }
}

/// Registers a version as `name`, and each of its rollups as `<name>_<rollup>`, as the
/// scope allows: for a city, its rows and, of the rollups with cities, the city totals.
async fn register_version(
    ctx: &SessionContext,
    store: &Store,
    dataset: &Dataset,
    version: u32,
    name: &str,
    session: &SessionOptions,
    rollups: &mut Rollups,
) -> Result<()> {
    let dir = store.version_dir(dataset, version);
    // The files' own schema: text columns are dictionaries in versions written since
    // dictionaries were stored and plain strings in older ones. A version without rows has
    // no file to read a schema from: its text is `Utf8View`, as DataFusion reads it.
    let schema = text_as(dataset, DataType::Utf8View);
    let has_rows = crate::store::has_rows(&dir).unwrap_or(false);
    let options = ParquetReadOptions {
        schema: (!has_rows).then_some(&schema),
        ..Default::default()
    };
    let rows = ctx
        .read_parquet(format!("{}/", dir.display()), options)
        .await?;
    let city = city_of(session.scope, dataset);
    let plain = session.cluster.is_some();
    let rows = plain_text(rows, plain)?;
    let rows = match city {
        Some(code) => rows.filter(col("city").eq(lit(code)))?,
        None => rows,
    };
    ctx.register_table(name, rows.into_view())?;
    for rollup in dataset.rollups {
        let path = crate::rollup::path(&dir, rollup);
        // Versions written before rollups existed have none: queries read the rows.
        if path.exists() {
            let table = format!("{name}_{}", rollup.name);
            if let Some(info) =
                register_rollup(ctx, dataset, rollup, &path, &table, (city, plain)).await?
            {
                rollups.insert(table, info);
            }
        }
    }
    Ok(())
}

/// The rows with their dictionary columns as plain text when `plain` (a cluster session):
/// Ballista's shuffle does not keep dictionaries (an executor reading a shuffled column of
/// a dictionary type gets plain text, and refuses the mismatch).
fn plain_text(df: DataFrame, plain: bool) -> Result<DataFrame> {
    if !plain {
        return Ok(df);
    }
    let columns: Vec<Expr> = df
        .schema()
        .fields()
        .iter()
        .map(|f| match f.data_type() {
            DataType::Dictionary(_, value) => {
                cast(col(f.name()), value.as_ref().clone()).alias(f.name())
            }
            _ => col(f.name()),
        })
        .collect();
    Ok(df.select(columns)?)
}

/// Registers one rollup; with a city scope, a rollup with cities becomes the city totals
/// (summed over its other keys) and one without stays the province's.
async fn register_rollup(
    ctx: &SessionContext,
    dataset: &Dataset,
    rollup: &Rollup,
    path: &std::path::Path,
    table: &str,
    (city, plain): (Option<&'static str>, bool),
) -> Result<Option<RollupInfo>> {
    let options = ParquetReadOptions {
        file_extension: crate::rollup::EXTENSION,
        ..Default::default()
    };
    let df = ctx
        .read_parquet(path.display().to_string(), options)
        .await?;
    let df = plain_text(df, plain)?;
    let counted = df
        .schema()
        .has_column_with_unqualified_name(crate::rollup::ROW_COUNT);
    let keys: Vec<&'static str> = rollup.keys.to_vec();
    if city.is_none() || !keys.contains(&"city") {
        ctx.register_table(table, df.into_view())?;
        return Ok(Some(RollupInfo { keys, counted }));
    }
    let totals: Vec<&'static str> = keys
        .iter()
        .copied()
        .filter(|k| matches!(*k, "period" | "year" | "month" | "flow" | "city"))
        .collect();
    let mut measures: Vec<_> = dataset
        .measures()
        .map(|m| sum(col(m.name)).alias(m.name))
        .collect();
    if counted {
        measures.push(sum(col(crate::rollup::ROW_COUNT)).alias(crate::rollup::ROW_COUNT));
    }
    let grouped: DataFrame = df.aggregate(totals.iter().map(|k| col(*k)).collect(), measures)?;
    ctx.register_table(table, grouped.into_view())?;
    Ok(Some(RollupInfo {
        keys: totals,
        counted,
    }))
}

fn strings<'a>(values: impl IntoIterator<Item = &'a str>) -> ArrayRef {
    Arc::new(StringArray::from_iter_values(values))
}

/// A view of a few rows written out as `VALUES` in its plan: unlike a table in memory, a
/// plan of values can be sent to a cluster's executors.
fn values(ctx: &SessionContext, columns: Vec<(&str, ArrayRef)>) -> Result<DataFrame> {
    let rows = columns.first().map_or(0, |(_, a)| a.len());
    let mut values = Vec::with_capacity(rows);
    for i in 0..rows {
        let row: Vec<Expr> = columns
            .iter()
            .map(|(_, a)| ScalarValue::try_from_array(a, i).map(lit))
            .collect::<datafusion::error::Result<_>>()?;
        values.push(row);
    }
    let named: Vec<Expr> = columns
        .iter()
        .enumerate()
        .map(|(i, (name, _))| col(format!("column{}", i + 1)).alias(*name))
        .collect();
    let plan = LogicalPlanBuilder::values(values)?
        .project(named)?
        .build()?;
    Ok(DataFrame::new(ctx.state(), plan))
}

/// Registers the reference lists as tables and the group membership functions.
pub(crate) fn register_reference(ctx: &SessionContext) -> Result<()> {
    let add = |name: &str, columns: Vec<(&str, ArrayRef)>| -> Result<()> {
        ctx.register_table(name, values(ctx, columns)?.into_view())?;
        Ok(())
    };
    add(
        "ref_countries",
        vec![
            ("alpha3", strings(COUNTRIES.iter().map(|c| c.alpha3))),
            ("alpha2", strings(COUNTRIES.iter().map(|c| c.alpha2))),
            (
                "numeric",
                Arc::new(
                    COUNTRIES
                        .iter()
                        .map(|c| i32::from(c.numeric))
                        .collect::<arrow::array::Int32Array>(),
                ),
            ),
            ("name_en", strings(COUNTRIES.iter().map(|c| c.name_en))),
            ("name_zh", strings(COUNTRIES.iter().map(|c| c.name_zh))),
        ],
    )?;
    add(
        "ref_cities",
        vec![
            ("code", strings(CITIES.iter().map(|c| c.code))),
            ("name_en", strings(CITIES.iter().map(|c| c.name_en))),
            ("name_zh", strings(CITIES.iter().map(|c| c.name_zh))),
        ],
    )?;
    add(
        "ref_hs_chapters",
        vec![
            ("code", strings(HS_CHAPTERS.iter().map(|c| c.code))),
            ("name_en", strings(HS_CHAPTERS.iter().map(|c| c.name_en))),
            ("name_zh", strings(HS_CHAPTERS.iter().map(|c| c.name_zh))),
        ],
    )?;
    let members: Vec<(&str, &str)> = PARTNER_GROUPS
        .iter()
        .flat_map(|g| g.members.iter().map(move |m| (g.code, *m)))
        .collect();
    add(
        "ref_partner_groups",
        vec![
            ("group_code", strings(members.iter().map(|m| m.0))),
            ("partner", strings(members.iter().map(|m| m.1))),
        ],
    )?;
    add(
        "ref_product_groups",
        vec![
            ("code", strings(PRODUCT_GROUPS.iter().map(|g| g.code))),
            ("name_en", strings(PRODUCT_GROUPS.iter().map(|g| g.name_en))),
            ("name_zh", strings(PRODUCT_GROUPS.iter().map(|g| g.name_zh))),
            ("source", strings(PRODUCT_GROUPS.iter().map(|g| g.source))),
        ],
    )?;
    for f in functions() {
        ctx.register_udf(f);
    }
    Ok(())
}

/// The functions of Linkages' SQL that every process planning or running a query needs
/// (a cluster's scheduler and executors too): the group membership tests.
pub(crate) fn functions() -> Vec<datafusion::logical_expr::ScalarUDF> {
    vec![
        membership_udf("in_partner_group", |code, group| {
            classify::groups::partner_group(group).is_some_and(|g| g.members.contains(&code))
        }),
        membership_udf("in_product_group", |code, group| {
            classify::groups::product_group(group).is_some_and(|g| g.contains(code))
        }),
    ]
}

/// A boolean function `name(code, group)` testing group membership; an unknown group
/// matches nothing.
fn membership_udf(name: &str, test: fn(&str, &str) -> bool) -> datafusion::logical_expr::ScalarUDF {
    let fun = Arc::new(
        move |args: &[ColumnarValue]| -> datafusion::error::Result<ColumnarValue> {
            let arrays = ColumnarValue::values_to_arrays(args)?;
            let as_strings = |a: &ArrayRef| -> datafusion::error::Result<StringArray> {
                let cast = arrow::compute::cast(a, &DataType::Utf8)?;
                Ok(cast
                    .as_any()
                    .downcast_ref::<StringArray>()
                    .cloned()
                    .unwrap_or_else(|| StringArray::new_null(a.len())))
            };
            let (codes, groups) = (as_strings(&arrays[0])?, as_strings(&arrays[1])?);
            let result: BooleanArray = (0..codes.len())
                .map(|i| {
                    (!codes.is_null(i) && !groups.is_null(i))
                        .then(|| test(codes.value(i), groups.value(i)))
                })
                .collect();
            Ok(ColumnarValue::Array(Arc::new(result)))
        },
    );
    create_udf(
        name,
        vec![DataType::Utf8, DataType::Utf8],
        DataType::Boolean,
        Volatility::Immutable,
        fun,
    )
}
