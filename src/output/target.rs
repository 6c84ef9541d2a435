//! Where output goes: stdout, or a file that is only replaced by a complete
//! one (written to a temporary file beside it, then renamed).
//!
//! The guarantees of `-o FILE` (and of each file of `export`):
//!
//! - The destination is replaced only by a complete file: output goes to a
//!   hidden `.nkport-XXXXXX.tmp` in the same directory, which is flushed,
//!   synced and then renamed over the destination in one step.
//! - If the command fails part-way (a bad row, a full disk, an unwritable
//!   directory), the temporary file is removed and an existing destination is
//!   left exactly as it was.
//! - On Ctrl-C, SIGTERM or SIGHUP the temporary file is removed too
//!   ([`crate::signals`]); only SIGKILL, which no process can catch, may leave
//!   a stray `.nkport-*.tmp` (never a damaged destination).
//! - A destination that is a symbolic link is written through: the file it
//!   points to is replaced, the link stays. A destination that exists but is
//!   not a regular file (`/dev/null`, a named pipe), or lies under `/dev` or
//!   `/proc` (`/dev/stdout`, `/dev/fd/3`), is opened and appended to
//!   directly, never replaced by a rename (which, as root, would put a
//!   regular file in place of the device).
//! - A replaced file keeps its permission bits; a new file gets the usual
//!   ones for the umask (not the temporary file's private 0600).

use crate::signals;
use anyhow::Context;
use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// The buffer size of every destination.
const BUFFER: usize = 1 << 16;

/// An output destination.
pub enum Target {
    /// Standard output; escaping control characters when it is a terminal
    /// and the format does not escape them itself (see [`Target::guard`]).
    Stdout(Guarded<BufWriter<io::Stdout>>),
    /// A file being written; it appears under `path` only on [`Target::commit`].
    File {
        /// The temporary file beside the destination.
        tmp: BufWriter<NamedTempFile>,
        /// The destination.
        path: PathBuf,
        /// Removes the temporary file from the signal handler's list when
        /// dropped (after `tmp`, which deletes the file itself).
        _registered: Registered,
    },
    /// An existing file that is not a regular file (a device, a named pipe),
    /// written directly.
    Special {
        /// The open file.
        file: BufWriter<File>,
        /// Its path, for messages.
        path: PathBuf,
    },
}

/// Follows `path`'s symbolic links to the file they name; also says whether
/// any step lies under `/dev` or `/proc` (`/dev/stdout`, `/dev/fd/3`,
/// `/proc/self/fd/1`), which is written directly, never replaced.
fn resolve(path: &Path) -> (PathBuf, bool) {
    let system = |p: &Path| cfg!(unix) && (p.starts_with("/dev") || p.starts_with("/proc"));
    let mut dest = path.to_path_buf();
    let mut is_system = system(&dest);
    for _ in 0..40 {
        let Ok(target) = std::fs::read_link(&dest) else {
            break;
        };
        dest = match dest.parent() {
            Some(dir) if target.is_relative() => dir.join(target),
            _ => target,
        };
        is_system |= system(&dest);
    }
    (dest, is_system)
}

/// A temporary file listed for removal on a signal while this lives.
pub struct Registered(PathBuf);

impl Registered {
    fn new(path: &Path) -> Registered {
        signals::register(path);
        Registered(path.to_path_buf())
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        signals::unregister(&self.0);
    }
}

