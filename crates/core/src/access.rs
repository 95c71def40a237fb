//! Who may do what: the roles of the province's platform and the rules they obey, in one
//! place. The server asks [`allowed`] for every request and the engine applies the
//! caller's [`Scope`] to every table, so a new endpoint inherits both.
//!
//! | role | reads | writes |
//! | --- | --- | --- |
//! | `admin` | everything | users, progress, ingests, projects |
//! | `province` (analyst) | all data, SQL, every brief | projects |
//! | `city` (a bureau, bound to one city) | its city's micro data; other cities only as the city totals and ranks of the map | its city's projects |
//! | `policy` (office) | published figures, the board, the project pipeline | progress records and corrections |
//! | `public` (no account) | province-level published aggregates, small cells suppressed | — |
//!
//! The project pipeline (investors and their deals) is read by every signed-in role and
//! written by admin, province and city bureaus; a city bureau reads and writes its own
//! city's projects only ([`project_city`]).

use std::fmt;
use std::str::FromStr;

use crate::classify::{self, City};
use crate::indicator::{Dimension, Filter, Request};

/// A role of the platform.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs the platform: users, audit, everything.
    Admin,
    /// An analyst of the provincial Department of Commerce: all data, SQL, briefs.
    Province,
    /// A city commerce bureau, bound to one city.
    City,
    /// The policy office: records and corrects the progress of targets.
    Policy,
    /// Anyone without an account: published aggregates only.
    Public,
}

/// A role code that names no role.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a role; use admin, province, city, policy or public")]
pub struct RoleError(pub String);

impl Role {
    /// Every role, most powerful first.
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Province,
        Role::City,
        Role::Policy,
        Role::Public,
    ];

    /// The code in the registry, on the command line and in the API.
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Province => "province",
            Role::City => "city",
            Role::Policy => "policy",
            Role::Public => "public",
        }
    }
}

impl FromStr for Role {
    type Err = RoleError;

    /// Reads a role's code.
    fn from_str(raw: &str) -> Result<Role, RoleError> {
        Role::ALL
            .into_iter()
            .find(|r| r.code() == raw.trim())
            .ok_or_else(|| RoleError(raw.to_string()))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Who is asking: a user (or nobody), their role, and for a city bureau its city.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The user's name; `None` for the public.
    pub user: Option<String>,
    /// What the caller may do ([`allowed`]) and, with the city, read ([`Caller::scope`]).
    pub role: Role,
    /// The city of a city bureau.
    pub city: Option<&'static City>,
}

impl Caller {
    /// Anyone without an account.
    pub fn public() -> Caller {
        Caller {
            user: None,
            role: Role::Public,
            city: None,
        }
    }

    /// The rows this caller may read.
    pub fn scope(&self) -> Scope {
        match (self.role, self.city) {
            (Role::City, Some(c)) => Scope::City(c.code),
            (Role::Admin | Role::Province, _) => Scope::All,
            _ => Scope::Published,
        }
    }
}

/// The rows a session reads, applied by the engine to every table it registers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Every row.
    All,
    /// One city's rows (GB/T 2260 code); other cities only as city totals.
    City(&'static str),
    /// Published aggregates: figures built from fewer than [`MIN_ROWS`] rows are suppressed.
    Published,
}

/// Published cells built from fewer rows than this are suppressed.
pub const MIN_ROWS: i64 = 3;

/// What a request does, as far as access goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read figures, pages, reference lists (limited by the scope).
    Read,
    /// Run SQL.
    Sql,
    /// Record or correct the progress of a target.
    RecordProgress,
    /// Add, disable users or issue tokens.
    ManageUsers,
    /// Read the investment project pipeline (investors and deals: not published).
    ReadProjects,
    /// Add projects, record their moves and amounts, import project lists.
    ManageProjects,
    /// Read the audit log.
    ReadAudit,
}

/// Whether a role may take an action: the one table of permissions.
pub fn allowed(role: Role, action: Action) -> bool {
    match action {
        Action::Read => true,
        Action::Sql => matches!(role, Role::Admin | Role::Province),
        Action::RecordProgress => matches!(role, Role::Admin | Role::Policy),
        Action::ReadProjects => role != Role::Public,
        Action::ManageProjects => matches!(role, Role::Admin | Role::Province | Role::City),
        Action::ManageUsers | Action::ReadAudit => role == Role::Admin,
    }
}

/// The city whose projects a caller reads or writes, or why not: a city bureau only its
/// own (asking for none means its own), the others any city they name (`None`: all).
pub fn project_city(
    scope: Scope,
    asked: Option<&'static City>,
) -> Result<Option<&'static str>, Refused> {
    match (scope, asked) {
        (Scope::City(own), None) => Ok(Some(own)),
        (Scope::City(own), Some(c)) if c.code == own => Ok(Some(own)),
        (Scope::City(own), Some(c)) => Err(Refused(format!(
            "a city bureau works on its own city's projects: {} is not {}",
            c.name_en,
            city_name(own)
        ))),
        (_, c) => Ok(c.map(|c| c.code)),
    }
}

/// Why a request is refused for a caller's scope.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

