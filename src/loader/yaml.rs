//! The one serde_yaml user. It turns YAML text into raw, file-shaped values and turns
//! serde_yaml's errors into diagnostics at the right line of the right file, with a hint
//! that an editor who has never heard of YAML can act on.

use crate::diag::{Diagnostic, SourceLoc};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::path::Path;

/// Parses `yaml` (which starts on line `first_line` of `path`) into `T`.
pub fn parse<T: DeserializeOwned>(
    yaml: &str,
    path: &Path,
    first_line: usize,
) -> Result<T, Diagnostic> {
    if yaml.trim().is_empty() {
        return Err(Diagnostic::error(
            SourceLoc::new(path, first_line, 1),
            "the YAML is empty",
            "write the fields of this file, e.g. `title: …`; see docs/content-format.md",
        ));
    }
    if let Some((line, col)) = too_deep(yaml) {
        return Err(Diagnostic::error(
            SourceLoc::new(path, first_line + line - 1, col),
            format!("the YAML nests more than {MAX_FLOW_DEPTH} brackets deep"),
            "no content nests like this; write the values out plainly, and quote text that is made of brackets",
        ));
    }
    serde_yaml::from_str(yaml).map_err(|e| to_diagnostic(&e, yaml, path, first_line))
}

/// libyaml rescans every open bracket for each token, so nesting n deep costs n² (100,000
/// `[` took 90 s). Real content nests a few levels; this cap keeps parsing linear.
const MAX_FLOW_DEPTH: usize = 1000;

