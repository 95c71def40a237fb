//! The investment project pipeline: the stages a project moves through (推介 → 洽谈 → 签约 →
//! 开工 → 投产), the rules of a move, how a project is recognised when it is signed again at
//! another event, and the figures investment promotion offices report. Pure rules; the
//! registry keeps each project's append-only events and folds them with [`fold`].
//!
//! The figures, as the provincial department and its city bureaus use them:
//! - **履约率** (fulfilment rate): of the projects signed (at 签约 or later), the share that has
//!   started construction (开工 or later);
//! - **开工率** (start rate): of the signed projects whose planned start date has passed, the
//!   share that has started;
//! - **资金到位率** (funds in place): actual investment over contracted investment, US$, over
//!   the signed projects that state both;
//! - the **funnel**: how many projects reached each stage; the **ageing**: how long each
//!   project has stayed in its current stage, stuck when longer than [`STUCK_DAYS`].
//!
//! A project signed at two events counts once: its [`key`] (investor, name and city with
//! letter case, spaces, punctuation and company-form words removed) finds the project
//! already held, and the second signing becomes an event of it.

mod file;

use chrono::NaiveDate;

use crate::lang::Lang;

pub use file::{Columns, Problem};

/// A stage of the pipeline, in order.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 推介: presented to investors.
    Promoted,
    /// 洽谈: under negotiation.
    Negotiating,
    /// 签约: contract signed.
    Signed,
    /// 开工: construction started.
    Started,
    /// 投产: in production.
    Producing,
}

/// Text that names no stage.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{0}' is not a stage; use promoted/推介, negotiating/洽谈, signed/签约, started/开工 or producing/投产"
)]
pub struct StageError(pub String);

impl Stage {
    /// Every stage, in order.
    pub const ALL: [Stage; 5] = [
        Stage::Promoted,
        Stage::Negotiating,
        Stage::Signed,
        Stage::Started,
        Stage::Producing,
    ];

    /// The code in the registry, the CLI and the API.
    pub fn code(self) -> &'static str {
        match self {
            Stage::Promoted => "promoted",
            Stage::Negotiating => "negotiating",
            Stage::Signed => "signed",
            Stage::Started => "started",
            Stage::Producing => "producing",
        }
    }

    /// The stage's name as officials write it.
    pub fn name(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Stage::Promoted => ("推介", "promoted"),
            Stage::Negotiating => ("洽谈", "negotiating"),
            Stage::Signed => ("签约", "signed"),
            Stage::Started => ("开工", "started"),
            Stage::Producing => ("投产", "in production"),
        };
        lang.pick(zh, en)
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl std::str::FromStr for Stage {
    type Err = StageError;

    /// Reads a stage by its code, its Chinese name or its English name.
    fn from_str(raw: &str) -> Result<Stage, StageError> {
        let t = raw.trim();
        Stage::ALL
            .into_iter()
            .find(|s| {
                s.code().eq_ignore_ascii_case(t)
                    || s.name(Lang::Zh) == t
                    || s.name(Lang::En).eq_ignore_ascii_case(t)
            })
            .ok_or_else(|| StageError(raw.to_string()))
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// Investment amounts of a project; each is as reported, `None` when not (a CNY amount is
/// never converted to dollars here: the rate would be a guess).
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Amounts {
    /// Planned investment, US$.
    pub planned_usd: Option<f64>,
    /// Contracted investment, US$.
    pub contracted_usd: Option<f64>,
    /// Actual investment in place (到资), US$.
    pub actual_usd: Option<f64>,
    /// Planned investment, yuan.
    pub planned_cny: Option<f64>,
    /// Contracted investment, yuan.
    pub contracted_cny: Option<f64>,
    /// Actual investment in place, yuan.
    pub actual_cny: Option<f64>,
}

impl Amounts {
    /// These amounts with every amount `newer` states replacing the old one.
    pub fn updated(self, newer: &Amounts) -> Amounts {
        Amounts {
            planned_usd: newer.planned_usd.or(self.planned_usd),
            contracted_usd: newer.contracted_usd.or(self.contracted_usd),
            actual_usd: newer.actual_usd.or(self.actual_usd),
            planned_cny: newer.planned_cny.or(self.planned_cny),
            contracted_cny: newer.contracted_cny.or(self.contracted_cny),
            actual_cny: newer.actual_cny.or(self.actual_cny),
        }
    }

    /// The project's size in US$: contracted, else planned.
    pub fn size_usd(&self) -> Option<f64> {
        self.contracted_usd.or(self.planned_usd)
    }

    /// Whether any amount is negative or not a number.
    pub fn invalid(&self) -> Option<f64> {
        [
            self.planned_usd,
            self.contracted_usd,
            self.actual_usd,
            self.planned_cny,
            self.contracted_cny,
            self.actual_cny,
        ]
        .into_iter()
        .flatten()
        .find(|v| !v.is_finite() || *v < 0.0)
    }
}

/// What an event of a project records.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// The project was presented or signed at an event (a fair, a conference); a project
    /// signed at a second event gets one more of these, not a second project.
    Seen {
        /// The event's name.
        event: String,
    },
    /// The project moved to a stage; a move backwards is accepted only as a correction.
    Moved {
        /// The stage reached.
        stage: Stage,
        /// Whether it corrects an earlier move (the only way back).
        correction: bool,
    },
    /// New amounts (the stated ones replace the old).
    Amounts(Amounts),
    /// The planned start of construction, as newly stated.
    Planned {
        /// The day construction is planned to start.
        start: NaiveDate,
    },
}

/// One event of a project, dated.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Event {
    /// The day it happened.
    pub on: NaiveDate,
    /// What happened.
    pub change: Change,
}

