//! Accounts and API tokens: users with a role (a city bureau's bound to its city), Argon2id
//! password hashes, tokens kept only as their SHA-256. Users are disabled, never deleted.

use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use linkages_core::access::{Caller, Role};
use linkages_core::classify::{self, City};
use rusqlite::{OptionalExtension, params};
use sha2::{Digest, Sha256};

use crate::{Error, Registry, Result};

/// The fewest characters a password may have (OWASP: length, not composition rules).
pub const MIN_PASSWORD: usize = 10;

/// A user of the platform.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct User {
    /// The login name.
    pub name: String,
    /// What the user may do and read (a city bureau's with its city).
    pub role: Role,
    /// The city of a city bureau's user (GB/T 2260 code).
    pub city: Option<String>,
    /// Whether the user may no longer sign in (nor use a token).
    pub disabled: bool,
    /// When the user was added (UTC, RFC 3339).
    pub created_at: String,
}

impl User {
    /// The caller this user is.
    pub fn caller(&self) -> Caller {
        Caller {
            user: Some(self.name.clone()),
            role: self.role,
            city: self.city.as_deref().and_then(classify::city),
        }
    }
}

/// A new user, as the command line or the admin asks for it.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    /// The login name: letters, digits, `.`, `_`, `-`, 1 to 64 characters.
    pub name: &'a str,
    /// The role (not `public`, which is having no account).
    pub role: Role,
    /// The city, for (and only for) a city bureau: its code or name.
    pub city: Option<&'a str>,
    /// The password, at least [`MIN_PASSWORD`] characters.
    pub password: &'a str,
}

/// A token issued to a user: the secret is shown once and then only its hash is kept.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    /// The token's id (to name it in the audit log).
    pub id: i64,
    /// The secret to give the script, `lk_` and 43 characters.
    pub secret: String,
}

/// A hash of a secret (a token, a session's one-time login), as stored.
pub fn hash_secret(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new random secret: `prefix` and 32 random bytes in URL-safe hex.
pub fn new_secret(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{prefix}{hex}")
}

fn check_name(name: &str) -> Result<()> {
    let ok = (1..=64).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(Error::Refused(format!(
            "'{name}' is not a user name: use 1 to 64 letters, digits, '.', '_' or '-'"
        )))
    }
}

/// The city of a new user: required for a city bureau, refused for any other role.
fn city_of(role: Role, city: Option<&str>) -> Result<Option<&'static City>> {
    match (role, city) {
        (Role::Public, _) => Err(Error::Refused(
            "'public' is the role of callers without an account; give a user admin, province, city or policy".into(),
        )),
        (Role::City, None) => Err(Error::Refused(
            "a city bureau's user needs its city (--city 4403 or --city 深圳)".into(),
        )),
        (Role::City, Some(raw)) => classify::city(raw)
            .map(Some)
            .ok_or_else(|| Error::Refused(format!("'{raw}' is not one of Guangdong's 21 cities"))),
        (_, Some(_)) => Err(Error::Refused(format!(
            "only a city bureau's user has a city, not a {role} user"
        ))),
        (_, None) => Ok(None),
    }
}

fn hash_password(password: &str) -> Result<String> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(Error::Refused(format!(
            "a password needs at least {MIN_PASSWORD} characters"
        )));
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Refused(format!("cannot hash the password: {e}")))
}

fn user_of(row: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    let role: String = row.get(1)?;
    Ok(User {
        name: row.get(0)?,
        // The schema's CHECK allows only these codes.
        role: role.parse().unwrap_or(Role::Public),
        city: row.get(2)?,
        disabled: row.get(3)?,
        created_at: row.get(4)?,
    })
}

const USER_COLUMNS: &str = "name, role, city, disabled, created_at";

impl Registry {
    /// Adds a user; the password is kept as an Argon2id hash.
    pub fn add_user(&mut self, new: &NewUser<'_>) -> Result<User> {
        check_name(new.name)?;
        let city = city_of(new.role, new.city)?;
        if self.user(new.name)?.is_some() {
            return Err(Error::Refused(format!("user '{}' exists", new.name)));
        }
        let hash = hash_password(new.password)?;
        self.conn.execute(
            "INSERT INTO users (name, role, city, password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![new.name, new.role.code(), city.map(|c| c.code), hash, now()],
        )?;
        self.user(new.name)?.ok_or_else(|| {
            Error::Corrupt(
                format!("user {}", new.name),
                "not found after insert".into(),
            )
        })
    }

