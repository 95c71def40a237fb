//! Every measure on the board, grouped by the seven parts of the 2024 opinions: its
//! department, its countable targets (judged on the scoreboard) and, for every measure, the
//! policy office's judgement from its latest accepted progress note still in force, with
//! the notes awaiting review.

use linkages_core::target::Judgement;
use linkages_core::{Lang, SYNTHETIC_NOTE};
use linkages_registry::notes::Note;
use linkages_registry::{Measure, Registry};

use crate::Error;
use crate::table::{Cell, Grid};

/// One measure and its progress.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct MeasureLine {
    /// The measure as the sources state it.
    pub measure: Measure,
    /// The ids of its countable targets (see the scoreboard).
    pub targets: Vec<String>,
    /// The judgement of its latest accepted note in force, if any.
    pub judgement: Option<Judgement>,
    /// That note.
    pub latest: Option<Note>,
    /// Notes written but not reviewed yet.
    pub awaiting_review: usize,
    /// Every note, corrected and returned ones included.
    pub notes: Vec<Note>,
}

/// A part of the opinions and its measures.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Part {
    /// The part's number (1-7), `None` for measures of other documents.
    pub part: Option<i64>,
    /// Its title in Chinese.
    pub title_zh: String,
    /// Its title in English.
    pub title_en: String,
    /// The measures of this part, in the registry's order.
    pub measures: Vec<MeasureLine>,
}

/// All measures by part.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Measures {
    /// The parts in order, those without measures left out.
    pub parts: Vec<Part>,
    /// Whether any note is synthetic (demo data).
    pub synthetic: bool,
}

/// The parts' titles as the 2024 opinions' press conference states the first five; the
/// sources do not describe parts 6 and 7.
fn part_title(part: Option<i64>) -> (&'static str, &'static str) {
    match part {
        Some(1) => (
            "一、推动外贸稳规模优结构",
            "1. Stable scale and better structure of foreign trade",
        ),
        Some(2) => (
            "二、推动外资扩量稳存量提质量",
            "2. More, steadier and better foreign investment",
        ),
        Some(3) => (
            "三、推动服务外包提质升级",
            "3. Upgrading service outsourcing",
        ),
        Some(4) => (
            "四、推动外经做优做强",
            "4. Stronger outward economic cooperation",
        ),
        Some(5) => ("五、加大引进外智力度", "5. Attracting foreign talent"),
        Some(6) => ("第六部分", "Part 6"),
        Some(7) => ("第七部分", "Part 7"),
        _ => ("其他文件的措施", "Measures of other documents"),
    }
}

fn line(measure: Measure, targets: Vec<String>, notes: Vec<Note>) -> MeasureLine {
    let latest = notes
        .iter()
        .filter(|n| n.accepted == Some(true) && !n.superseded)
        .max_by_key(|n| (n.as_of, n.id))
        .cloned();
    MeasureLine {
        judgement: latest.as_ref().map(|n| n.judgement),
        awaiting_review: notes
            .iter()
            .filter(|n| n.accepted.is_none() && !n.superseded)
            .count(),
        latest,
        targets,
        notes,
        measure,
    }
}

/// Reads every measure with its targets and notes.
pub fn read(registry: &Registry) -> Result<Measures, Error> {
    let targets = registry.targets(None)?;
    let notes = registry.notes(None)?;
    let synthetic = notes
        .iter()
        .any(|n| n.entered_by == linkages_core::pipeline::DEMO_ENTERED_BY);
    let mut parts: Vec<Part> = Vec::new();
    for m in registry.measures()? {
        let of: Vec<String> = targets
            .iter()
            .filter(|t| t.measure_id == m.id)
            .map(|t| t.id.clone())
            .collect();
        let ns: Vec<Note> = notes
            .iter()
            .filter(|n| n.measure_id == m.id)
            .cloned()
            .collect();
        let part = m.part;
        let l = line(m, of, ns);
        match parts.iter_mut().find(|p| p.part == part) {
            Some(p) => p.measures.push(l),
            None => {
                let (zh, en) = part_title(part);
                parts.push(Part {
                    part,
                    title_zh: zh.into(),
                    title_en: en.into(),
                    measures: vec![l],
                });
            }
        }
    }
    Ok(Measures { parts, synthetic })
}

impl Measures {
    /// Every measure as a row under its part.
    pub fn grid(&self, lang: Lang) -> Grid {
        let header = [
            ("部分", "Part"),
            ("措施", "Measure"),
            ("牵头单位", "Department"),
            ("量化目标", "Targets"),
            ("进展判断", "Judgement"),
            ("截至", "As of"),
            ("最新进展", "Latest note"),
            ("待审核", "Awaiting review"),
        ];
        let mut rows = Vec::new();
        for p in &self.parts {
            for l in &p.measures {
                let m = &l.measure;
                rows.push(vec![
                    Cell::Text(lang.pick(&p.title_zh, &p.title_en).into()),
                    Cell::Text(format!(
                        "{} ({})",
                        lang.pick(&m.title_zh, &m.title_en),
                        m.id
                    )),
                    Cell::Text(lang.pick(&m.department_zh, &m.department_en).into()),
                    Cell::Text(l.targets.join(", ")),
                    Cell::Text(l.judgement.map_or(
                        lang.pick("暂无审核通过的进展", "no accepted note").into(),
                        |j| j.name(lang).to_string(),
                    )),
                    Cell::Text(
                        l.latest
                            .as_ref()
                            .map(|n| n.as_of.to_string())
                            .unwrap_or_default(),
                    ),
                    Cell::Text(
                        l.latest
                            .as_ref()
                            .map(|n| n.text.clone())
                            .unwrap_or_default(),
                    ),
                    Cell::Number(Some(l.awaiting_review as f64), 0),
                ]);
            }
        }
        let mut footer = Vec::new();
        if self.synthetic {
            footer.push(SYNTHETIC_NOTE.into());
        }
        Grid {
            title: lang
                .pick(
                    "“五外联动”全部措施进展",
                    "Five External Linkages: every measure",
                )
                .into(),
            header: header
                .iter()
                .map(|h| lang.pick(h.0, h.1).to_string())
                .collect(),
            rows,
            footer,
        }
    }
}

/// Writes the demo's synthetic notes (one or two per measure, reviewed by a synthetic
/// reviewer) into a registry without notes. Returns how many were written.
pub fn load_demo(registry: &mut Registry, seed: u64) -> Result<usize, Error> {
    if !registry.notes(None)?.is_empty() {
        return Ok(0);
    }
    let at = chrono::Utc::now().to_rfc3339();
    let by = linkages_core::pipeline::DEMO_ENTERED_BY;
    let mut n = 0;
    for m in registry.measures()? {
        for (day, judgement, text, accepted) in linkages_demo::progress::notes(seed, &m.id) {
            let note = registry.add_note(
                &linkages_registry::notes::NewNote {
                    measure_id: m.id.clone(),
                    as_of: day,
                    judgement,
                    text,
                    source: format!("synthetic (linkages demo, seed {seed})"),
                    entered_by: by.into(),
                    corrects: None,
                },
                day,
                &at,
            )?;
            if let Some(accepted) = accepted {
                registry.review_note(
                    note.id,
                    accepted,
                    None,
                    "linkages demo reviewer (synthetic)",
                    &at,
                )?;
            }
            n += 1;
        }
    }
    Ok(n)
}
