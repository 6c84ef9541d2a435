//! Where output goes: stdout, or a file that is only replaced by a complete
//! one (written to a temporary file beside it, then renamed).

use anyhow::Context;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// An output destination.
pub enum Target {
    /// Standard output.
    Stdout(BufWriter<io::Stdout>),
    /// A file being written; it appears under `path` only on [`Target::commit`].
    File {
        /// The temporary file beside the destination.
        tmp: BufWriter<NamedTempFile>,
        /// The destination.
        path: PathBuf,
    },
}

impl Target {
    /// Standard output, or a temporary file beside `path`.
    pub fn open(path: Option<&Path>) -> anyhow::Result<Target> {
        let Some(path) = path else {
            return Ok(Target::Stdout(BufWriter::with_capacity(
                1 << 16,
                io::stdout(),
            )));
        };
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        if path.is_dir() {
            anyhow::bail!("cannot write {}: it is a directory", path.display());
        }
        let tmp = tempfile::Builder::new()
            .prefix(".nkport-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(Target::File {
            tmp: BufWriter::with_capacity(1 << 16, tmp),
            path: path.to_path_buf(),
        })
    }

    /// Flushes and, for a file, moves it into place.
    pub fn commit(self) -> anyhow::Result<()> {
        match self {
            Target::Stdout(mut w) => Ok(w.flush()?),
            Target::File { tmp, path } => {
                let tmp = tmp
                    .into_inner()
                    .map_err(|e| e.into_error())
                    .with_context(|| format!("cannot write {}", path.display()))?;
                tmp.as_file()
                    .sync_all()
                    .with_context(|| format!("cannot write {}", path.display()))?;
                tmp.persist(&path)
                    .map_err(|e| e.error)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                Ok(())
            }
        }
    }
}

impl Write for Target {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Target::Stdout(w) => w.write(buf),
            Target::File { tmp, .. } => tmp.write(buf),
        }
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Target::Stdout(w) => w.write_all(buf),
            Target::File { tmp, .. } => tmp.write_all(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Target::Stdout(w) => w.flush(),
            Target::File { tmp, .. } => tmp.flush(),
        }
    }
}
