//! Accounts, tokens and the audit log of the registry.

use linkages_core::access::Role;
use linkages_registry::Registry;
use linkages_registry::accounts::NewUser;
use linkages_registry::audit::{AuditAction, AuditFilter, NewEntry};

fn registry() -> (tempfile::TempDir, Registry) {
    let dir = tempfile::tempdir().expect("tmp");
    let registry = Registry::open(&dir.path().join("registry.sqlite")).expect("open");
    (dir, registry)
}

fn user<'a>(name: &'a str, role: Role, city: Option<&'a str>) -> NewUser<'a> {
    NewUser {
        name,
        role,
        city,
        password: "correct horse battery",
    }
}

#[test]
fn a_user_signs_in_with_the_password_only_while_enabled() {
    let (_dir, mut registry) = registry();
    let added = registry
        .add_user(&user("sz", Role::City, Some("深圳")))
        .expect("add");
    assert_eq!(
        (added.role, added.city.as_deref()),
        (Role::City, Some("440300"))
    );
    // The hash is Argon2id in the PHC format, never the password.
    let hash: String = registry
        .connection()
        .query_row(
            "SELECT password_hash FROM users WHERE name = 'sz'",
            [],
            |r| r.get(0),
        )
        .expect("hash");
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!hash.contains("horse"));
    assert_eq!(
        registry
            .sign_in("sz", "correct horse battery")
            .expect("sign in"),
        Some(added)
    );
    assert_eq!(
        registry.sign_in("sz", "wrong password!").expect("wrong"),
        None
    );
    assert_eq!(
        registry
            .sign_in("nobody", "correct horse battery")
            .expect("unknown"),
        None
    );
    registry.disable_user("sz").expect("disable");
    assert_eq!(
        registry
            .sign_in("sz", "correct horse battery")
            .expect("disabled"),
        None
    );
}

#[test]
fn users_are_refused_with_the_reason() {
    let (_dir, mut registry) = registry();
    let refusals = [
        (user("sz", Role::City, None), "needs its city"),
        (
            user("gz", Role::Province, Some("4401")),
            "only a city bureau",
        ),
        (
            user("x", Role::City, Some("Atlantis")),
            "not one of Guangdong's 21 cities",
        ),
        (
            user("anyone", Role::Public, None),
            "callers without an account",
        ),
        (user("bad name", Role::Admin, None), "not a user name"),
        (
            NewUser {
                password: "short",
                ..user("p", Role::Policy, None)
            },
            "at least 10 characters",
        ),
    ];
    for (new, why) in refusals {
        let e = registry.add_user(&new).expect_err(new.name).to_string();
        assert!(e.contains(why), "{}: {e}", new.name);
    }
    registry
        .add_user(&user("a", Role::Admin, None))
        .expect("add");
    let again = registry
        .add_user(&user("a", Role::Admin, None))
        .expect_err("twice");
    assert!(again.to_string().contains("exists"));
    // Users are never deleted: the audit log names them.
    let deleted = registry.connection().execute("DELETE FROM users", []);
    assert!(deleted.is_err());
}

#[test]
fn a_token_is_kept_hashed_and_dies_with_its_user() {
    let (_dir, mut registry) = registry();
    registry
        .add_user(&user("script", Role::Province, None))
        .expect("add");
    let token = registry
        .issue_token("script", "nightly export", None)
        .expect("token");
    assert!(token.secret.starts_with("lk_") && token.secret.len() == 67);
    let stored: String = registry
        .connection()
        .query_row("SELECT hash FROM tokens", [], |r| r.get(0))
        .expect("hash");
    assert_ne!(stored, token.secret);
    let (found, id) = registry
        .token_user(&token.secret)
        .expect("lookup")
        .expect("valid");
    assert_eq!((found.name.as_str(), id), ("script", token.id));
    assert!(registry.token_user("lk_forged").expect("lookup").is_none());
    let expired = registry
        .issue_token("script", "old", Some("2000-01-01T00:00:00Z"))
        .expect("token");
    assert!(
        registry
            .token_user(&expired.secret)
            .expect("lookup")
            .is_none()
    );
    registry.disable_user("script").expect("disable");
    assert!(
        registry
            .token_user(&token.secret)
            .expect("lookup")
            .is_none()
    );
}

#[test]
fn the_audit_log_is_append_only_and_filtered_by_user() {
    let (_dir, registry) = registry();
    for (user, action) in [
        (Some("a"), AuditAction::Login),
        (None, AuditAction::Write),
        (Some("a"), AuditAction::Sql),
    ] {
        registry
            .audit(&NewEntry {
                user,
                role: "admin",
                address: "127.0.0.1",
                action,
                object: "SELECT 1",
                outcome: "ok",
            })
            .expect("audit");
    }
    let a = registry
        .audit_log(&AuditFilter {
            user: Some("a".into()),
            ..AuditFilter::default()
        })
        .expect("log");
    let actions: Vec<&str> = a.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["sql", "login"]);
    let conn = registry.connection();
    for statement in ["UPDATE audit SET outcome = 'forged'", "DELETE FROM audit"] {
        let e = conn.execute(statement, []).expect_err(statement);
        assert!(e.to_string().contains("append-only"), "{e}");
    }
    let future = registry
        .audit_log(&AuditFilter {
            since: Some("2999-01-01".into()),
            ..AuditFilter::default()
        })
        .expect("log");
    assert!(future.is_empty());
}
