//! Codes as numbers within one query: `code_key(text)` gives each distinct code a number
//! and `code_of(number)` gives the code back. The indicator queries group by
//! `code_key(t.partner)` and name members by `code_of(key)`: DataFusion groups integers
//! several times faster than strings (a string per row hashed and compared), and since a
//! version's code columns are stored as dictionaries, numbering them costs one look-up per
//! distinct code of a column chunk, not one per row.
//!
//! The numbers belong to one query ([`register`] gives each query its own table, see
//! `Session::query`), so no number outlives the query that made it: a recorded query
//! recomputes the same figures in any session.

use std::sync::{Arc, Mutex};

use arrow::array::{
    Array, ArrayRef, AsArray, DictionaryArray, Int32Array, StringArray, StringViewArray,
};
use arrow::datatypes::{DataType, Int32Type, Int64Type};
use datafusion::error::{DataFusionError, Result};
use datafusion::execution::{FunctionRegistry, SessionState};
use datafusion::logical_expr::expr_fn::SimpleScalarUDF;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionImplementation, ScalarUDF, Signature, Volatility,
};

/// Dictionaries whose numbering is kept: a column chunk's dictionary is shared by all its
/// batches, and a query reads a few columns of a few chunks at a time.
const RECENT: usize = 16;

/// The codes seen by one query, numbered in the order seen.
#[derive(Default)]
struct Codes {
    numbers: foldhash::HashMap<String, i32>,
    codes: Vec<String>,
    /// Numbers of the values of recently seen dictionaries (held, so a pointer is not reused).
    recent: Vec<(ArrayRef, Arc<Vec<Option<i32>>>)>,
}

impl Codes {
    fn number(&mut self, code: &str) -> Result<i32> {
        if let Some(&n) = self.numbers.get(code) {
            return Ok(n);
        }
        let n = i32::try_from(self.codes.len()).map_err(|_| {
            DataFusionError::Execution("code_key: more than 2^31 distinct codes".into())
        })?;
        self.numbers.insert(code.to_string(), n);
        self.codes.push(code.to_string());
        Ok(n)
    }

    /// The numbers of any array of text, `None` for nulls.
    fn numbers_of(&mut self, array: &ArrayRef) -> Result<Vec<Option<i32>>> {
        let text = arrow::compute::cast(array, &DataType::Utf8View)?;
        text.as_string_view()
            .iter()
            .map(|code| code.map(|c| self.number(c)).transpose())
            .collect()
    }

    /// The numbers of a dictionary's values.
    fn numbers_of_values(&mut self, values: &ArrayRef) -> Result<Arc<Vec<Option<i32>>>> {
        if let Some((_, numbers)) = self.recent.iter().find(|(v, _)| Arc::ptr_eq(v, values)) {
            return Ok(numbers.clone());
        }
        let numbers = Arc::new(self.numbers_of(values)?);
        if self.recent.len() == RECENT {
            self.recent.remove(0);
        }
        self.recent.push((values.clone(), numbers.clone()));
        Ok(numbers)
    }
}

/// `code_key(text)`: the number of each row's code.
fn code_key(codes: &Mutex<Codes>, array: &ArrayRef) -> Result<Int32Array> {
    let Some(dictionary) = array.as_any().downcast_ref::<DictionaryArray<Int32Type>>() else {
        let text = arrow::compute::cast(array, &DataType::Utf8View)?;
        return text_key(codes, text.as_string_view());
    };
    let numbers = lock(codes)?.numbers_of_values(dictionary.values())?;
    let keys = dictionary.keys();
    if keys.null_count() == 0 && numbers.iter().all(Option::is_some) {
        // The common case, without a null test per row (keys index the values: checked
        // when the dictionary was made).
        let numbers: Vec<i32> = numbers.iter().map(|n| n.unwrap_or_default()).collect();
        return Ok(keys.values().iter().map(|&k| numbers[k as usize]).collect());
    }
    Ok(keys
        .iter()
        .map(|k| k.and_then(|k| numbers.get(k as usize).copied().flatten()))
        .collect())
}

/// `code_key` of text that is not a dictionary (versions written before dictionaries were
/// stored, rollups, expressions). The batch's distinct codes are found first, outside the
/// lock (partitions run in parallel), a code of up to 12 bytes by its whole view (length
/// and bytes in one integer).
fn text_key(codes: &Mutex<Codes>, text: &StringViewArray) -> Result<Int32Array> {
    let mut short = foldhash::HashMap::<u128, u32>::default();
    let mut long = foldhash::HashMap::<&str, u32>::default();
    let mut distinct: Vec<&str> = Vec::new();
    let mut rows = Vec::with_capacity(text.len());
    for (i, &view) in text.views().iter().enumerate() {
        if text.is_null(i) {
            rows.push(0);
            continue;
        }
        let mut new = || {
            distinct.push(text.value(i));
            distinct.len() as u32 - 1
        };
        let id = if view as u32 <= 12 {
            *short.entry(view).or_insert_with(&mut new)
        } else {
            *long.entry(text.value(i)).or_insert_with(new)
        };
        rows.push(id);
    }
    let numbers = {
        let mut codes = lock(codes)?;
        distinct
            .iter()
            .map(|c| codes.number(c))
            .collect::<Result<Vec<i32>>>()?
    };
    let values: Vec<i32> = rows
        .iter()
        .map(|&r| numbers.get(r as usize).copied().unwrap_or_default())
        .collect();
    Ok(Int32Array::new(values.into(), text.nulls().cloned()))
}

