//! The REST API under `/api/v1`. Every answer is JSON (or the file format asked for), every
//! figure carries the dataset version and query it comes from, and every refusal says why.

use std::sync::Arc;

use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use linkages_core::indicator::{INDICATORS, Spec};
use linkages_core::{DATASETS, Linkage, Period, classify};
use linkages_engine::indicators;
use linkages_report::Lang;
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

use crate::{ApiError, AppState, Cached};

/// Query parameters, refused with a JSON 400 when they cannot be read. Repeated keys
/// (`filter=…&filter=…`) become lists.
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum_extra::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| ApiQuery(q.0))
            .map_err(|e| ApiError::bad_request(format!("bad query parameters: {}", e.body_text())))
    }
}

type Shared = State<Arc<AppState>>;

pub(crate) fn json<T: serde::Serialize>(value: &T) -> Result<Cached, ApiError> {
    Ok(Cached {
        body: serde_json::to_vec(value)
            .map_err(|e| ApiError::internal(e.to_string()))?
            .into(),
        content_type: "application/json",
    })
}

fn respond(c: Cached) -> Response {
    let mut response = c.body.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(c.content_type),
    );
    response
}

fn attachment(c: Cached, filename: &str) -> Response {
    let mut response = respond(c);
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

fn lang(raw: Option<&str>) -> Result<Lang, ApiError> {
    match raw {
        None => Ok(Lang::Zh),
        Some(l) => {
            Lang::parse(l).ok_or_else(|| ApiError::bad_request(format!("lang '{l}': use zh or en")))
        }
    }
}

fn period(raw: &str) -> Result<Period, ApiError> {
    raw.parse()
        .map_err(|e: linkages_core::period::PeriodError| ApiError::bad_request(e.to_string()))
}

/// The latest month of the trade dataset: the default period of the dashboard.
pub(crate) async fn latest(state: &AppState) -> Result<Period, ApiError> {
    let session = state.session().await?;
    indicators::latest_period(&session, &linkages_core::dataset::TRADE)
        .await?
        .ok_or_else(|| {
            ApiError::not_found("the store has no trade data yet: run `linkages demo` or ingest")
        })
}

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/datasets", get(datasets))
        .route("/datasets/{name}", get(dataset))
        .route("/indicators", get(indicators_handler))
        .route("/series", get(series))
        .route("/overview", get(overview))
        .route("/brief", get(brief))
        .route("/opportunities", get(opportunities))
        .route("/targets", get(targets))
        .route("/targets/{id}/history", get(target_history))
        .route("/targets/{id}/records", post(record))
        .route("/reference/{list}", get(reference))
        .fallback(|uri: Uri| async move {
            ApiError::not_found(format!("no such endpoint: {}", uri.path()))
        })
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Linkages API",
        description = "Guangdong's Five External Linkages: datasets, official figures, the monthly brief, economic complexity and the measures scoreboard. Every figure names the dataset version and the query it comes from."
    ),
    paths(
        datasets,
        dataset,
        indicators_handler,
        series,
        overview,
        brief,
        opportunities,
        targets,
        target_history,
        record,
        reference
    )
)]
struct ApiDoc;

async fn openapi() -> Response {
    match ApiDoc::openapi().to_json() {
        Ok(text) => respond(Cached {
            body: text.into(),
            content_type: "application/json",
        }),
        Err(e) => ApiError::internal(e.to_string()).into_response(),
    }
}

#[derive(serde::Serialize)]
struct DatasetInfo {
    name: &'static str,
    linkage: &'static str,
    title_en: &'static str,
    title_zh: &'static str,
    current: Option<u32>,
    versions: Vec<linkages_engine::VersionInfo>,
}

