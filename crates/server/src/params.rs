//! Reading requests: query strings into typed parameters (unknown parameters refused, so a
//! cached answer is keyed only by what was asked), and the answers' bytes and headers.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use linkages_core::Period;

use crate::auth::Who;
use crate::{ApiError, AppState, Cached};

/// Query parameters, refused with a JSON 400 when they cannot be read or are not known.
/// Repeated keys (`filter=…&filter=…`) become lists.
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

/// A value as JSON.
pub(crate) fn json<T: serde::Serialize>(value: &T) -> Result<Cached, ApiError> {
    let body = serde_json::to_vec(value).map_err(|e| ApiError::internal(e.to_string()))?;
    Ok(Cached {
        body: body.into(),
        content_type: "application/json",
    })
}

/// Bytes in a content type.
pub(crate) fn bytes(body: Vec<u8>, content_type: &'static str) -> Cached {
    Cached {
        body: body.into(),
        content_type,
    }
}

/// The answer with its content type.
pub(crate) fn respond(c: Cached) -> Response {
    let mut response = c.body.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(c.content_type),
    );
    response
}

/// The answer as a download named `filename`.
pub(crate) fn attachment(c: Cached, filename: &str) -> Response {
    let mut response = respond(c);
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// A month parameter (`YYYY-MM`), or the latest month of trade when it is absent.
pub(crate) async fn period_or_latest(
    state: &AppState,
    who: &Who,
    raw: Option<&str>,
) -> Result<Period, ApiError> {
    match raw {
        Some(raw) => raw
            .parse()
            .map_err(|e: linkages_core::period::PeriodError| ApiError::bad_request(e.to_string())),
        None => {
            let session = state.session(who.scope()).await?;
            Ok(linkages_report::overview::latest_period(&session).await?)
        }
    }
}

/// A day parameter (`YYYY-MM-DD`).
pub(crate) fn day(raw: &str) -> Result<chrono::NaiveDate, ApiError> {
    linkages_core::parse_day(raw).map_err(|e| ApiError::bad_request(e.to_string()))
}

/// One of the 21 cities, by code or name.
pub(crate) fn city(raw: &str) -> Result<&'static linkages_core::classify::City, ApiError> {
    linkages_core::classify::city(raw).ok_or_else(|| {
        ApiError::bad_request(format!("'{raw}' is not one of Guangdong's 21 cities"))
    })
}
