//! Numbers as people write them in statistical files: thousands grouped (`1,234,567.8`,
//! `1 234 567.8`), a decimal point, or — only when the file says so — a decimal comma
//! (`1.234.567,8`). A number that could be read two ways (`1,5`: one and a half, or fifteen
//! with a stray comma) is refused, never guessed. Scaling by a unit of the header (万元 =
//! 10⁴ yuan) shifts the decimal point, so `1234.56` 万元 is exactly 12,345,600 yuan.

/// The decimal separator of a file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DecimalMark {
    /// `1,234.5` (Chinese and English statistics).
    #[default]
    Point,
    /// `1.234,5` (files from continental Europe); only when the user says so.
    Comma,
}

/// Why a number cannot be read.
fn refuse(raw: &str, why: &str) -> String {
    format!("'{}' is not a number: {why}", raw.trim())
}

/// Characters that group thousands besides the comma or point: spaces of every width.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{2009}' | '\u{202f}')
}

/// The digits of an integer part grouped by thousands (`1,234,567`): every group after the
/// first has exactly three digits. `None` when the grouping is wrong.
fn grouped_digits(int: &str, group: char) -> Option<String> {
    let mut parts = int.split(|c: char| c == group || is_space(c));
    let first = parts.next()?;
    if first.is_empty() || first.len() > 3 && int.contains(|c: char| c == group || is_space(c)) {
        return None;
    }
    let mut digits = first.to_string();
    for part in parts {
        if part.len() != 3 {
            return None;
        }
        digits.push_str(part);
    }
    digits.chars().all(|c| c.is_ascii_digit()).then_some(digits)
}

/// Parses a number and multiplies it by 10^`exp10` exactly (the decimal point is moved
/// before the text becomes a float). NaN, infinities and ambiguous separators are refused.
pub fn parse_number(raw: &str, mark: DecimalMark, exp10: i32) -> Result<f64, String> {
    match plain(raw.trim(), mark, exp10) {
        Some(value) => Ok(value),
        None => general(raw, mark, exp10),
    }
}

/// [`parse_number`] for any text: the sign, an exponent, grouped digits, the unit's shift.
fn general(raw: &str, mark: DecimalMark, exp10: i32) -> Result<f64, String> {
    let text = raw.trim();
    let (sign, body) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.strip_prefix('+').unwrap_or(text)),
    };
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => {
            let e: i32 = body[i + 1..]
                .parse()
                .map_err(|_| refuse(raw, "a bad exponent"))?;
            (&body[..i], e)
        }
        None => (body, 0),
    };
    let (decimal, group) = match mark {
        DecimalMark::Point => ('.', ','),
        DecimalMark::Comma => (',', '.'),
    };
    if mantissa.matches(decimal).count() > 1 {
        return Err(refuse(raw, "more than one decimal mark"));
    }
    let (int, frac) = mantissa.split_once(decimal).unwrap_or((mantissa, ""));
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Err("not a number".into());
    }
    if !frac.chars().all(|c| c.is_ascii_digit()) || (int.is_empty() && frac.is_empty()) {
        return Err(refuse(raw, ambiguity(mark)));
    }
    let int_digits = grouped_digits(if int.is_empty() { "0" } else { int }, group)
        .ok_or_else(|| refuse(raw, ambiguity(mark)))?;
    let shift = i64::from(exp10) + i64::from(exponent) - frac.len() as i64;
    let value: f64 = format!("{sign}{int_digits}{frac}e{shift}")
        .parse()
        .map_err(|_| refuse(raw, "not a number"))?;
    if value.is_finite() {
        Ok(value)
    } else {
        Err(refuse(raw, "too large"))
    }
}

/// A plain decimal (`123`, `-0.5`, `872266980.0`), what most files hold, read without the
/// grouping checks: the value the general path gives, since both round the same decimal to a
/// float once. `None` for anything else (grouping, exponents, a unit to apply).
fn plain(text: &str, mark: DecimalMark, exp10: i32) -> Option<f64> {
    let digits = text.strip_prefix('-').unwrap_or(text).as_bytes();
    let mut point = false;
    for &b in digits {
        match b {
            b'0'..=b'9' => {}
            b'.' if mark == DecimalMark::Point && !point => point = true,
            _ => return None,
        }
    }
    let any_digit = digits.len() > usize::from(point);
    if exp10 != 0 || !any_digit {
        return None;
    }
    text.parse().ok().filter(|v: &f64| v.is_finite())
}

