//! Diagnostics: every content problem found by the loader and validator is collected here
//! as a `path:line:col` message with a hint, sorted, and reported at once, so an editor can
//! fix a whole batch of mistakes in one pass instead of one per build.

use std::fmt;
use std::path::{Path, PathBuf};

/// A position in a content file. Lines and columns count from 1, columns in characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceLoc {
    /// The file, as given to the loader (relative to the site root when possible).
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
}

impl SourceLoc {
    /// A location at `line:col` of `path`.
    pub fn new(path: impl Into<PathBuf>, line: usize, col: usize) -> Self {
        SourceLoc {
            path: path.into(),
            line: line.max(1),
            col: col.max(1),
        }
    }

    /// The start of a file, for problems that belong to the file as a whole.
    pub fn file(path: &Path) -> Self {
        SourceLoc::new(path, 1, 1)
    }
}

impl fmt::Display for SourceLoc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.col)
    }
}

/// How bad a diagnostic is. Errors stop a build; warnings stop it only with `--strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The content cannot be published as it is.
    Error,
    /// The content can be published, but a reviewer would query it.
    Warning,
}

/// One problem in the content, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    /// Where the problem is.
    pub loc: SourceLoc,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// What to do about it; empty when the message says it all.
    pub hint: String,
}

impl Diagnostic {
    /// An error at `loc`.
    pub fn error(loc: SourceLoc, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Diagnostic {
            loc,
            severity: Severity::Error,
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// A warning at `loc`.
    pub fn warning(loc: SourceLoc, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Diagnostic {
            loc,
            severity: Severity::Warning,
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// Whether this diagnostic is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {kind}: {}", self.loc, self.message)?;
        if !self.hint.is_empty() {
            write!(f, "\n  hint: {}", self.hint)?;
        }
        Ok(())
    }
}

/// The diagnostics of one run, collected from every stage.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Adds one diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Adds an error.
    pub fn error(&mut self, loc: SourceLoc, message: impl Into<String>, hint: impl Into<String>) {
        self.push(Diagnostic::error(loc, message, hint));
    }

    /// Adds a warning.
    pub fn warning(&mut self, loc: SourceLoc, message: impl Into<String>, hint: impl Into<String>) {
        self.push(Diagnostic::warning(loc, message, hint));
    }

    /// Moves all of `other` into this collection.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Whether any error was collected.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Whether nothing was collected.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The diagnostics sorted by file, line, column, then text, without duplicates, so the
    /// report reads top to bottom and is the same whatever order files were loaded in.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort();
        self.items.dedup();
        self.items
    }
}

/// The closest candidate to `word` by edit distance, for "did you mean" hints; none when
/// nothing is close enough to be a plausible typo.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, c)| *d <= c.chars().count().div_ceil(3))
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters; inputs are field names, so quadratic is fine.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_as_path_line_col_with_hint() {
        let d = Diagnostic::error(SourceLoc::new("content/a.yaml", 3, 8), "bad", "fix it");
        assert_eq!(
            d.to_string(),
            "content/a.yaml:3:8: error: bad\n  hint: fix it"
        );
    }

    #[test]
    fn suggests_close_field_names_only() {
        assert_eq!(did_you_mean("titel", &["title", "plan"]), Some("title"));
        assert_eq!(
            did_you_mean("leader", &["leaders", "units"]),
            Some("leaders")
        );
        assert_eq!(did_you_mean("zzzzzz", &["title", "plan"]), None);
    }

    #[test]
    fn sorts_by_location_and_drops_duplicates() {
        let mut ds = Diagnostics::default();
        ds.error(SourceLoc::new("b", 1, 1), "x", "");
        ds.error(SourceLoc::new("a", 2, 1), "y", "");
        ds.error(SourceLoc::new("a", 2, 1), "y", "");
        let v = ds.into_sorted();
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].loc.path, PathBuf::from("a"));
    }
}
