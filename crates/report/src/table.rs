//! Indicator tables for people: a [`Grid`] of labelled cells (amounts in 亿, percentages),
//! rendered as aligned text, Markdown, HTML or an Excel workbook; and for programs, CSV in
//! the engine's own units.

use linkages_core::figure::Measure;
use linkages_core::{Figure, IndicatorTable, Lang, SYNTHETIC_NOTE, Unit};

use crate::text::{grouped, table_amount, unit_word};
use crate::{Error, TableFormat};

/// One cell of a grid.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A number shown with a number of decimals; empty when absent.
    Number(
        Option<f64>,
        #[serde(skip)]
        #[schema(ignore)]
        usize,
    ),
}

impl Cell {
    /// The cell as displayed.
    pub fn display(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Number(Some(x), d) => grouped(*x, *d),
            Cell::Number(None, _) => "–".into(),
        }
    }
}

/// A table with a title, a header row and rows of cells.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Grid {
    /// Title, with the period and slice.
    pub title: String,
    /// Column names.
    pub header: Vec<String>,
    /// Rows of cells, as many as the header has names.
    pub rows: Vec<Vec<Cell>>,
    /// Lines printed under the table (notes, provenance).
    pub footer: Vec<String>,
}

/// An indicator table as a grid for people: the total first, amounts in 亿 (or counts).
pub fn indicator_grid(table: &IndicatorTable, lang: Lang) -> Grid {
    let unit = unit_word(table.unit, table.counted, lang);
    let mut header = vec![
        lang.pick("代码", "Code").to_string(),
        lang.pick("名称", "Name").to_string(),
    ];
    for figure in Figure::ALL {
        let label = figure.label(lang);
        header.push(match figure {
            Figure::MonthValue | Figure::Ytd => format!("{label} ({unit})"),
            Figure::Cagr => format!("{label} ({}{})", table.years, lang.pick("年", "y")),
            _ => label.to_string(),
        });
    }
    header.push(lang.pick("说明", "Notes").into());
    let amount_decimals = if table.unit == Unit::Count { 0 } else { 2 };
    let rows = std::iter::once(&table.total)
        .chain(&table.rows)
        .map(|f| {
            let mut row = vec![
                Cell::Text(f.member.clone()),
                Cell::Text(f.display_name(lang)),
            ];
            for figure in Figure::ALL {
                let value = f.get(figure);
                row.push(match figure.measure() {
                    Measure::Amount => {
                        Cell::Number(value.map(|v| table_amount(v, table.unit)), amount_decimals)
                    }
                    Measure::Position => Cell::Number(value, 0),
                    Measure::Percent | Measure::Points => Cell::Number(value, 1),
                });
            }
            let notes: Vec<String> = f.notes.iter().map(|n| n.text(lang)).collect();
            row.push(Cell::Text(notes.join("; ")));
            row
        })
        .collect();
    let mut title = format!("{} {}", table.name(lang), table.period);
    if let Some(by) = &table.by {
        title.push_str(&format!(" — {} {by}", lang.pick("按", "by")));
    }
    if !table.filters.is_empty() {
        title.push_str(&format!(" [{}]", table.filters.join(", ")));
    }
    let mut footer: Vec<String> = table.completeness.iter().map(|c| c.text(lang)).collect();
    let p = &table.total_provenance;
    footer.push(format!(
        "{}: {} v{}",
        lang.pick("数据来源", "Source"),
        p.dataset,
        p.version
    ));
    if p.synthetic {
        footer.push(SYNTHETIC_NOTE.to_string());
    }
    Grid {
        title,
        header,
        rows,
        footer,
    }
}

