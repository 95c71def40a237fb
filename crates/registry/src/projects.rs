//! The investment project pipeline in the registry: a project is stored once (found again
//! by its key when signed at another event), and everything that happens to it — sightings
//! at events, stage moves, new amounts — is an append-only event; its state is the fold of
//! its events (`linkages_core::pipeline::fold`). A duplicate the key missed is merged: both
//! rows and all events stay, the merged project's events count as the other's.

use std::collections::HashMap;

use chrono::NaiveDate;
use linkages_core::pipeline::{self, Amounts, Change, Event, NewProject, Problem, Project, Stage};
use rusqlite::{OptionalExtension, params};

use crate::{Error, Registry, Result};

/// Who records an event, when and on what evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Entered<'a> {
    /// The user (or `cli`).
    pub by: &'a str,
    /// When (UTC, RFC 3339).
    pub at: &'a str,
    /// The document or report it rests on.
    pub evidence: &'a str,
}

/// What adding a project did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(tag = "outcome", content = "id", rename_all = "snake_case")]
pub enum Added {
    /// A new project, with its id.
    New(i64),
    /// The project was already held (same key): the row became events of it.
    Merged(i64),
}

impl Added {
    /// The project's id.
    pub fn id(self) -> i64 {
        match self {
            Added::New(id) | Added::Merged(id) => id,
        }
    }
}

/// A row of a project list as read: its number, its cells as text (for the quarantine)
/// and the project or why its cells were refused.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRow {
    /// The row's number in the file.
    pub row: u64,
    /// The whole row, cells joined by tabs.
    pub raw: String,
    /// The project read, or the cell that is wrong.
    pub project: std::result::Result<NewProject, Problem>,
}

/// A row of a project list that was refused.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Quarantined {
    /// The row's number in the file.
    pub row: u64,
    /// The column's header.
    pub column: String,
    /// The cell as written.
    pub value: String,
    /// Why.
    pub reason: String,
    /// The whole row, cells joined by tabs.
    pub raw: String,
}

/// The account of one import: rows read = added + merged + quarantined.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    /// The import's number.
    pub id: i64,
    /// The file's name.
    pub file: String,
    /// Rows read below the header.
    pub rows_read: u64,
    /// Rows that made a new project.
    pub added: u64,
    /// Rows of a project already held.
    pub merged: u64,
    /// The rows refused.
    pub quarantine: Vec<Quarantined>,
}

fn checked(new: &NewProject) -> Result<()> {
    if new.name.trim().is_empty() || new.investor.trim().is_empty() {
        return Err(Error::Refused(
            "a project needs its name and investor".into(),
        ));
    }
    if let Some(v) = new.amounts.invalid() {
        return Err(Error::Refused(format!(
            "{v} is not an amount: amounts are finite and not negative"
        )));
    }
    Ok(())
}

impl Registry {
    /// Adds a project, or — when one with the same key is held — records the row as events
    /// of it: where it was seen, its amounts, and its stage if that moves it forwards.
    pub fn add_project(&mut self, new: &NewProject, e: &Entered) -> Result<Added> {
        let tx = self.conn.transaction()?;
        let added = add_in(&tx, new, e)?;
        tx.commit()?;
        Ok(added)
    }

    /// Imports the rows of a project list in one transaction (all or nothing): each row
    /// read is added, merged into the project it repeats, or quarantined with its reason
    /// (a bad cell, or a move the rules refuse), and the account is recorded.
    pub fn import_projects(
        &mut self,
        file: &str,
        sha256: &str,
        rows: Vec<ImportRow>,
        e: &Entered,
    ) -> Result<ImportReport> {
        let mut report = ImportReport {
            id: 0,
            file: file.into(),
            rows_read: rows.len() as u64,
            added: 0,
            merged: 0,
            quarantine: Vec::new(),
        };
        let mut tx = self.conn.transaction()?;
        for row in rows {
            let problem = match row.project {
                Err(p) => p,
                Ok(new) => {
                    let evidence = format!("{} ({file}, row {})", e.evidence, row.row);
                    let entry = Entered {
                        evidence: &evidence,
                        ..e.clone()
                    };
                    let sp = tx.savepoint()?;
                    match add_in(&sp, &new, &entry) {
                        Ok(added) => {
                            sp.commit()?;
                            match added {
                                Added::New(_) => report.added += 1,
                                Added::Merged(_) => report.merged += 1,
                            }
                            continue;
                        }
                        Err(Error::Refused(reason)) => Problem {
                            column: "stage".into(),
                            value: new.stage.map(|s| s.code().to_string()).unwrap_or_default(),
                            reason,
                        },
                        Err(other) => return Err(other),
                    }
                }
            };
            report.quarantine.push(Quarantined {
                row: row.row,
                column: problem.column,
                value: problem.value,
                reason: problem.reason,
                raw: row.raw,
            });
        }
        record_import(&tx, &mut report, sha256, e)?;
        tx.commit()?;
        Ok(report)
    }