impl Target {
    /// Standard output, or a temporary file beside `path`.
    pub fn open(path: Option<&Path>) -> anyhow::Result<Target> {
        let Some(path) = path else {
            return Ok(Target::Stdout(Guarded {
                inner: BufWriter::with_capacity(BUFFER, io::stdout()),
                mode: None,
                pending: Vec::new(),
            }));
        };
        let cannot = || format!("cannot write {}", path.display());
        // Write through a symbolic link to the file it names.
        let (dest, system) = resolve(path);
        let existing = std::fs::metadata(&dest).ok();
        if existing.as_ref().is_some_and(|m| m.is_dir()) {
            anyhow::bail!("cannot write {}: it is a directory", path.display());
        }
        if system || existing.as_ref().is_some_and(|m| !m.is_file()) {
            // Appending: `-o /dev/stdout` into a file opened with `>>` must
            // not write over what is already there.
            let file = OpenOptions::new()
                .append(true)
                .open(path)
                .with_context(cannot)?;
            return Ok(Target::Special {
                file: BufWriter::with_capacity(BUFFER, file),
                path: path.to_path_buf(),
            });
        }
        let dir = match dest.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".nkport-").suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // The existing file's mode, else 0666 less the umask (the mode is
            // passed to open(2), which applies the umask).
            let mode = existing
                .as_ref()
                .map_or(0o666, |m| m.permissions().mode() & 0o777);
            builder.permissions(std::fs::Permissions::from_mode(mode));
        }
        // The temporary file's name is ours, not the user's: the message
        // names what they asked for and the directory it goes in.
        let tmp = builder.tempfile_in(dir).map_err(|e| {
            let why = match e.kind() {
                io::ErrorKind::NotFound => {
                    format!("the directory {} does not exist", dir.display())
                }
                io::ErrorKind::PermissionDenied => {
                    format!("permission denied in the directory {}", dir.display())
                }
                kind => format!(
                    "{} (in the directory {})",
                    io::Error::from(kind),
                    dir.display()
                ),
            };
            anyhow::anyhow!("{}: {why}", cannot())
        })?;
        if let Some(m) = &existing {
            // Exactly the replaced file's bits, whatever the umask.
            let _ = tmp.as_file().set_permissions(m.permissions());
        }
        let registered = Registered::new(tmp.path());
        Ok(Target::File {
            tmp: BufWriter::with_capacity(BUFFER, tmp),
            path: dest,
            _registered: registered,
        })
    }

    /// Machine-readable output (`format` CSV, TSV, JSON, JSON lines,
    /// GeoJSON) keeps the data exact, except on a terminal: there every
    /// control character is escaped as it is written (in JSON as `\u009b`,
    /// which keeps the data exact; in CSV and TSV visibly, as `\u{9b}`).
    /// Tables and Markdown escape their cells themselves.
    pub fn guard(&mut self, format: super::Format) {
        use super::Format::*;
        use std::io::IsTerminal;
        if let Target::Stdout(g) = self
            && io::stdout().is_terminal()
        {
            g.mode = match format {
                Json | Jsonl | Geojson => Some(Mode::Json),
                Csv | Tsv => Some(Mode::Visible),
                Table | Markdown | Sqlite | Parquet => None,
            };
        }
    }

    /// Flushes and, for a file, moves it into place.
    pub fn commit(self) -> anyhow::Result<()> {
        match self {
            Target::Stdout(mut w) => Ok(w.flush()?),
            Target::Special { mut file, path } => file
                .flush()
                .with_context(|| format!("cannot write {}", path.display())),
            Target::File {
                tmp,
                path,
                _registered: registered,
            } => {
                let cannot = || format!("cannot write {}", path.display());
                let tmp = tmp
                    .into_inner()
                    .map_err(|e| e.into_error())
                    .with_context(cannot)?;
                tmp.as_file().sync_all().with_context(cannot)?;
                // A signal now waits until the file is in place (or not).
                signals::hold(|| tmp.persist(&path).map_err(|e| e.error).with_context(cannot))?;
                drop(registered);
                // Make the rename itself durable (best effort).
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
                    && let Ok(d) = File::open(dir)
                {
                    let _ = d.sync_all();
                }
                Ok(())
            }
        }
    }
}

impl Write for Target {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Target::Stdout(w) => w.write(buf),
            Target::File { tmp, path, .. } => tmp.write(buf).map_err(|e| naming(e, path)),
            Target::Special { file, path } => file.write(buf).map_err(|e| naming(e, path)),
        }
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Target::Stdout(w) => w.write_all(buf),
            Target::File { tmp, path, .. } => tmp.write_all(buf).map_err(|e| naming(e, path)),
            Target::Special { file, path } => file.write_all(buf).map_err(|e| naming(e, path)),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Target::Stdout(w) => w.flush(),
            Target::File { tmp, path, .. } => tmp.flush().map_err(|e| naming(e, path)),
            Target::Special { file, path } => file.flush().map_err(|e| naming(e, path)),
        }
    }
}

