//! The library's one error type. Content problems travel as collected diagnostics; the
//! other variants are environment failures that abort at once and always name the path.

use crate::diag::Diagnostic;
use std::fmt;
use std::path::PathBuf;

/// Why a run of jindu failed.
#[derive(Debug)]
pub enum Error {
    /// The disk refused: a file or directory could not be read, written or renamed.
    Io {
        /// What jindu was doing, e.g. "read", "create directory".
        action: &'static str,
        /// The path it was doing it to.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The content has errors (or warnings under `--strict`); all of them, sorted.
    Content(Vec<Diagnostic>),
    /// A theme template failed to parse or render.
    Template(String),
    /// The command line asked for something impossible, e.g. `init` into a non-empty folder.
    Usage(String),
}

impl Error {
    /// An I/O error with its path, for `map_err`.
    pub fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
    ) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| Error::Io {
            action,
            path,
            source,
        }
    }
}

impl Error {
    /// What the user can do about an environment failure, where there is something to say.
    pub fn hint(&self) -> Option<&'static str> {
        use std::io::ErrorKind as K;
        let Error::Io { action, source, .. } = self else {
            return None;
        };
        let writing = matches!(
            *action,
            "write" | "create" | "create directory" | "rename" | "swap" | "remove"
        );
        Some(match source.kind() {
            K::PermissionDenied if writing => {
                "you may not write there: choose another --output folder, or ask for write permission on it"
            }
            K::PermissionDenied => {
                "you may not read it: check the file's owner and permissions (ls -l), or ask its owner"
            }
            K::NotFound => "check the path; with --root, paths are relative to the site's folder",
            K::StorageFull => {
                "the disk is full: free some space and build again; the previous site is untouched"
            }
            K::ReadOnlyFilesystem => {
                "the disk is read-only there: choose a writable --output folder"
            }
            K::NotADirectory => "a file stands where a folder is needed: rename or remove it",
            K::AlreadyExists if *action == "create directory" => {
                "a file stands where a folder is needed: rename or remove it"
            }
            _ => return None,
        })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io {
                action,
                path,
                source,
            } => write!(f, "cannot {action} {}: {source}", path.display()),
            Error::Content(diags) => {
                let errors = diags.iter().filter(|d| d.is_error()).count();
                let warnings = diags.len() - errors;
                write!(
                    f,
                    "the content has {errors} error(s) and {warnings} warning(s)"
                )
            }
            Error::Template(msg) => write!(f, "template error: {msg}"),
            Error::Usage(msg) => f.write_str(msg),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
