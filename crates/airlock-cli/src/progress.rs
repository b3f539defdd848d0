//! Progress on stderr, only when stderr is a terminal.

use std::io::{IsTerminal, Write};

use airlock::Progress;

/// Draws a one-line progress indicator on stderr when it is a terminal.
pub(crate) struct ProgressLine {
    enabled: bool,
    drawn: bool,
}

impl ProgressLine {
    pub(crate) fn new() -> Self {
        Self { enabled: std::io::stderr().is_terminal(), drawn: false }
    }

    pub(crate) fn update(&mut self, p: &Progress) {
        if !self.enabled {
            return;
        }
        let mb = |b: u64| b as f64 / (1024.0 * 1024.0);
        let total = p.bytes_total.map(|t| format!(" / {:.1} MiB", mb(t))).unwrap_or_default();
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r\x1b[2Kreading layers {}/{} · {:.1} MiB{}",
            p.layers_done,
            p.layers_total,
            mb(p.bytes_read),
            total
        );
        let _ = err.flush();
        self.drawn = true;
    }

    pub(crate) fn status(&mut self, text: &str) {
        if self.enabled {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K{text}");
            let _ = err.flush();
            self.drawn = true;
        }
    }

    pub(crate) fn finish(&mut self) {
        if self.drawn {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
            self.drawn = false;
        }
    }
}
