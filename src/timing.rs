//! Phase timings for profiling a build: `HERALD_TIMINGS=1 herald build` prints how long
//! each stage took to stderr. Off by default, and it never changes the output.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("HERALD_TIMINGS").is_some_and(|v| v != "0"))
}

/// A stopwatch that reports each lap when timings are on.
pub struct Laps {
    last: Instant,
}

impl Laps {
    /// Start timing.
    pub fn start() -> Laps {
        Laps {
            last: Instant::now(),
        }
    }

    /// Report the time since the last lap under `what`.
    pub fn lap(&mut self, what: &str) {
        if enabled() {
            let now = Instant::now();
            eprintln!(
                "timing: {what:<22} {:8.1} ms",
                (now - self.last).as_secs_f64() * 1000.0
            );
            self.last = now;
        }
    }
}