/// A write error that names the destination (a full disk says which file),
/// keeping its kind (a closed pipe is still recognised as one).
fn naming(e: io::Error, path: &Path) -> io::Error {
    io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display()))
}

/// How [`Guarded`] escapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// As JSON string escapes (`\u001b`): the text stays valid JSON.
    Json,
    /// Visibly, as [`super::escape::escape`] does (`\u{1b}`).
    Visible,
}

/// A writer that escapes every unsafe character except line breaks and
/// tabs ([`super::escape::is_unsafe`]) when `mode` is set.
pub struct Guarded<W: Write> {
    inner: W,
    mode: Option<Mode>,
    /// The start of a UTF-8 sequence cut by the end of the last write.
    pending: Vec<u8>,
}

impl<W: Write> Guarded<W> {
    /// Writes `bytes` (valid UTF-8 up to a cut sequence at the end).
    fn escape_into(&mut self, mode: Mode, bytes: &[u8]) -> io::Result<()> {
        let mut text = std::mem::take(&mut self.pending);
        text.extend_from_slice(bytes);
        let (good, rest) = match std::str::from_utf8(&text) {
            Ok(_) => (text.len(), 0),
            Err(e) if e.error_len().is_none() => (e.valid_up_to(), text.len() - e.valid_up_to()),
            // Not UTF-8 (never written by nkport): passed on as it is.
            Err(_) => return self.inner.write_all(&text),
        };
        let s = std::str::from_utf8(&text[..good]).unwrap_or_default();
        let mut from = 0;
        for (i, c) in s.char_indices() {
            if c == '\n' || c == '\t' || !super::escape::is_unsafe(c) {
                continue;
            }
            self.inner.write_all(&s.as_bytes()[from..i])?;
            match mode {
                Mode::Json => write!(self.inner, "\\u{:04x}", c as u32)?,
                Mode::Visible => self
                    .inner
                    .write_all(super::escape::escape(&c.to_string()).as_bytes())?,
            }
            from = i + c.len_utf8();
        }
        self.inner.write_all(&s.as_bytes()[from..])?;
        self.pending = text[text.len() - rest..].to_vec();
        Ok(())
    }
}

impl<W: Write> Write for Guarded<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self.mode {
            None => self.inner.write_all(buf),
            Some(mode) => self.escape_into(mode, buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            let rest = std::mem::take(&mut self.pending);
            self.inner.write_all(&rest)?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guarded(mode: Mode, chunks: &[&[u8]]) -> String {
        let mut g = Guarded {
            inner: Vec::new(),
            mode: Some(mode),
            pending: Vec::new(),
        };
        for c in chunks {
            g.write_all(c).unwrap();
        }
        g.flush().unwrap();
        String::from_utf8(g.inner).unwrap()
    }

    #[test]
    fn json_stays_json_and_exact() {
        let json = serde_json::to_string(&["a\u{1b}[2J\u{9b}\u{202e}b"]).unwrap();
        let out = guarded(Mode::Json, &[json.as_bytes()]);
        assert_eq!(out, "[\"a\\u001b[2J\\u009b\\u202eb\"]");
        let back: Vec<String> = serde_json::from_str(&out).unwrap();
        assert_eq!(back, ["a\u{1b}[2J\u{9b}\u{202e}b"]);
    }

    #[test]
    fn characters_cut_between_writes_are_escaped() {
        let bytes = "x\u{9b}y\u{202e}\n".as_bytes();
        for cut in 0..bytes.len() {
            let out = guarded(Mode::Visible, &[&bytes[..cut], &bytes[cut..]]);
            assert_eq!(out, "x\\u{9b}y\\u{202e}\n", "cut at {cut}");
        }
    }
}
