//! The one filesystem module: the loader reads through it and the output stage writes
//! through it, and every error it returns names the path, so "permission denied" never
//! arrives without saying where.

use crate::error::{Error, Result};
use std::fs;
use std::path::{Path, PathBuf};

/// Reads a whole file as bytes.
pub fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).map_err(Error::io("read", path))
}

/// Whether `path` is an existing directory.
pub fn is_dir(path: &Path) -> bool {
    path.is_dir()
}

/// Whether `path` exists (as anything).
pub fn exists(path: &Path) -> bool {
    path.symlink_metadata().is_ok()
}

/// Every regular file under `dir` (following symlinks, which walkdir checks for loops),
/// sorted by path so that the load order never depends on the directory's order on disk.
/// Hidden files and folders (names starting with `.`) are skipped: editors leave swap
/// files there. A missing `dir` gives an empty list.
pub fn walk_files(dir: &Path) -> Result<Vec<PathBuf>> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(|e| {
            let path = e
                .path()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| dir.to_path_buf());
            let source = match e.into_io_error() {
                Some(io) => io,
                None => std::io::Error::other("symbolic link loop; remove the link"),
            };
            Error::Io {
                action: "walk",
                path,
                source,
            }
        })?;
        if entry.file_type().is_file() {
            files.push(entry.into_path());
        }
    }
    files.sort();
    Ok(files)
}

/// Creates `dir` and its parents.
pub fn create_dir_all(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).map_err(Error::io("create directory", dir))
}

/// Writes `bytes` to `path`, creating the parent directory first.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    // Create the folder only when the write says it is missing: a build writes a hundred
    // thousand files into a few folders, and a check per file is a system call each.
    match fs::write(path, bytes) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                create_dir_all(parent)?;
            }
            fs::write(path, bytes).map_err(Error::io("write", path))
        }
        r => r.map_err(Error::io("write", path)),
    }
}

/// Writes a new file, refusing to overwrite one that exists (for `init`).
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(Error::io("create", path))?;
    f.write_all(bytes).map_err(Error::io("write", path))
}

/// Renames `from` to `to`.
pub fn rename(from: &Path, to: &Path) -> Result<()> {
    fs::rename(from, to).map_err(Error::io("rename", from))
}

/// Swaps two existing paths in one atomic step (Linux `renameat2(RENAME_EXCHANGE)`), so
/// that a reader or a crash sees either the old or the new tree at `b`, never none.
/// Returns `Ok(false)` where the system cannot do it (other kernels, some filesystems);
/// the caller then falls back to two renames.
pub fn exchange(a: &Path, b: &Path) -> Result<bool> {
    #[cfg(target_os = "linux")]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let ca = CString::new(a.as_os_str().as_bytes())
            .map_err(|e| Error::io("rename", a)(std::io::Error::other(e)))?;
        let cb = CString::new(b.as_os_str().as_bytes())
            .map_err(|e| Error::io("rename", b)(std::io::Error::other(e)))?;
        // SAFETY: both pointers are valid NUL-terminated strings that outlive the call;
        // AT_FDCWD makes the paths relative to the working directory, as std's rename does.
        let rc = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                ca.as_ptr(),
                libc::AT_FDCWD,
                cb.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if rc == 0 {
            return Ok(true);
        }
        let err = std::io::Error::last_os_error();
        match err.raw_os_error() {
            Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::EXDEV) => Ok(false),
            _ => Err(Error::io("swap", b)(err)),
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (a, b);
        Ok(false)
    }
}

/// Removes a directory tree if it exists.
pub fn remove_dir_all(dir: &Path) -> Result<()> {
    match fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io("remove", dir)(e)),
    }
}

/// Removes the tree at `dir` with its files deleted in parallel: after each build the
/// previous site (a hundred thousand files at province scale) is removed, and one thread
/// deleting file after file made a rebuild on disk cost twice a first build. Symbolic
/// links are removed, never followed.
pub fn remove_tree(dir: &Path) -> Result<()> {
    use rayon::prelude::*;
    if fs::symlink_metadata(dir).is_err() {
        return Ok(());
    }
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(false) {
        let entry = entry.map_err(|e| {
            Error::io("remove", dir)(
                e.into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("walk failed")),
            )
        })?;
        if entry.file_type().is_dir() {
            dirs.push((entry.depth(), entry.into_path()));
        } else {
            files.push(entry.into_path());
        }
    }
    files
        .par_iter()
        .try_for_each(|f| match fs::remove_file(f) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io("remove", f)(e)),
            _ => Ok(()),
        })?;
    // Deepest first, so each folder is empty when its turn comes.
    dirs.sort_by_key(|d| std::cmp::Reverse(d.0));
    for (_, d) in dirs {
        match fs::remove_dir(&d) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(Error::io("remove", &d)(e));
            }
            _ => {}
        }
    }
    Ok(())
}

/// The entries directly inside `dir` (for finding stale staging folders).
pub fn list_dir(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).map_err(Error::io("list", dir))? {
        out.push(entry.map_err(Error::io("list", dir))?.path());
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn exchange_swaps_two_trees_atomically_on_linux() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        write(&a.join("f"), b"new").unwrap();
        write(&b.join("f"), b"old").unwrap();
        assert!(
            exchange(&a, &b).unwrap(),
            "renameat2 should be available here"
        );
        assert_eq!(std::fs::read(b.join("f")).unwrap(), b"new");
        assert_eq!(std::fs::read(a.join("f")).unwrap(), b"old");
    }
}
