//! Matching a file's header to a dataset's columns: canonical names and the aliases real
//! files use, and units written in the header (`人民币(万元)`, `金额（亿元）`, `千美元`), which
//! scale the column's values to yuan or dollars. A unit of the wrong currency for its
//! column is refused with the header cell named.

use crate::dataset::{Column, ColumnKind};

/// The currency of an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Currency {
    /// Yuan (renminbi).
    Cny,
    /// US dollars.
    Usd,
}

/// A unit written in a header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unit {
    /// As written (`万元`).
    pub word: &'static str,
    /// The currency it counts in.
    pub currency: Currency,
    /// The power of ten one unit is worth (万元 = 10⁴ yuan).
    pub exp10: i32,
}

/// The units headers carry, longest first (so that 万美元 is not read as 美元).
const UNITS: [Unit; 9] = [
    unit("百万美元", Currency::Usd, 6),
    unit("亿美元", Currency::Usd, 8),
    unit("万美元", Currency::Usd, 4),
    unit("千美元", Currency::Usd, 3),
    unit("美元", Currency::Usd, 0),
    unit("亿元", Currency::Cny, 8),
    unit("万元", Currency::Cny, 4),
    unit("千元", Currency::Cny, 3),
    unit("元", Currency::Cny, 0),
];

const fn unit(word: &'static str, currency: Currency, exp10: i32) -> Unit {
    Unit {
        word,
        currency,
        exp10,
    }
}

/// A header cell split into the name it matches on and the unit it gives, if any:
/// `人民币(万元)` → (`人民币`, 万元); `千美元` → (`美元`, 千美元); `金额` → (`金额`, none).
pub fn split_unit(header: &str) -> (String, Option<Unit>) {
    let h = header.trim().trim_start_matches('\u{feff}');
    for (open, close) in [('(', ')'), ('（', '）'), ('[', ']')] {
        if let Some(start) = h.find(open)
            && h.trim_end().ends_with(close)
        {
            let inside = h[start + open.len_utf8()..h.len() - close.len_utf8()].trim();
            if let Some(u) = UNITS.iter().find(|u| u.word == inside) {
                return (h[..start].trim().to_string(), Some(*u));
            }
        }
    }
    // A scaled currency word alone: 千美元, 万元 → the currency word (美元, 元) with the scale.
    for u in UNITS.iter().filter(|u| u.exp10 > 0) {
        if h == u.word {
            let base = UNITS
                .iter()
                .find(|b| b.exp10 == 0 && b.currency == u.currency)
                .map_or("", |b| b.word);
            return (base.to_string(), Some(*u));
        }
    }
    (h.to_string(), None)
}

/// Whether a header name (its unit removed) names a column.
pub fn matches(name: &str, column: &Column) -> bool {
    name.eq_ignore_ascii_case(column.name)
        || column.aliases.iter().any(|a| name.eq_ignore_ascii_case(a))
        || (name == "元" && column.aliases.contains(&"人民币"))
}

/// The currency a column holds, from its name (`value_cny`, `actual_usd`).
pub fn currency(column: &Column) -> Option<Currency> {
    if column.kind != ColumnKind::Amount {
        return None;
    }
    if column.name.ends_with("_usd") {
        Some(Currency::Usd)
    } else if column.name.ends_with("_cny") {
        Some(Currency::Cny)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_read_from_the_header() {
        let (name, u) = split_unit("人民币(万元)");
        assert_eq!((name.as_str(), u.map(|u| u.exp10)), ("人民币", Some(4)));
        let (name, u) = split_unit("金额（亿元）");
        assert_eq!((name.as_str(), u.map(|u| u.word)), ("金额", Some("亿元")));
        let (name, u) = split_unit("千美元");
        assert_eq!(
            (name.as_str(), u.map(|u| u.currency)),
            ("美元", Some(Currency::Usd))
        );
        assert_eq!(split_unit("万美元").1.map(|u| u.exp10), Some(4));
        assert_eq!(
            split_unit("美元").1,
            None,
            "a plain currency word is a name"
        );
        assert_eq!(split_unit("备注(说明)"), ("备注(说明)".into(), None));
    }
}
