//! Targets cascaded to cities: splits of a target's value among the cities, for a year or
//! for the deadline, append-only (a later split of the same target and year is the one in
//! force; every split stays). The cities' progress is recorded as progress records naming
//! the city (`NewRecord::city`).

use linkages_core::cascade::{self, Part, Rule};
use rusqlite::{OptionalExtension, params};

use crate::{Error, Registry, Result, Target};

/// A split to add.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSplit {
    /// The target split.
    pub target_id: String,
    /// The year of a target judged year by year (`figure` `annual`); `None` for a target
    /// split at its deadline.
    pub year: Option<i32>,
    /// How the values were found.
    pub rule: Rule,
    /// Rule `shares`: what the shares are of (an indicator's code, or `records`) and the
    /// year; `None` for entered values.
    pub shares: Option<(String, i32)>,
    /// The document the values come from, or the pinned table or records the shares were
    /// read from.
    pub basis: String,
    /// The cities' values (canonical GB/T 2260 codes).
    pub parts: Vec<Part>,
    /// Who enters it.
    pub entered_by: String,
}

/// A split as stored.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Split {
    /// Identifier, increasing.
    pub id: i64,
    /// The target split.
    pub target_id: String,
    /// Its year, or `None` for the deadline.
    pub year: Option<i32>,
    /// How the values were found.
    pub rule: Rule,
    /// Rule `shares`: what the shares are of and the year.
    pub shares: Option<(String, i32)>,
    /// The document the values come from, or the table or records the shares were read
    /// from.
    pub basis: String,
    /// Who entered it.
    pub entered_by: String,
    /// When (UTC, RFC 3339).
    pub entered_at: String,
    /// The cities' values, by code.
    pub parts: Vec<Part>,
}

/// Refuses to split a target that cannot be split so: a rate, or a split without a year
/// of a target judged year by year (or with a year of one split at its deadline).
pub fn check_target(target: &Target, year: Option<i32>) -> Result<()> {
    if !cascade::additive(&target.unit) {
        return Err(Error::Refused(
            cascade::CascadeError::NotAdditive(target.unit.clone()).to_string(),
        ));
    }
    let annual = target.figure.as_deref() == Some("annual");
    match (annual, year) {
        (true, None) => Err(Error::Refused(format!(
            "target '{}' is judged year by year: a split names its year",
            target.id
        ))),
        (false, Some(y)) => Err(Error::Refused(format!(
            "target '{}' is split at its deadline {}, not for the year {y}",
            target.id, target.deadline
        ))),
        _ => Ok(()),
    }
}

/// Refuses a split its target cannot take (see [`check_target`]), without a city, with a
/// city code that is not canonical or a value that cannot be a target.
fn check(target: &Target, new: &NewSplit) -> Result<()> {
    check_target(target, new.year)?;
    if (new.rule == Rule::Shares) != new.shares.is_some() {
        return Err(Error::Refused(
            "a split by shares names what the shares are of and their year; entered values name none".into(),
        ));
    }
    if new.parts.is_empty() {
        return Err(Error::Refused("a split names at least one city".into()));
    }
    for p in &new.parts {
        if linkages_core::classify::city(&p.city).map(|c| c.code) != Some(p.city.as_str()) {
            return Err(Error::Refused(format!(
                "'{}' is not the six-digit code of a city of the province",
                p.city
            )));
        }
    }
    cascade::entered(
        &new.parts
            .iter()
            .map(|p| (p.city.clone(), p.value))
            .collect::<Vec<_>>(),
    )
    .map_err(|e| Error::Refused(e.to_string()))?;
    Ok(())
}

impl Registry {
    /// Stores a split entered at `entered_at` (UTC, RFC 3339), in one transaction, after
    /// checking it against its target.
    pub fn add_split(&mut self, new: &NewSplit, entered_at: &str) -> Result<Split> {
        let target = self.target(&new.target_id)?;
        check(&target, new)?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO city_splits (target_id, year, rule, shares_of, shares_year, basis, entered_by, entered_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                target.id,
                new.year,
                new.rule.code(),
                new.shares.as_ref().map(|s| &s.0),
                new.shares.as_ref().map(|s| s.1),
                new.basis.trim(),
                new.entered_by.trim(),
                entered_at
            ],
        )?;
        let id = tx.last_insert_rowid();
        for p in &new.parts {
            tx.execute(
                "INSERT INTO city_split_values (split_id, city, value, share_pct) VALUES (?1, ?2, ?3, ?4)",
                params![id, p.city, p.value, p.share_pct],
            )
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _)
                    if f.code == rusqlite::ErrorCode::ConstraintViolation =>
                {
                    Error::Refused(format!("city {} is named twice in the split", p.city))
                }
                e => e.into(),
            })?;
        }
        tx.commit()?;
        self.split(id)?
            .ok_or_else(|| Error::Corrupt(format!("split {id}"), "not found after insert".into()))
    }

    /// Every split of a target, oldest first.
    pub fn splits(&self, target_id: &str) -> Result<Vec<Split>> {
        self.target(target_id)?;
        let ids: Vec<i64> = self
            .conn
            .prepare("SELECT id FROM city_splits WHERE target_id = ?1 ORDER BY id")?
            .query_map([target_id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut out = Vec::new();
        for id in ids {
            out.extend(self.split(id)?);
        }
        Ok(out)
    }

    /// The split in force for a target and year (`None`: the deadline's): the latest.
    pub fn current_split(&self, target_id: &str, year: Option<i32>) -> Result<Option<Split>> {
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT max(id) FROM city_splits WHERE target_id = ?1 AND year IS ?2",
                params![target_id, year],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        match id {
            Some(id) => self.split(id),
            None => Ok(None),
        }
    }

    fn split(&self, id: i64) -> Result<Option<Split>> {
        let head = self
            .conn
            .query_row(
                "SELECT target_id, year, rule, basis, entered_by, entered_at, shares_of, shares_year
                 FROM city_splits WHERE id = ?1",
                [id],
                |r| {
                    let shares = match (r.get::<_, Option<String>>(6)?, r.get(7)?) {
                        (Some(of), Some(year)) => Some((of, year)),
                        _ => None,
                    };
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<i32>>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                        shares,
                    ))
                },
            )
            .optional()?;
        let Some((target_id, year, rule, basis, entered_by, entered_at, shares)) = head else {
            return Ok(None);
        };
        let rule = Rule::parse(&rule)
            .ok_or_else(|| Error::Corrupt(format!("split {id}"), format!("rule '{rule}'")))?;
        let parts = self
            .conn
            .prepare("SELECT city, value, share_pct FROM city_split_values WHERE split_id = ?1 ORDER BY city")?
            .query_map([id], |r| {
                Ok(Part {
                    city: r.get(0)?,
                    value: r.get(1)?,
                    share_pct: r.get(2)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(Some(Split {
            id,
            target_id,
            year,
            rule,
            shares,
            basis,
            entered_by,
            entered_at,
            parts,
        }))
    }
}