fn describe(state: &AppState, d: &'static linkages_core::Dataset) -> Result<DatasetInfo, ApiError> {
    let versions = state
        .store
        .versions(d)?
        .into_iter()
        .map(|v| state.store.info(d, v))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(DatasetInfo {
        name: d.name,
        linkage: d.linkage.code(),
        title_en: d.title_en,
        title_zh: d.title_zh,
        current: versions.last().map(|v| v.version),
        versions,
    })
}

/// The datasets and every version of each.
#[utoipa::path(get, path = "/api/v1/datasets", responses((status = 200, description = "datasets with their versions")))]
async fn datasets(State(state): Shared) -> Result<Response, ApiError> {
    let all = DATASETS
        .iter()
        .map(|d| describe(&state, d))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(respond(json(&all)?))
}

/// One dataset and its versions.
#[utoipa::path(get, path = "/api/v1/datasets/{name}", params(("name" = String, Path, description = "trade, investment, outsourcing, cooperation, talent or world")),
    responses((status = 200, description = "the dataset"), (status = 404, description = "unknown dataset")))]
async fn dataset(State(state): Shared, Path(name): Path<String>) -> Result<Response, ApiError> {
    let d = linkages_core::dataset(&name).ok_or(linkages_engine::Error::UnknownDataset(name))?;
    Ok(respond(json(&describe(&state, d)?)?))
}

/// Parameters of an indicator request.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct IndicatorParams {
    /// Indicator code (trade, fdi_actual, …) or dataset name.
    indicator: String,
    /// Month, YYYY-MM.
    period: String,
    /// Breakdown (city, partner, partner_group, product_group, hs2, trade_mode, …).
    by: Option<String>,
    /// Filters NAME=VALUE; repeat the parameter for several.
    #[serde(default)]
    filter: Vec<String>,
    /// cny, usd or count.
    unit: Option<String>,
    /// January and February as one period.
    #[serde(default)]
    jan_feb: bool,
    /// Years of the average annual growth (1-50).
    years: Option<u32>,
    /// json (default), csv or xlsx.
    format: Option<String>,
    /// Language of names in xlsx: zh or en.
    lang: Option<String>,
}

/// Official figures of an indicator for a month, total and breakdown, with their queries.
#[utoipa::path(get, path = "/api/v1/indicators", params(IndicatorParams),
    responses((status = 200, description = "an indicator table (JSON), or CSV/XLSX"), (status = 400, description = "bad parameter"), (status = 404, description = "no data")))]
async fn indicators_handler(
    State(state): Shared,
    uri: Uri,
    ApiQuery(p): ApiQuery<IndicatorParams>,
) -> Result<Response, ApiError> {
    let request = Spec {
        indicator: p.indicator.clone(),
        period: p.period.clone(),
        by: p.by.clone(),
        filters: p.filter.clone(),
        unit: p.unit.clone(),
        jan_feb: p.jan_feb,
        years: p.years,
    }
    .resolve()?;
    let format = p.format.as_deref().unwrap_or("json");
    if !matches!(format, "json" | "csv" | "xlsx") {
        return Err(ApiError::bad_request(format!(
            "format '{format}': use json, csv or xlsx"
        )));
    }
    let lang = lang(p.lang.as_deref())?;
    let s = state.clone();
    let answer = state
        .cached(uri.to_string(), || async move {
            let session = s.session().await?;
            let table = indicators::compute(&session, &request).await?;
            match format {
                "csv" => Ok(Cached {
                    body: linkages_report::table::indicator_csv(&table).into(),
                    content_type: "text/csv; charset=utf-8",
                }),
                "xlsx" => Ok(Cached {
                    body: linkages_report::table::indicator_xlsx(&table, lang)?.into(),
                    content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                }),
                _ => json(&table),
            }
        })
        .await?;
    let name = format!("{}-{}.{format}", p.indicator, p.period);
    Ok(if format == "json" {
        respond(answer)
    } else {
        attachment(answer, &name)
    })
}

