//! The registry of measures, targets and progress records, in one SQLite file beside the
//! store (`<store>/registry.sqlite`).
//!
//! - The schema and the seed (measures and targets from the sources, cited) are versioned
//!   migrations (`migrations/*.sql`), applied on open.
//! - Progress records are append-only (SQLite triggers refuse UPDATE and DELETE): a wrong
//!   record is corrected by a new record that names it in `corrects`, and both stay.
//! - Accounts ([`accounts`]: users with Argon2id hashes, tokens kept as SHA-256) and the
//!   audit log ([`audit`], append-only like the records).
//! - The investment project pipeline ([`projects`]): each project once, its stage moves,
//!   amounts and sightings append-only events.
//! - Targets bound to an indicator (`indicator`, `figure`) are evaluated from the store by
//!   the caller and refuse manual records.

pub mod accounts;
pub mod audit;
pub mod cities;
pub mod notes;
pub mod projects;

use std::path::Path;

use chrono::NaiveDate;
use linkages_core::Linkage;
use linkages_core::target::{Goal, Observation, TargetKind};
use rusqlite::{Connection, OptionalExtension, params};
use rusqlite_migration::{M, Migrations};

/// The migrations, in order; never edit one that has shipped, add a new one.
const MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!("../migrations/001_schema.sql")),
    M::up(include_str!("../migrations/002_seed_from_sources.sql")),
    M::up(include_str!("../migrations/003_correct_once.sql")),
    M::up(include_str!("../migrations/004_accounts.sql")),
    M::up(include_str!("../migrations/005_projects.sql")),
    M::up(include_str!("../migrations/006_measure_notes.sql")),
    M::up(include_str!("../migrations/007_city_targets.sql")),
];

/// Errors of the registry, each saying what was refused and why.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// SQLite failed.
    #[error("registry database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A migration failed.
    #[error("registry migration: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// No such target.
    #[error("unknown target '{0}'; known targets: {1}")]
    UnknownTarget(String, String),
    /// No such progress record.
    #[error("target '{target}' has no progress record {id} to correct")]
    UnknownRecord {
        /// Target.
        target: String,
        /// Record id.
        id: i64,
    },
    /// A record that cannot be accepted.
    #[error("record refused: {0}")]
    Refused(String),
    /// A stored value is not what the schema promises (a damaged file).
    #[error("registry row {0}: {1}")]
    Corrupt(String, String),
    /// The registry's lock file could not be used.
    #[error("registry lock {0}: {1}")]
    Io(String, std::io::Error),
}

/// Registry result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A measure of the Five External Linkages, as the sources state it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Measure {
    /// Identifier.
    pub id: String,
    /// The linkage, or `None` for a cross-cutting measure.
    pub linkage: Option<Linkage>,
    /// Part of the 2024 opinions, where known.
    pub part: Option<i64>,
    /// Article, where the sources number it.
    pub article: Option<i64>,
    /// Chinese title.
    pub title_zh: String,
    /// English title.
    pub title_en: String,
    /// Responsible department, Chinese.
    pub department_zh: String,
    /// Responsible department, English.
    pub department_en: String,
    /// Source document (a file of `shared/sources`).
    pub source: String,
    /// The source's words.
    pub quote: String,
}

/// A target of a measure.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Target {
    /// Identifier (used on the command line and in the API).
    pub id: String,
    /// The measure it belongs to.
    pub measure_id: String,
    /// The measure's linkage.
    pub linkage: Option<Linkage>,
    /// Chinese title.
    pub title_zh: String,
    /// English title.
    pub title_en: String,
    /// Reach or maintain.
    pub kind: TargetKind,
    /// Unit of values (`parks`, `yuan`, `percent`, …).
    pub unit: String,
    /// The value progress starts from (0 when the sources state none).
    pub baseline_value: f64,
    /// When the baseline value held.
    pub baseline_date: NaiveDate,
    /// The value to reach or keep, in `unit`.
    pub target_value: f64,
    /// The day by which it is due (assumed when `deadline_assumed`).
    pub deadline: NaiveDate,
    /// Whether the deadline is assumed by the registry (the sources give none).
    pub deadline_assumed: bool,
    /// The indicator it is evaluated from, if bound.
    pub indicator: Option<String>,
    /// `annual` (the year's value) or `yoy` (year-to-date growth, %), if bound.
    pub figure: Option<String>,
    /// Source document.
    pub source: String,
    /// The source's words.
    pub quote: String,
    /// How the baseline, deadline or binding were chosen.
    pub note: Option<String>,
}

