//! Load stage: content files → raw, file-shaped values. It reads every file under
//! `content/` (in parallel, in path order), decodes and splits it, and parses its YAML.
//! Problems become diagnostics; nothing here judges whether the content makes sense —
//! that is `validate`'s job.

pub mod frontmatter;
pub mod outline;
pub mod raw;
pub mod theme;
pub mod yaml;

use crate::diag::{Diagnostic, Diagnostics, SourceLoc, did_you_mean};
use crate::error::Result;
use crate::fsx;
use outline::Outline;
use raw::*;
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

/// A raw value with where it came from, so validation can point at it.
#[derive(Debug)]
pub struct Sourced<T> {
    /// The file, as a path the user can open (the site root joined with the content path).
    pub path: PathBuf,
    /// Positions of the keys in the file's YAML.
    pub outline: Outline,
    /// The parsed value.
    pub value: T,
    /// The Markdown body of a `.md` file and the line it starts on.
    pub body: Option<(String, usize)>,
}

impl<T> Sourced<T> {
    /// The location of a key path such as `progress.0.status`, or of the file's start.
    pub fn loc(&self, key_path: &str) -> SourceLoc {
        match self.outline.locate(key_path) {
            Some((line, col)) => SourceLoc::new(&self.path, line, col),
            None => SourceLoc::file(&self.path),
        }
    }
}

/// Everything under `content/`, parsed but not yet checked.
#[derive(Debug, Default)]
pub struct RawContent {
    /// One per task file, in path order.
    pub tasks: Vec<Sourced<RawTask>>,
    /// One per progress file, in path order.
    pub progress: Vec<Sourced<RawProgress>>,
    /// `content/periods.yaml`.
    pub periods: Option<Sourced<Vec<RawPeriod>>>,
    /// `content/leaders.yaml`.
    pub leaders: Option<Sourced<Vec<RawPerson>>>,
    /// `content/units.yaml`.
    pub units: Option<Sourced<Vec<RawPerson>>>,
}

/// Reads a text file as UTF-8: a BOM is dropped and CRLF (or a lone CR, the old Mac line
/// end, which YAML also reads as a line break) becomes LF. Anything else that is
/// not UTF-8 is a diagnostic, because guessing an encoding would publish garbled text.
pub fn read_text(path: &Path) -> Result<Result<String, Diagnostic>> {
    let bytes = fsx::read(path)?;
    Ok(decode_owned(bytes, path))
}

/// [`decode_text`] for bytes the caller owns. A clean file (UTF-8 without BOM or CR, which
/// is almost every content file) becomes its `String` without a copy ([`crate::utf8`]).
pub fn decode_owned(bytes: Vec<u8>, path: &Path) -> Result<String, Diagnostic> {
    if bytes.starts_with(b"\xEF\xBB\xBF") || bytes.contains(&b'\r') {
        return decode_text(&bytes, path);
    }
    crate::utf8::string_from(bytes).or_else(|bytes| decode_text(&bytes, path))
}

/// Decodes file bytes; see [`read_text`].
pub fn decode_text(bytes: &[u8], path: &Path) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(if s.contains('\r') {
            s.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            s.to_string()
        }),
        Err(_) if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") => {
            Err(Diagnostic::error(
                SourceLoc::file(path),
                "the file is UTF-16, not UTF-8",
                format!(
                    "save it as UTF-8 in your editor, or convert it with `iconv -f UTF-16 -t UTF-8 {0} > {0}.utf8` and replace it",
                    path.display()
                ),
            ))
        }
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = 1 + good.iter().filter(|b| **b == b'\n').count();
            let line_start = good.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            let col = 1 + String::from_utf8_lossy(&good[line_start..]).chars().count();
            let bad = bytes[e.valid_up_to()];
            let gbk_like = bytes.contains(&0) || (0x81..=0xFE).contains(&bad);
            // Chinese text that decoded fine before this point means a UTF-8 file with one
            // damaged character (a cut-off copy, a bad merge), not a GBK file.
            let utf8_before = good.iter().any(|b| *b >= 0x80);
            let hint = if bytes.contains(&0) {
                "this looks like a binary file; content files must be UTF-8 text".to_string()
            } else if utf8_before {
                "the file is UTF-8 but the character here is damaged: retype it, or take it from the file's last good version".to_string()
            } else if gbk_like {
                format!(
                    "the file is not UTF-8; files saved on Windows are often GBK/GB18030 — convert with `iconv -f GB18030 -t UTF-8 {0} > {0}.utf8` and replace it, or save it as UTF-8 in your editor",
                    path.display()
                )
            } else {
                "these bytes are not UTF-8 text: retype the character at this position, or save the file as UTF-8 in your editor".to_string()
            };
            Err(Diagnostic::error(
                SourceLoc::new(path, line, col),
                format!("invalid UTF-8 (byte 0x{bad:02X})"),
                hint,
            ))
        }
    }
}

