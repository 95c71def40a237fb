//! Progress bars on a terminal (indicatif); nothing when standard error is not a terminal.

use std::io::IsTerminal;
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};

/// A bar counting to `total`, hidden off a terminal.
pub fn bar(total: u64, message: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    if let Ok(style) =
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({per_sec}, {eta})")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(message.to_string());
    bar
}

/// Progress of an ingest on a terminal progress bar, one file at a time: bytes read, rows
/// read per second and rows quarantined so far.
pub struct BarProgress {
    /// The bar, hidden off a terminal.
    pub bar: ProgressBar,
    /// The name of the file being read, for the bar's message.
    file: std::sync::Mutex<String>,
}

impl BarProgress {
    /// A bar that starts empty and is sized by each file.
    pub fn new() -> BarProgress {
        let bar = bar(0, "");
        if let Ok(style) =
            ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} ({eta})")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        BarProgress {
            bar,
            file: std::sync::Mutex::new(String::new()),
        }
    }
}

impl linkages_engine::Progress for BarProgress {
    fn start_file(&self, path: &Path, total: u64) {
        self.bar.reset();
        self.bar.set_length(total);
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_else(|| path.display().to_string());
        if let Ok(mut file) = self.file.lock() {
            file.clone_from(&name);
        }
        self.bar.set_message(name);
    }

    fn advance(&self, position: u64) {
        self.bar.set_position(position);
    }

    fn rows(&self, read: u64, quarantined: u64) {
        let seconds = self.bar.elapsed().as_secs_f64().max(1e-3);
        self.bar.set_message(format!(
            "{}: {read} rows ({:.0} rows/s), {quarantined} quarantined",
            self.file.lock().map(|f| f.clone()).unwrap_or_default(),
            read as f64 / seconds
        ));
    }
}