impl Target {
    /// What the status rules need to know.
    pub fn goal(&self) -> Goal {
        Goal {
            kind: self.kind,
            baseline: self.baseline_value,
            baseline_date: self.baseline_date,
            target: self.target_value,
            deadline: self.deadline,
            is_rate: self.unit == "percent",
        }
    }
}

/// A progress record as stored.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Record {
    /// Identifier, increasing.
    pub id: i64,
    /// The target it records progress of.
    pub target_id: String,
    /// Value (cumulative for counts).
    pub value: f64,
    /// Date the value describes.
    pub as_of: NaiveDate,
    /// Where the value comes from.
    pub source: String,
    /// Who entered it.
    pub entered_by: String,
    /// When it was entered (UTC, RFC 3339).
    pub entered_at: String,
    /// The record it corrects, if any.
    pub corrects: Option<i64>,
    /// Free note.
    pub note: Option<String>,
    /// Whether a later record corrects this one.
    pub superseded: bool,
    /// The city it is of (GB/T 2260 code), or `None` for the province's own record.
    pub city: Option<String>,
}

/// A record to add.
#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
pub struct NewRecord {
    /// The target it records progress of.
    pub target_id: String,
    /// The value reached, in the target's unit (cumulative for counts).
    pub value: f64,
    /// Date the value describes.
    pub as_of: NaiveDate,
    /// Where it comes from (a document, a bureau's report).
    pub source: String,
    /// Who enters it.
    pub entered_by: String,
    /// The unit the value is given in; must be the target's when given.
    pub unit: Option<String>,
    /// The record it corrects.
    pub corrects: Option<i64>,
    /// Free note.
    pub note: Option<String>,
    /// The city it is of (a canonical GB/T 2260 code), or `None` for the province.
    pub city: Option<String>,
}

/// The registry: one SQLite connection to `registry.sqlite`, migrated on open.
pub struct Registry {
    conn: Connection,
}

/// Refuses a record that cannot be right for its target: bound to the store, negative, in
/// another unit, dated after today or before the baseline, or without its source.
fn check(target: &Target, new: &NewRecord, today: NaiveDate) -> Result<()> {
    if let Some(indicator) = &target.indicator {
        return Err(Error::Refused(format!(
            "target '{}' is evaluated from the {indicator} indicator of the store; ingest the data instead",
            target.id
        )));
    }
    if !new.value.is_finite() || new.value < 0.0 {
        return Err(Error::Refused(format!(
            "{} is not a count or level: values are finite and not negative",
            new.value
        )));
    }
    if let Some(unit) = &new.unit
        && unit != &target.unit
    {
        return Err(Error::Refused(format!(
            "unit '{unit}' does not match target '{}', counted in '{}'",
            target.id, target.unit
        )));
    }
    if new.as_of > today {
        return Err(Error::Refused(format!(
            "the date {} is after today ({today})",
            new.as_of
        )));
    }
    if new.as_of < target.baseline_date {
        return Err(Error::Refused(format!(
            "the date {} is before the target's baseline date {}",
            new.as_of, target.baseline_date
        )));
    }
    if let Some(city) = &new.city
        && linkages_core::classify::city(city).map(|c| c.code) != Some(city.as_str())
    {
        return Err(Error::Refused(format!(
            "'{city}' is not the six-digit code of a city of the province"
        )));
    }
    if new.source.trim().is_empty() || new.entered_by.trim().is_empty() {
        return Err(Error::Refused(
            "a record needs its source and who entered it".into(),
        ));
    }
    Ok(())
}