/// Loads `root/content/`.
pub fn load_content(root: &Path) -> Result<(RawContent, Diagnostics)> {
    let content = root.join("content");
    let mut diags = Diagnostics::default();
    let mut raw = RawContent::default();
    if !fsx::is_dir(&content) {
        diags.error(
            SourceLoc::file(&content),
            "there is no content/ folder",
            "run jindu from the site's root or pass --root; `jindu init DIR` creates a new site",
        );
        return Ok((raw, diags));
    }
    // tasks/ and progress/ are walked at the same time (a large site has hundreds of
    // thousands of files), and every file found is known to be a task or an entry
    // without looking at its path again.
    let walk = |name: &str| -> Result<Vec<PathBuf>> {
        let dir = content.join(name);
        if fsx::is_dir(&dir) {
            fsx::walk_files(&dir)
        } else {
            Ok(Vec::new())
        }
    };
    let (task_files, progress_files) = rayon::join(|| walk("tasks"), || walk("progress"));
    let (mut task_files, mut progress_files) = (task_files?, progress_files?);
    let mut ignored = Vec::new();
    for entry in fsx::list_dir(&content)? {
        let name = entry
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        let is_dir = fsx::is_dir(&entry);
        if is_dir && (name == "tasks" || name == "progress") {
            continue;
        }
        if is_dir {
            ignored.extend(fsx::walk_files(&entry)?);
        } else if !matches!(
            name.as_str(),
            "periods.yaml" | "leaders.yaml" | "units.yaml"
        ) {
            ignored.push(entry);
        }
    }
    for f in ignored {
        diags.warning(
            SourceLoc::file(&f),
            "this file is not part of the content and is ignored",
            "tasks go under content/tasks/, progress entries under content/progress/; lists are content/periods.yaml, leaders.yaml, units.yaml",
        );
    }
    for list in [&mut task_files, &mut progress_files] {
        list.retain(|f| match f.extension().and_then(|e| e.to_str()) {
            Some("yaml" | "yml" | "md") => true,
            _ => {
                diags.warning(
                    SourceLoc::file(f),
                    "not a .yaml or .md file; ignored",
                    "content files end in .yaml or .md",
                );
                false
            }
        });
    }

    let tasks: Vec<_> = task_files
        .par_iter()
        .map(|p| load_entry::<RawTask>(p, task_schema()))
        .collect::<Result<_>>()?;
    for (item, d) in tasks {
        diags.extend(d);
        raw.tasks.extend(item);
    }
    let progress: Vec<_> = progress_files
        .par_iter()
        .map(|p| load_entry::<RawProgress>(p, &[("", PROGRESS_FIELDS)]))
        .collect::<Result<_>>()?;
    for (item, d) in progress {
        diags.extend(d);
        raw.progress.extend(item);
    }
    raw.periods = load_list(&content.join("periods.yaml"), PERIOD_FIELDS, &mut diags)?;
    raw.leaders = load_list(&content.join("leaders.yaml"), PERSON_FIELDS, &mut diags)?;
    raw.units = load_list(&content.join("units.yaml"), PERSON_FIELDS, &mut diags)?;
    Ok((raw, diags))
}

fn task_schema() -> &'static [(&'static str, &'static [&'static str])] {
    &[
        ("", TASK_FIELDS),
        ("progress.*", PROGRESS_FIELDS),
        ("milestones.*", MILESTONE_FIELDS),
    ]
}

type Loaded<T> = (Option<Sourced<T>>, Diagnostics);

/// Loads one task or progress file: `.md` with front matter, or plain YAML.
fn load_entry<T: DeserializeOwned>(path: &Path, schema: &[(&str, &[&str])]) -> Result<Loaded<T>> {
    let mut diags = Diagnostics::default();
    let text = match read_text(path)? {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return Ok((None, diags));
        }
    };
    let is_md = path.extension().is_some_and(|e| e == "md");
    let (yaml, yaml_line, body) = if is_md {
        match frontmatter::split(&text) {
            Ok(fm) => (
                fm.yaml,
                fm.yaml_line,
                Some((fm.body.to_string(), fm.body_line)),
            ),
            Err(e) => {
                let (msg, hint) = match e {
                    frontmatter::SplitError::NoOpening => (
                        "the file does not start with front matter (a `---` line)",
                        "start the file with `---`, the YAML fields, then `---` and the Markdown body",
                    ),
                    frontmatter::SplitError::NoClosing => (
                        "the front matter has no closing `---` line",
                        "add a line `---` after the last YAML field, before the Markdown body",
                    ),
                };
                diags.error(SourceLoc::file(path), msg, hint);
                return Ok((None, diags));
            }
        }
    } else {
        (text.as_str(), 1, None)
    };
    let outline = Outline::scan(yaml, yaml_line);
    match yaml::parse::<T>(yaml, path, yaml_line) {
        Ok(value) => {
            warn_unknown_fields(path, &outline, schema, &mut diags);
            Ok((
                Some(Sourced {
                    path: path.to_path_buf(),
                    outline,
                    value,
                    body,
                }),
                diags,
            ))
        }
        Err(d) => {
            diags.push(locate_repeat(d, &outline));
            Ok((None, diags))
        }
    }
}

