//! Numbers and periods written the way China's official statistics write them, in Chinese
//! and in English: 亿元 and 万亿元 (hundred millions and trillions of yuan), "增长/下降 x%",
//! "1-4月".

use linkages_core::indicator::Unit;
use linkages_core::{Lang, Period};

/// An amount with its unit word: `1.35万亿元`, `2,651.2亿元`, `US$32.2 billion`, `1,234人`.
pub fn amount(value: f64, unit: Unit, lang: Lang) -> String {
    match (unit, lang) {
        (Unit::Cny, Lang::Zh) if value.abs() >= 1e12 => format!("{:.2}万亿元", value / 1e12),
        (Unit::Cny, Lang::Zh) => format!("{}亿元", grouped(value / 1e8, 1)),
        (Unit::Usd, Lang::Zh) => format!("{}亿美元", grouped(value / 1e8, 1)),
        (Unit::Cny, Lang::En) if value.abs() >= 1e12 => {
            format!("{:.2} trillion yuan", value / 1e12)
        }
        (Unit::Cny, Lang::En) => format!("{} billion yuan", grouped(value / 1e9, 1)),
        // "US$850 million", as the sources write amounts under a billion.
        (Unit::Usd, Lang::En) if value.abs() < 1e9 => {
            format!("US${} million", grouped(value / 1e6, 1))
        }
        (Unit::Usd, Lang::En) => format!("US${} billion", grouped(value / 1e9, 2)),
        (Unit::Count, _) => grouped(value, 0),
    }
}

/// The amount in the unit tables use: 亿元 / 亿美元 (hundred millions), or the count.
pub fn table_amount(value: f64, unit: Unit) -> f64 {
    match unit {
        Unit::Cny | Unit::Usd => value / 1e8,
        Unit::Count => value,
    }
}

/// The unit of an indicator table's amounts: [`table_unit`], or what its counts count.
pub fn unit_word(
    unit: Unit,
    counted: Option<linkages_core::indicator::Counted>,
    lang: Lang,
) -> &'static str {
    match (unit, counted) {
        (Unit::Count, Some(c)) => c.word(lang),
        _ => table_unit(unit, lang),
    }
}

/// The unit of [`table_amount`]: `亿元`, `100 million yuan`, …
pub fn table_unit(unit: Unit, lang: Lang) -> &'static str {
    match (unit, lang) {
        (Unit::Cny, Lang::Zh) => "亿元",
        (Unit::Usd, Lang::Zh) => "亿美元",
        (Unit::Count, Lang::Zh) => "个",
        (Unit::Cny, Lang::En) => "100m yuan",
        (Unit::Usd, Lang::En) => "100m USD",
        (Unit::Count, Lang::En) => "count",
    }
}

/// A number with thousands separators and a fixed number of decimals.
pub fn grouped(value: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    if value < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.insert(0, '-');
    }
    out
}

/// A change in percent: `增长5.4%` / `下降3.2%` / `持平`; `up 5.4%` / `down 3.2%` / `flat`.
pub fn change(pct: f64, lang: Lang) -> String {
    let rounded = format!("{:.1}", pct.abs());
    if rounded == "0.0" {
        return lang.pick("持平", "flat").into();
    }
    match (pct > 0.0, lang) {
        (true, Lang::Zh) => format!("增长{rounded}%"),
        (false, Lang::Zh) => format!("下降{rounded}%"),
        (true, Lang::En) => format!("up {rounded}%"),
        (false, Lang::En) => format!("down {rounded}%"),
    }
}

/// The year-to-date span: `1-4月` / `January–April`; `1月` / `January` alone.
pub fn ytd_span(end: Period, lang: Lang) -> String {
    match (end.month, lang) {
        (1, Lang::Zh) => "1月".into(),
        (m, Lang::Zh) => format!("1-{m}月"),
        (1, Lang::En) => "January".into(),
        (m, Lang::En) => format!("January–{}", month_name(m)),
    }
}

/// English month name.
pub fn month_name(month: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES[(month.clamp(1, 12) - 1) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_official_units() {
        assert_eq!(amount(1.3512e12, Unit::Cny, Lang::Zh), "1.35万亿元");
        assert_eq!(amount(2.6512e11, Unit::Cny, Lang::Zh), "2,651.2亿元");
        assert_eq!(amount(2.6512e11, Unit::Cny, Lang::En), "265.1 billion yuan");
        assert_eq!(amount(3.22e10, Unit::Usd, Lang::En), "US$32.20 billion");
        assert_eq!(amount(3.22e10, Unit::Usd, Lang::Zh), "322.0亿美元");
        assert_eq!(amount(8.5e8, Unit::Usd, Lang::En), "US$850.0 million");
        assert_eq!(amount(12345.0, Unit::Count, Lang::Zh), "12,345");
        assert_eq!(grouped(-1234.56, 1), "-1,234.6");
        assert_eq!(grouped(-0.01, 1), "0.0");
    }

    #[test]
    fn changes_and_spans() {
        assert_eq!(change(24.94, Lang::Zh), "增长24.9%");
        assert_eq!(change(-3.21, Lang::En), "down 3.2%");
        assert_eq!(change(0.04, Lang::Zh), "持平");
        assert_eq!(
            ytd_span(
                Period {
                    year: 2024,
                    month: 4
                },
                Lang::Zh
            ),
            "1-4月"
        );
        assert_eq!(
            ytd_span(
                Period {
                    year: 2024,
                    month: 2
                },
                Lang::En
            ),
            "January–February"
        );
    }
}
