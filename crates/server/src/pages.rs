//! The dashboard pages, in Chinese or English (`?lang=zh|en`): server-rendered frames whose
//! charts `web/app.js` draws from the API, so every number on a page is an API number.

use std::sync::{Arc, LazyLock};

use axum::Router;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use minijinja::{Environment, context};

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
        ("brief.html", include_str!("../templates/brief.html")),
        ("targets.html", include_str!("../templates/targets.html")),
    ] {
        if let Err(e) = env.add_template(name, source) {
            tracing::error!("template {name}: {e}");
        }
    }
    env
});

/// The pages, in the order of the navigation: path, English and Chinese titles.
const PAGES: [(&str, &str, &str); 7] = [
    ("/", "Overview", "总览"),
    ("/linkage/trade", "Linkages", "五外联动"),
    ("/map", "Map", "地图"),
    ("/world", "Partners", "贸易伙伴"),
    ("/products", "Products", "商品与集群"),
    ("/brief", "Brief", "月度简报"),
    ("/targets", "Targets", "措施与目标"),
];

async fn render(
    state: &AppState,
    uri: &Uri,
    template: &str,
    params: &PeriodParams,
    extra: minijinja::Value,
) -> Result<Response, ApiError> {
    let lang = params.lang.unwrap_or_default();
    let zh = lang == linkages_core::Lang::Zh;
    // A page of a store without trade data still opens (and says so), without a month.
    let period = match period_or_latest(state, params.period.as_deref()).await {
        Ok(p) => p.to_string(),
        Err(e) if params.period.is_some() => return Err(e),
        Err(_) => String::new(),
    };
    let session = state.session().await?;
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
        .map(|(path, en, zh_title)| {
            let active = *path == uri.path() || (path.starts_with("/linkage") && uri.path().starts_with("/linkage"));
            context! { href => format!("{path}?lang={lang}&period={period}"), title => if zh { *zh_title } else { *en }, active => active }
        })
        .collect();
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
    uri: Uri,
    ApiQuery(p): ApiQuery<PeriodParams>,
) -> Result<Response, ApiError> {
    render(
        &s,
        &uri,
        "overview.html",
        &p,
        context! { page => "overview" },
    )
    .await
}

async fn linkage(
    State(s): Shared,
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
    uri: Uri,
    ApiQuery(p): ApiQuery<PeriodParams>,
) -> Result<Response, ApiError> {
    render(&s, &uri, "map.html", &p, context! { page => "map" }).await
}

async fn world(
    State(s): Shared,
    uri: Uri,
    ApiQuery(p): ApiQuery<PeriodParams>,
) -> Result<Response, ApiError> {
    render(&s, &uri, "world.html", &p, context! { page => "world" }).await
}

async fn products(
    State(s): Shared,
    uri: Uri,
    ApiQuery(p): ApiQuery<PeriodParams>,
) -> Result<Response, ApiError> {
    // Opportunities need world trade: the latest year of the world dataset, if any.
    let session = s.session().await?;
    let year = linkages_engine::world::latest_year(&session)
        .await?
        .map(|y| y.to_string())
        .unwrap_or_default();
    render(
        &s,
        &uri,
        "products.html",
        &p,
        context! { page => "products", world_year => year },
    )
    .await
}

async fn brief(
    State(s): Shared,
    uri: Uri,
    ApiQuery(p): ApiQuery<PeriodParams>,
) -> Result<Response, ApiError> {
    render(&s, &uri, "brief.html", &p, context! { page => "brief" }).await
}

async fn targets(
    State(s): Shared,
    uri: Uri,
    ApiQuery(p): ApiQuery<PeriodParams>,
) -> Result<Response, ApiError> {
    render(&s, &uri, "targets.html", &p, context! { page => "targets" }).await
}

/// The routes of the pages, in the order of the navigation.
pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(overview))
        .route("/linkage/{code}", get(linkage))
        .route("/map", get(map))
        .route("/world", get(world))
        .route("/products", get(products))
        .route("/brief", get(brief))
        .route("/targets", get(targets))
}
