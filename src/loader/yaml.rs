//! The one serde_yaml user. It turns YAML text into raw, file-shaped values and turns
//! serde_yaml's errors into diagnostics at the right line of the right file, with a hint
//! that an editor who has never heard of YAML can act on.

use crate::diag::{Diagnostic, SourceLoc};
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
    serde_yaml::from_str(yaml).map_err(|e| to_diagnostic(&e, path, first_line))
}

fn to_diagnostic(e: &serde_yaml::Error, path: &Path, first_line: usize) -> Diagnostic {
    let (line, col) = e
        .location()
        .map(|l| (first_line + l.line() - 1, l.column()))
        .unwrap_or((first_line, 1));
    let text = e.to_string();
    let message = match text.find(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    };
    let hint = hint_for(&message);
    Diagnostic::error(SourceLoc::new(path, line, col), message, hint)
}

/// A hint for the YAML mistakes editors actually make.
fn hint_for(message: &str) -> &'static str {
    if message.contains("cannot start any token") || message.contains("tab") {
        "indent with spaces, not tabs; if the value starts with a special character (@, `, %, *, &, !, |, >), put it in quotes"
    } else if message.contains("duplicate") {
        "each field may appear once in a mapping; delete or merge the repeated one"
    } else if message.contains("invalid type") {
        "give this field the kind of value it takes: text, a list (`[a, b]` or `- a` lines) or a mapping; quote text that YAML would read as something else"
    } else if message.contains("missing field") {
        "add the missing field; see docs/content-format.md"
    } else if message.contains("recursion limit") || message.contains("repetition limit") {
        "the document nests or repeats aliases too deeply to be real content; write the values out plainly"
    } else if message.contains("did not find expected")
        || message.contains("mapping values are not allowed")
    {
        "check the indentation and the quotes on this line and the one above; a value containing `: ` must be quoted"
    } else if message.contains("found unexpected end of stream")
        || message.contains("while scanning a quoted scalar")
    {
        "a quoted value is not closed; add the closing quote"
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
