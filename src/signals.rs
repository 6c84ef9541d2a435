//! Ctrl-C (SIGINT), SIGTERM and SIGHUP: remove every output file still being
//! written, then exit quietly with the conventional status 128 + signal
//! number (130, 143, 129).
//!
//! [`crate::output::Target`] registers its temporary file while writing and
//! moves it into place under the same lock the handler takes, so a signal
//! leaves each destination either as it was or complete, never half-written,
//! and no temporary file behind. SIGKILL cannot be caught: a killed process
//! may leave a `.nkport-*.tmp` beside the destination (the destination itself
//! is still untouched).
//!
//! A signal that was ignored when nkport started (a background job of a
//! script, `nohup`) stays ignored.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// Temporary files being written, to remove on a signal.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

/// Installs the handler (once, from `main`). Does nothing where signals
/// cannot be handled.
pub fn install() {
    #[cfg(unix)]
    unix::install();
}

/// Marks `path` as a temporary file to remove if the process is interrupted.
pub fn register(path: &Path) {
    pending().push(path.to_path_buf());
}

/// Forgets `path` (it was moved into place or removed).
pub fn unregister(path: &Path) {
    let mut p = pending();
    if let Some(i) = p.iter().position(|q| q == path) {
        p.swap_remove(i);
    }
}

/// Runs `f` with signal cleanup held off: a signal arriving meanwhile waits
/// until `f` returns, so a rename in `f` completes or never starts.
pub fn hold<R>(f: impl FnOnce() -> R) -> R {
    let _guard = pending();
    f()
}

#[cfg(unix)]
mod unix {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    use signal_hook::iterator::Signals;

    /// Whether `sig` is set to be ignored (inherited from the parent).
    fn ignored(sig: i32) -> bool {
        // SAFETY: sigaction with a null new action only reads the current one
        // into `old`, a zeroed plain C struct.
        unsafe {
            let mut old: libc::sigaction = std::mem::zeroed();
            libc::sigaction(sig, std::ptr::null(), &mut old) == 0
                && old.sa_sigaction == libc::SIG_IGN
        }
    }

    pub(super) fn install() {
        let sigs: Vec<i32> = [SIGINT, SIGTERM, SIGHUP]
            .into_iter()
            .filter(|&s| !ignored(s))
            .collect();
        let Ok(mut signals) = Signals::new(&sigs) else {
            return;
        };
        let _ = std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                if let Some(sig) = signals.forever().next() {
                    // Held until exit: no rename starts after this point.
                    let pending = super::pending();
                    for path in pending.iter() {
                        let _ = std::fs::remove_file(path);
                    }
                    // SAFETY: `_exit` ends the process at once, without
                    // flushing buffers that hold part of an interrupted output.
                    unsafe { libc::_exit(128 + sig) }
                }
            });
    }
}