/// What a number whose separators do not fit the file's decimal mark may mean.
fn ambiguity(mark: DecimalMark) -> &'static str {
    match mark {
        DecimalMark::Point => {
            "digits are grouped by three with commas (1,234,567.8); if the file writes decimals \
             with a comma (1,5 or 1.234,56), ingest it with --decimal-comma"
        }
        DecimalMark::Comma => {
            "with --decimal-comma, digits are grouped by three with points or spaces and the \
             decimals follow a comma (1.234.567,8)"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn point(raw: &str) -> Result<f64, String> {
        parse_number(raw, DecimalMark::Point, 0)
    }

    #[test]
    fn numbers_as_statistics_write_them() {
        assert_eq!(point("1,234,567.8"), Ok(1234567.8));
        assert_eq!(point(" 1 234 567.8 "), Ok(1234567.8));
        assert_eq!(point("12,345"), Ok(12345.0));
        assert_eq!(point("-0.5"), Ok(-0.5));
        assert_eq!(point(".5"), Ok(0.5));
        assert_eq!(point("1.2E+07"), Ok(12_000_000.0));
        for bad in [
            "1,5",
            "1.234,56",
            "1,23,456",
            "12,3456",
            "1.2.3",
            "abc",
            "",
            "NaN",
            "inf",
            "1e999",
            "1,234.5.6",
            "--1",
        ] {
            assert!(point(bad).is_err(), "{bad} should be refused");
        }
        assert!(
            point("1,5")
                .expect_err("refused")
                .contains("--decimal-comma")
        );
    }

    #[test]
    fn a_decimal_comma_only_when_asked() {
        let comma = |raw| parse_number(raw, DecimalMark::Comma, 0);
        assert_eq!(comma("1.234,56"), Ok(1234.56));
        assert_eq!(comma("1,5"), Ok(1.5));
        assert_eq!(comma("1 234 567,8"), Ok(1234567.8));
        assert!(comma("1,234.56").is_err());
    }

    #[test]
    fn units_shift_the_decimal_point_exactly() {
        assert_eq!(
            parse_number("1234.56", DecimalMark::Point, 4),
            Ok(12_345_600.0)
        );
        assert_eq!(parse_number("0.01", DecimalMark::Point, 8), Ok(1_000_000.0));
        assert_eq!(parse_number("3.3", DecimalMark::Point, 3), Ok(3300.0));
        // The float product would not be exact: 4.35 * 1e8 = 434999999.99999994.
        assert_eq!(
            parse_number("4.35", DecimalMark::Point, 8),
            Ok(435_000_000.0)
        );
        assert_ne!(4.35_f64 * 1e8, 435_000_000.0);
    }

    proptest! {
        /// Any whole number written with thousands separators reads back as itself, at any
        /// scale; the same digits with a stray comma inside a group never do.
        #[test]
        fn grouped_integers_round_trip(n in 0u64..10_000_000_000_000, exp in 0i32..9) {
            let plain = n.to_string();
            let mut grouped = String::new();
            for (i, c) in plain.chars().enumerate() {
                if i > 0 && (plain.len() - i) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(c);
            }
            let expected: f64 = format!("{n}e{exp}").parse().expect("float");
            prop_assert_eq!(parse_number(&grouped, DecimalMark::Point, exp), Ok(expected));
            prop_assert_eq!(parse_number(&plain, DecimalMark::Point, exp), Ok(expected));
        }

        /// A number with a fraction reads as the decimal it is written as.
        #[test]
        fn decimals_are_exact(int in 0u64..1_000_000, frac in 0u32..1000) {
            let text = format!("{int}.{frac:03}");
            let expected: f64 = text.parse().expect("float");
            prop_assert_eq!(parse_number(&text, DecimalMark::Point, 0), Ok(expected));
            let comma = text.replace('.', ",");
            prop_assert_eq!(parse_number(&comma, DecimalMark::Comma, 0), Ok(expected));
        }

        /// The plain path reads a plain decimal as the general path does, bit for bit.
        #[test]
        fn plain_decimals_read_as_the_general_path_does(text in "-?[0-9]{0,20}(\\.[0-9]{0,20})?") {
            if let Some(fast) = plain(&text, DecimalMark::Point, 0) {
                let slow = general(&text, DecimalMark::Point, 0).map(f64::to_bits);
                prop_assert_eq!(Ok(fast.to_bits()), slow);
            }
            prop_assert_eq!(plain(&text, DecimalMark::Comma, 0).is_some(), plain(&text, DecimalMark::Point, 0).is_some() && !text.contains('.'));
        }

        /// Nothing panics, and whatever is accepted is finite.
        #[test]
        fn any_text_is_read_or_refused(raw in "\\PC{0,24}") {
            for mark in [DecimalMark::Point, DecimalMark::Comma] {
                if let Ok(v) = parse_number(&raw, mark, 0) {
                    prop_assert!(v.is_finite());
                }
            }
        }
    }
}
