//! Reader for plain-text exports with one row per line (layout (b)): cells separated by
//! TABs, lines without a TAB are titles and headings. Light HTML markup that some exports
//! keep (`<p>`, `<b>`, `<br>`, `&nbsp;`) is removed; a paragraph or line break inside a
//! cell becomes a line break.

use super::table::{Block, Cell};

/// Reads `text` (already decoded) into blocks.
pub fn read(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if raw.contains('\t') {
            let cells: Vec<Cell> = raw
                .split('\t')
                .map(|c| Cell {
                    text: strip_markup(c),
                    line,
                })
                .collect();
            if cells.iter().all(|c| c.text.is_empty()) {
                continue;
            }
            blocks.push(Block::Row {
                cells,
                line,
                padded: true,
            });
        } else {
            let t = strip_markup(raw);
            if !t.is_empty() {
                blocks.push(Block::Line { text: t, line });
            }
        }
    }
    blocks
}

/// Removes HTML tags and the common entities; `<br>` and paragraph boundaries become `\n`.
pub fn strip_markup(s: &str) -> String {
    if !s.contains('<') && !s.contains('&') {
        return s.trim().to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let name: String = after
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let is_tag =
            !name.is_empty() && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        match (is_tag, after.find('>')) {
            (true, Some(end)) => {
                if matches!(name.as_str(), "br" | "p" | "div" | "li")
                    && !out.trim().is_empty()
                    && !out.ends_with('\n')
                {
                    out.push('\n');
                }
                rest = &after[end + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    let out = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    out.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_rows_on_tabs_and_keeps_headings_as_lines() {
        let b = read("一、重要指标\n\n序号\t工作内容\n1\t<p>增长 6.9%。</p>\t\n");
        assert!(matches!(&b[0], Block::Line { text, line: 1 } if text == "一、重要指标"));
        match &b[2] {
            Block::Row {
                cells,
                line: 4,
                padded: true,
            } => {
                assert_eq!(cells[1].text, "增长 6.9%。");
                assert_eq!(cells.len(), 3);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn strips_tags_but_not_comparisons() {
        assert_eq!(strip_markup("<b>甲</b><p>乙</p>"), "甲\n乙");
        assert_eq!(strip_markup("a < b &amp; c"), "a < b & c");
        assert_eq!(strip_markup("《规划<调整>》"), "《规划<调整>》");
    }
}