/// Parameters of a monthly series.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct SeriesParams {
    /// Indicator code or dataset name.
    indicator: String,
    /// The last month (default: the latest month of trade).
    period: Option<String>,
    /// Filters NAME=VALUE; repeatable.
    #[serde(default)]
    filter: Vec<String>,
    /// cny, usd or count.
    unit: Option<String>,
}

/// Monthly values of an indicator's slice, this year and the year before, with the query.
#[utoipa::path(get, path = "/api/v1/series", params(SeriesParams),
    responses((status = 200, description = "monthly values"), (status = 400, description = "bad parameter")))]
async fn series(
    State(state): Shared,
    uri: Uri,
    ApiQuery(p): ApiQuery<SeriesParams>,
) -> Result<Response, ApiError> {
    let period = match &p.period {
        Some(raw) => period(raw)?,
        None => latest(&state).await?,
    };
    let request = Spec {
        indicator: p.indicator,
        period: period.to_string(),
        filters: p.filter,
        unit: p.unit,
        ..Spec::default()
    }
    .resolve()?;
    let s = state.clone();
    let answer = state
        .cached(uri.to_string(), || async move {
            let session = s.session().await?;
            let (provenance, values) = indicators::monthly(&session, &request).await?;
            json(&serde_json::json!({
                "indicator": request.indicator.code,
                "unit": request.unit,
                "values": values.iter().map(|(p, v)| serde_json::json!({"period": p.to_string(), "value": v})).collect::<Vec<_>>(),
                "provenance": provenance,
            }))
        })
        .await?;
    Ok(respond(answer))
}

/// Parameters of pages and of the overview.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct PeriodParams {
    /// Month, YYYY-MM (default: the latest month of trade).
    pub period: Option<String>,
    /// zh or en.
    pub lang: Option<String>,
}

/// The headline indicators of the five linkages.
const HEADLINES: [&str; 5] = [
    "trade",
    "fdi_actual",
    "outsourcing_executed",
    "cooperation",
    "talent",
];

/// The five linkages for a month: year to date, growth, the month, and a sparkline each.
#[utoipa::path(get, path = "/api/v1/overview", params(PeriodParams),
    responses((status = 200, description = "headline figures of the five linkages"), (status = 400, description = "bad parameter")))]
async fn overview(
    State(state): Shared,
    uri: Uri,
    ApiQuery(p): ApiQuery<PeriodParams>,
) -> Result<Response, ApiError> {
    let period = match &p.period {
        Some(raw) => period(raw)?,
        None => latest(&state).await?,
    };
    let s = state.clone();
    let answer = state
        .cached(uri.to_string(), || async move {
            let session = s.session().await?;
            let mut linkages = Vec::new();
            for code in HEADLINES {
                let indicator = linkages_core::indicator::find(code)?;
                let mut request = linkages_core::Request::total(indicator, period);
                request.jan_feb = period.month <= 2;
                let linkage = indicator.dataset.linkage;
                match indicators::compute(&session, &request).await {
                    Ok(table) => {
                        let (provenance, values) = indicators::monthly(&session, &request).await?;
                        linkages.push(serde_json::json!({
                            "linkage": linkage.code(), "name_en": linkage.name_en(), "name_zh": linkage.name_zh(),
                            "indicator": indicator.code, "indicator_en": indicator.name_en, "indicator_zh": indicator.name_zh,
                            "unit": table.unit, "period": table.period, "figures": table.total,
                            "completeness": table.completeness, "provenance": table.total_provenance,
                            "sparkline": values.iter().map(|(p, v)| serde_json::json!([p.to_string(), v])).collect::<Vec<_>>(),
                            "sparkline_provenance": provenance,
                        }));
                    }
                    Err(linkages_engine::Error::Empty(_)) => linkages.push(serde_json::json!({
                        "linkage": linkage.code(), "name_en": linkage.name_en(), "name_zh": linkage.name_zh(),
                        "indicator": indicator.code, "empty": true,
                    })),
                    Err(e) => return Err(e.into()),
                }
            }
            json(&serde_json::json!({
                "period": period.to_string(),
                "synthetic": session.synthetic(),
                "note": session.synthetic().then_some(linkages_demo::SYNTHETIC_NOTE),
                "linkages": linkages,
            }))
        })
        .await?;
    Ok(respond(answer))
}