/// A project's state: its events folded in order.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct State {
    /// The current stage (`None` before any move).
    pub stage: Option<Stage>,
    /// Since when it is in that stage.
    pub since: Option<NaiveDate>,
    /// The day each stage was first reached (index by stage order); a stage skipped counts
    /// as reached on the day of the later stage.
    pub reached: [Option<NaiveDate>; 5],
    /// The amounts as last reported.
    pub amounts: Amounts,
    /// The events it was seen at, in order.
    pub events: Vec<String>,
    /// The planned start of construction, as last stated.
    pub planned_start: Option<NaiveDate>,
}

impl State {
    /// Whether the project has reached a stage (or a later one).
    pub fn has_reached(&self, stage: Stage) -> bool {
        self.reached_on(stage).is_some()
    }

    /// The day the project first reached a stage (or a later one), if it has.
    pub fn reached_on(&self, stage: Stage) -> Option<NaiveDate> {
        self.reached[stage.index()]
    }
}

/// Folds a project's events, oldest first, into its state. A correction sets the stage
/// back and forgets the days of the stages above it.
pub fn fold(events: &[Event]) -> State {
    let mut state = State::default();
    for e in events {
        match &e.change {
            Change::Seen { event } => state.events.push(event.clone()),
            Change::Amounts(a) => state.amounts = state.amounts.updated(a),
            Change::Planned { start } => state.planned_start = Some(*start),
            Change::Moved { stage, .. } => {
                for s in Stage::ALL {
                    if s <= *stage {
                        state.reached[s.index()].get_or_insert(e.on);
                    } else {
                        state.reached[s.index()] = None;
                    }
                }
                if state.stage != Some(*stage) {
                    state.since = Some(e.on);
                }
                state.stage = Some(*stage);
            }
        }
    }
    state
}

/// Why a move is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoveError {
    /// The project is already in that stage.
    #[error("the project is already at {0}")]
    Same(Stage),
    /// A move backwards that is not recorded as a correction.
    #[error(
        "{from} → {to} goes backwards; record it as a correction (with its evidence) if the earlier move was wrong"
    )]
    Backwards {
        /// The current stage.
        from: Stage,
        /// The stage asked for.
        to: Stage,
    },
    /// A move dated before the current stage was reached.
    #[error("the move is dated {on}, before the project reached {stage} on {since}")]
    BeforeSince {
        /// The move's day.
        on: NaiveDate,
        /// The current stage.
        stage: Stage,
        /// When it was reached.
        since: NaiveDate,
    },
    /// A correction that goes forwards or stays.
    #[error("a correction sets a stage back; {from} → {to} is a normal move")]
    NotBack {
        /// The current stage.
        from: Stage,
        /// The stage asked for.
        to: Stage,
    },
}

/// Checks a move of a project in `state` to `to` on `on`: forwards (skipping stages is
/// allowed: a project may be signed without a recorded negotiation), never dated before
/// the current stage; backwards only as a correction (itself not dated before it either).
pub fn check_move(
    state: &State,
    to: Stage,
    on: NaiveDate,
    correction: bool,
) -> Result<(), MoveError> {
    let Some(from) = state.stage else {
        return Ok(());
    };
    if let Some(since) = state.since
        && on < since
    {
        return Err(MoveError::BeforeSince {
            on,
            stage: from,
            since,
        });
    }
    match (correction, to.cmp(&from)) {
        (true, std::cmp::Ordering::Less) => Ok(()),
        (true, _) => Err(MoveError::NotBack { from, to }),
        (false, std::cmp::Ordering::Equal) => Err(MoveError::Same(from)),
        (false, std::cmp::Ordering::Less) => Err(MoveError::Backwards { from, to }),
        (false, std::cmp::Ordering::Greater) => Ok(()),
    }
}

