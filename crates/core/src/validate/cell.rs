//! One cell as a file holds it, and its stored value. Text is read as text; a spreadsheet's
//! numbers and dates are read as numbers and dates, never through a float's text: a period
//! stored as the number 2024.1 (2024.10 that lost its zero) is refused as ambiguous, not
//! read as January; a product code stored as a number (201.1 for 0201.10) is refused with
//! a hint, not read as another product.

use chrono::{Datelike, NaiveDate};

use super::Value;
use super::number::{DecimalMark, parse_number};
use crate::classify::CodeList;
use crate::dataset::{Column, ColumnKind};
use crate::period::Period;

/// A cell as read from a file.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text, as in every CSV cell and Excel's text cells.
    Text(String),
    /// A whole number typed as such (Parquet integers, Excel's integer cells).
    Int(i64),
    /// A number typed as such (Excel's numbers, Parquet floats).
    Float(f64),
    /// A date typed as such (Excel's date cells, Parquet dates).
    Date(NaiveDate),
    /// A true/false cell.
    Bool(bool),
    /// A spreadsheet error (`#DIV/0!`).
    Error(String),
}

impl Cell {
    /// The cell as a person reads it, for reports: numbers in their shortest exact form.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) => f.to_string(),
            Cell::Date(d) => d.to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::Error(e) if e.starts_with('#') => e.clone(),
            Cell::Error(e) => format!("#{e}"),
        }
    }

    /// Whether the cell holds nothing (empty or blank text).
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// How the cells of one column are read: the decimal mark of the file and the power of ten
/// of the unit its header gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Reading {
    /// The file's decimal mark.
    pub mark: DecimalMark,
    /// The header's unit: values are multiplied by 10^exp10.
    pub exp10: i32,
}

/// Appends the stored values of one cell to `out` (three for a period: `period`, `year`,
/// `month`), or says why it is refused (appending nothing).
pub fn parse_cell(
    column: &Column,
    cell: &Cell,
    reading: Reading,
    out: &mut Vec<Value>,
) -> Result<(), String> {
    let width = if column.kind == ColumnKind::Period {
        3
    } else {
        1
    };
    if cell.is_blank() {
        if column.required {
            return Err("missing value".into());
        }
        out.extend(std::iter::repeat_n(Value::Null, width));
        return Ok(());
    }
    if let Cell::Error(_) = cell {
        return Err(format!("a spreadsheet error cell ({})", cell.display()));
    }
    if let Cell::Bool(_) = cell {
        return Err("a true/false cell".into());
    }
    match column.kind {
        ColumnKind::Period => {
            let p = period(cell)?;
            out.extend([
                Value::Text(p.to_string()),
                Value::Int(i64::from(p.year)),
                Value::Int(i64::from(p.month)),
            ]);
        }
        ColumnKind::Year => out.push(Value::Int(i64::from(year(cell)?))),
        ColumnKind::Code(list) => out.push(Value::Text(code(list, cell)?)),
        ColumnKind::Amount | ColumnKind::Quantity | ColumnKind::Count => {
            out.push(checked(column.kind, number(cell, reading)?)?);
        }
    }
    Ok(())
}

/// [`parse_cell`] of the text cell `text`: numbers are read from the text itself, without
/// making a cell of it (the fast path of large files; the same rules).
pub fn parse_text(
    column: &Column,
    text: &str,
    reading: Reading,
    out: &mut Vec<Value>,
) -> Result<(), String> {
    match column.kind {
        ColumnKind::Amount | ColumnKind::Quantity | ColumnKind::Count
            if !text.trim().is_empty() =>
        {
            let v = parse_number(text, reading.mark, reading.exp10)?;
            out.push(checked(column.kind, v)?);
            Ok(())
        }
        _ => parse_cell(column, &Cell::Text(text.to_string()), reading, out),
    }
}

/// A number as the stored value of an amount, quantity or count column.
fn checked(kind: ColumnKind, v: f64) -> Result<Value, String> {
    match kind {
        ColumnKind::Count if v < 0.0 => Err("negative count".into()),
        ColumnKind::Count if v.fract() != 0.0 || v > 9.0e15 => Err("not a whole number".into()),
        ColumnKind::Count => Ok(Value::Int(v as i64)),
        _ if v < 0.0 => Err("negative value; amounts and quantities must be >= 0".into()),
        _ => Ok(Value::Float(v)),
    }
}

/// A month from text, a number or a date.
fn period(cell: &Cell) -> Result<Period, String> {
    match cell {
        Cell::Text(s) => {
            let t = s.trim();
            // YYYY.1 is what 2024.10 becomes when a spreadsheet stores it as a number.
            if let Some((y, m)) = t.split_once('.')
                && y.len() == 4
                && m == "1"
            {
                return Err(format!(
                    "ambiguous month '{t}': 2024.1 is January, or October (2024.10) stored as a number; write {y}-01 or {y}-10"
                ));
            }
            t.parse::<Period>().map_err(|e| e.to_string())
        }
        Cell::Date(d) => {
            Period::new(d.year(), d.month()).ok_or_else(|| format!("{d}: out of range"))
        }
        Cell::Int(i) => period_of_number(*i as f64),
        Cell::Float(f) => period_of_number(*f),
        other => Err(format!("'{}' is not a month", other.display())),
    }
}