/// Parameters of the brief.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct BriefParams {
    /// Month, YYYY-MM (default: the latest month of trade).
    period: Option<String>,
    /// zh (default) or en.
    lang: Option<String>,
    /// json (default), md, html, xlsx or pdf.
    format: Option<String>,
}

/// The monthly brief: text, tables and every number with its query.
#[utoipa::path(get, path = "/api/v1/brief", params(BriefParams),
    responses((status = 200, description = "the brief"), (status = 400, description = "bad parameter"), (status = 404, description = "no data")))]
async fn brief(
    State(state): Shared,
    uri: Uri,
    ApiQuery(p): ApiQuery<BriefParams>,
) -> Result<Response, ApiError> {
    let period = match &p.period {
        Some(raw) => period(raw)?,
        None => latest(&state).await?,
    };
    let lang = lang(p.lang.as_deref())?;
    let format = p.format.clone().unwrap_or_else(|| "json".into());
    let (content_type, extension) = match format.as_str() {
        "json" => ("application/json", "json"),
        "md" => ("text/markdown; charset=utf-8", "md"),
        "html" => ("text/html; charset=utf-8", "html"),
        "xlsx" => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        "pdf" => ("application/pdf", "pdf"),
        other => {
            return Err(ApiError::bad_request(format!(
                "format '{other}': use json, md, html, xlsx or pdf"
            )));
        }
    };
    let s = state.clone();
    let answer = state
        .cached(uri.to_string(), || async move {
            let session = s.session().await?;
            let brief = linkages_report::build(&session, period, lang).await?;
            let body: Vec<u8> = match extension {
                "md" => brief.to_markdown().into_bytes(),
                "html" => brief.to_html().into_bytes(),
                "xlsx" => brief.to_xlsx()?,
                "pdf" => brief.to_pdf()?,
                _ => return json(&brief),
            };
            Ok(Cached {
                body: body.into(),
                content_type,
            })
        })
        .await?;
    Ok(match extension {
        "json" | "html" => respond(answer),
        _ => attachment(
            answer,
            &format!("brief-{period}-{}.{extension}", lang_code(lang)),
        ),
    })
}

fn lang_code(lang: Lang) -> &'static str {
    lang.pick("zh", "en")
}

/// Parameters of the opportunities ranking.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct OpportunityParams {
    /// GD or a city.
    region: Option<String>,
    /// Year of world trade in the store.
    year: i32,
    /// How many (1-500, default 30).
    top: Option<usize>,
    /// The region's country in the world table (default CHN).
    parent: Option<String>,
}

/// Products the region could move into next, and the product space.
#[utoipa::path(get, path = "/api/v1/opportunities", params(OpportunityParams),
    responses((status = 200, description = "ranked opportunities and the product space"), (status = 400, description = "bad parameter"), (status = 404, description = "no world data")))]
async fn opportunities(
    State(state): Shared,
    uri: Uri,
    ApiQuery(p): ApiQuery<OpportunityParams>,
) -> Result<Response, ApiError> {
    let top = p.top.unwrap_or(30);
    if !(1..=500).contains(&top) {
        return Err(ApiError::bad_request(format!(
            "top must be 1 to 500, not {top}"
        )));
    }
    if !(1900..=2100).contains(&p.year) {
        return Err(ApiError::bad_request(format!(
            "year {} is out of range",
            p.year
        )));
    }
    let request = linkages_report::opportunities::Request {
        region: p.region.unwrap_or_else(|| "GD".into()),
        year: p.year,
        parent: p.parent.unwrap_or_else(|| "CHN".into()).to_uppercase(),
        top,
    };
    let s = state.clone();
    let answer = state
        .cached(uri.to_string(), || async move {
            let session = s.session().await?;
            json(&linkages_report::opportunities::build(&session, &request).await?)
        })
        .await?;
    Ok(respond(answer))
}

