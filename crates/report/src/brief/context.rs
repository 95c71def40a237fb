//! What every section of the brief shares: the session, the language and month, and the
//! recorder of every number and query written.

use linkages_core::classify::City;
use linkages_core::indicator::{Request, Spec, TOTAL};
use linkages_core::{Figure, Figures, IndicatorTable, Lang, Period, Provenance, Spread};
use linkages_engine::{Session, indicators};

use super::{Brief, Column, FigureId, Number, Query, Section};
use crate::Error;
use crate::table::{Grid, indicator_grid};
use crate::text::{amount, change};

/// The state a brief is written in.
pub(crate) struct Context<'a> {
    /// The session every figure is computed in.
    pub session: &'a Session,
    /// The brief's language.
    pub lang: Lang,
    /// The last month of the year to date (February for January–February).
    pub end: Period,
    /// Whether January and February are reported together.
    pub jan_feb: bool,
    /// The span covered, as written in the brief (`2024年1-4月`).
    pub span: String,
    /// The city of a city's brief: every figure is the city's, but those by city.
    pub city: Option<&'static City>,
    numbers: Vec<Number>,
    queries: Vec<Query>,
    /// Data notes: missing months, datasets without data.
    pub notes: Vec<String>,
}

/// A computed table and the indexes of its queries in the brief.
pub(crate) struct Recorded {
    /// The figures computed.
    pub table: IndicatorTable,
    total_query: usize,
    rows_query: Option<usize>,
}

impl Recorded {
    /// A member of the breakdown, if it has figures.
    pub fn row(&self, member: &str) -> Option<&Figures> {
        self.table.row(member)
    }
}

