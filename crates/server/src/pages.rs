//! The dashboard pages, in Chinese or English (`?lang=zh|en`): server-rendered frames whose
//! charts `web/app.js` draws from the API, so every number on a page is an API number.

use std::sync::{Arc, LazyLock};

use axum::Router;
use axum::extract::{Extension, Form, Path, State};
use axum::http::Uri;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use linkages_core::Lang;
use linkages_core::access::{self, Action};
use linkages_core::dataset::{WORLD, WORLD_BILATERAL};
use linkages_engine::world;
use minijinja::{Environment, context};

use crate::auth::Who;
use crate::params::{ApiQuery, period_or_latest};
use crate::{ApiError, AppState};

/// Parameters of every page.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PeriodParams {
    /// Month, YYYY-MM (default: the latest month of trade).
    pub period: Option<String>,
    /// zh (default) or en.
    pub lang: Option<linkages_core::Lang>,
}

static TEMPLATES: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    for (name, source) in [
        ("base.html", include_str!("../templates/base.html")),
        ("overview.html", include_str!("../templates/overview.html")),
        ("linkage.html", include_str!("../templates/linkage.html")),
        ("map.html", include_str!("../templates/map.html")),
        ("world.html", include_str!("../templates/world.html")),
        ("products.html", include_str!("../templates/products.html")),
        ("markets.html", include_str!("../templates/markets.html")),
        ("brief.html", include_str!("../templates/brief.html")),
        ("targets.html", include_str!("../templates/targets.html")),
        ("login.html", include_str!("../templates/login.html")),
        ("admin.html", include_str!("../templates/admin.html")),
        ("pipeline.html", include_str!("../templates/pipeline.html")),
    ] {
        if let Err(e) = env.add_template(name, source) {
            tracing::error!("template {name}: {e}");
        }
    }
    env
});

/// The pages, in the order of the navigation: path, English and Chinese titles.
const PAGES: [(&str, &str, &str); 10] = [
    ("/", "Overview", "总览"),
    ("/linkage/trade", "Linkages", "五外联动"),
    ("/map", "Map", "地图"),
    ("/world", "Partners", "贸易伙伴"),
    ("/products", "Products", "商品与集群"),
    ("/markets", "Markets", "市场与潜力"),
    ("/brief", "Brief", "月度简报"),
    ("/targets", "Targets", "措施与目标"),
    ("/pipeline", "Projects", "招商项目"),
    ("/admin", "Admin", "管理"),
];

/// What every page knows of its caller: who (for the sign-in or sign-out link), the role
/// and city (what the page offers), and the CSRF token its forms and scripts send back.
fn caller_context(who: &Who) -> minijinja::Value {
    let city = who.caller.city;
    context! {
        user => who.caller.user.clone(),
        role => who.caller.role.code(),
        city => city.map(|c| c.code),
        city_en => city.map(|c| c.name_en),
        city_zh => city.map(|c| c.name_zh),
        csrf => who.csrf.clone(),
        can_record => access::allowed(who.caller.role, Action::RecordProgress),
    }
}

/// A page outside the dashboard's frame data (the login page): the template with the
/// language words only.
pub(crate) fn render_plain(
    template: &str,
    lang: Lang,
    extra: minijinja::Value,
) -> Result<Html<String>, ApiError> {
    TEMPLATES
        .get_template(template)
        .and_then(|t| {
            t.render(context! {
                lang => lang.code(),
                zh => lang == Lang::Zh,
                ..extra
            })
        })
        .map(Html)
        .map_err(|e| ApiError::internal(format!("page {template}: {e}")))
}

async fn render(
    state: &AppState,
    who: &Who,
    uri: &Uri,
    template: &str,
    params: &PeriodParams,
    extra: minijinja::Value,
) -> Result<Response, ApiError> {
    let lang = params.lang.unwrap_or_default();
    let zh = lang == linkages_core::Lang::Zh;
    // A page of a store without trade data still opens (and says so), without a month.
    let period = match period_or_latest(state, who, params.period.as_deref()).await {
        Ok(p) => p.to_string(),
        Err(e) if params.period.is_some() => return Err(e),
        Err(_) => String::new(),
    };
    let session = state.session(who.scope()).await?;
    let lang = lang.code();
    let switch = format!(
        "{}?lang={}{}",
        uri.path(),
        if zh { "en" } else { "zh" },
        if period.is_empty() {
            String::new()
        } else {
            format!("&period={period}")
        }
    );
    let nav: Vec<minijinja::Value> = PAGES
        .iter()
        .filter(|(path, ..)| *path != "/admin" || access::allowed(who.caller.role, Action::ReadAudit))
        .filter(|(path, ..)| *path != "/pipeline" || access::allowed(who.caller.role, Action::ReadProjects))
        .map(|(path, en, zh_title)| {
            let active = *path == uri.path() || (path.starts_with("/linkage") && uri.path().starts_with("/linkage"));
            context! { href => format!("{path}?lang={lang}&period={period}"), title => if zh { *zh_title } else { *en }, active => active }
        })
        .collect();
    let extra = context! { ..extra, ..caller_context(who) };
    let html = TEMPLATES
        .get_template(template)
        .and_then(|t| {
            t.render(context! {
                lang => lang,
                zh => zh,
                period => period,
                switch => switch,
                nav => nav,
                synthetic => session.synthetic(),
                note => linkages_core::SYNTHETIC_NOTE,
                ..extra
            })
        })
        .map_err(|e| ApiError::internal(format!("page {template}: {e}")))?;
    Ok(Html(html).into_response())
}

