//! Opening a file of an untrusted package: only a regular file whose real
//! path lies inside the package's directory. A symbolic link leading
//! outside, a directory, a named pipe (which would block), a device
//! (`/dev/zero` never ends) or a socket is refused with a message saying
//! exactly that, and nothing of it is read.

use std::fs::{File, Metadata};
use std::io;
use std::path::{Component, Path};

/// A file found and opened, with its size.
pub struct Opened {
    /// The open file.
    pub file: File,
    /// Its size in bytes when opened.
    pub len: u64,
}

/// Opens `path`, which must lie inside `root` (named `within` in
/// messages: "the package"), for reading. `Ok(None)` when
/// nothing is there (not even a dangling link); `Err` says what is wrong:
/// "is a directory", "is a FIFO (named pipe)", "permission denied", ...
pub fn open_inside(root: &Path, path: &Path, within: &str) -> Result<Option<Opened>, String> {
    let link = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(reason(&e)),
    };
    if link.file_type().is_symlink() {
        let real = std::fs::canonicalize(path).map_err(|e| {
            format!(
                "is a symbolic link that cannot be followed ({})",
                reason(&e)
            )
        })?;
        let root = std::fs::canonicalize(root).map_err(|e| reason(&e))?;
        if !real.starts_with(&root) {
            return Err(format!(
                "is a symbolic link to a file outside {within}: expected a file inside it"
            ));
        }
    }
    let meta = std::fs::metadata(path).map_err(|e| reason(&e))?;
    not_regular(&meta).map_or(Ok(()), Err)?;
    let file = open_nonblocking(path).map_err(|e| reason(&e))?;
    // What was opened may have been swapped since it was looked at.
    let meta = file.metadata().map_err(|e| reason(&e))?;
    not_regular(&meta).map_or(Ok(()), Err)?;
    Ok(Some(Opened {
        file,
        len: meta.len(),
    }))
}

/// Whether `rel` names a file below its directory: relative, with no `..`
/// and no root or drive.
pub fn is_below(rel: &str) -> bool {
    !rel.is_empty()
        && Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// Why `meta` is not a regular file, if it is not.
fn not_regular(meta: &Metadata) -> Option<String> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("is a directory: expected a file".into());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("is a FIFO (named pipe): expected a regular file".into());
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("is a device: expected a regular file".into());
        }
        if t.is_socket() {
            return Some("is a socket: expected a regular file".into());
        }
    }
    Some("is not a regular file".into())
}

/// Opens without blocking on a FIFO swapped in after the check.
fn open_nonblocking(path: &Path) -> io::Result<File> {
    let mut o = std::fs::OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    o.open(path)
}

/// An I/O error as a short reason: "permission denied", "does not exist".
pub fn reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::NotFound => "does not exist".into(),
        io::ErrorKind::IsADirectory => "is a directory: expected a file".into(),
        _ => e.to_string(),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_inside() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("pkg");
        std::fs::create_dir(&root).unwrap();
        std::fs::write(root.join("a.csv"), "x").unwrap();
        std::fs::write(dir.path().join("secret"), "x").unwrap();
        std::os::unix::fs::symlink("a.csv", root.join("in.csv")).unwrap();
        std::os::unix::fs::symlink("../secret", root.join("out.csv")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", root.join("zero.csv")).unwrap();
        std::fs::create_dir(root.join("d.csv")).unwrap();
        let open =
            |n: &str| open_inside(&root, &root.join(n), "the package").map(|o| o.map(|o| o.len));
        assert_eq!(open("a.csv"), Ok(Some(1)));
        assert_eq!(open("in.csv"), Ok(Some(1)));
        assert_eq!(open("none.csv"), Ok(None));
        assert!(open("out.csv").unwrap_err().contains("outside the package"));
        assert!(
            open("zero.csv")
                .unwrap_err()
                .contains("outside the package")
        );
        assert!(open("d.csv").unwrap_err().starts_with("is a directory"));
    }

    #[test]
    fn below() {
        assert!(is_below("a.txt"));
        assert!(is_below("texts/a.txt"));
        assert!(!is_below("../a.txt"));
        assert!(!is_below("texts/../../a.txt"));
        assert!(!is_below("/etc/passwd"));
        assert!(!is_below(""));
    }
}