/// Where the bracket that exceeds [`MAX_FLOW_DEPTH`] is, as 1-based line and column.
/// Quotes are not tracked, so a hostile file cannot hide brackets behind a stray `'`; only
/// 1000 unclosed brackets in a row can trip it.
fn too_deep(yaml: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let (mut line, mut col) = (1, 0);
    for c in yaml.chars() {
        col += 1;
        match c {
            '\n' => (line, col) = (line + 1, 0),
            '[' | '{' => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some((line, col));
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Serialises `value` as YAML, for files jindu writes itself (`jindu import`). The error
/// is serde_yaml's message; plain data structs do not fail.
/// Lists of plain values are written in flow style (`units: [市民政局, 市财政局]`), the
/// way editors write them by hand.
pub fn to_string<T: Serialize>(value: &T) -> Result<String, String> {
    let block = serde_yaml::to_string(value).map_err(|e| e.to_string())?;
    Ok(flow_lists(&block))
}

/// Rewrites `key:` followed by `- scalar` lines at the same indentation as `key: [a, b]`,
/// when every item is a quoted scalar or a plain one without flow indicators.
fn flow_lists(block: &str) -> String {
    let lines: Vec<&str> = block.lines().collect();
    let mut out = String::with_capacity(block.len());
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let indent = line.len() - line.trim_start().len();
        // `- key:` opens a mapping inside a list: its key sits two columns in.
        let key_indent = indent
            + if line.trim_start().starts_with("- ") {
                2
            } else {
                0
            };
        let key_only = line.trim_end().ends_with(':');
        if key_only {
            let prefix = format!("{}- ", " ".repeat(key_indent));
            let items: Vec<&str> = lines[i + 1..]
                .iter()
                .take_while(|l| l.starts_with(&prefix))
                .map(|l| &l[prefix.len()..])
                .collect();
            let after = lines.get(i + 1 + items.len());
            let nested = after.is_some_and(|l| {
                l.len() - l.trim_start().len() > key_indent && !l.starts_with(&prefix)
            });
            let flowable = |s: &&str| {
                let quoted = (s.starts_with('\'') && s.ends_with('\''))
                    || (s.starts_with('"') && s.ends_with('"'));
                quoted
                    || (!s.is_empty()
                        && !s.contains([',', '[', ']', '{', '}', '#', ':'])
                        && !s.starts_with(['-', '?', '&', '*', '!', '|', '>', '%', '@', '`']))
            };
            if !items.is_empty() && !nested && items.iter().all(flowable) {
                out.push_str(line);
                out.push_str(" [");
                out.push_str(&items.join(", "));
                out.push_str("]\n");
                i += 1 + items.len();
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
        i += 1;
    }
    out
}

fn to_diagnostic(e: &serde_yaml::Error, yaml: &str, path: &Path, first_line: usize) -> Diagnostic {
    let at = |line: usize, col: usize| {
        let (line, col) = editor_position(yaml, line, col);
        SourceLoc::new(path, first_line + line - 1, col)
    };
    let mut loc = e
        .location()
        .map(|l| at(l.line(), l.column()))
        .unwrap_or_else(|| at(1, 1));
    let text = e.to_string();
    // libyaml appends where the construct it was reading began: ", while scanning a quoted
    // scalar at line 1 column 8". For an unclosed quote that start is what the editor must fix.
    let (main, context) = match text.split_once(", while ") {
        Some((m, c)) => (m, Some(c)),
        None => (text.as_str(), None),
    };
    let mut message = humanise(strip_location(main));
    if let Some(c) = context {
        if c.starts_with("scanning a quoted scalar") {
            if let Some((line, col)) = location_in(c) {
                loc = at(line, col);
            }
            message = "a quoted value is not closed".to_string();
        } else {
            message = format!("{message}, while {}", strip_location(c));
        }
    }
    if text.contains("more than one document") {
        // The second document starts at a `---` line after the first line.
        if let Some(n) = yaml
            .lines()
            .skip(1)
            .position(|l| l.trim_end() == "---" || l.starts_with("--- "))
        {
            loc = at(n + 2, 1);
        }
        message = "the file holds a second YAML document (a `---` line)".to_string();
    }
    let hint = hint_for(&text);
    Diagnostic::error(loc, message, hint)
}

/// libyaml also breaks lines at NEL, LS and PS (U+0085, U+2028, U+2029), which editors
/// show inside a line; this turns its line and column into the editor's, so a message
/// never points past the end of the file (found by the yaml_loader fuzz target).
fn editor_position(yaml: &str, line: usize, col: usize) -> (usize, usize) {
    let (mut yl, mut yc, mut el, mut ec) = (1, 1, 1, 1);
    for c in yaml.chars() {
        if (yl, yc) >= (line, col) {
            break;
        }
        match c {
            '\n' => (yl, yc, el, ec) = (yl + 1, 1, el + 1, 1),
            '\u{85}' | '\u{2028}' | '\u{2029}' => (yl, yc, ec) = (yl + 1, 1, ec + 1),
            _ => (yc, ec) = (yc + 1, ec + 1),
        }
    }
    (el, ec)
}

/// serde's words for what it expected are Rust's (`struct RawTask`, `unit value`); an
/// editor needs the YAML words.
fn humanise(message: &str) -> String {
    const WORDS: &[(&str, &str)] = &[
        ("struct RawTask", "a task's fields (`title: …` lines)"),
        (
            "struct RawProgress",
            "a progress entry's fields (`period: …`, `status: …`)",
        ),
        (
            "struct RawMilestone",
            "a milestone's fields (`title: …`, `due: …`)",
        ),
        (
            "struct RawPeriod",
            "a period's fields (`id: …`, `start: …`, `end: …`)",
        ),
        ("struct RawPerson", "an entry's fields (`name: …`)"),
        ("struct RawConfig", "the site's settings (`title: …` lines)"),
        (
            "struct RawStatus",
            "a status's fields (`key: …`, `labels: …`)",
        ),
        (
            "invalid type: map,",
            "invalid type: a mapping (`key: value` lines),",
        ),
        ("invalid type: sequence,", "invalid type: a list,"),
        ("invalid type: unit value,", "invalid type: an empty value,"),
        (
            "expected a sequence",
            "expected a list (`[a, b]` or `- a` lines)",
        ),
        ("expected a string", "expected text"),
        ("expected usize", "expected a whole number (0, 1, 2, …)"),
    ];
    let mut out = message.to_string();
    for (from, to) in WORDS {
        out = out.replace(from, to);
    }
    out
}

fn strip_location(s: &str) -> &str {
    match s.find(" at line ") {
        Some(i) => &s[..i],
        None => s,
    }
}

/// The `line N column M` in a libyaml message.
fn location_in(s: &str) -> Option<(usize, usize)> {
    let rest = &s[s.find(" at line ")? + " at line ".len()..];
    let (line, rest) = rest.split_once(" column ")?;
    let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, col.parse().ok()?))
}

/// A hint for the YAML mistakes editors actually make.
fn hint_for(message: &str) -> &'static str {
    if message.contains("cannot start any token") || message.contains("tab") {
        "indent with spaces, not tabs; if the value starts with a special character (@, `, %, *, &, !, |, >), put it in quotes"
    } else if message.contains("duplicate") {
        "each field may appear once in a mapping; delete or merge the repeated one"
    } else if message.contains("expected usize") {
        "write a whole number without quotes, such as 1000"
    } else if message.contains("invalid type") {
        "give this field the kind of value it takes: text, a list (`[a, b]` or `- a` lines) or a mapping; quote text that YAML would read as something else"
    } else if message.contains("missing field") {
        "add the missing field; see docs/content-format.md"
    } else if message.contains("more than one document") {
        "a file holds one task or entry: remove the `---` line and what follows, or move it to a file of its own"
    } else if message.contains("unknown anchor") {
        "`*name` repeats a value marked `&name` earlier in the file; mark the value first, or quote a value that starts with `*`"
    } else if message.contains("recursion limit") || message.contains("repetition limit") {
        "the document nests or repeats aliases too deeply to be real content; write the values out plainly"
    } else if message.contains("did not find expected")
        || message.contains("mapping values are not allowed")
    {
        "check the indentation and the quotes on this line and the one above; a value containing `: ` must be quoted"
    } else if message.contains("found unexpected end of stream")
        || message.contains("while scanning a quoted scalar")
    {
        "add the closing quote at the end of the value, or remove the opening one"
    } else {
        "fix the YAML syntax here; see docs/content-format.md for examples"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn reports_errors_at_the_file_line_not_the_fragment_line() {
        let err =
            parse::<BTreeMap<String, String>>("a: 1\nb: [\n", Path::new("t.md"), 2).unwrap_err();
        assert!(err.loc.line >= 3, "{err}");
        assert_eq!(err.loc.path, Path::new("t.md"));
    }

    #[test]
    fn writes_lists_of_plain_values_in_flow_style() {
        #[derive(serde::Serialize)]
        struct T {
            units: Vec<&'static str>,
            odd: Vec<&'static str>,
            maps: Vec<BTreeMap<&'static str, Vec<&'static str>>>,
        }
        let t = T {
            units: vec!["市民政局", "各市（区）政府"],
            odd: vec!["a, b", "x"],
            maps: vec![BTreeMap::from([("units", vec!["甲", "乙"])])],
        };
        let y = to_string(&t).unwrap();
        assert!(
            y.starts_with("units: [市民政局, 各市（区）政府]\nodd:\n"),
            "{y}"
        );
        assert!(y.contains("- units: [甲, 乙]\n"), "{y}");
        let back: BTreeMap<String, serde_yaml::Value> = serde_yaml::from_str(&y).unwrap();
        assert_eq!(back["odd"][0].as_str(), Some("a, b"));
    }

    #[test]
    fn a_wrong_type_is_named_in_yaml_words() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Limit {
            n: usize,
        }
        let err = parse::<Limit>("n: many\n", Path::new("j.yaml"), 1).unwrap_err();
        assert!(
            err.to_string()
                .contains("expected a whole number (0, 1, 2, …)"),
            "{err}"
        );
        assert!(!err.to_string().contains("usize"), "{err}");
        assert_eq!(
            err.hint,
            "write a whole number without quotes, such as 1000"
        );
    }

    #[test]
    fn lines_count_as_editors_count_them() {
        let err = parse::<Vec<String>>("- \u{85}\u{85}[", Path::new("n.md"), 2).unwrap_err();
        assert_eq!(err.loc.line, 2, "{err}");
        assert_eq!(editor_position("a\u{2028}b\nc", 3, 1), (2, 1));
        assert_eq!(editor_position("a\u{2028}b\nc", 2, 2), (1, 4));
    }

    #[test]
    fn refuses_deep_nesting_in_linear_time() {
        let doc = format!("a: {}{}\n", "[".repeat(200_000), "]".repeat(200_000));
        let start = std::time::Instant::now();
        let err = parse::<serde_yaml::Value>(&doc, Path::new("d.yaml"), 3).unwrap_err();
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
        assert_eq!((err.loc.line, err.loc.col), (3, 1004));
        let ok = format!("a: {}{}\n", "[".repeat(20), "]".repeat(20));
        assert!(parse::<serde_yaml::Value>(&ok, Path::new("d.yaml"), 1).is_ok());
    }

    #[test]
    fn refuses_alias_bombs() {
        let mut doc = String::from("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
        for i in 0..9 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("l{}", i - 1)
            };
            doc.push_str(&format!("l{i}: &l{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        }
        assert!(parse::<serde_yaml_value::Any>(&doc, Path::new("b.yaml"), 1).is_err());
    }

    /// A stand-in "accept anything" type so the bomb test exercises full expansion.
    mod serde_yaml_value {
        pub type Any = serde_yaml::Value;
    }
}