type Shared = State<Arc<AppState>>;

async fn overview(
    State(s): Shared,
    Extension(who): Extension<Who>,
    uri: Uri,
    ApiQuery(p): ApiQuery<PeriodParams>,
) -> Result<Response, ApiError> {
    render(
        &s,
        &who,
        &uri,
        "overview.html",
        &p,
        context! { page => "overview" },
    )
    .await
}

async fn linkage(
    State(s): Shared,
    Extension(who): Extension<Who>,
    uri: Uri,
    Path(code): Path<String>,
    ApiQuery(p): ApiQuery<PeriodParams>,
) -> Result<Response, ApiError> {
    let linkage: linkages_core::Linkage = code
        .parse()
        .map_err(|_| ApiError::not_found(format!("no linkage '{code}'")))?;
    let indicator = linkages_core::DATASETS
        .iter()
        .find(|d| d.linkage == linkage && d.name != "world")
        .and_then(|d| linkages_core::indicator::headline(d))
        .ok_or_else(|| ApiError::not_found(format!("no indicator for '{code}'")))?;
    let breakdowns: Vec<String> = indicator
        .breakdowns()
        .into_iter()
        .filter(|d| {
            !matches!(
                d.as_str(),
                "product" | "hs4" | "partner" | "source" | "client" | "destination" | "origin"
            )
        })
        .collect();
    let linkages: Vec<minijinja::Value> = linkages_core::Linkage::ALL
        .iter()
        .map(|l| context! { code => l.code(), name_en => l.name_en(), name_zh => l.name_zh(), active => *l == linkage })
        .collect();
    render(
        &s,
        &who,
        &uri,
        "linkage.html",
        &p,
        context! {
            page => "linkage",
            linkage => linkage.code(),
            linkage_en => linkage.name_en(),
            linkage_zh => linkage.name_zh(),
            indicator => indicator.code,
            breakdowns => breakdowns,
            linkages => linkages,
        },
    )
    .await
}

async fn map(
    State(s): Shared,
    Extension(who): Extension<Who>,
    uri: Uri,
    ApiQuery(p): ApiQuery<PeriodParams>,
) -> Result<Response, ApiError> {
    render(&s, &who, &uri, "map.html", &p, context! { page => "map" }).await
}

async fn world(
    State(s): Shared,
    Extension(who): Extension<Who>,
    uri: Uri,
    ApiQuery(p): ApiQuery<PeriodParams>,
) -> Result<Response, ApiError> {
    render(
        &s,
        &who,
        &uri,
        "world.html",
        &p,
        context! { page => "world" },
    )
    .await
}

async fn products(
    State(s): Shared,
    Extension(who): Extension<Who>,
    uri: Uri,
    ApiQuery(p): ApiQuery<PeriodParams>,
) -> Result<Response, ApiError> {
    // Opportunities need world trade: the latest year of the world dataset, if any.
    let session = s.session(who.scope()).await?;
    let year = world::year_span(&session, &WORLD)
        .await?
        .map(|(_, last)| last.to_string())
        .unwrap_or_default();
    render(
        &s,
        &who,
        &uri,
        "products.html",
        &p,
        context! { page => "products", world_year => year },
    )
    .await
}

async fn markets(
    State(s): Shared,
    Extension(who): Extension<Who>,
    uri: Uri,
    ApiQuery(p): ApiQuery<PeriodParams>,
) -> Result<Response, ApiError> {
    // The analysis spans the bilateral world trade in the store, if any.
    let session = s.session(who.scope()).await?;
    let years = world::year_span(&session, &WORLD_BILATERAL).await?;
    let (from, to) = years.map_or((String::new(), String::new()), |(a, b)| {
        (a.to_string(), b.to_string())
    });
    render(
        &s,
        &who,
        &uri,
        "markets.html",
        &p,
        context! { page => "markets", world_from => from, world_to => to },
    )
    .await
}