impl Grid {
    /// Aligned plain text (CJK characters count as two columns).
    pub fn to_text(&self) -> String {
        let width = |s: &str| {
            s.chars()
                .map(|c| if c.is_ascii() { 1 } else { 2 })
                .sum::<usize>()
        };
        let cells: Vec<Vec<String>> = std::iter::once(self.header.clone())
            .chain(
                self.rows
                    .iter()
                    .map(|r| r.iter().map(Cell::display).collect()),
            )
            .collect();
        let mut widths = vec![0; self.header.len()];
        for row in &cells {
            for (i, c) in row.iter().enumerate() {
                widths[i] = widths[i].max(width(c));
            }
        }
        let mut out = format!("{}\n", self.title);
        for (r, row) in cells.iter().enumerate() {
            let line: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let pad = " ".repeat(widths[i] - width(c));
                    let numeric = r > 0 && matches!(self.rows[r - 1][i], Cell::Number(..));
                    if numeric {
                        format!("{pad}{c}")
                    } else {
                        format!("{c}{pad}")
                    }
                })
                .collect();
            out.push_str(line.join("  ").trim_end());
            out.push('\n');
        }
        for f in &self.footer {
            out.push_str(f);
            out.push('\n');
        }
        out
    }

    /// CSV: the header row, then text cells as shown and numbers at full precision.
    pub fn to_csv(&self) -> String {
        let rows = self.rows.iter().map(|row| {
            row.iter()
                .map(|c| match c {
                    Cell::Text(t) => t.clone(),
                    Cell::Number(x, _) => x.map(|x| x.to_string()).unwrap_or_default(),
                })
                .collect()
        });
        csv_text(std::iter::once(self.header.clone()).chain(rows))
    }

    /// A Markdown table with the title as a bold line and the footer as a note.
    pub fn to_markdown(&self) -> String {
        let escape = |s: String| s.replace('|', "\\|");
        let mut out = format!("**{}**\n\n| {} |\n|", self.title, self.header.join(" | "));
        for _ in &self.header {
            out.push_str(" --- |");
        }
        out.push('\n');
        for row in &self.rows {
            let cells: Vec<String> = row.iter().map(|c| escape(c.display())).collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        for f in &self.footer {
            out.push_str(&format!("\n_{}_\n", escape(f.clone())));
        }
        out
    }

    /// An HTML table (escaped), numbers right-aligned.
    pub fn to_html(&self) -> String {
        let mut out = format!(
            "<table>\n<caption>{}</caption>\n<thead><tr>",
            escape_html(&self.title)
        );
        for h in &self.header {
            out.push_str(&format!("<th>{}</th>", escape_html(h)));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for row in &self.rows {
            out.push_str("<tr>");
            for c in row {
                let class = if matches!(c, Cell::Number(..)) {
                    " class=\"num\""
                } else {
                    ""
                };
                out.push_str(&format!("<td{class}>{}</td>", escape_html(&c.display())));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
        for f in &self.footer {
            out.push_str(&format!("<p class=\"note\">{}</p>\n", escape_html(f)));
        }
        out
    }

    /// Adds the grid as a worksheet (names are cut to Excel's 31 characters).
    pub fn add_to_workbook(
        &self,
        workbook: &mut rust_xlsxwriter::Workbook,
        sheet: &str,
    ) -> Result<(), Error> {
        use rust_xlsxwriter::{Format, FormatAlign};
        let ws = workbook.add_worksheet();
        ws.set_name(sheet.chars().take(31).collect::<String>())?;
        let bold = Format::new().set_bold();
        ws.write_string_with_format(0, 0, &self.title, &bold)?;
        for (c, h) in self.header.iter().enumerate() {
            ws.write_string_with_format(
                2,
                c as u16,
                h,
                &bold.clone().set_align(FormatAlign::Center),
            )?;
        }
        let formats = [
            Format::new().set_num_format("#,##0"),
            Format::new().set_num_format("#,##0.0"),
            Format::new().set_num_format("#,##0.00"),
        ];
        for (r, row) in self.rows.iter().enumerate() {
            let r = r as u32 + 3;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(t) => {
                        ws.write_string(r, c, t)?;
                    }
                    Cell::Number(Some(x), d) => {
                        ws.write_number_with_format(r, c, *x, &formats[(*d).min(2)])?;
                    }
                    Cell::Number(None, _) => {}
                }
            }
        }
        let below = self.rows.len() as u32 + 4;
        for (i, f) in self.footer.iter().enumerate() {
            ws.write_string(below + i as u32, 0, f)?;
        }
        ws.autofit();
        Ok(())
    }
}

/// Rows of cells as CSV text (quoted where needed, by the `csv` crate).
pub fn csv_text(rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        // Writing to memory cannot fail.
        let _ = writer.write_record(&row);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Escapes text for HTML.
pub fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// An indicator table as CSV for programs: one row per member (the total first), the
/// figures at full precision in the indicator's own unit (yuan, dollars, counts).
pub fn indicator_csv(table: &IndicatorTable) -> String {
    let mut header: Vec<String> = ["member", "name_en", "name_zh"].map(String::from).to_vec();
    header.extend(Figure::ALL.iter().map(|f| f.code().to_string()));
    header.extend(["unit", "notes"].map(String::from));
    let rows = std::iter::once(&table.total).chain(&table.rows).map(|f| {
        let mut cells = vec![
            f.member.clone(),
            f.name_en.clone().unwrap_or_default(),
            f.name_zh.clone().unwrap_or_default(),
        ];
        cells.extend(
            Figure::ALL
                .iter()
                .map(|figure| f.get(*figure).map(|x| x.to_string()).unwrap_or_default()),
        );
        cells.push(table.unit.code().into());
        let notes: Vec<String> = f.notes.iter().map(|n| n.text(Lang::En)).collect();
        cells.push(notes.join("; "));
        cells
    });
    csv_text(std::iter::once(header).chain(rows))
}

/// An indicator table as an Excel workbook: the grid, and a sheet with the queries that
/// produced it.
pub fn indicator_xlsx(table: &IndicatorTable, lang: Lang) -> Result<Vec<u8>, Error> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    indicator_grid(table, lang).add_to_workbook(&mut workbook, table.indicator)?;
    let ws = workbook.add_worksheet();
    ws.set_name("provenance")?;
    ws.write_row(0, 0, ["part", "dataset", "version", "synthetic", "sql"])?;
    let parts = std::iter::once(("total", &table.total_provenance))
        .chain(table.provenance.as_ref().map(|p| ("breakdown", p)));
    for (r, (part, p)) in (1u32..).zip(parts) {
        ws.write_string(r, 0, part)?;
        ws.write_string(r, 1, p.dataset)?;
        ws.write_number(r, 2, f64::from(p.version))?;
        ws.write_boolean(r, 3, p.synthetic)?;
        ws.write_string(r, 4, &p.sql)?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// An indicator table in a format: what `linkages indicators` writes and the API answers.
pub fn write_indicators(
    table: &IndicatorTable,
    format: TableFormat,
    lang: Lang,
) -> Result<Vec<u8>, Error> {
    Ok(match format {
        TableFormat::Table => indicator_grid(table, lang).to_text().into_bytes(),
        TableFormat::Csv => indicator_csv(table).into_bytes(),
        TableFormat::Json => serde_json::to_vec_pretty(table)?,
        TableFormat::Xlsx => indicator_xlsx(table, lang)?,
    })
}

/// A grid in a format; JSON is the serialised `value` the grid was made from.
pub fn write_grid<T: serde::Serialize>(
    grid: &Grid,
    value: &T,
    format: TableFormat,
    sheet: &str,
) -> Result<Vec<u8>, Error> {
    Ok(match format {
        TableFormat::Table => grid.to_text().into_bytes(),
        TableFormat::Csv => grid.to_csv().into_bytes(),
        TableFormat::Json => serde_json::to_vec_pretty(value)?,
        TableFormat::Xlsx => {
            let mut workbook = rust_xlsxwriter::Workbook::new();
            grid.add_to_workbook(&mut workbook, sheet)?;
            workbook.save_to_buffer()?
        }
    })
}
