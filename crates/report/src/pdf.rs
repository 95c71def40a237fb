//! PDF: an HTML document laid out and printed by headless Chromium's Blink and Skia (a real
//! layout engine; CJK text needs a CJK font such as Noto CJK installed). The browser runs as
//! a child process awaited off the async runtime's threads, killed when it takes too long.

use std::path::{Path, PathBuf};
use std::time::Duration;

/// Why a PDF could not be printed.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// No Chromium-family browser is installed (a service that is not available here, not
    /// a bad request).
    #[error(
        "PDF output needs Chromium (Debian: apt-get install chromium fonts-noto-cjk, or scripts/setup-browser); \
         set LINKAGES_CHROMIUM to use another Chromium-family browser"
    )]
    NoBrowser,
    /// The browser did not finish in time and was stopped.
    #[error("printing the PDF took longer than {} s and was stopped", .0.as_secs())]
    Timeout(Duration),
    /// The browser ran but printed nothing.
    #[error("the browser printed no PDF: {0}")]
    Failed(String),
}

/// How PDFs are printed: which browser, and how long it may take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfOptions {
    /// The browser to run; `None` looks for `chromium`, `chromium-browser`,
    /// `google-chrome` or `chrome` on `PATH`.
    pub chromium: Option<PathBuf>,
    /// How long one PDF may take.
    pub timeout: Duration,
}

impl Default for PdfOptions {
    fn default() -> PdfOptions {
        PdfOptions {
            chromium: None,
            timeout: Duration::from_secs(60),
        }
    }
}

/// Where a Chromium-family browser is: the one given, else the usual names on `PATH`.
fn chromium(given: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = given {
        return Some(p.to_path_buf());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| {
            ["chromium", "chromium-browser", "google-chrome", "chrome"].map(|n| dir.join(n))
        })
        .find(|p| p.is_file())
}

/// Prints an HTML document to PDF.
pub async fn print(html: &str, options: &PdfOptions) -> Result<Vec<u8>, PdfError> {
    let browser = chromium(options.chromium.as_deref()).ok_or(PdfError::NoBrowser)?;
    let failed = |e: std::io::Error| PdfError::Failed(e.to_string());
    let dir = tempfile::tempdir().map_err(failed)?;
    let (page, pdf) = (dir.path().join("page.html"), dir.path().join("page.pdf"));
    tokio::fs::write(&page, html).await.map_err(failed)?;
    let mut command = tokio::process::Command::new(&browser);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .kill_on_drop(true);
    let output = tokio::time::timeout(options.timeout, command.output())
        .await
        .map_err(|_| PdfError::Timeout(options.timeout))?
        .map_err(|e| PdfError::Failed(format!("cannot run the browser: {e}")))?;
    tokio::fs::read(&pdf).await.map_err(|e| {
        let stderr = String::from_utf8_lossy(&output.stderr);
        PdfError::Failed(format!("{e}: {}", stderr.lines().last().unwrap_or("")))
    })
}