/// Parameters of the brief page.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BriefParams {
    period: Option<String>,
    lang: Option<Lang>,
    /// A city's brief (code), empty for the province's.
    city: Option<String>,
}

async fn brief(
    State(s): Shared,
    Extension(who): Extension<Who>,
    uri: Uri,
    ApiQuery(p): ApiQuery<BriefParams>,
) -> Result<Response, ApiError> {
    // A city bureau opens on its own city's brief; the others on the province's.
    let own = who.caller.city.map(|c| c.code.to_string());
    let city = match p.city.as_deref() {
        Some("") => None,
        Some(raw) => {
            let city = crate::params::city(raw)?;
            // Another city's brief is refused here as by the API, not left to the script.
            access::brief_scope(who.scope(), Some(city)).map_err(|e| ApiError::forbidden(e.0))?;
            Some(city.code.to_string())
        }
        None => own,
    };
    // The cities whose brief the caller may read: every one for the province, its own
    // for a city bureau, none for the others.
    let cities: Vec<minijinja::Value> = linkages_core::classify::CITIES
        .iter()
        .filter(|c| {
            access::brief_scope(who.scope(), Some(c)).is_ok()
                && who.scope() != access::Scope::Published
        })
        .map(|c| context! { code => c.code, name_en => c.name_en, name_zh => c.name_zh })
        .collect();
    let params = PeriodParams {
        period: p.period,
        lang: p.lang,
    };
    let extra = context! { page => "brief", brief_city => city, brief_cities => cities };
    render(&s, &who, &uri, "brief.html", &params, extra).await
}

/// Parameters of the pipeline page: its filters go to `/api/v1/projects` as they are.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PipelineParams {
    period: Option<String>,
    lang: Option<Lang>,
    city: Option<String>,
    stage: Option<String>,
    large: Option<bool>,
}

/// The project pipeline: funnel, KPIs, ageing, projects by city on the map, the list; a
/// city bureau is offered its own city only.
async fn pipeline(
    State(s): Shared,
    Extension(who): Extension<Who>,
    uri: Uri,
    ApiQuery(p): ApiQuery<PipelineParams>,
) -> Result<Response, ApiError> {
    let cities: Vec<minijinja::Value> = linkages_core::classify::CITIES
        .iter()
        .filter(|c| access::project_city(who.scope(), Some(c)).is_ok())
        .map(|c| context! { code => c.code, name_en => c.name_en, name_zh => c.name_zh })
        .collect();
    let stages: Vec<minijinja::Value> = linkages_core::pipeline::Stage::ALL
        .iter()
        .map(|s| context! { code => s.code(), name_en => s.name(Lang::En), name_zh => s.name(Lang::Zh) })
        .collect();
    let extra = context! {
        page => "pipeline", cities => cities, stages => stages,
        chosen_city => p.city, chosen_stage => p.stage, large => p.large.unwrap_or(false),
    };
    let params = PeriodParams {
        period: p.period,
        lang: p.lang,
    };
    render(&s, &who, &uri, "pipeline.html", &params, extra).await
}

/// Parameters of the targets page.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TargetsParams {
    period: Option<String>,
    lang: Option<Lang>,
    /// The record just stored by the form.
    recorded: Option<i64>,
    /// The city whose board is shown (code or name; a city bureau's default: its own).
    city: Option<String>,
}

async fn targets(
    State(s): Shared,
    Extension(who): Extension<Who>,
    uri: Uri,
    ApiQuery(p): ApiQuery<TargetsParams>,
) -> Result<Response, ApiError> {
    let params = PeriodParams {
        period: p.period,
        lang: p.lang,
    };
    let city = p.city.as_deref().map(crate::params::city).transpose()?;
    targets_page(&s, &who, &uri, &params, (p.recorded, city), None).await
}

