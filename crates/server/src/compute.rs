//! Where answers are computed: cache misses run on a runtime of their own, so that queries
//! (CPU-bound DataFusion plans, brief building) never hold the threads that answer cached
//! requests, sign-ins and pages; and one computation per key runs at a time, the callers
//! asking for the same answer meanwhile waiting for it instead of computing it again. Its
//! threads run at the lowest priority the system allows.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use crate::ApiError;

/// The turn of one key being computed.
type Turn = Arc<tokio::sync::Mutex<()>>;

/// The computing runtime and the keys being computed.
pub(crate) struct Compute {
    /// `None` only while dropping.
    runtime: Option<tokio::runtime::Runtime>,
    inflight: Mutex<HashMap<String, Turn>>,
}

impl Compute {
    /// A runtime of `threads` worker threads (at least one).
    pub(crate) fn new(threads: usize) -> Result<Compute, ApiError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads.max(1))
            .thread_name("linkages-compute")
            // Below the threads answering requests: a long query yields the CPU to them.
            // (Without the privilege to lower it, a thread just keeps its priority.)
            .on_thread_start(|| {
                let _ = thread_priority::set_current_thread_priority(
                    thread_priority::ThreadPriority::Min,
                );
            })
            .enable_all()
            .build()
            .map_err(ApiError::internal)?;
        Ok(Compute {
            runtime: Some(runtime),
            inflight: Mutex::new(HashMap::new()),
        })
    }

    /// Runs a computation on the computing runtime and waits for its answer.
    pub(crate) async fn run<T, Fut>(&self, work: Fut) -> Result<T, ApiError>
    where
        T: Send + 'static,
        Fut: Future<Output = Result<T, ApiError>> + Send + 'static,
    {
        let runtime = self
            .runtime
            .as_ref()
            .ok_or_else(|| ApiError::internal("the computing runtime is gone"))?;
        runtime
            .spawn(work)
            .await
            .map_err(|e| ApiError::internal(format!("a computation failed: {e}")))?
    }

    /// The turn of one key: held while it is computed; others wait for it.
    pub(crate) fn turn(&self, key: &str) -> Result<Turn, ApiError> {
        let mut inflight = self.inflight()?;
        Ok(inflight.entry(key.to_string()).or_default().clone())
    }

    /// Gives the turn back; the key is forgotten once no one else waits for it.
    pub(crate) fn done(
        &self,
        key: &str,
        turn: Arc<tokio::sync::Mutex<()>>,
    ) -> Result<(), ApiError> {
        let mut inflight = self.inflight()?;
        // One reference is the map's, one ours: no one else holds or awaits the turn.
        if Arc::strong_count(&turn) <= 2 {
            inflight.remove(key);
        }
        Ok(())
    }

    /// How many keys are being computed (or awaited) now.
    #[cfg(test)]
    pub(crate) fn pending(&self) -> usize {
        self.inflight().map_or(0, |m| m.len())
    }

    fn inflight(&self) -> Result<std::sync::MutexGuard<'_, HashMap<String, Turn>>, ApiError> {
        self.inflight
            .lock()
            .map_err(|_| ApiError::internal("inflight lock"))
    }
}

impl Drop for Compute {
    /// A runtime may not be dropped on another runtime's thread (the server's): it is let go.
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}