    /// A user by name.
    pub fn user(&self, name: &str) -> Result<Option<User>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {USER_COLUMNS} FROM users WHERE name = ?1"),
                [name],
                user_of,
            )
            .optional()?)
    }

    /// Every user, by name.
    pub fn users(&self) -> Result<Vec<User>> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY name"))?;
        let users = stmt
            .query_map([], user_of)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(users)
    }

    /// Whether any user exists (without one, the server runs on loopback only).
    pub fn has_users(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM users)", [], |r| r.get(0))?)
    }

    /// Disables a user: no more sign-ins, sessions or tokens.
    pub fn disable_user(&mut self, name: &str) -> Result<User> {
        let changed = self
            .conn
            .execute("UPDATE users SET disabled = 1 WHERE name = ?1", [name])?;
        if changed == 0 {
            return Err(Error::Refused(format!("there is no user '{name}'")));
        }
        self.user(name)?
            .ok_or_else(|| Error::Corrupt(format!("user {name}"), "gone after update".into()))
    }

    /// The enabled user a name and password sign in as; `None` for a wrong name or
    /// password or a disabled user (the same answer, in about the same time).
    pub fn sign_in(&self, name: &str, password: &str) -> Result<Option<User>> {
        self.credentials(name)?.check(password)
    }

    /// What a password is checked against, read quickly so that the slow check runs
    /// without holding the registry.
    pub fn credentials(&self, name: &str) -> Result<Credentials> {
        let hash: Option<String> = self
            .conn
            .query_row(
                "SELECT password_hash FROM users WHERE name = ?1",
                [name],
                |r| r.get(0),
            )
            .optional()?;
        let user = self.user(name)?;
        Ok(Credentials {
            // An unknown name is checked against a hash too, so that timing does not tell
            // which names exist.
            hash: hash.unwrap_or_else(|| dummy_hash().to_string()),
            user: user.filter(|u| !u.disabled),
        })
    }

    /// Issues a token for a user; its secret is returned once and only its hash kept.
    pub fn issue_token(
        &mut self,
        name: &str,
        label: &str,
        expires_at: Option<&str>,
    ) -> Result<IssuedToken> {
        match self.user(name)? {
            None => return Err(Error::Refused(format!("there is no user '{name}'"))),
            Some(u) if u.disabled => {
                return Err(Error::Refused(format!("user '{name}' is disabled")));
            }
            Some(_) => {}
        }
        let secret = new_secret("lk_");
        self.conn.execute(
            "INSERT INTO tokens (user_name, hash, label, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![name, hash_secret(&secret), label, now(), expires_at],
        )?;
        Ok(IssuedToken {
            id: self.conn.last_insert_rowid(),
            secret,
        })
    }

    /// The enabled user a token acts as, and the token's id; `None` for an unknown,
    /// expired or disabled user's token.
    pub fn token_user(&self, secret: &str) -> Result<Option<(User, i64)>> {
        let found: Option<(String, i64)> = self
            .conn
            .query_row(
                "SELECT t.user_name, t.id FROM tokens t JOIN users u ON u.name = t.user_name
                 WHERE t.hash = ?1 AND u.disabled = 0 AND (t.expires_at IS NULL OR t.expires_at > ?2)",
                params![hash_secret(secret), now()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((name, id)) = found else {
            return Ok(None);
        };
        Ok(self.user(&name)?.map(|u| (u, id)))
    }
}

/// A user's password hash, and the user if enabled.
#[derive(Debug, Clone)]
pub struct Credentials {
    hash: String,
    user: Option<User>,
}

impl Credentials {
    /// The user, if the password is theirs and they are enabled (Argon2id: tens of
    /// milliseconds of work, on purpose).
    pub fn check(self, password: &str) -> Result<Option<User>> {
        let parsed = PasswordHash::new(&self.hash)
            .map_err(|e| Error::Corrupt("password hash".into(), e.to_string()))?;
        let matches = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(self.user.filter(|_| matches))
    }
}

/// The current time, UTC, RFC 3339 (seconds).
pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// An Argon2id hash of a password nobody has, to check unknown names against.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(b"no such user", &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}
