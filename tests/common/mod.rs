//! Helpers shared by the integration tests: copy a fixture, build it, read a tree, check
//! links. Fixtures are real folders built through the library, as a user's site would be.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The repository's fixture folder `name`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Copies `src` into `dst` (created).
pub fn copy_tree(src: &Path, dst: &Path) {
    for entry in walkdir::WalkDir::new(src).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(src).unwrap();
        let to = dst.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&to).unwrap();
        } else {
            fs::copy(entry.path(), &to).unwrap();
        }
    }
}

/// Every file under `dir` as relative path → bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, fs::read(entry.path()).unwrap());
        }
    }
    out
}

/// Builds the site at `root` into `out` through the library.
pub fn build(root: &Path, out: &Path) -> jindu::Built {
    jindu::build(
        &jindu::Options {
            root: root.to_path_buf(),
            ..Default::default()
        },
        out,
    )
    .unwrap_or_else(|e| {
        panic!(
            "build failed: {e} {:?}",
            match &e {
                jindu::error::Error::Content(d) =>
                    d.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
                _ => vec![],
            }
        )
    })
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let h = u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap();
            out.push(h);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// Every `href`/`src` target of every page that points inside the site, with the page it
/// is on; external (scheme) links and bare fragments are skipped.
pub fn internal_links(tree: &BTreeMap<String, Vec<u8>>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (path, bytes) in tree {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for tag in tags(&html) {
            for attr in [" href=\"", " src=\""] {
                for (i, _) in tag.match_indices(attr) {
                    let rest = &tag[i + attr.len()..];
                    let target = &rest[..rest.find('"').unwrap()];
                    if target.starts_with('#') || target.contains(':') || target.is_empty() {
                        continue;
                    }
                    let target = target.split(['#', '?']).next().unwrap();
                    out.push((path.clone(), target.to_string()));
                }
            }
        }
    }
    out
}

/// The start tags of an HTML text (`<a href=…>`), as written. Escaped text never holds a
/// literal `<`, so these are exactly the elements a browser would create.
pub fn tags(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for (i, _) in html.match_indices('<') {
        let rest = &html[i + 1..];
        if rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let end = rest.find('>').map_or(rest.len(), |e| e);
            out.push(&html[i..i + 1 + end]);
        }
    }
    out
}

/// The path from the site root that `target`, a link on `page`, points to (percent-decoded),
/// or an error when it climbs out of the site.
pub fn resolve(page: &str, target: &str) -> Result<String, String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    let decoded = percent_decode(target);
    for seg in decoded.split('/') {
        match seg {
            ".." => {
                if parts.pop().is_none() {
                    return Err(format!("{page}: {target} leaves the site"));
                }
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    let resolved = parts.join("/");
    Ok(if decoded.ends_with('/') || resolved.is_empty() {
        format!("{resolved}/index.html")
            .trim_start_matches('/')
            .to_string()
    } else {
        resolved
    })
}

/// Where the internal links of `page` point, from the site root, in page order.
pub fn links_from(tree: &BTreeMap<String, Vec<u8>>, page: &str) -> Vec<String> {
    internal_links(tree)
        .into_iter()
        .filter(|(p, _)| p == page)
        .filter_map(|(p, t)| resolve(&p, &t).ok())
        .collect()
}

/// Links that do not resolve to a file of the tree.
pub fn broken_links(tree: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut broken = Vec::new();
    for (page, target) in internal_links(tree) {
        match resolve(&page, &target) {
            Err(e) => broken.push(e),
            Ok(resolved) if !tree.contains_key(&resolved) => {
                broken.push(format!("{page}: {target} -> {resolved}"))
            }
            Ok(_) => {}
        }
    }
    broken
}

/// The `<main>` element of a page.
pub fn main_of(html: &str) -> String {
    let start = html.find("<main").expect("page has <main>");
    let end = html.find("</main>").expect("page has </main>") + "</main>".len();
    html[start..end].to_string()
}

/// A site made of the invalid fixtures' `_base` with the files of `case` laid over it,
/// in `tmp/site`. A case folder holds only the files it adds or replaces.
pub fn invalid_site(case: &str, tmp: &Path) -> PathBuf {
    let root = tmp.join("site");
    copy_tree(&fixture("invalid/_base"), &root);
    // git keeps no empty folders; the tests that write entries expect this one.
    fs::create_dir_all(root.join("content/progress/2020-q3")).unwrap();
    let overlay = fixture("invalid").join(case);
    for entry in walkdir::WalkDir::new(&overlay) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(&overlay).unwrap();
        if entry.file_type().is_file() && rel != Path::new("expected.txt") {
            let to = root.join(rel);
            fs::create_dir_all(to.parent().unwrap()).unwrap();
            fs::copy(entry.path(), to).unwrap();
        }
    }
    root
}

/// The names of the invalid-fixture cases, sorted (without `_base`).
pub fn invalid_cases() -> Vec<String> {
    let mut cases: Vec<String> = fs::read_dir(fixture("invalid"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n != "_base")
        .collect();
    cases.sort();
    cases
}