/// The targets page, with the progress form for those who may record (targets computed
/// from the store take no records and are not offered).
async fn targets_page(
    s: &AppState,
    who: &Who,
    uri: &Uri,
    params: &PeriodParams,
    (recorded, city): (Option<i64>, Option<&'static linkages_core::classify::City>),
    error: Option<String>,
) -> Result<Response, ApiError> {
    let manual: Vec<minijinja::Value> = s
        .registry()?
        .targets(None)?
        .into_iter()
        .filter(|t| t.indicator.is_none())
        .map(|t| context! { id => t.id, title_en => t.title_en, title_zh => t.title_zh, unit => t.unit })
        .collect();
    let status = if error.is_some() {
        axum::http::StatusCode::BAD_REQUEST
    } else {
        axum::http::StatusCode::OK
    };
    let cities: Vec<minijinja::Value> = linkages_core::classify::CITIES
        .iter()
        .map(|c| context! { code => c.code, name_en => c.name_en, name_zh => c.name_zh })
        .collect();
    let chosen = match (who.scope(), city) {
        (access::Scope::City(own), None) => Some(own),
        (_, c) => c.map(|c| c.code),
    };
    let extra = context! {
        page => "targets", manual => manual, recorded => recorded, error => error,
        cities => cities, chosen_city => chosen,
    };
    let page = render(s, who, uri, "targets.html", params, extra).await?;
    Ok((status, page).into_response())
}

/// The fields of the progress form.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RecordForm {
    target: String,
    value: String,
    date: String,
    source: String,
    #[serde(default)]
    corrects: String,
    #[serde(default)]
    note: String,
    /// The city the value is of; empty: the province's.
    #[serde(default)]
    city: String,
    csrf: String,
    lang: Option<Lang>,
}

/// `POST /targets/record`: the form's record, stored as the API's is, in the caller's name;
/// a refusal shows the page again with the reason.
async fn record(
    State(s): Shared,
    Extension(who): Extension<Who>,
    Form(f): Form<RecordForm>,
) -> Result<Response, ApiError> {
    let _ = &f.csrf; // checked by the guard
    let lang = f.lang.unwrap_or_default();
    let uri: Uri = "/targets".parse().map_err(ApiError::internal)?;
    let params = PeriodParams {
        period: None,
        lang: Some(lang),
    };
    let stored =
        read_record(&f, &who).and_then(|new| crate::api::targets::record_progress(&s, &new));
    match stored {
        Ok(r) => {
            Ok(Redirect::to(&format!("/targets?lang={lang}&recorded={}", r.id)).into_response())
        }
        Err(e) if e.status.is_client_error() => {
            targets_page(&s, &who, &uri, &params, (None, None), Some(e.message)).await
        }
        Err(e) => Err(e),
    }
}

/// The record a form describes, or why it cannot be read.
fn read_record(f: &RecordForm, who: &Who) -> Result<linkages_registry::NewRecord, ApiError> {
    let value: f64 =
        f.value.trim().parse().map_err(|_| {
            ApiError::bad_request(format!("the value '{}' is not a number", f.value))
        })?;
    let corrects = match f.corrects.trim() {
        "" => None,
        raw => Some(
            raw.parse::<i64>()
                .map_err(|_| ApiError::bad_request(format!("'{raw}' is not a record number")))?,
        ),
    };
    Ok(linkages_registry::NewRecord {
        target_id: f.target.clone(),
        value,
        as_of: crate::params::day(&f.date)?,
        source: f.source.clone(),
        entered_by: who.caller.user.clone().unwrap_or_default(),
        unit: None,
        corrects,
        note: Some(f.note.trim().to_string()).filter(|n| !n.is_empty()),
        city: match f.city.trim() {
            "" => None,
            raw => Some(crate::params::city(raw)?.code.to_string()),
        },
    })
}

/// Parameters of the admin page: the audit log's filter.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AdminParams {
    period: Option<String>,
    lang: Option<Lang>,
    user: Option<String>,
    since: Option<String>,
}

/// The accounts and the audit log (the guard lets only the admin in).
async fn admin(
    State(s): Shared,
    Extension(who): Extension<Who>,
    uri: Uri,
    ApiQuery(p): ApiQuery<AdminParams>,
) -> Result<Response, ApiError> {
    let filter = linkages_registry::audit::AuditFilter {
        user: p.user.clone().filter(|u| !u.is_empty()),
        since: p.since.clone().filter(|d| !d.is_empty()),
        limit: Some(500),
    };
    let (users, entries) = {
        let registry = s.registry()?;
        (registry.users()?, registry.audit_log(&filter)?)
    };
    let params = PeriodParams {
        period: p.period,
        lang: p.lang,
    };
    let extra = context! {
        page => "admin",
        users => minijinja::Value::from(minijinja::value::Serde(&users)),
        entries => minijinja::Value::from(minijinja::value::Serde(&entries)),
        filter_user => p.user,
        filter_since => p.since,
    };
    render(&s, &who, &uri, "admin.html", &params, extra).await
}

/// The routes of the pages, in the order of the navigation.
pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(overview))
        .route("/linkage/{code}", get(linkage))
        .route("/map", get(map))
        .route("/world", get(world))
        .route("/products", get(products))
        .route("/markets", get(markets))
        .route("/brief", get(brief))
        .route("/targets", get(targets))
        .route("/targets/record", post(record))
        .route("/pipeline", get(pipeline))
        .route("/admin", get(admin))
}
