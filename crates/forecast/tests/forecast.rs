//! The adjustment, projection and backtest on constructed series whose trend, season and
//! Spring Festival effect are known.

use linkages_core::Period;
use linkages_forecast::{Series, Window, adjust, backtest, project};

/// The true holiday effect, in logs: a month holding the whole window more than usual
/// loses 26% (e^-0.3).
const BETA: f64 = -0.3;

fn month(y: i32, m: u32) -> Period {
    Period::new(y, m).expect("period")
}

/// 2010–2024: a trend of 6% a year, a fixed season, the Spring Festival's effect through
/// the default window, and a small irregular; with the true adjusted series.
fn constructed() -> (Series, Vec<f64>) {
    let start = month(2010, 1);
    let months: Vec<Period> = std::iter::successors(Some(start), |p| Some(p.next()))
        .take(180)
        .collect();
    let holiday = Window::default().regressor(&months);
    let mut values = Vec::new();
    let mut truth = Vec::new();
    for (t, p) in months.iter().enumerate() {
        let trend = 100f64.ln() + 0.005 * t as f64;
        let season = 0.12 * (2.0 * std::f64::consts::PI * f64::from(p.month) / 12.0).sin();
        let irregular = 0.01 * (t as f64 * 1.7).sin();
        values.push(Some((trend + season + BETA * holiday[t] + irregular).exp()));
        truth.push((trend + irregular).exp());
    }
    (Series { start, values }, truth)
}

#[test]
fn the_season_and_the_holiday_are_recovered() {
    let (series, truth) = constructed();
    let a = adjust(&series, Window::default()).expect("adjusted");
    let effect = (BETA.exp() - 1.0) * 100.0;
    assert!(
        (a.holiday_effect_pct - effect).abs() < 3.0,
        "holiday effect {:.1}% against {effect:.1}%",
        a.holiday_effect_pct
    );
    let errors: Vec<f64> = a
        .adjusted
        .iter()
        .zip(&truth)
        .map(|(x, t)| (x / t - 1.0).abs() * 100.0)
        .collect();
    let max = errors.iter().cloned().fold(0.0, f64::max);
    let mean = errors.iter().sum::<f64>() / errors.len() as f64;
    // Tolerance: within 3% every month and 1% on average of the true adjusted series.
    assert!(max < 3.0 && mean < 1.0, "max {max:.2}%, mean {mean:.2}%");
}

#[test]
fn a_combined_january_february_is_split_and_adjusted() {
    let (mut series, _) = constructed();
    let full = adjust(&series, Window::default()).expect("full");
    for year in [2015, 2020] {
        let i = ((year - 2010) * 12) as usize;
        let pair = series.values[i].unwrap_or(0.0) + series.values[i + 1].unwrap_or(0.0);
        series.values[i] = None;
        series.values[i + 1] = Some(pair);
    }
    let a = adjust(&series, Window::default()).expect("combined");
    assert_eq!(a.split_years, vec![2015, 2020]);
    for year in [2015, 2020] {
        let i = ((year - 2010) * 12) as usize;
        let pair = series.values[i + 1].unwrap_or(0.0);
        assert!((a.raw[i] + a.raw[i + 1] - pair).abs() < 1e-9 * pair);
    }
    let worst = a
        .adjusted
        .iter()
        .zip(&full.adjusted)
        .map(|(x, f)| (x / f - 1.0).abs() * 100.0)
        .fold(0.0, f64::max);
    assert!(
        worst < 5.0,
        "combined months moved the adjustment by {worst:.2}%"
    );
}

#[test]
fn a_series_with_a_gap_or_a_zero_is_refused() {
    let (mut series, _) = constructed();
    series.values[30] = None;
    let e = adjust(&series, Window::default()).expect_err("gap");
    assert_eq!(
        e.to_string(),
        "2012-07 has no value: adjustment needs every month (only January may be published with February)"
    );
    let (mut series, _) = constructed();
    series.values[5] = Some(0.0);
    let e = adjust(&series, Window::default()).expect_err("zero");
    assert!(e.to_string().starts_with("2010-06 is 0"), "{e}");
}

#[test]
fn the_interval_widens_with_the_horizon() {
    let (series, _) = constructed();
    let p = project(&series, 24, Window::default()).expect("projection");
    assert_eq!(p.periods.first(), Some(&month(2025, 1)));
    let ratios: Vec<f64> = p
        .upper_95
        .iter()
        .zip(&p.lower_95)
        .map(|(u, l)| u / l)
        .collect();
    assert!(ratios.windows(2).all(|w| w[1] >= w[0] - 1e-9), "{ratios:?}");
    assert!(ratios[23] > ratios[0]);
    for i in 0..24 {
        assert!(p.lower_95[i] <= p.lower_80[i] && p.lower_80[i] <= p.point[i]);
        assert!(p.point[i] <= p.upper_80[i] && p.upper_80[i] <= p.upper_95[i]);
    }
    // The holiday is put back: the month of the 2026 festival (17 February) is below
    // the months around it.
    let feb = p.point[13];
    assert!(
        feb < p.point[12] && feb < p.point[14],
        "{:?}",
        &p.point[11..15]
    );
}

#[test]
fn the_backtest_compares_the_model_with_the_seasonal_naive_forecast() {
    let (series, _) = constructed();
    let b = backtest(&series, month(2019, 1), Window::default()).expect("backtest");
    assert_eq!(b.first_origin, month(2019, 1));
    let six = b.at(6).expect("six months ahead");
    assert!(six.origins > 60);
    // A growing series: last year's month lags by a year of growth (about 6%).
    assert!(b.beats_naive(6) == Some(true), "{six:?}");
    assert!(six.naive_mape > 4.0, "{six:?}");
    assert!((50.0..=100.0).contains(&six.coverage_95), "{six:?}");
}
