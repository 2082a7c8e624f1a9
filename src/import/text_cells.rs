//! Reader for plain-text exports with one cell per line (layout (a)): each cell starts
//! with a TAB, a cell's further lines have none, blank lines may sit inside a cell, and a
//! blank line followed by a TAB line starts a new row (so does a line starting with a space
//! and a TAB, which exports write for rows whose first cells are merged away). Two or more
//! blank lines followed by untabbed text mean the export lost that row's cells: the text
//! becomes an [`Block::Orphan`] so it is reported and kept, not glued to the row above.

use super::headings::{looks_like_heading, strong_heading};
use super::table::{Block, Cell};

/// Reads `text` (already decoded) into blocks.
pub fn read(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut row: Option<(Vec<Cell>, usize)> = None;
    let mut orphan: Option<Cell> = None;
    let mut blanks = 0usize;
    let flush = |row: &mut Option<(Vec<Cell>, usize)>,
                 orphan: &mut Option<Cell>,
                 blocks: &mut Vec<Block>| {
        if let Some((cells, line)) = row.take() {
            blocks.push(Block::Row {
                cells: cells
                    .into_iter()
                    .map(|c| Cell {
                        text: c.text.trim().to_string(),
                        line: c.line,
                    })
                    .collect(),
                line,
                padded: false,
            });
        }
        if let Some(c) = orphan.take() {
            blocks.push(Block::Orphan {
                text: c.text.trim().to_string(),
                line: c.line,
            });
        }
    };
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let cell_text = raw.strip_prefix('\t').map(|t| (t, false)).or_else(|| {
            let t = raw.trim_start_matches([' ', '\u{3000}']);
            (t.len() < raw.len()).then(|| t.strip_prefix('\t').map(|t| (t, true)))?
        });
        if let Some((t, spaced)) = cell_text {
            let new_row = blanks > 0 || spaced || row.is_none() || orphan.is_some();
            if new_row {
                flush(&mut row, &mut orphan, &mut blocks);
                row = Some((Vec::new(), n));
            }
            if let Some((cells, _)) = row.as_mut() {
                cells.push(Cell {
                    text: t.trim_end().to_string(),
                    line: n,
                });
            }
            blanks = 0;
            continue;
        }
        let t = raw.trim();
        if t.is_empty() {
            blanks += 1;
            continue;
        }
        let heading = looks_like_heading(t)
            && (row.is_none() || blanks >= 2 || (blanks == 1 && strong_heading(t)));
        if heading || (row.is_none() && orphan.is_none()) {
            flush(&mut row, &mut orphan, &mut blocks);
            blocks.push(Block::Line {
                text: t.to_string(),
                line: n,
            });
        } else if blanks >= 2 && orphan.is_none() {
            flush(&mut row, &mut orphan, &mut blocks);
            orphan = Some(Cell {
                text: t.to_string(),
                line: n,
            });
        } else {
            let target = match (orphan.as_mut(), row.as_mut()) {
                (Some(o), _) => Some(o),
                (None, Some((cells, _))) => cells.last_mut(),
                (None, None) => None,
            };
            if let Some(c) = target {
                let sep = if blanks > 0 { "\n\n" } else { "\n" };
                if !c.text.is_empty() {
                    c.text.push_str(sep);
                }
                c.text.push_str(t);
            }
        }
        blanks = 0;
    }
    flush(&mut row, &mut orphan, &mut blocks);
    blocks
}

/// Whether `text` looks like this layout: more lines start with a TAB than hold one later.
pub fn detect(text: &str) -> bool {
    let (mut leading, mut inner) = (0usize, 0usize);
    for l in text.lines() {
        if l.starts_with('\t') || l.trim_start_matches(' ').starts_with('\t') {
            leading += 1;
            if l.trim_start_matches([' ', '\t']).contains('\t') {
                inner += 1;
            }
        } else if l.contains('\t') {
            inner += 1;
        }
    }
    leading > inner
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(blocks: &[Block]) -> Vec<Vec<&str>> {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Row { cells, .. } => Some(cells.iter().map(|c| c.text.as_str()).collect()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn joins_continuation_lines_and_keeps_blank_lines_inside_a_cell() {
        let b = read("标题\n\t序号\n\t进展情况\n\n\t1\n\t按进度完成。\n（1）甲。\n\n（2）乙。\n");
        assert_eq!(
            rows(&b),
            vec![
                vec!["序号", "进展情况"],
                vec!["1", "按进度完成。\n（1）甲。\n\n（2）乙。"]
            ]
        );
        assert!(matches!(&b[0], Block::Line { text, line: 1 } if text == "标题"));
    }

    #[test]
    fn a_space_tab_line_starts_a_row_without_a_blank_line() {
        let b = read("\t1\n\t甲\n \t乙\n\t丙\n");
        assert_eq!(rows(&b), vec![vec!["1", "甲"], vec!["乙", "丙"]]);
    }

    #[test]
    fn text_after_two_blank_lines_is_an_orphan_row() {
        let b = read("\t4\n\t按进度完成。\n（1）甲。\n\n\n已印发方案。\n\n\t6\n\t乙\n");
        assert!(matches!(&b[1], Block::Orphan { text, line: 6 } if text == "已印发方案。"));
        assert_eq!(rows(&b).len(), 2);
    }

    #[test]
    fn a_heading_between_tables_is_a_line() {
        let b = read("\t1\n\t甲\n\n\n二、张元醒同志分管工作（共18项）\n\t序号\n");
        assert!(matches!(&b[1], Block::Line { text, line: 5 } if text.starts_with("二、张元醒")));
    }
}