impl<'a> Context<'a> {
    /// A brief of the month `end` in `lang`, nothing recorded yet.
    pub fn new(
        session: &'a Session,
        lang: Lang,
        end: Period,
        jan_feb: bool,
        city: Option<&'static City>,
    ) -> Context<'a> {
        Context {
            session,
            lang,
            end,
            jan_feb,
            span: super::span(end, lang),
            city,
            numbers: Vec::new(),
            queries: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// The request of an indicator for the brief's month, as the brief writes it.
    pub fn spec(&self, indicator: &str, by: Option<&str>, filters: &[&str]) -> Spec {
        Spec {
            indicator: indicator.into(),
            period: self.end.to_string(),
            by: by.map(String::from),
            filters: filters.iter().map(|f| f.to_string()).collect(),
            unit: None,
            jan_feb: self.jan_feb,
            years: None,
        }
    }

    /// Where the brief is about, as its sentences name it: 广东 or the city (深圳市).
    pub fn place(&self) -> String {
        match (self.city, self.lang) {
            (None, lang) => lang.pick("广东", "Guangdong").into(),
            (Some(c), Lang::Zh) => format!("{}市", c.name_zh),
            (Some(c), Lang::En) => c.name_en.into(),
        }
    }

    /// A request of the brief: in a city's brief, of the city (unless it is by city).
    pub fn resolve(&self, spec: Spec) -> Result<Request, Error> {
        let request = spec.resolve()?;
        Ok(match self.city {
            Some(c) => request.within_city(c.code),
            None => request,
        })
    }

    /// Computes a request and records its queries and completeness flags.
    pub async fn compute(&mut self, spec: Spec) -> Result<Recorded, Error> {
        let request = self.resolve(spec)?;
        let table = indicators::compute(self.session, &request).await?;
        Ok(self.record(table))
    }

    fn record(&mut self, table: IndicatorTable) -> Recorded {
        let total_query = self.query(&table.total_provenance);
        let rows_query = table.provenance.as_ref().map(|p| self.query(p));
        for c in &table.completeness {
            let note = format!("{}: {}", table.indicator, c.text(self.lang));
            if !self.notes.contains(&note) {
                self.notes.push(note);
            }
        }
        Recorded {
            table,
            total_query,
            rows_query,
        }
    }

    /// The index of a query in the brief, recording it the first time.
    pub fn query(&mut self, p: &Provenance) -> usize {
        if let Some(i) = self.queries.iter().position(|q| q.sql == p.sql) {
            return i;
        }
        self.queries.push(Query {
            dataset: p.dataset.into(),
            version: p.version,
            synthetic: p.synthetic,
            sql: p.sql.clone(),
        });
        self.queries.len() - 1
    }

    /// Records a number that is not a figure of an indicator table (a month of a series).
    pub fn note_number(&mut self, number: Number) {
        self.numbers.push(number);
    }

    /// Records one figure of a row and returns it as written, or `None` when it is empty:
    /// amounts in 亿元/万亿元, growth as 增长/下降, shares in %, contributions in points.
    pub fn take(&mut self, r: &Recorded, row: &Figures, figure: Figure) -> Option<String> {
        let value = row.get(figure)?;
        let query = match row.is_total() {
            true => r.total_query,
            false => r.rows_query?,
        };
        let lang = self.lang;
        let (unit, text) = match figure {
            Figure::MonthValue | Figure::Ytd => {
                (Some(r.table.unit), amount(value, r.table.unit, lang))
            }
            Figure::Share => (None, format!("{value:.1}%")),
            Figure::Contribution | Figure::Rank => (None, format!("{value:.1}")),
            _ => (None, change(value, lang)),
        };
        let member =
            (!row.is_total()).then(|| (r.table.by.clone().unwrap_or_default(), row.member.clone()));
        self.numbers.push(Number {
            id: FigureId::Indicator {
                indicator: r.table.indicator,
                member,
                figure,
            },
            query,
            member: row.member.clone(),
            figure: Column::Figure(figure),
            value,
            unit,
            text: text.clone(),
        });
        Some(text)
    }

    /// How concentrated the breakdown of a request is (see
    /// [`indicators::concentration`]), every measure recorded as written: members as a
    /// count, shares in %, HHI to three decimals. `None` for a measure without a value.
    pub async fn spread(&mut self, spec: Spec) -> Result<Vec<(Spread, Option<String>)>, Error> {
        // Named as the brief asked (`flow.export.partner`), as its other figures are.
        let of = spec
            .filters
            .iter()
            .map(|f| f.replace('=', "."))
            .chain(spec.by.clone())
            .collect::<Vec<_>>()
            .join(".");
        let request = self.resolve(spec)?;
        let (values, provenance) = indicators::concentration(self.session, &request).await?;
        let query = self.query(&provenance);
        let mut out = Vec::new();
        for (spread, value) in values {
            let text = value.map(|v| match spread {
                Spread::Members | Spread::MembersBase => format!("{v:.0}"),
                Spread::Top5 | Spread::Top5Base => format!("{:.1}%", v * 100.0),
                Spread::Hhi | Spread::HhiBase => format!("{v:.3}"),
            });
            if let (Some(value), Some(text)) = (value, &text) {
                self.numbers.push(Number {
                    id: FigureId::Spread {
                        indicator: request.indicator.code,
                        of: of.clone(),
                        spread,
                    },
                    query,
                    member: TOTAL.to_string(),
                    figure: Column::Spread(spread),
                    value,
                    unit: None,
                    text: text.clone(),
                });
            }
            out.push((spread, text));
        }
        Ok(out)
    }

    /// Records a figure written where an empty one is left out of the text.
    pub fn take_or_empty(&mut self, r: &Recorded, row: &Figures, figure: Figure) -> String {
        self.take(r, row, figure).unwrap_or_default()
    }

    /// "X, up Y%" for a row's year to date, with a placeholder where a figure is empty.
    pub fn ytd_and_change(&mut self, r: &Recorded, row: &Figures) -> (String, String) {
        let lang = self.lang;
        let value = self
            .take(r, row, Figure::Ytd)
            .unwrap_or_else(|| lang.pick("无数据", "no data").into());
        let growth = self
            .take(r, row, Figure::YtdYoy)
            .unwrap_or_else(|| lang.pick("无可比数据", "no comparable figure").into());
        (value, growth)
    }

    /// A table of the brief: its source and flags are in the brief's notes, not under it.
    pub fn grid(&self, table: &IndicatorTable) -> Grid {
        Grid {
            footer: Vec::new(),
            ..indicator_grid(table, self.lang)
        }
    }

    /// A row's name in the brief's language.
    pub fn name(&self, row: &Figures) -> String {
        row.display_name(self.lang)
    }

    /// The finished brief.
    pub fn finish(self, title: String, sections: Vec<Section>) -> Brief {
        Brief {
            period: self.end.to_string(),
            lang: self.lang,
            title,
            synthetic: self.queries.iter().any(|q| q.synthetic),
            sections,
            notes: self.notes,
            figures: self.numbers,
            queries: self.queries,
        }
    }
}
