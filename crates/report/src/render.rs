//! The brief written out: Markdown, one self-contained HTML page (SVG charts inline, the
//! form PDF is printed from) and an Excel workbook with every figure and its query.

use linkages_core::SYNTHETIC_NOTE;

use crate::Error;
use crate::brief::Brief;
use crate::table::escape_html;

impl Brief {
    /// The brief as Markdown (charts are left to the HTML and PDF forms).
    pub fn to_markdown(&self) -> String {
        let mut out = format!("# {}\n\n", self.title);
        if self.synthetic {
            out.push_str(&format!("> **{}**\n\n", SYNTHETIC_NOTE));
        }
        for s in &self.sections {
            out.push_str(&format!("## {}\n\n", s.heading));
            for p in &s.paragraphs {
                out.push_str(p);
                out.push_str("\n\n");
            }
            for t in &s.tables {
                out.push_str(&t.to_markdown());
                out.push('\n');
            }
        }
        if !self.notes.is_empty() {
            out.push_str(&format!(
                "## {}\n\n",
                self.lang.pick("数据说明", "Data notes")
            ));
            for n in &self.notes {
                out.push_str(&format!("- {n}\n"));
            }
        }
        out
    }

    /// The brief as one self-contained HTML page with SVG charts.
    pub fn to_html(&self) -> String {
        let lang = self.lang.html_tag();
        let mut out = format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
            escape_html(&self.title),
            STYLE,
            escape_html(&self.title)
        );
        if self.synthetic {
            out.push_str(&format!(
                "<p class=\"synthetic\">{}</p>\n",
                escape_html(SYNTHETIC_NOTE)
            ));
        }
        for s in &self.sections {
            out.push_str(&format!(
                "<section id=\"{}\">\n<h2>{}</h2>\n",
                s.id,
                escape_html(&s.heading)
            ));
            for p in &s.paragraphs {
                out.push_str(&format!("<p>{}</p>\n", escape_html(p)));
            }
            for c in &s.charts {
                out.push_str(&format!("<figure>{c}</figure>\n"));
            }
            for t in &s.tables {
                out.push_str(&t.to_html());
            }
            out.push_str("</section>\n");
        }
        if !self.notes.is_empty() {
            out.push_str(&format!(
                "<h2>{}</h2>\n<ul>\n",
                self.lang.pick("数据说明", "Data notes")
            ));
            for n in &self.notes {
                out.push_str(&format!("<li>{}</li>\n", escape_html(n)));
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</body>\n</html>\n");
        out
    }

    /// The brief as an Excel workbook: one sheet per table, and the figures with their queries.
    pub fn to_xlsx(&self) -> Result<Vec<u8>, Error> {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let mut n = 0;
        for s in &self.sections {
            for t in &s.tables {
                n += 1;
                t.add_to_workbook(&mut workbook, &format!("{n} {}", s.id))?;
            }
        }
        let ws = workbook.add_worksheet();
        ws.set_name("figures")?;
        ws.write_row(
            0,
            0,
            [
                "id", "value", "text", "member", "figure", "dataset", "version", "sql",
            ],
        )?;
        for (i, f) in self.figures.iter().enumerate() {
            let r = i as u32 + 1;
            let q = &self.queries[f.query];
            ws.write_string(r, 0, f.id.to_string())?;
            ws.write_number(r, 1, f.value)?;
            ws.write_string(r, 2, &f.text)?;
            ws.write_string(r, 3, &f.member)?;
            ws.write_string(r, 4, f.figure.code())?;
            ws.write_string(r, 5, &q.dataset)?;
            ws.write_number(r, 6, f64::from(q.version))?;
            ws.write_string(r, 7, &q.sql)?;
        }
        Ok(workbook.save_to_buffer()?)
    }
}

const STYLE: &str = "body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"PingFang SC\",\"Microsoft YaHei\",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.6;color:#222}
h1{font-size:1.6rem}h2{font-size:1.25rem;border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:1rem 0;font-size:.85rem}caption{text-align:left;font-weight:bold;padding:.3rem 0}
th,td{border:1px solid #ccc;padding:.2rem .5rem}th{background:#f3f5f8}td.num{text-align:right;font-variant-numeric:tabular-nums}
p.note{font-size:.8rem;color:#666;margin:.2rem 0}p.synthetic{background:#fff3cd;border:1px solid #e0c36a;padding:.5rem;font-weight:bold}
figure{margin:1rem 0}figure svg{max-width:100%;height:auto}
";

/// The brief in a format: the bytes the command line writes and the API answers.
pub async fn write(
    brief: &Brief,
    format: crate::BriefFormat,
    pdf: &crate::pdf::PdfOptions,
) -> Result<Vec<u8>, Error> {
    use crate::BriefFormat as F;
    Ok(match format {
        F::Md => brief.to_markdown().into_bytes(),
        F::Html => brief.to_html().into_bytes(),
        F::Json => serde_json::to_vec_pretty(brief)?,
        F::Xlsx => brief.to_xlsx()?,
        F::Pdf => crate::pdf::print(&brief.to_html(), pdf).await?,
    })
}