    /// Moves a project to a stage on a day, checked by `pipeline::check_move` (backwards
    /// only as a correction).
    pub fn move_project(
        &mut self,
        id: i64,
        stage: Stage,
        on: NaiveDate,
        correction: bool,
        e: &Entered,
    ) -> Result<Project> {
        let project = self.project(id)?;
        pipeline::check_move(&project.state, stage, on, correction)
            .map_err(|m| Error::Refused(format!("project {id}: {m}")))?;
        insert_event(
            &self.conn,
            project.id,
            on,
            &Change::Moved { stage, correction },
            e,
        )?;
        self.project(project.id)
    }

    /// Merges project `from` into `into` (a duplicate the key did not catch).
    pub fn merge_projects(&mut self, from: i64, into: i64, e: &Entered) -> Result<Project> {
        let (a, b) = (self.project(from)?, self.project(into)?);
        if a.id == b.id {
            return Err(Error::Refused(format!("project {from} is already {into}")));
        }
        self.conn.execute(
            "INSERT INTO project_merges (from_id, into_id, evidence, entered_by, entered_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![a.id, b.id, e.evidence, e.by, e.at],
        )?;
        self.project(b.id)
    }

    /// One project by id (a merged one answers as the project it was merged into).
    pub fn project(&self, id: i64) -> Result<Project> {
        let into = resolve(&self.merges()?, id);
        self.projects(None)?
            .into_iter()
            .find(|p| p.id == into)
            .ok_or_else(|| Error::Refused(format!("no project {id}")))
    }

    /// Every project (or one city's), each once, its events and those of the projects
    /// merged into it folded in day order.
    pub fn projects(&self, city: Option<&str>) -> Result<Vec<Project>> {
        self.projects_as_of(city, None)
    }

    /// The projects as they stood at the end of a day (`None`: now): events dated later are
    /// left out, and projects without any event by then.
    pub fn projects_as_of(
        &self,
        city: Option<&str>,
        day: Option<NaiveDate>,
    ) -> Result<Vec<Project>> {
        let merges = self.merges()?;
        let mut events: HashMap<i64, Vec<(i64, Event)>> = HashMap::new();
        let seen = read_events(&self.conn, None)?;
        for (owner, id, event) in seen.into_iter().filter(|e| day.is_none_or(|d| e.2.on <= d)) {
            events
                .entry(resolve(&merges, owner))
                .or_default()
                .push((id, event));
        }
        let mut rows = self.project_rows()?;
        rows.retain(|p| city.is_none_or(|c| p.city == c) && !merges.contains_key(&p.id));
        if day.is_some() {
            rows.retain(|p| events.contains_key(&p.id));
        }
        for p in &mut rows {
            let mut list = events.remove(&p.id).unwrap_or_default();
            list.sort_by_key(|(id, e)| (e.on, *id));
            let list: Vec<Event> = list.into_iter().map(|e| e.1).collect();
            p.state = pipeline::fold(&list);
        }
        Ok(rows)
    }

    /// Merged project → the project it was merged into.
    fn merges(&self) -> Result<HashMap<i64, i64>> {
        let mut stmt = self
            .conn
            .prepare("SELECT from_id, into_id FROM project_merges")?;
        let pairs = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(pairs.collect::<Result<_, _>>()?)
    }

    fn project_rows(&self) -> Result<Vec<Project>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, name, investor, country, industry, cluster, city, top_leader, landmark
             FROM projects ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Project {
                id: r.get(0)?,
                name: r.get(1)?,
                investor: r.get(2)?,
                country: r.get(3)?,
                industry: r.get(4)?,
                cluster: r.get(5)?,
                city: r.get(6)?,
                top_leader: r.get(7)?,
                landmark: r.get(8)?,
                state: Default::default(),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Whether any project was entered by `linkages demo` (synthetic).
    pub fn projects_synthetic(&self) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM projects WHERE entered_by = ?1)",
            [pipeline::DEMO_ENTERED_BY],
            |r| r.get(0),
        )?)
    }
}

/// Records an import's account and its quarantined rows.
fn record_import(
    conn: &rusqlite::Connection,
    report: &mut ImportReport,
    sha256: &str,
    e: &Entered,
) -> Result<()> {
    conn.execute(
        "INSERT INTO project_imports (file, sha256, rows_read, added, merged, quarantined, entered_by, entered_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            report.file,
            sha256,
            report.rows_read as i64,
            report.added as i64,
            report.merged as i64,
            report.quarantine.len() as i64,
            e.by,
            e.at
        ],
    )?;
    report.id = conn.last_insert_rowid();
    for q in &report.quarantine {
        conn.execute(
            "INSERT INTO project_quarantine (import_id, row, col, value, reason, raw)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![report.id, q.row as i64, q.column, q.value, q.reason, q.raw],
        )?;
    }
    Ok(())
}

