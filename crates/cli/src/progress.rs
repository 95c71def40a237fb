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

/// Progress of an ingest on a terminal progress bar, one file at a time.
pub struct BarProgress {
    /// The bar, hidden off a terminal.
    pub bar: ProgressBar,
}

impl BarProgress {
    /// A bar that starts empty and is sized by each file.
    pub fn new() -> BarProgress {
        BarProgress { bar: bar(0, "") }
    }
}

impl linkages_engine::Progress for BarProgress {
    fn start_file(&self, path: &Path, total: u64) {
        self.bar.set_length(total);
        self.bar.set_position(0);
        self.bar.set_message(path.display().to_string());
    }

    fn advance(&self, position: u64) {
        self.bar.set_position(position);
    }
}
