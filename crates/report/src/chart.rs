//! Charts of the brief as SVG (plotters): text stays text, so Chinese labels are drawn by
//! whatever shows the SVG, and nothing needs a font file here.

use plotters::prelude::*;

use crate::Error;

fn failed<E: std::fmt::Display>(e: E) -> Error {
    Error::Chart(e.to_string())
}

/// Two years of monthly values, this year against last: a line each.
pub fn months_line(
    title: &str,
    unit: &str,
    series: &[(String, Vec<Option<f64>>)],
) -> Result<String, Error> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (720, 320)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let top = series
            .iter()
            .flat_map(|(_, v)| v.iter().flatten())
            .fold(0.0_f64, |a, &b| a.max(b))
            .max(1.0)
            * 1.1;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(28)
            .y_label_area_size(64)
            .build_cartesian_2d(1u32..12u32, 0.0..top)
            .map_err(failed)?;
        chart
            .configure_mesh()
            .x_labels(12)
            .y_desc(unit)
            .disable_x_mesh()
            .draw()
            .map_err(failed)?;
        let colours = [RGBColor(84, 112, 198), RGBColor(238, 102, 102)];
        for (i, (label, values)) in series.iter().enumerate() {
            let colour = colours[i % colours.len()];
            let points: Vec<(u32, f64)> = values
                .iter()
                .enumerate()
                .filter_map(|(m, v)| v.map(|v| (m as u32 + 1, v)))
                .collect();
            chart
                .draw_series(LineSeries::new(points, colour.stroke_width(2)))
                .map_err(failed)?
                .label(label.as_str())
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(2))
                });
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK.mix(0.3))
            .draw()
            .map_err(failed)?;
        root.present().map_err(failed)?;
    }
    Ok(svg)
}

/// Horizontal bars of growth rates (%), one per labelled item; rising green, falling red.
pub fn growth_bars(title: &str, items: &[(String, f64)]) -> Result<String, Error> {
    let mut svg = String::new();
    {
        let height = 60 + 28 * items.len().max(1) as u32;
        let root = SVGBackend::with_string(&mut svg, (720, height)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let extent = items.iter().fold(10.0_f64, |a, (_, g)| a.max(g.abs())) * 1.15;
        let n = items.len().max(1) as i32;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(24)
            .y_label_area_size(160)
            .build_cartesian_2d(-extent..extent, 0..n)
            .map_err(failed)?;
        let labels: Vec<String> = items.iter().map(|(l, _)| l.clone()).collect();
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(items.len().max(1))
            .y_label_formatter(&|i| {
                let i = n - 1 - *i;
                usize::try_from(i)
                    .ok()
                    .and_then(|i| labels.get(i).cloned())
                    .unwrap_or_default()
            })
            .x_label_formatter(&|x| format!("{x:.0}%"))
            .draw()
            .map_err(failed)?;
        chart
            .draw_series(items.iter().enumerate().map(|(i, (_, g))| {
                let row = n - 1 - i as i32;
                let colour = if *g >= 0.0 {
                    RGBColor(145, 204, 117)
                } else {
                    RGBColor(238, 102, 102)
                };
                Rectangle::new([(0.0, row), (*g, row + 1)], colour.filled())
            }))
            .map_err(failed)?;
        root.present().map_err(failed)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    #[test]
    fn charts_are_svg_with_their_labels() {
        let svg = super::months_line(
            "进出口",
            "亿元",
            &[
                ("2023".into(), vec![Some(1.0), Some(2.0)]),
                ("2024".into(), vec![Some(1.5), None]),
            ],
        )
        .expect("chart");
        assert!(svg.starts_with("<svg") && svg.contains("进出口") && svg.contains("2024"));
        let svg = super::growth_bars("增速", &[("东盟".into(), 7.8), ("欧盟".into(), -3.0)])
            .expect("chart");
        assert!(svg.contains("东盟") && svg.contains("<rect"));
    }
}
