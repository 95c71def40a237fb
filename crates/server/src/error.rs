//! Errors as JSON answers: `{"error": "…"}` with 400 for bad parameters, 404 for unknown
//! things, 503 for a service this server cannot give (PDF without a browser). A fault of the
//! server is logged in full and answered 500 with a message that names no path or engine
//! detail; a panic becomes such a 500 and the server goes on.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// An error answer.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// What was wrong, as the caller reads it.
    pub message: String,
}

/// The body of every error answer.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// What was wrong.
    pub error: String,
}

/// What a caller reads of a server fault: nothing of its cause, which is logged.
const INTERNAL: &str = "internal error: the request failed and was logged";

impl ApiError {
    /// 400: the request cannot be answered as asked; the message says why.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    /// 404: the thing asked for does not exist (or has no data yet).
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }

    /// 403: the caller's role or scope does not allow the request; the message says what
    /// it allows.
    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::FORBIDDEN,
            message: message.into(),
        }
    }

    /// 401: the request needs an account (or its credentials are not valid).
    pub fn unauthorized(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::UNAUTHORIZED,
            message: message.into(),
        }
    }

    /// 503: a part of the service is not available on this server.
    pub fn unavailable(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            message: message.into(),
        }
    }

    /// 500: a fault of the server, not of the request. The detail is logged, never sent.
    pub fn internal(detail: impl std::fmt::Display) -> ApiError {
        tracing::error!("{detail}");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: INTERNAL.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(ErrorBody {
                error: self.message,
            }),
        )
            .into_response()
    }
}

impl From<linkages_engine::Error> for ApiError {
    fn from(e: linkages_engine::Error) -> ApiError {
        use linkages_engine::Error as E;
        match e {
            E::UnknownDataset(_) | E::NoSuchVersion { .. } | E::Empty(_) => {
                ApiError::not_found(e.to_string())
            }
            E::Invalid(_) | E::Refused(_) | E::Limit(_) => ApiError::bad_request(e.to_string()),
            E::Forbidden(_) => ApiError::forbidden(e.to_string()),
            other => ApiError::internal(other),
        }
    }
}

impl From<linkages_core::indicator::IndicatorError> for ApiError {
    fn from(e: linkages_core::indicator::IndicatorError) -> ApiError {
        ApiError::bad_request(e.to_string())
    }
}

impl From<linkages_report::Error> for ApiError {
    fn from(e: linkages_report::Error) -> ApiError {
        use linkages_report::Error as E;
        use linkages_report::pdf::PdfError;
        match e {
            E::Engine(e) => e.into(),
            E::Registry(e) => e.into(),
            E::Request(_) | E::Invalid(_) | E::Complexity(_) | E::Markets(_) => {
                ApiError::bad_request(e.to_string())
            }
            E::NoData(_) => ApiError::not_found(e.to_string()),
            E::Pdf(PdfError::NoBrowser) => {
                ApiError::unavailable("PDF output is not available on this server (no Chromium)")
            }
            E::Pdf(PdfError::Timeout(_)) => ApiError::unavailable(
                "the PDF took too long to print; try again later or download the HTML form",
            ),
            other => ApiError::internal(other),
        }
    }
}

impl From<linkages_registry::Error> for ApiError {
    fn from(e: linkages_registry::Error) -> ApiError {
        use linkages_registry::Error as E;
        match e {
            E::UnknownTarget(..) | E::UnknownRecord { .. } => ApiError::not_found(e.to_string()),
            E::Refused(_) => ApiError::bad_request(e.to_string()),
            other => ApiError::internal(other),
        }
    }
}

/// The answer to a handler that panicked.
pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::internal("a handler panicked").into_response()
}
