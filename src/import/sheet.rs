//! Reader for spreadsheets (.xlsx, .xlsm, .xls, .ods): the one calamine user. Every sheet
//! is read in order; a row with only its first cell filled is a title or heading line, the
//! others are table rows read like layout (b), where an empty cell under a merged cell
//! means "the same as above". Line numbers are spreadsheet row numbers.

use super::table::{Block, Cell};
use crate::diag::{Diagnostic, SourceLoc};
use calamine::{Data, Reader, open_workbook_auto_from_rs};
use std::io::Cursor;
use std::path::Path;

/// Whether `path` has a spreadsheet extension this reader takes.
pub fn is_sheet(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "xlsx" | "xlsm" | "xlsb" | "xls" | "ods"
        )
    })
}

/// Reads the workbook in `bytes` (from `path`) into blocks.
pub fn read(bytes: Vec<u8>, path: &Path) -> Result<Vec<Block>, Diagnostic> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        Diagnostic::error(
            SourceLoc::file(path),
            format!("cannot read the spreadsheet: {e}"),
            "open it in a spreadsheet program and save it again as .xlsx, or export the table as CSV",
        )
    })?;
    let mut blocks = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| {
            Diagnostic::error(
                SourceLoc::file(path),
                format!("cannot read sheet `{name}`: {e}"),
                "save the workbook again as .xlsx, or export the sheet as CSV",
            )
        })?;
        let first_row = range.start().map_or(0, |(r, _)| r as usize);
        for (i, row) in range.rows().enumerate() {
            let line = first_row + i + 1;
            let cells: Vec<Cell> = row
                .iter()
                .map(|d| Cell {
                    text: text_of(d),
                    line,
                })
                .collect();
            let filled: Vec<usize> = (0..cells.len())
                .filter(|i| !cells[*i].text.is_empty())
                .collect();
            match filled.as_slice() {
                [] => {}
                [only] if *only == 0 || cells.len() == 1 => blocks.push(Block::Line {
                    text: cells[*only].text.clone(),
                    line,
                }),
                _ => blocks.push(Block::Row {
                    cells,
                    line,
                    padded: true,
                }),
            }
        }
    }
    Ok(blocks)
}

/// A cell as text: numbers without a spurious `.0`, dates as ISO dates.
fn text_of(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().replace("\r\n", "\n"),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => excel_date(dt.as_f64()),
        Data::DateTime(dt) => dt.as_f64().to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("{e:?}"),
    }
}

/// An Excel serial day (1900 system, days since 1899-12-30) as an ISO date.
fn excel_date(serial: f64) -> String {
    // Howard Hinnant's days-to-civil, from the Unix epoch (serial 25569).
    let z = serial.floor() as i64 - 25569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serial_days_are_iso_dates() {
        assert_eq!(excel_date(44196.0), "2020-12-31");
        assert_eq!(excel_date(43466.5), "2019-01-01");
    }
}
