//! `linkages users` and `linkages audit`: the server's accounts and the audit log. Every
//! change made here is audited as the command line's (`cli:<login>`).

use std::io::BufRead;
use std::process::ExitCode;

use anyhow::{Context, Result};
use linkages_registry::Registry;
use linkages_registry::accounts::NewUser;
use linkages_registry::audit::{AuditAction, AuditFilter, NewEntry};

use super::Env;
use crate::args::{AuditArgs, UserAction, UsersArgs};

/// Adds, lists or disables users, or issues a token.
pub fn run(env: &Env, a: UsersArgs) -> Result<ExitCode> {
    let mut registry = env.registry()?;
    match a.action {
        UserAction::Add { name, role, city } => {
            let password = read_password()?;
            let new = NewUser {
                name: &name,
                role,
                city: city.as_deref(),
                password: &password,
            };
            let outcome = registry.add_user(&new);
            audit(
                &registry,
                AuditAction::AddUser,
                &name,
                outcome.as_ref().err(),
            )?;
            let user = outcome?;
            let city = user.city.map(|c| format!(" of {c}")).unwrap_or_default();
            println!("added {} ({}{city})", user.name, user.role);
        }
        UserAction::List => list(&registry)?,
        UserAction::Disable { name } => {
            let outcome = registry.disable_user(&name);
            audit(
                &registry,
                AuditAction::DisableUser,
                &name,
                outcome.as_ref().err(),
            )?;
            println!("disabled {}", outcome?.name);
        }
        UserAction::Token {
            name,
            label,
            expires,
        } => token(&mut registry, &name, &label, expires)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn list(registry: &Registry) -> Result<()> {
    for u in registry.users()? {
        let city = u.city.unwrap_or_default();
        let state = if u.disabled { "disabled" } else { "enabled" };
        println!(
            "{}\t{}\t{city}\t{state}\tsince {}",
            u.name, u.role, u.created_at
        );
    }
    Ok(())
}

/// Issues a token and prints it (once); valid through the day given, in UTC.
fn token(
    registry: &mut Registry,
    name: &str,
    label: &str,
    expires: Option<chrono::NaiveDate>,
) -> Result<()> {
    let until = expires.map(|d| format!("{}T23:59:59Z", d.format("%Y-%m-%d")));
    let outcome = registry.issue_token(name, label, until.as_deref());
    audit(
        registry,
        AuditAction::IssueToken,
        name,
        outcome.as_ref().err(),
    )?;
    let token = outcome?;
    eprintln!(
        "token #{} for {name} ({label}); it is shown once, keep it:",
        token.id
    );
    println!("{}", token.secret);
    Ok(())
}

/// Prints the audit log, the latest first.
pub fn audit_log(env: &Env, a: AuditArgs) -> Result<ExitCode> {
    let registry = env.registry()?;
    let filter = AuditFilter {
        user: a.user,
        since: a.since.map(|d| d.format("%Y-%m-%d").to_string()),
        limit: Some(a.limit),
    };
    for e in registry.audit_log(&filter)? {
        let user = e.user.as_deref().unwrap_or("(public)");
        println!(
            "#{}\t{}\t{user}\t{}\t{}\t{}\t{}\t{}",
            e.id, e.at, e.role, e.address, e.action, e.object, e.outcome
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Who the command line acts as in the audit log: `cli:` and the login of the shell.
pub fn cli_user() -> String {
    let login = std::env::var("USER").unwrap_or_else(|_| "unknown".into());
    format!("cli:{login}")
}

/// Appends the command line's change (and its outcome) to the audit log.
pub fn audit(
    registry: &Registry,
    action: AuditAction,
    object: &str,
    refused: Option<&impl std::fmt::Display>,
) -> Result<()> {
    let outcome = refused.map_or("ok".to_string(), |e| format!("refused: {e}"));
    registry.audit(&NewEntry {
        user: Some(&cli_user()),
        role: "admin",
        address: "cli",
        action,
        object,
        outcome: &outcome,
    })?;
    Ok(())
}

/// The first line of standard input (a prompt is shown on a terminal).
fn read_password() -> Result<String> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() {
        eprint!(
            "password (at least {} characters): ",
            linkages_registry::accounts::MIN_PASSWORD
        );
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}
