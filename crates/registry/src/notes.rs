//! Progress notes of the measures: a dated note with a judgement (not started / under way /
//! done / stalled) and its source document, reviewed by the policy office — accepted notes
//! count, returned ones do not; a reviewer never reviews their own note. Notes and reviews
//! are append-only; a wrong note is corrected by a new note that names it.

use chrono::NaiveDate;
use linkages_core::target::Judgement;
use rusqlite::params;

use crate::{Error, Registry, Result};

/// A note to add.
#[derive(Debug, Clone, PartialEq)]
pub struct NewNote {
    /// The measure it reports on.
    pub measure_id: String,
    /// The day it describes (not after today).
    pub as_of: NaiveDate,
    /// Not started, under way, done or stalled, as the writer judges it.
    pub judgement: Judgement,
    /// What was done, in words.
    pub text: String,
    /// The document it rests on.
    pub source: String,
    /// Who writes it.
    pub entered_by: String,
    /// The note it corrects.
    pub corrects: Option<i64>,
}

/// A note as stored, with its review.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Note {
    /// Identifier, increasing.
    pub id: i64,
    /// The measure it reports on.
    pub measure_id: String,
    /// The day it describes.
    pub as_of: NaiveDate,
    /// Not started, under way, done or stalled, as the writer judges it.
    pub judgement: Judgement,
    /// What was done.
    pub text: String,
    /// The document it rests on.
    pub source: String,
    /// Who wrote it.
    pub entered_by: String,
    /// When (UTC, RFC 3339).
    pub entered_at: String,
    /// The note it corrects.
    pub corrects: Option<i64>,
    /// Whether a later note corrects it.
    pub superseded: bool,
    /// The review: `Some(true)` accepted, `Some(false)` returned, `None` awaiting review.
    pub accepted: Option<bool>,
    /// Who reviewed it.
    pub reviewed_by: Option<String>,
    /// The reviewer's comment.
    pub comment: Option<String>,
}

impl Registry {
    /// Adds a note, checked: a known measure, a day not after `today`, its text and source,
    /// a correction of a note of the same measure not yet corrected.
    pub fn add_note(&mut self, new: &NewNote, today: NaiveDate, entered_at: &str) -> Result<Note> {
        let known: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM measures WHERE id = ?1)",
            [&new.measure_id],
            |r| r.get(0),
        )?;
        if !known {
            return Err(Error::Refused(format!("no measure '{}'", new.measure_id)));
        }
        if new.as_of > today {
            return Err(Error::Refused(format!(
                "the date {} is after today ({today})",
                new.as_of
            )));
        }
        if new.text.trim().is_empty() || new.source.trim().is_empty() {
            return Err(Error::Refused(
                "a note needs its text and its source".into(),
            ));
        }
        if let Some(id) = new.corrects {
            let of = self.note(id)?;
            if of.measure_id != new.measure_id || of.superseded {
                return Err(Error::Refused(format!(
                    "note #{id} is not a note of '{}' still in force",
                    new.measure_id
                )));
            }
        }
        self.conn.execute(
            "INSERT INTO measure_notes (measure_id, as_of, judgement, text, source, entered_by, entered_at, corrects)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                new.measure_id,
                new.as_of.to_string(),
                new.judgement.code(),
                new.text.trim(),
                new.source.trim(),
                new.entered_by,
                entered_at,
                new.corrects
            ],
        )?;
        self.note(self.conn.last_insert_rowid())
    }

    /// Reviews a note: once, never by its author.
    pub fn review_note(
        &mut self,
        id: i64,
        accepted: bool,
        comment: Option<&str>,
        by: &str,
        at: &str,
    ) -> Result<Note> {
        let note = self.note(id)?;
        if note.entered_by == by {
            return Err(Error::Refused(format!(
                "note #{id} is {by}'s own: another reviewer reviews it"
            )));
        }
        if note.accepted.is_some() {
            return Err(Error::Refused(format!("note #{id} was reviewed already")));
        }
        self.conn.execute(
            "INSERT INTO note_reviews (note_id, accepted, comment, reviewed_by, reviewed_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, accepted, comment, by, at],
        )?;
        self.note(id)
    }

    /// One note.
    pub fn note(&self, id: i64) -> Result<Note> {
        self.read_notes(Some(id), None)?
            .pop()
            .ok_or_else(|| Error::Refused(format!("no note #{id}")))
    }

    /// Every note (or one measure's), oldest first.
    pub fn notes(&self, measure: Option<&str>) -> Result<Vec<Note>> {
        self.read_notes(None, measure)
    }

    fn read_notes(&self, id: Option<i64>, measure: Option<&str>) -> Result<Vec<Note>> {
        let mut stmt = self.conn.prepare(
            "SELECT n.id, n.measure_id, n.as_of, n.judgement, n.text, n.source, n.entered_by, n.entered_at,
                    n.corrects, EXISTS (SELECT 1 FROM measure_notes c WHERE c.corrects = n.id),
                    r.accepted, r.reviewed_by, r.comment
             FROM measure_notes n LEFT JOIN note_reviews r ON r.note_id = n.id
             WHERE (?1 IS NULL OR n.id = ?1) AND (?2 IS NULL OR n.measure_id = ?2) ORDER BY n.id",
        )?;
        let rows = stmt.query_map(params![id, measure], |r| {
            let judgement: String = r.get(3)?;
            let judgement = judgement.parse().map_err(|e: String| {
                rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, e.into())
            })?;
            Ok(Note {
                id: r.get(0)?,
                measure_id: r.get(1)?,
                as_of: r.get(2)?,
                judgement,
                text: r.get(4)?,
                source: r.get(5)?,
                entered_by: r.get(6)?,
                entered_at: r.get(7)?,
                corrects: r.get(8)?,
                superseded: r.get(9)?,
                accepted: r.get(10)?,
                reviewed_by: r.get(11)?,
                comment: r.get(12)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