/// A request as a scope may ask it, or why it may not be asked. The public reads
/// province-level figures with one breakdown or one restriction (no city × partner ×
/// product cells). A city bureau may not name another city; any breakdown or restriction
/// other than by city is of its own city (the filter is added, so the answer says so),
/// while the total and the breakdown by city stay the province's published city totals.
pub fn scoped(scope: Scope, request: &Request) -> Result<Request, Refused> {
    let free: Vec<&Filter> = request
        .filters
        .iter()
        .filter(|f| !request.indicator.fixes(&f.dimension.name()) && f.dimension.name() != "flow")
        .collect();
    match scope {
        Scope::All => Ok(request.clone()),
        Scope::City(code) => {
            if let Some(f) = free.iter().find(|f| is_city(f.dimension) && f.code != code) {
                return Err(Refused(format!(
                    "a city bureau reads its own city's figures: city={} is not {}",
                    f.code,
                    city_name(code)
                )));
            }
            Ok(own_city(request, code, !free.is_empty()))
        }
        Scope::Published if request.by.is_some() && !free.is_empty() => Err(Refused(
            "the public figures are province-level: one breakdown or one restriction, not both; sign in for more".into(),
        )),
        Scope::Published if free.len() > 1 => Err(Refused(
            "the public figures are province-level: one restriction at a time; sign in for more".into(),
        )),
        Scope::Published => Ok(request.clone()),
    }
}

/// The scope a brief is written in, or why it may not be: the province's brief is read by
/// everyone as published (a city bureau's own tables would otherwise turn its breakdowns
/// into the city's), a city's brief by the province and by that city's bureau only.
pub fn brief_scope(scope: Scope, city: Option<&'static City>) -> Result<Scope, Refused> {
    match (scope, city) {
        (Scope::City(_), None) => Ok(Scope::Published),
        (Scope::City(own), Some(c)) if c.code == own => Ok(scope),
        (Scope::City(own), Some(c)) => Err(Refused(format!(
            "a city bureau reads its own city's brief: {} is not {}",
            c.name_en,
            city_name(own)
        ))),
        (Scope::Published, Some(c)) => Err(Refused(format!(
            "the brief of {} is for the province's and the city's accounts: sign in",
            c.name_en
        ))),
        (scope, _) => Ok(scope),
    }
}

/// The scope a caller reads a region's product-level exports (the product space) in, or
/// why it may not: the province for everyone (as published, small cells withheld, for the
/// public and for a city bureau), a city for the province's accounts and that city's bureau.
pub fn region(scope: Scope, city: Option<&str>) -> Result<Scope, Refused> {
    match (scope, city) {
        (Scope::All, _) | (Scope::Published, None) => Ok(scope),
        (Scope::City(_), None) => Ok(Scope::Published),
        (Scope::City(own), Some(c)) if c == own => Ok(scope),
        (Scope::City(own), _) => Err(Refused(format!(
            "a city bureau reads its own city's products: ask for region {own} ({})",
            city_name(own)
        ))),
        (Scope::Published, Some(_)) => Err(Refused(
            "a city's products are for the province's and the city's accounts: sign in".into(),
        )),
    }
}

/// A city bureau's request restricted to its city, unless it is the total or by city.
fn own_city(request: &Request, code: &'static str, restricted: bool) -> Request {
    if request.by.is_some() || restricted {
        request.within_city(code)
    } else {
        request.clone()
    }
}

fn is_city(d: Dimension) -> bool {
    matches!(d, Dimension::Column("city", _))
}

fn city_name(code: &str) -> String {
    classify::city(code).map_or(code.to_string(), |c| c.name_en.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicator::Spec;

    fn request(by: Option<&str>, filters: &[&str]) -> Request {
        Spec {
            indicator: "trade".into(),
            period: "2024-04".into(),
            by: by.map(String::from),
            filters: filters.iter().map(|f| f.to_string()).collect(),
            ..Spec::default()
        }
        .resolve()
        .expect("request")
    }

    #[test]
    fn each_role_takes_its_actions() {
        assert!(allowed(Role::Province, Action::Sql) && !allowed(Role::City, Action::Sql));
        assert!(
            allowed(Role::Policy, Action::RecordProgress)
                && !allowed(Role::Province, Action::RecordProgress)
        );
        assert!(
            !allowed(Role::Public, Action::RecordProgress) && !allowed(Role::Public, Action::Sql)
        );
        assert!(
            allowed(Role::Admin, Action::ManageUsers) && !allowed(Role::Policy, Action::ReadAudit)
        );
    }

    #[test]
    fn a_city_reads_its_own_brief_and_the_published_one() {
        let (sz, gz) = (classify::city("440300"), classify::city("440100"));
        let scope = Scope::City("440300");
        assert_eq!(brief_scope(scope, sz), Ok(scope));
        assert_eq!(brief_scope(scope, None), Ok(Scope::Published));
        assert!(brief_scope(scope, gz).is_err());
        assert!(brief_scope(Scope::Published, sz).is_err());
        assert_eq!(brief_scope(Scope::All, gz), Ok(Scope::All));
    }

    #[test]
    fn scopes_limit_requests() {
        let shenzhen = Caller {
            user: Some("sz".into()),
            role: Role::City,
            city: classify::city("440300"),
        };
        let sz = shenzhen.scope();
        assert!(scoped(sz, &request(Some("partner"), &["city=440300"])).is_ok());
        assert!(scoped(sz, &request(Some("partner"), &["city=440100"])).is_err());
        // Its partners are its own; the city totals stay the province's.
        let own = scoped(sz, &request(Some("partner"), &[])).expect("own");
        assert_eq!(own, request(Some("partner"), &["city=440300"]));
        let by_city = request(Some("city"), &[]);
        assert_eq!(scoped(sz, &by_city), Ok(by_city));
        let public = Caller::public().scope();
        assert!(scoped(public, &request(Some("partner"), &[])).is_ok());
        assert!(scoped(public, &request(Some("partner"), &["flow=export"])).is_ok());
        assert!(scoped(public, &request(Some("partner"), &["city=440300"])).is_err());
        assert!(scoped(public, &request(None, &["city=440300", "partner=USA"])).is_err());
    }
}