/// Words of company forms left out of a project's key, so that "BASF (Guangdong) Co., Ltd."
/// and "巴斯夫（广东）有限公司" differ only by language, and "ACME Inc" equals "ACME, Inc.".
const FORM_WORDS: &[&str] = &[
    "co",
    "ltd",
    "limited",
    "inc",
    "corp",
    "corporation",
    "company",
    "gmbh",
    "ag",
    "se",
    "sa",
    "plc",
    "llc",
    "bv",
    "nv",
    "kk",
    "有限责任公司",
    "股份有限公司",
    "有限公司",
    "集团",
    "公司",
];

fn normalised(raw: &str) -> String {
    let lower = raw.to_lowercase();
    let words: Vec<String> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut w = w.to_string();
            for form in FORM_WORDS.iter().filter(|f| !f.is_ascii()) {
                w = w.replace(form, "");
            }
            w
        })
        .filter(|w| !w.is_empty() && !FORM_WORDS.contains(&w.as_str()))
        .collect();
    words.concat()
}

/// The key a project is recognised by across events: investor, name and city, normalised.
pub fn key(investor: &str, name: &str, city: &str) -> String {
    format!(
        "{}|{}|{}",
        normalised(investor),
        normalised(name),
        city.trim()
    )
}

/// A project as the pipeline's figures see it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Project {
    /// Identifier.
    pub id: i64,
    /// The project's name.
    pub name: String,
    /// The investing company, as its contract names it.
    pub investor: String,
    /// The investor's source country (ISO alpha-3).
    pub country: String,
    /// Industry section (GB/T 4754).
    pub industry: String,
    /// Strategic cluster code, where it belongs to one.
    pub cluster: Option<String>,
    /// City (GB/T 2260).
    pub city: String,
    /// Signed under the "top leader" investment promotion project (一把手工程).
    pub top_leader: bool,
    /// A landmark project (标志性项目).
    pub landmark: bool,
    /// Its events folded.
    pub state: State,
}

/// A project as entered by hand or read from a promotion office's list, its codes
/// checked: the project (found by its [`key`] if already held), the stage it has reached
/// on a day, where it was seen, and its amounts.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct NewProject {
    /// The project's name.
    pub name: String,
    /// The investing company, as its contract names it.
    pub investor: String,
    /// The investor's source country (ISO alpha-3).
    pub country: String,
    /// Industry section (GB/T 4754).
    pub industry: String,
    /// Strategic cluster code.
    pub cluster: Option<String>,
    /// City (GB/T 2260).
    pub city: String,
    /// Signed under the "top leader" project.
    pub top_leader: bool,
    /// A landmark project.
    pub landmark: bool,
    /// Planned start of construction.
    pub planned_start: Option<NaiveDate>,
    /// The stage reached, if stated.
    pub stage: Option<Stage>,
    /// The day the row describes.
    pub on: NaiveDate,
    /// The event it was presented or signed at.
    pub event: Option<String>,
    /// The amounts the row states (planned, contracted, actual).
    pub amounts: Amounts,
}

impl NewProject {
    /// The key it is recognised by.
    pub fn key(&self) -> String {
        key(&self.investor, &self.name, &self.city)
    }
}

/// Who enters the demo's synthetic projects and records: what marks them synthetic.
pub const DEMO_ENTERED_BY: &str = "linkages demo (synthetic)";

/// A project stuck in a stage longer than this many days is flagged.
pub const STUCK_DAYS: i64 = 180;

/// The line of US$100 million above which a project is a large one (亿美元以上项目).
pub const LARGE_USD: f64 = 1e8;

impl Project {
    /// Whether it is a large project: US$100 million or more, contracted (else planned).
    pub fn is_large(&self) -> bool {
        self.state
            .amounts
            .size_usd()
            .is_some_and(|v| v >= LARGE_USD)
    }
}

/// The pipeline's headline figures over a set of projects on a day.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Kpis {
    /// Projects (each once, whatever the events it was seen at).
    pub projects: usize,
    /// Projects that reached each stage, in stage order (the funnel).
    pub funnel: [usize; 5],
    /// 履约率, %: started of signed; `None` without a signed project.
    pub fulfilment_pct: Option<f64>,
    /// 开工率, %: started of those whose planned start has passed; `None` without any.
    pub start_pct: Option<f64>,
    /// 资金到位率, %: actual / contracted US$ over signed projects stating both.
    pub funds_pct: Option<f64>,
    /// Signed projects stating both amounts in US$ (the base of `funds_pct`).
    pub funds_base: usize,
    /// Projects of at least US$100 million (contracted, else planned).
    pub large: usize,
    /// Projects in a stage other than production for more than [`STUCK_DAYS`].
    pub stuck: usize,
}

fn pct(part: f64, whole: f64) -> Option<f64> {
    (whole > 0.0).then(|| part / whole * 100.0)
}