/// Parameters of the scoreboard.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct TargetParams {
    /// Only one linkage.
    linkage: Option<String>,
    /// Judge on this day (YYYY-MM-DD; default today).
    on: Option<String>,
}

fn day(raw: &str) -> Result<chrono::NaiveDate, ApiError> {
    chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map_err(|_| ApiError::bad_request(format!("'{raw}' is not a date (YYYY-MM-DD)")))
}

/// Every target with its progress, pace, projection and status.
#[utoipa::path(get, path = "/api/v1/targets", params(TargetParams),
    responses((status = 200, description = "the scoreboard"), (status = 400, description = "bad parameter")))]
async fn targets(
    State(state): Shared,
    uri: Uri,
    ApiQuery(p): ApiQuery<TargetParams>,
) -> Result<Response, ApiError> {
    let only = match &p.linkage {
        None => None,
        Some(l) => Some(
            Linkage::ALL
                .into_iter()
                .find(|k| k.code() == l)
                .ok_or_else(|| ApiError::bad_request(format!("'{l}' is not a linkage")))?,
        ),
    };
    let today = match &p.on {
        Some(d) => day(d)?,
        None => chrono::Local::now().date_naive(),
    };
    let s = state.clone();
    let answer = state
        .cached(format!("{uri} {today}"), || async move {
            let session = s.session().await?;
            // The registry is a small SQLite file; the lock is held only while reading it.
            let targets = {
                let registry = s
                    .registry
                    .lock()
                    .map_err(|_| ApiError::internal("registry lock"))?;
                linkages_report::scoreboard::read(&registry, only)?
            };
            json(&linkages_report::scoreboard::build(&session, targets, today).await?)
        })
        .await?;
    Ok(respond(answer))
}

/// Every progress record of a target, corrected ones included.
#[utoipa::path(get, path = "/api/v1/targets/{id}/history", params(("id" = String, Path, description = "target id")),
    responses((status = 200, description = "the records"), (status = 404, description = "unknown target")))]
async fn target_history(
    State(state): Shared,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let registry = state
        .registry
        .lock()
        .map_err(|_| ApiError::internal("registry lock"))?;
    Ok(respond(json(&registry.history(&id)?)?))
}

/// A progress record to add.
#[derive(Deserialize, utoipa::ToSchema)]
struct RecordBody {
    /// The value reached (cumulative).
    value: f64,
    /// The date it describes, YYYY-MM-DD, not after today.
    date: String,
    /// Where it comes from.
    source: String,
    /// Who enters it.
    entered_by: String,
    /// Its unit; refused unless it is the target's.
    unit: Option<String>,
    /// The id of a wrong record this one corrects.
    corrects: Option<i64>,
    /// A note.
    note: Option<String>,
}

/// Records progress of a countable target (append-only; correct with `corrects`).
#[utoipa::path(post, path = "/api/v1/targets/{id}/records", params(("id" = String, Path, description = "target id")), request_body = RecordBody,
    responses((status = 200, description = "the stored record"), (status = 400, description = "refused, with the reason"), (status = 404, description = "unknown target")))]
async fn record(
    State(state): Shared,
    Path(id): Path<String>,
    body: Result<Json<RecordBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(body) =
        body.map_err(|e| ApiError::bad_request(format!("bad record: {}", e.body_text())))?;
    let new = linkages_registry::NewRecord {
        target_id: id,
        value: body.value,
        as_of: day(&body.date)?,
        source: body.source,
        entered_by: body.entered_by,
        unit: body.unit,
        corrects: body.corrects,
        note: body.note,
    };
    let stored = {
        let mut registry = state
            .registry
            .lock()
            .map_err(|_| ApiError::internal("registry lock"))?;
        registry.record(
            &new,
            chrono::Local::now().date_naive(),
            &chrono::Utc::now().to_rfc3339(),
        )?
    };
    state.registry_changed();
    Ok(respond(json(&stored)?))
}

