//! Splits a Markdown content file into its YAML front matter and its body, remembering the
//! line each part starts on so that YAML errors and body positions point at the real line
//! of the file, not of the fragment.

/// A Markdown file cut into its two parts.
#[derive(Debug, PartialEq, Eq)]
pub struct FrontMatter<'a> {
    /// The YAML between the `---` lines.
    pub yaml: &'a str,
    /// The 1-based line of the file on which `yaml` starts.
    pub yaml_line: usize,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
    /// The 1-based line of the file on which `body` starts.
    pub body_line: usize,
}

/// Why a Markdown file could not be split.
#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with a `---` line.
    NoOpening,
    /// The opening `---` has no closing `---`.
    NoClosing,
}

/// Splits `text` (already free of BOM and CR) at its `---` lines.
pub fn split(text: &str) -> Result<FrontMatter<'_>, SplitError> {
    let rest = match text.strip_prefix("---") {
        Some(r) if r.starts_with('\n') || r.trim_end_matches([' ', '\t']).is_empty() => r,
        _ => return Err(SplitError::NoOpening),
    };
    let rest = rest.trim_start_matches([' ', '\t']);
    let rest = rest.strip_prefix('\n').unwrap_or(rest);
    let yaml_start = text.len() - rest.len();
    let mut offset = yaml_start;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end_matches('\n').trim_end_matches([' ', '\t']);
        if bare == "---" || bare == "..." {
            let yaml = &text[yaml_start..offset];
            let body_start = offset + line.len();
            let yaml_line = 2;
            let body_line = 1 + text[..body_start].matches('\n').count();
            return Ok(FrontMatter {
                yaml,
                yaml_line,
                body: &text[body_start..],
                body_line,
            });
        }
        offset += line.len();
    }
    Err(SplitError::NoClosing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_yaml_and_body_with_their_lines() {
        let fm = split("---\ntitle: a\nplan: b\n---\nbody\n").unwrap();
        assert_eq!(fm.yaml, "title: a\nplan: b\n");
        assert_eq!(fm.yaml_line, 2);
        assert_eq!(fm.body, "body\n");
        assert_eq!(fm.body_line, 5);
    }

    #[test]
    fn accepts_an_empty_body_at_end_of_file() {
        let fm = split("---\ntitle: a\n---").unwrap();
        assert_eq!(fm.body, "");
        assert_eq!(fm.yaml, "title: a\n");
    }

    #[test]
    fn errors_on_missing_delimiters() {
        assert_eq!(split("title: a\n"), Err(SplitError::NoOpening));
        assert_eq!(split("---\ntitle: a\n"), Err(SplitError::NoClosing));
        assert_eq!(split("----\n"), Err(SplitError::NoOpening));
    }

    #[test]
    fn a_dashed_line_inside_the_body_is_body() {
        let fm = split("---\na: 1\n---\nx\n---\ny").unwrap();
        assert_eq!(fm.body, "x\n---\ny");
    }
}
