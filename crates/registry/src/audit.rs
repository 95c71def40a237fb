//! The audit log: one row per login, failed login, token use, write and SQL statement —
//! who, when, from where, what, on what, with what outcome. Append-only: SQLite triggers
//! refuse UPDATE and DELETE.

use rusqlite::params;

use crate::accounts::now;
use crate::{Registry, Result};

/// What was done, as the audit log names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    /// A sign-in, successful or not (the outcome says).
    Login,
    /// A sign-out.
    Logout,
    /// A request authenticated by an API token.
    Token,
    /// A progress record or a correction.
    RecordProgress,
    /// A user added.
    AddUser,
    /// A user disabled.
    DisableUser,
    /// A token issued.
    IssueToken,
    /// A SQL statement.
    Sql,
    /// A project added, moved, merged or given new amounts, or a project list imported.
    Project,
    /// Any other write request (refused or not).
    Write,
}

impl AuditAction {
    /// The code stored.
    pub fn code(self) -> &'static str {
        match self {
            AuditAction::Login => "login",
            AuditAction::Logout => "logout",
            AuditAction::Token => "token",
            AuditAction::RecordProgress => "record_progress",
            AuditAction::AddUser => "add_user",
            AuditAction::DisableUser => "disable_user",
            AuditAction::IssueToken => "issue_token",
            AuditAction::Sql => "sql",
            AuditAction::Project => "project",
            AuditAction::Write => "write",
        }
    }
}

/// An entry to append.
#[derive(Debug, Clone)]
pub struct NewEntry<'a> {
    /// The user, `None` for a caller without an account.
    pub user: Option<&'a str>,
    /// The caller's role.
    pub role: &'a str,
    /// The client's address, or `cli` for the command line.
    pub address: &'a str,
    /// What was done.
    pub action: AuditAction,
    /// What it was done on (a target id, a user name, the SQL text, a path).
    pub object: &'a str,
    /// `ok`, or why it was refused.
    pub outcome: &'a str,
}

/// An entry of the log.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Entry {
    /// Its number, in order of writing.
    pub id: i64,
    /// When (UTC, RFC 3339).
    pub at: String,
    /// Who (`None`: no account).
    pub user: Option<String>,
    /// In which role.
    pub role: String,
    /// From where.
    pub address: String,
    /// What.
    pub action: String,
    /// On what.
    pub object: String,
    /// With what outcome.
    pub outcome: String,
}

/// Which entries to read.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Only this user's.
    pub user: Option<String>,
    /// Only at or after this time (RFC 3339 or a date, YYYY-MM-DD).
    pub since: Option<String>,
    /// At most this many, the latest (default 1,000).
    pub limit: Option<u32>,
}

/// Entries read when no limit is given.
const DEFAULT_LIMIT: u32 = 1000;

/// The longest object kept (a long SQL statement is cut, and says so).
const MAX_OBJECT: usize = 4000;

impl Registry {
    /// Appends an entry to the audit log.
    pub fn audit(&self, entry: &NewEntry<'_>) -> Result<()> {
        let object = match entry.object.char_indices().nth(MAX_OBJECT) {
            Some((at, _)) => format!("{}… (cut)", &entry.object[..at]),
            None => entry.object.to_string(),
        };
        self.conn.execute(
            "INSERT INTO audit (at, user_name, role, address, action, object, outcome)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                now(),
                entry.user,
                entry.role,
                entry.address,
                entry.action.code(),
                object,
                entry.outcome
            ],
        )?;
        Ok(())
    }

    /// Entries of the log, the latest first.
    pub fn audit_log(&self, filter: &AuditFilter) -> Result<Vec<Entry>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, at, user_name, role, address, action, object, outcome FROM audit
             WHERE (?1 IS NULL OR user_name = ?1) AND (?2 IS NULL OR at >= ?2)
             ORDER BY id DESC LIMIT ?3",
        )?;
        let rows = stmt.query_map(
            params![
                filter.user,
                filter.since,
                filter.limit.unwrap_or(DEFAULT_LIMIT)
            ],
            |r| {
                Ok(Entry {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    user: r.get(2)?,
                    role: r.get(3)?,
                    address: r.get(4)?,
                    action: r.get(5)?,
                    object: r.get(6)?,
                    outcome: r.get(7)?,
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