/// A reference list: countries, cities, hs_chapters, partner_groups, product_groups,
/// strategic_clusters, indicators, or a small code list (trade_modes, enterprise_types, …).
#[utoipa::path(get, path = "/api/v1/reference/{list}", params(("list" = String, Path, description = "countries, cities, hs_chapters, partner_groups, product_groups, strategic_clusters, indicators, flows, trade_modes, enterprise_types, industries, outsourcing_categories, shores, cooperation_kinds, talent_categories")),
    responses((status = 200, description = "the list"), (status = 404, description = "unknown list")))]
async fn reference(Path(list): Path<String>) -> Result<Response, ApiError> {
    use classify::codes;
    let small = |l: &[classify::Code]| {
        l.iter()
            .map(
                |c| serde_json::json!({"code": c.code, "name_en": c.name_en, "name_zh": c.name_zh}),
            )
            .collect::<Vec<_>>()
    };
    let value = match list.as_str() {
        "countries" => classify::COUNTRIES
            .iter()
            .map(|c| serde_json::json!({"code": c.alpha3, "alpha2": c.alpha2, "numeric": c.numeric, "name_en": c.name_en, "name_zh": c.name_zh}))
            .collect(),
        "cities" => classify::CITIES
            .iter()
            .map(|c| serde_json::json!({"code": c.code, "name_en": c.name_en, "name_zh": c.name_zh}))
            .collect(),
        "hs_chapters" => classify::HS_CHAPTERS
            .iter()
            .map(|c| serde_json::json!({"code": c.code, "name_en": c.name_en, "name_zh": c.name_zh}))
            .collect(),
        "partner_groups" => classify::PARTNER_GROUPS
            .iter()
            .map(|g| serde_json::json!({"code": g.code, "name_en": g.name_en, "name_zh": g.name_zh, "members": g.members}))
            .collect(),
        "product_groups" => classify::PRODUCT_GROUPS
            .iter()
            .map(|g| serde_json::json!({"code": g.code, "name_en": g.name_en, "name_zh": g.name_zh, "export_cluster": g.is_export_cluster, "include": g.include, "exclude": g.exclude, "source": g.source}))
            .collect(),
        "strategic_clusters" => classify::STRATEGIC_CLUSTERS
            .iter()
            .map(|(code, en, zh)| serde_json::json!({"code": code, "name_en": en, "name_zh": zh}))
            .collect(),
        "indicators" => INDICATORS
            .iter()
            .map(|i| serde_json::json!({"code": i.code, "dataset": i.dataset.name, "name_en": i.name_en, "name_zh": i.name_zh,
                "units": i.columns.iter().map(|c| c.0).collect::<Vec<_>>(),
                "breakdowns": linkages_core::indicator::dimension_names(i.dataset)}))
            .collect(),
        "flows" => small(codes::FLOWS),
        "trade_modes" => small(codes::TRADE_MODES),
        "enterprise_types" => small(codes::ENTERPRISE_TYPES),
        "industries" => small(codes::INDUSTRIES),
        "outsourcing_categories" => small(codes::OUTSOURCING_CATEGORIES),
        "shores" => small(codes::SHORES),
        "cooperation_kinds" => small(codes::COOPERATION_KINDS),
        "talent_categories" => small(codes::TALENT_CATEGORIES),
        other => return Err(ApiError::not_found(format!("no reference list '{other}'"))),
    };
    let value: Vec<serde_json::Value> = value;
    Ok(respond(json(&value)?))
}