fn linkage(raw: Option<String>) -> Option<Linkage> {
    raw.and_then(|l| l.parse().ok())
}

impl Registry {
    /// Opens (creating if needed) the registry file and brings it to the latest schema.
    /// Processes opening it at once wait for each other (a lock file beside it while the
    /// schema is brought up to date, SQLite's busy timeout after).
    pub fn open(path: &Path) -> Result<Registry> {
        let lock_path = path.with_extension("sqlite.lock");
        let lock = std::fs::File::create(&lock_path)
            .map_err(|e| Error::Io(lock_path.display().to_string(), e))?;
        lock.lock()
            .map_err(|e| Error::Io(lock_path.display().to_string(), e))?;
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        Migrations::from_slice(MIGRATIONS).to_latest(&mut conn)?;
        drop(lock);
        Ok(Registry { conn })
    }

    /// A number that changes whenever another connection (another process) commits a
    /// change; with a count of this connection's own writes, what cached answers depend on.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Every measure, by linkage and part.
    pub fn measures(&self) -> Result<Vec<Measure>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, linkage, part, article, title_zh, title_en, department_zh, department_en, source, quote
             FROM measures ORDER BY part IS NULL, part, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Measure {
                id: r.get(0)?,
                linkage: linkage(r.get(1)?),
                part: r.get(2)?,
                article: r.get(3)?,
                title_zh: r.get(4)?,
                title_en: r.get(5)?,
                department_zh: r.get(6)?,
                department_en: r.get(7)?,
                source: r.get(8)?,
                quote: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every target, optionally of one linkage, ordered by measure.
    pub fn targets(&self, only: Option<Linkage>) -> Result<Vec<Target>> {
        let mut stmt = self.conn.prepare(
            "SELECT t.id, t.measure_id, m.linkage, t.title_zh, t.title_en, t.kind, t.unit,
                    t.baseline_value, t.baseline_date, t.target_value, t.deadline,
                    t.deadline_assumed, t.indicator, t.figure, t.source, t.quote, t.note
             FROM targets t JOIN measures m ON m.id = t.measure_id
             ORDER BY m.part IS NULL, m.part, t.measure_id, t.id",
        )?;
        let rows = stmt.query_map([], |r| {
            let kind: String = r.get(5)?;
            let kind = TargetKind::parse(&kind).ok_or_else(|| {
                rusqlite::Error::FromSqlConversionFailure(
                    5,
                    rusqlite::types::Type::Text,
                    format!("target kind '{kind}'").into(),
                )
            })?;
            Ok(Target {
                id: r.get(0)?,
                measure_id: r.get(1)?,
                linkage: linkage(r.get(2)?),
                title_zh: r.get(3)?,
                title_en: r.get(4)?,
                kind,
                unit: r.get(6)?,
                baseline_value: r.get(7)?,
                baseline_date: r.get(8)?,
                target_value: r.get(9)?,
                deadline: r.get(10)?,
                deadline_assumed: r.get(11)?,
                indicator: r.get(12)?,
                figure: r.get(13)?,
                source: r.get(14)?,
                quote: r.get(15)?,
                note: r.get(16)?,
            })
        })?;
        let mut out = Vec::new();
        for target in rows {
            let target = target?;
            if only.is_none() || target.linkage == only {
                out.push(target);
            }
        }
        Ok(out)
    }

    /// One target by id.
    pub fn target(&self, id: &str) -> Result<Target> {
        let all = self.targets(None)?;
        let known = all
            .iter()
            .map(|t| t.id.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        all.iter()
            .find(|t| t.id == id)
            .cloned()
            .ok_or_else(|| Error::UnknownTarget(id.into(), known))
    }

    /// Every record of a target, oldest first, with those corrected by a later record marked.
    pub fn history(&self, target_id: &str) -> Result<Vec<Record>> {
        self.target(target_id)?;
        let mut stmt = self.conn.prepare(
            "SELECT p.id, p.target_id, p.value, p.as_of, p.source, p.entered_by, p.entered_at,
                    p.corrects, p.note,
                    EXISTS (SELECT 1 FROM progress c WHERE c.corrects = p.id), p.city
             FROM progress p WHERE p.target_id = ?1 ORDER BY p.id",
        )?;
        let rows = stmt.query_map([target_id], |r| {
            Ok(Record {
                id: r.get(0)?,
                target_id: r.get(1)?,
                value: r.get(2)?,
                as_of: r.get(3)?,
                source: r.get(4)?,
                entered_by: r.get(5)?,
                entered_at: r.get(6)?,
                corrects: r.get(7)?,
                note: r.get(8)?,
                superseded: r.get(9)?,
                city: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The records that count of the province (`city` `None`) or of one city: those no
    /// later record corrects, as observations.
    pub fn observations(&self, target_id: &str, city: Option<&str>) -> Result<Vec<Observation>> {
        Ok(self
            .history(target_id)?
            .into_iter()
            .filter(|r| !r.superseded && r.city.as_deref() == city)
            .map(|r| Observation {
                date: r.as_of,
                value: r.value,
                projected: false,
            })
            .collect())
    }

    /// Adds a progress record entered now, after checking it against the target: today
    /// bounds its date.
    pub fn record_now(&mut self, new: &NewRecord) -> Result<Record> {
        let now = chrono::Utc::now();
        self.record(new, chrono::Local::now().date_naive(), &now.to_rfc3339())
    }

    /// Adds a progress record entered on `today` at `entered_at` (UTC, RFC 3339) after
    /// checking it (see [`Registry::record_now`]).
    pub fn record(
        &mut self,
        new: &NewRecord,
        today: NaiveDate,
        entered_at: &str,
    ) -> Result<Record> {
        let target = self.target(&new.target_id)?;
        check(&target, new, today)?;
        if let Some(id) = new.corrects {
            self.check_correction(&target, id, new.city.as_deref())?;
        }
        self.conn.execute(
            "INSERT INTO progress (target_id, value, as_of, source, entered_by, entered_at, corrects, note, city)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                target.id,
                new.value,
                new.as_of.format("%Y-%m-%d").to_string(),
                new.source.trim(),
                new.entered_by.trim(),
                entered_at,
                new.corrects,
                new.note,
                new.city
            ],
        )?;
        let id = self.conn.last_insert_rowid();
        self.history(&target.id)?
            .into_iter()
            .find(|r| r.id == id)
            .ok_or_else(|| {
                Error::Corrupt(format!("progress {id}"), "not found after insert".into())
            })
    }

    /// A correction must name a record of the same target and city that no record
    /// corrects yet.
    fn check_correction(&self, target: &Target, id: i64, city: Option<&str>) -> Result<()> {
        let of: Option<(String, Option<String>)> = self
            .conn
            .query_row(
                "SELECT target_id, city FROM progress WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((of_target, of_city)) = of.filter(|(t, _)| t == &target.id) else {
            return Err(Error::UnknownRecord {
                target: target.id.clone(),
                id,
            });
        };
        if of_city.as_deref() != city {
            return Err(Error::Refused(format!(
                "record #{id} of '{of_target}' is of {}, not of {}: a correction is of the same city",
                of_city.as_deref().unwrap_or("the province"),
                city.unwrap_or("the province")
            )));
        }
        let by: Option<i64> = self
            .conn
            .query_row("SELECT id FROM progress WHERE corrects = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        match by {
            Some(by) => Err(Error::Refused(format!(
                "record #{id} was already corrected by #{by}; correct #{by} instead"
            ))),
            None => Ok(()),
        }
    }

    /// The underlying connection, for tests that check the append-only rule.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}