/// Adds a project or records the row as events of the project it repeats (see
/// [`Registry::add_project`]), inside the caller's transaction.
fn add_in(tx: &rusqlite::Connection, new: &NewProject, e: &Entered) -> Result<Added> {
    checked(new)?;
    let held: Option<i64> = tx
        .query_row("SELECT id FROM projects WHERE key = ?1", [new.key()], |r| {
            r.get(0)
        })
        .optional()?;
    let added = match held {
        Some(id) => Added::Merged(id),
        None => {
            tx.execute(
                "INSERT INTO projects (key, name, investor, country, industry, cluster, city,
                     top_leader, landmark, entered_by, entered_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    new.key(),
                    new.name.trim(),
                    new.investor.trim(),
                    new.country,
                    new.industry,
                    new.cluster,
                    new.city,
                    new.top_leader,
                    new.landmark,
                    e.by,
                    e.at
                ],
            )?;
            Added::New(tx.last_insert_rowid())
        }
    };
    let id = added.id();
    if let Some(event) = &new.event {
        insert_event(
            tx,
            id,
            new.on,
            &Change::Seen {
                event: event.clone(),
            },
            e,
        )?;
    }
    if new.amounts != Amounts::default() {
        insert_event(tx, id, new.on, &Change::Amounts(new.amounts), e)?;
    }
    if let Some(start) = new.planned_start {
        insert_event(tx, id, new.on, &Change::Planned { start }, e)?;
    }
    if let Some(stage) = new.stage {
        let state = pipeline::fold(&events_of(tx, id)?);
        let history = |cur: Stage| stage < cur && state.since.is_some_and(|s| new.on < s);
        match state.stage {
            // Signed again at another event: a sighting, not a move.
            Some(cur) if stage == cur => {}
            // An older row of its history (lists are not always in order of date).
            Some(cur) if history(cur) => {}
            _ => {
                pipeline::check_move(&state, stage, new.on, false)
                    .map_err(|m| Error::Refused(m.to_string()))?;
                let change = Change::Moved {
                    stage,
                    correction: false,
                };
                insert_event(tx, id, new.on, &change, e)?;
            }
        }
    }
    Ok(added)
}

/// The project a merged project's events count for (merges always name a project that is
/// not itself merged, so the chain is short and has no cycle).
fn resolve(merges: &HashMap<i64, i64>, mut id: i64) -> i64 {
    while let Some(next) = merges.get(&id) {
        id = *next;
    }
    id
}

fn events_of(conn: &rusqlite::Connection, id: i64) -> Result<Vec<Event>> {
    let mut list = read_events(conn, Some(id))?;
    list.sort_by_key(|(_, id, e)| (e.on, *id));
    Ok(list.into_iter().map(|e| e.2).collect())
}

fn read_events(conn: &rusqlite::Connection, only: Option<i64>) -> Result<Vec<(i64, i64, Event)>> {
    let mut stmt = conn.prepare(
        "SELECT project_id, id, on_day, kind, event, stage, correction, planned_usd, contracted_usd,
                actual_usd, planned_cny, contracted_cny, actual_cny, planned_start
         FROM project_events WHERE ?1 IS NULL OR project_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([only], |r| {
        let kind: String = r.get(3)?;
        let bad = |what: String| {
            rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, what.into())
        };
        let change = match kind.as_str() {
            "seen" => Change::Seen { event: r.get(4)? },
            "moved" => Change::Moved {
                stage: r
                    .get::<_, String>(5)?
                    .parse()
                    .map_err(|e: pipeline::StageError| bad(e.to_string()))?,
                correction: r.get(6)?,
            },
            "amounts" => Change::Amounts(Amounts {
                planned_usd: r.get(7)?,
                contracted_usd: r.get(8)?,
                actual_usd: r.get(9)?,
                planned_cny: r.get(10)?,
                contracted_cny: r.get(11)?,
                actual_cny: r.get(12)?,
            }),
            "planned" => Change::Planned { start: r.get(13)? },
            other => return Err(bad(format!("event kind '{other}'"))),
        };
        let on: NaiveDate = r.get(2)?;
        Ok((r.get(0)?, r.get(1)?, Event { on, change }))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn insert_event(
    conn: &rusqlite::Connection,
    id: i64,
    on: NaiveDate,
    change: &Change,
    e: &Entered,
) -> Result<()> {
    let none = Amounts::default();
    let (mut event, mut stage, mut correction, mut a, mut start) = (None, None, false, &none, None);
    let kind = match change {
        Change::Seen { event: name } => {
            event = Some(name.as_str());
            "seen"
        }
        Change::Moved {
            stage: s,
            correction: c,
        } => {
            (stage, correction) = (Some(s.code()), *c);
            "moved"
        }
        Change::Amounts(amounts) => {
            a = amounts;
            "amounts"
        }
        Change::Planned { start: day } => {
            start = Some(day.to_string());
            "planned"
        }
    };
    conn.execute(
        "INSERT INTO project_events (project_id, on_day, kind, event, stage, correction, planned_usd,
             contracted_usd, actual_usd, planned_cny, contracted_cny, actual_cny, planned_start,
             evidence, entered_by, entered_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        params![
            id,
            on.to_string(),
            kind,
            event,
            stage,
            correction,
            a.planned_usd,
            a.contracted_usd,
            a.actual_usd,
            a.planned_cny,
            a.contracted_cny,
            a.actual_cny,
            start,
            e.evidence,
            e.by,
            e.at
        ],
    )?;
    Ok(())
}
