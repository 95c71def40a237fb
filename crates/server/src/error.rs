//! Errors as JSON answers: `{"error": "…"}` with 400 for bad parameters, 404 for unknown
//! things; a panic becomes a 500 with a message, and the server goes on.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// An error answer.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// What was wrong.
    pub message: String,
}

impl ApiError {
    /// 400.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    /// 404.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }

    /// 500: a fault of the server, not of the request.
    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: message.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.status.is_server_error() {
            tracing::error!("{}", self.message);
        }
        (
            self.status,
            Json(serde_json::json!({ "error": self.message })),
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
            E::Invalid(_) | E::Refused(_) => ApiError::bad_request(e.to_string()),
            other => ApiError::internal(other.to_string()),
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
        match e {
            E::Engine(e) => e.into(),
            E::Registry(e) => e.into(),
            E::Request(_) | E::Invalid(_) | E::Complexity(_) => {
                ApiError::bad_request(e.to_string())
            }
            E::NoData(_) => ApiError::not_found(e.to_string()),
            other => ApiError::internal(other.to_string()),
        }
    }
}

impl From<linkages_registry::Error> for ApiError {
    fn from(e: linkages_registry::Error) -> ApiError {
        use linkages_registry::Error as E;
        match e {
            E::UnknownTarget(..) | E::UnknownRecord { .. } => ApiError::not_found(e.to_string()),
            E::Refused(_) => ApiError::bad_request(e.to_string()),
            other => ApiError::internal(other.to_string()),
        }
    }
}

/// The answer to a handler that panicked.
pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::internal("internal error: the request failed and was logged").into_response()
}