/// A month stored as a number: YYYYMM is read; YYYY.MM only when the number keeps the
/// month unambiguous; a date serial is refused with the date it would be.
fn period_of_number(x: f64) -> Result<Period, String> {
    let shown = x.to_string();
    if x.fract() == 0.0 && (190001.0..=210012.0).contains(&x) {
        let n = x as i64;
        return Period::new((n / 100) as i32, (n % 100) as u32)
            .ok_or_else(|| format!("the number {shown} is not a month (YYYYMM)"));
    }
    if x.fract() == 0.0 && (1.0..=80_000.0).contains(&x) {
        let date = NaiveDate::from_ymd_opt(1899, 12, 30)
            .and_then(|d| d.checked_add_days(chrono::Days::new(x as u64)));
        return Err(format!(
            "the number {shown} may be a spreadsheet date{}; format the cell as a date, or write the month as YYYY-MM",
            date.map(|d| format!(" ({d})")).unwrap_or_default()
        ));
    }
    match shown.split_once('.') {
        Some((y, m)) if y.len() == 4 && m == "1" => Err(format!(
            "ambiguous month: the number {shown} is {y}.01 or {y}.10 that lost its zero; store the month as text (YYYY-MM)"
        )),
        Some((y, m)) if y.len() == 4 && (m.len() == 1 || m.len() == 2) => {
            let month: u32 = m.parse().map_err(|_| format!("{shown} is not a month"))?;
            let year: i32 = y.parse().map_err(|_| format!("{shown} is not a month"))?;
            Period::new(year, month).ok_or_else(|| format!("the number {shown} is not a month"))
        }
        _ => Err(format!("the number {shown} is not a month; write YYYY-MM")),
    }
}

/// A calendar year from text or a whole number.
fn year(cell: &Cell) -> Result<i32, String> {
    let y = match cell {
        Cell::Text(s) => s.trim().parse::<i32>().ok(),
        Cell::Int(i) => i32::try_from(*i).ok(),
        Cell::Float(f) if f.fract() == 0.0 => Some(*f as i32),
        Cell::Date(d) => Some(d.year()),
        _ => None,
    };
    y.filter(|y| (1900..=2100).contains(y))
        .ok_or_else(|| "not a year (1900-2100)".into())
}

/// A code of a list from text, or from a number when the number keeps it whole.
fn code(list: CodeList, cell: &Cell) -> Result<String, String> {
    let unknown = || format!("not a known {}", list.name());
    let text = match cell {
        Cell::Text(s) => return list.normalise(s).ok_or_else(unknown),
        Cell::Int(i) => i.to_string(),
        Cell::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => (*f as i64).to_string(),
        Cell::Float(f) => {
            return Err(format!(
                "a code stored as the number {f}: its leading zeros and trailing zeros are lost (0201.10 becomes 201.1); store codes as text"
            ));
        }
        other => return Err(format!("'{}': {}", other.display(), unknown())),
    };
    // HS codes have an even number of digits; an odd count lost a leading zero.
    if list == CodeList::Hs && text.len() % 2 == 1 {
        return Err(format!(
            "a product code stored as the number {text}: its leading zero is lost (0{text}?); store codes as text"
        ));
    }
    list.normalise(&text).ok_or_else(|| {
        format!(
            "{} (stored as the number {text}: a leading zero may be lost; store codes as text)",
            unknown()
        )
    })
}

/// An amount or count from text (in the file's decimal mark) or a number, scaled by the
/// header's unit.
/// A cell read as a number with the file's decimal mark and the header's unit applied.
pub fn number(cell: &Cell, reading: Reading) -> Result<f64, String> {
    match cell {
        Cell::Text(s) => parse_number(s, reading.mark, reading.exp10),
        Cell::Int(i) if reading.exp10 == 0 => Ok(*i as f64),
        Cell::Float(f) if reading.exp10 == 0 => Ok(*f),
        // Scaled through the number's shortest decimal form: 1234.56 万元 is 12,345,600 yuan.
        Cell::Int(_) | Cell::Float(_) => {
            parse_number(&cell.display(), DecimalMark::Point, reading.exp10)
        }
        other => Err(format!("'{}' is not a number", other.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_stored_as_numbers_are_read_or_refused() {
        assert_eq!(
            period(&Cell::Int(202410)),
            Period::new(2024, 10).ok_or_else(String::new)
        );
        assert_eq!(
            period(&Cell::Float(2024.12)),
            Period::new(2024, 12).ok_or_else(String::new)
        );
        assert_eq!(
            period(&Cell::Float(2024.02)),
            Period::new(2024, 2).ok_or_else(String::new)
        );
        let date = NaiveDate::from_ymd_opt(2024, 10, 1).map(Cell::Date);
        assert_eq!(
            date.map(|d| period(&d)),
            Some(Period::new(2024, 10).ok_or_else(String::new))
        );
        assert!(
            period(&Cell::Float(2024.1))
                .expect_err("refused")
                .contains("ambiguous")
        );
        assert!(
            period(&Cell::Text("2024.1".into()))
                .expect_err("refused")
                .contains("ambiguous")
        );
        assert_eq!(
            period(&Cell::Text("2024.10".into())),
            Period::new(2024, 10).ok_or_else(String::new)
        );
        assert!(
            period(&Cell::Float(45566.0))
                .expect_err("refused")
                .contains("2024-10-01")
        );
    }

    #[test]
    fn codes_stored_as_numbers_are_refused_when_they_lost_digits() {
        assert!(
            code(CodeList::Hs, &Cell::Float(201.1))
                .expect_err("refused")
                .contains("0201.10")
        );
        assert!(
            code(CodeList::Hs, &Cell::Int(201))
                .expect_err("refused")
                .contains("leading zero")
        );
        assert_eq!(code(CodeList::Hs, &Cell::Int(851713)), Ok("851713".into()));
        assert_eq!(
            code(CodeList::City, &Cell::Float(440300.0)),
            Ok("440300".into())
        );
        assert_eq!(code(CodeList::Country, &Cell::Int(840)), Ok("USA".into()));
    }
}