fn lock(codes: &Mutex<Codes>) -> Result<std::sync::MutexGuard<'_, Codes>> {
    codes
        .lock()
        .map_err(|_| DataFusionError::Execution("code numbering poisoned".into()))
}

/// `code_of(number)`: the code of each number, NULL for a number the query did not give.
fn code_of(codes: &Mutex<Codes>, array: &ArrayRef) -> Result<StringArray> {
    let codes = lock(codes)?;
    let numbers = arrow::compute::cast(array, &DataType::Int64)?;
    Ok(numbers
        .as_primitive::<Int64Type>()
        .iter()
        .map(|n| n.and_then(|n| codes.codes.get(usize::try_from(n).ok()?)))
        .collect())
}

fn udf(
    name: &str,
    signature: Signature,
    returns: DataType,
    codes: Arc<Mutex<Codes>>,
    f: fn(&Mutex<Codes>, &ArrayRef) -> Result<ArrayRef>,
) -> ScalarUDF {
    let fun: ScalarFunctionImplementation = Arc::new(move |args: &[ColumnarValue]| {
        let arrays = ColumnarValue::values_to_arrays(args)?;
        let [array] = arrays.as_slice() else {
            return Err(DataFusionError::Plan("expects one argument".into()));
        };
        f(&codes, array).map(ColumnarValue::Array)
    });
    ScalarUDF::from(SimpleScalarUDF::new_with_signature(
        name, signature, returns, fun,
    ))
}

/// Registers `code_key` and `code_of` in a query's state, with a numbering of its own.
pub(crate) fn register(state: &mut SessionState) -> Result<()> {
    let codes = Arc::new(Mutex::new(Codes::default()));
    state.register_udf(Arc::new(udf(
        "code_key",
        Signature::any(1, Volatility::Immutable),
        DataType::Int32,
        codes.clone(),
        |c, a| Ok(Arc::new(code_key(c, a)?)),
    )))?;
    state.register_udf(Arc::new(udf(
        "code_of",
        Signature::uniform(1, vec![DataType::Int64], Volatility::Immutable),
        DataType::Utf8,
        codes,
        |c, a| Ok(Arc::new(code_of(c, a)?)),
    )))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use arrow::array::{RecordBatch, StringArray};
    use arrow::datatypes::{Field, Schema};
    use datafusion::dataframe::DataFrame;
    use datafusion::datasource::MemTable;
    use datafusion::prelude::SessionContext;

    use super::*;

    /// Two batches sharing one dictionary (as a column chunk's batches do), with a NULL, and
    /// the same codes as plain text (short codes are numbered by their view, long ones by
    /// their bytes).
    fn table() -> MemTable {
        let dictionary_type =
            DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8));
        let schema = Arc::new(Schema::new(vec![
            Field::new("code", dictionary_type, true),
            Field::new("text", DataType::Utf8, true),
        ]));
        let values: ArrayRef = Arc::new(StringArray::from(vec![
            "general",
            "other",
            "cross_border_ecommerce",
        ]));
        let batch = |keys: Vec<Option<i32>>, text: Vec<Option<&str>>| {
            let codes = DictionaryArray::new(Int32Array::from(keys), values.clone());
            RecordBatch::try_new(
                schema.clone(),
                vec![Arc::new(codes), Arc::new(StringArray::from(text))],
            )
            .expect("batch")
        };
        let first = batch(
            vec![Some(1), Some(0), None],
            vec![Some("other"), Some("general"), None],
        );
        let second = batch(
            vec![Some(2), Some(1), Some(1)],
            vec![Some("cross_border_ecommerce"), Some("other"), Some("other")],
        );
        MemTable::try_new(schema.clone(), vec![vec![first, second]]).expect("table")
    }

    async fn rows(sql: &str) -> Vec<String> {
        let ctx = SessionContext::new();
        ctx.register_table("t", Arc::new(table()))
            .expect("register");
        let mut state = ctx.state();
        register(&mut state).expect("functions");
        let plan = state.create_logical_plan(sql).await.expect("plan");
        let batches = DataFrame::new(state, plan).collect().await.expect("run");
        arrow::util::pretty::pretty_format_batches(&batches)
            .expect("format")
            .to_string()
            .lines()
            .map(str::to_string)
            .collect()
    }

    #[tokio::test]
    async fn codes_are_numbered_and_named_back() {
        // Equal codes get equal numbers whether stored as a dictionary or as text, NULL
        // stays NULL, and `code_of` gives every code back.
        let got = rows(
            "SELECT code_of(code_key(code)) AS back, code_of(code_key(text)) AS from_text,
                    code_key(code) = code_key(text) AS same, count(*) AS n
             FROM t GROUP BY code_key(code), code_key(text) ORDER BY back NULLS LAST",
        )
        .await;
        insta::assert_snapshot!(got.join("\n"), @r"
        +------------------------+------------------------+------+---+
        | back                   | from_text              | same | n |
        +------------------------+------------------------+------+---+
        | cross_border_ecommerce | cross_border_ecommerce | true | 1 |
        | general                | general                | true | 1 |
        | other                  | other                  | true | 3 |
        |                        |                        |      | 1 |
        +------------------------+------------------------+------+---+
        ");
    }

    #[tokio::test]
    async fn a_number_not_given_by_the_query_names_nothing() {
        let got = rows("SELECT code_of(7) AS a, code_of(-1) AS b, code_of(NULL) AS c").await;
        insta::assert_snapshot!(got.join("\n"), @r"
        +---+---+---+
        | a | b | c |
        +---+---+---+
        |   |   |   |
        +---+---+---+
        ");
    }
}
