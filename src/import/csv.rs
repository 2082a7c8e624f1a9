//! Reader for CSV (RFC 4180: commas, double quotes, `""` inside quotes, line breaks inside
//! quoted cells). Hand-written because it is forty lines and a crate would add a module
//! boundary for nothing. A record with only its first cell filled is a title or heading
//! line; the others are table rows, read like layout (b).

use super::table::{Block, Cell};

/// Reads CSV `text` into blocks. The separator is `,`, or `;`/TAB when the first line
/// holds more of those than of commas (spreadsheets in some locales write `;`).
pub fn read(text: &str) -> Vec<Block> {
    let first = text.lines().next().unwrap_or("");
    let count = |c: char| first.matches(c).count();
    let sep = [',', ';', '\t']
        .into_iter()
        .max_by_key(|c| (count(*c), *c == ','))
        .unwrap_or(',');
    let mut blocks = Vec::new();
    for (cells, line) in records(text, sep) {
        let filled: Vec<&Cell> = cells.iter().filter(|c| !c.text.is_empty()).collect();
        match filled.as_slice() {
            [] => {}
            [only] if std::ptr::eq(*only, &cells[0]) && !only.text.contains('\n') => {
                blocks.push(Block::Line {
                    text: only.text.clone(),
                    line,
                })
            }
            _ => blocks.push(Block::Row {
                cells,
                line,
                padded: true,
            }),
        }
    }
    blocks
}

/// The records of `text`, each with the line it starts on.
fn records(text: &str, sep: char) -> Vec<(Vec<Cell>, usize)> {
    let mut out = Vec::new();
    let mut cells = Vec::new();
    let mut field = String::new();
    let (mut line, mut start, mut cell_line) = (1usize, 1usize, 1usize);
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let push = |field: &mut String, cells: &mut Vec<Cell>, at: usize| {
        cells.push(Cell {
            text: field.trim().to_string(),
            line: at,
        });
        field.clear();
    };
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted => {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            }
            '"' if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            '\n' if quoted => {
                line += 1;
                field.push('\n');
            }
            '\n' => {
                push(&mut field, &mut cells, cell_line);
                out.push((std::mem::take(&mut cells), start));
                line += 1;
                start = line;
                cell_line = line;
            }
            c if c == sep && !quoted => {
                push(&mut field, &mut cells, cell_line);
                cell_line = line;
            }
            c => field.push(c),
        }
    }
    if !field.is_empty() || !cells.is_empty() {
        push(&mut field, &mut cells, cell_line);
        out.push((cells, start));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quotes_escaped_quotes_and_line_breaks_in_cells() {
        let b = read(
            "2020年汇总表,,\n序号,工作任务,责任单位\n1,\"推进“雪亮工程”,\"\"试点\"\"\",\"市公安局\n市财政局\"\n2,乙,丙\n",
        );
        assert!(matches!(&b[0], Block::Line { text, line: 1 } if text == "2020年汇总表"));
        match &b[2] {
            Block::Row { cells, line: 3, .. } => {
                assert_eq!(cells[1].text, "推进“雪亮工程”,\"试点\"");
                assert_eq!(cells[2].text, "市公安局\n市财政局");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(b[3].line(), 5);
    }

    #[test]
    fn an_unclosed_quote_does_not_lose_the_text() {
        let b = read("序号,工作任务\n1,\"未闭合\n");
        assert!(matches!(&b[1], Block::Row { cells, .. } if cells[1].text == "未闭合"));
    }
}