/// The days a project has been in its current stage on `today` (`None` before any move).
pub fn age(project: &Project, today: NaiveDate) -> Option<i64> {
    project.state.since.map(|s| (today - s).num_days().max(0))
}

/// Whether a project is stuck on `today`: not in production and in its stage for more than
/// [`STUCK_DAYS`].
pub fn is_stuck(project: &Project, today: NaiveDate) -> bool {
    project.state.stage != Some(Stage::Producing)
        && age(project, today).is_some_and(|d| d > STUCK_DAYS)
}

/// The headline figures of `projects` on `today`.
pub fn kpis(projects: &[Project], today: NaiveDate) -> Kpis {
    let mut funnel = [0; 5];
    for p in projects {
        for s in Stage::ALL.into_iter().filter(|s| p.state.has_reached(*s)) {
            funnel[s.index()] += 1;
        }
    }
    let signed: Vec<&Project> = projects
        .iter()
        .filter(|p| p.state.has_reached(Stage::Signed))
        .collect();
    let started = |p: &Project| p.state.has_reached(Stage::Started);
    let due: Vec<&Project> = signed
        .iter()
        .copied()
        .filter(|p| p.state.planned_start.is_some_and(|d| d <= today))
        .collect();
    let funded: Vec<(f64, f64)> = signed
        .iter()
        .filter_map(|p| Some((p.state.amounts.actual_usd?, p.state.amounts.contracted_usd?)))
        .collect();
    Kpis {
        projects: projects.len(),
        funnel,
        fulfilment_pct: pct(
            signed.iter().filter(|p| started(p)).count() as f64,
            signed.len() as f64,
        ),
        start_pct: pct(
            due.iter().filter(|p| started(p)).count() as f64,
            due.len() as f64,
        ),
        funds_pct: pct(
            funded.iter().map(|f| f.0).sum(),
            funded.iter().map(|f| f.1).sum(),
        ),
        funds_base: funded.len(),
        large: projects.iter().filter(|p| p.is_large()).count(),
        stuck: projects.iter().filter(|p| is_stuck(p, today)).count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("day")
    }

    fn moved(on: &str, stage: Stage) -> Event {
        Event {
            on: day(on),
            change: Change::Moved {
                stage,
                correction: false,
            },
        }
    }

    #[test]
    fn stages_read_in_both_languages() {
        assert_eq!("签约".parse::<Stage>(), Ok(Stage::Signed));
        assert_eq!("In Production".parse::<Stage>(), Ok(Stage::Producing));
        assert!("built".parse::<Stage>().is_err());
    }

    #[test]
    fn a_skipped_stage_counts_as_reached_and_a_correction_forgets_the_later_ones() {
        let mut events = vec![
            moved("2024-01-10", Stage::Promoted),
            moved("2024-03-01", Stage::Signed),
        ];
        let s = fold(&events);
        assert_eq!(
            s.reached[Stage::Negotiating.index()],
            Some(day("2024-03-01"))
        );
        events.push(Event {
            on: day("2024-04-01"),
            change: Change::Moved {
                stage: Stage::Negotiating,
                correction: true,
            },
        });
        let s = fold(&events);
        assert_eq!(s.stage, Some(Stage::Negotiating));
        assert!(!s.has_reached(Stage::Signed));
        assert_eq!(s.since, Some(day("2024-04-01")));
    }

    #[test]
    fn move_rules() {
        let s = fold(&[moved("2024-03-01", Stage::Signed)]);
        let on = day("2024-05-01");
        assert_eq!(check_move(&s, Stage::Producing, on, false), Ok(()));
        assert_eq!(
            check_move(&s, Stage::Signed, on, false),
            Err(MoveError::Same(Stage::Signed))
        );
        assert!(matches!(
            check_move(&s, Stage::Negotiating, on, false),
            Err(MoveError::Backwards { .. })
        ));
        assert_eq!(check_move(&s, Stage::Negotiating, on, true), Ok(()));
        assert!(matches!(
            check_move(&s, Stage::Started, on, true),
            Err(MoveError::NotBack { .. })
        ));
        assert!(matches!(
            check_move(&s, Stage::Started, day("2024-02-01"), false),
            Err(MoveError::BeforeSince { .. })
        ));
    }

    #[test]
    fn the_key_ignores_case_spacing_punctuation_and_company_forms() {
        assert_eq!(
            key("ACME, Inc.", "Plant  Phase 1", "440300"),
            key("acme inc", "plant phase-1", "440300")
        );
        assert_eq!(
            key("巴斯夫（广东）有限公司", "一体化基地", "440800"),
            key("巴斯夫(广东)", "一体化基地", "440800")
        );
        assert_ne!(
            key("ACME", "Plant", "440300"),
            key("ACME", "Plant", "440100")
        );
    }
}