/// serde reports a duplicate field without a position; the outline knows where the
/// second one is written.
fn locate_repeat(mut d: Diagnostic, outline: &Outline) -> Diagnostic {
    if let Some(name) = d
        .message
        .strip_prefix("duplicate field `")
        .and_then(|r| r.strip_suffix('`'))
        && let Some((line, col)) = outline.repeat_of(name)
    {
        d.loc = SourceLoc::new(&d.loc.path, line, col);
    }
    d
}

/// Loads a list file such as `periods.yaml`, if it exists.
fn load_list<T: DeserializeOwned>(
    path: &Path,
    fields: &'static [&'static str],
    diags: &mut Diagnostics,
) -> Result<Option<Sourced<Vec<T>>>> {
    if !fsx::exists(path) {
        return Ok(None);
    }
    let text = match read_text(path)? {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return Ok(None);
        }
    };
    let outline = Outline::scan(&text, 1);
    if text.trim().is_empty() {
        return Ok(Some(Sourced {
            path: path.to_path_buf(),
            outline,
            value: Vec::new(),
            body: None,
        }));
    }
    match yaml::parse::<Vec<T>>(&text, path, 1) {
        Ok(value) => {
            warn_unknown_fields(path, &outline, &[("*", fields)], diags);
            Ok(Some(Sourced {
                path: path.to_path_buf(),
                outline,
                value,
                body: None,
            }))
        }
        Err(d) => {
            diags.push(locate_repeat(d, &outline));
            Ok(None)
        }
    }
}

/// Warns about keys that no field takes, with a did-you-mean. `schema` maps a parent path
/// pattern (`""` for the top, `progress.*` for items of `progress`) to the fields allowed there.
/// Whether key path `parent` matches schema pattern `pattern`, where `*` stands for a
/// list index (all digits).
fn parent_matches(parent: &str, pattern: &str) -> bool {
    if parent.is_empty() || pattern.is_empty() {
        return parent.is_empty() && pattern.is_empty();
    }
    let mut a = parent.split('.');
    let mut b = pattern.split('.');
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some("*")) if !x.is_empty() && x.bytes().all(|c| c.is_ascii_digit()) => {}
            (Some(x), Some(y)) if x == y => {}
            _ => return false,
        }
    }
}

fn warn_unknown_fields(
    path: &Path,
    outline: &Outline,
    schema: &[(&str, &[&str])],
    diags: &mut Diagnostics,
) {
    for (key_path, (line, col)) in outline.keys() {
        let (parent, key) = match key_path.rfind('.') {
            Some(i) => (&key_path[..i], &key_path[i + 1..]),
            None => ("", key_path),
        };
        if key.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        // `progress.3` matches `progress.*`; compared segment by segment, without
        // building the pattern (this runs for every key of every content file).
        let Some((_, fields)) = schema.iter().find(|(p, _)| parent_matches(parent, p)) else {
            continue;
        };
        if !fields.contains(&key) {
            let hint = match did_you_mean(key, fields) {
                Some(s) => {
                    format!("did you mean `{s}`? The value is ignored until the name is fixed")
                }
                None => format!("the fields here are: {}", fields.join(", ")),
            };
            diags.warning(
                SourceLoc::new(path, line, col),
                format!("unknown field `{key}`"),
                hint,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parent_matches;

    #[test]
    fn list_indexes_match_the_star_of_a_schema_pattern() {
        assert!(parent_matches("", ""));
        assert!(parent_matches("progress.3", "progress.*"));
        assert!(parent_matches("milestones.12", "milestones.*"));
        assert!(!parent_matches("progress", "progress.*"));
        assert!(!parent_matches("progress.x", "progress.*"));
        assert!(!parent_matches("progress.3", ""));
        assert!(!parent_matches("", "progress.*"));
        assert!(!parent_matches("progress.3.a", "progress.*"));
    }
}
