//! Loads the theme: Tera templates, static assets and UI strings. The default theme is
//! compiled into the binary, so `jindu init` sites build without a copy of it; a site's
//! `themes/<name>/` replaces it, and a site's `templates/` overrides single templates.

use crate::diag::{Diagnostic, SourceLoc};
use crate::error::Result;
use crate::fsx;
use std::collections::BTreeMap;
use std::path::Path;

/// A theme ready for rendering.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Template name (e.g. `task.html`) → source.
    pub templates: BTreeMap<String, String>,
    /// Asset path under `static/` (e.g. `style.css`) → bytes, copied to the output.
    pub assets: BTreeMap<String, Vec<u8>>,
    /// UI strings of the site's language.
    pub strings: BTreeMap<String, String>,
}

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../../themes/default/", $name)))),*]
    };
}

/// The default theme's files, relative to `themes/default/`.
const DEFAULT_THEME: &[(&str, &[u8])] = embed!(
    "templates/base.html",
    "templates/macros.html",
    "templates/index.html",
    "templates/plan.html",
    "templates/task.html",
    "templates/leader.html",
    "templates/unit.html",
    "templates/period.html",
    "templates/table.html",
    "templates/period_part.html",
    "templates/task_row.html",
    "templates/404.html",
    "templates/search.html",
    "static/style.css",
    "static/search.js",
    "strings.yaml",
);

/// Loads theme `name` for a site at `root` in `language`. Problems with the theme's own
/// files are diagnostics on those files.
pub fn load_theme(root: &Path, name: &str, language: &str) -> Result<Result<Theme, Diagnostic>> {
    let dir = root.join("themes").join(name);
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    if fsx::is_dir(&dir) {
        for f in fsx::walk_files(&dir)? {
            let rel = f
                .strip_prefix(&dir)
                .unwrap_or(&f)
                .to_string_lossy()
                .replace('\\', "/");
            files.push((rel, fsx::read(&f)?));
        }
    } else if name == "default" {
        files = DEFAULT_THEME
            .iter()
            .map(|(n, b)| (n.to_string(), b.to_vec()))
            .collect();
    } else {
        return Ok(Err(Diagnostic::error(
            SourceLoc::file(&root.join("jindu.yaml")),
            format!("theme `{name}` not found at {}", dir.display()),
            "put the theme under themes/<name>/ or set `theme: default`",
        )));
    }
    let mut theme = Theme::default();
    let mut strings_src = None;
    for (rel, bytes) in files {
        if let Some(t) = rel.strip_prefix("templates/") {
            let path = dir.join(&rel);
            match super::decode_text(&bytes, &path) {
                Ok(s) => theme.templates.insert(t.to_string(), s),
                Err(d) => return Ok(Err(d)),
            };
        } else if let Some(a) = rel.strip_prefix("static/") {
            theme.assets.insert(a.to_string(), bytes);
        } else if rel == "strings.yaml" {
            strings_src = Some(bytes);
        }
    }
    let overrides = root.join("templates");
    for f in fsx::walk_files(&overrides)? {
        let rel = f
            .strip_prefix(&overrides)
            .unwrap_or(&f)
            .to_string_lossy()
            .replace('\\', "/");
        match super::read_text(&f)? {
            Ok(s) => theme.templates.insert(rel, s),
            Err(d) => return Ok(Err(d)),
        };
    }
    let strings_path = dir.join("strings.yaml");
    let Some(src) = strings_src else {
        return Ok(Err(Diagnostic::error(
            SourceLoc::file(&strings_path),
            "the theme has no strings.yaml",
            "a theme needs strings.yaml with its UI text per language",
        )));
    };
    let text = match super::decode_text(&src, &strings_path) {
        Ok(t) => t,
        Err(d) => return Ok(Err(d)),
    };
    let mut all: BTreeMap<String, BTreeMap<String, String>> =
        match super::yaml::parse(&text, &strings_path, 1) {
            Ok(v) => v,
            Err(d) => return Ok(Err(d)),
        };
    match all.remove(language) {
        Some(s) => theme.strings = s,
        None => {
            let known: Vec<_> = all.keys().cloned().collect();
            return Ok(Err(Diagnostic::error(
                SourceLoc::file(&root.join("jindu.yaml")),
                format!("the theme has no strings for language `{language}`"),
                format!("set `language:` to one of: {}", known.join(", ")),
            )));
        }
    }
    Ok(Ok(theme))
}
