//! Import stage 1 for text inputs: file bytes → text. Reports come from Windows offices as
//! GBK/GB18030 as often as UTF-8, with or without a BOM and with CRLF line ends; this is the
//! one encoding_rs user. A file that is neither (a binary file, a spreadsheet saved with the
//! wrong extension) is an error with its line, never a garbled import.

use crate::diag::{Diagnostic, SourceLoc};
use std::path::Path;

/// The encoding a text file was read in, for the import summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 (a BOM, if any, is dropped).
    Utf8,
    /// GB18030, the superset of GBK and GB2312.
    Gb18030,
}

impl Encoding {
    /// The encoding's usual name.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Gb18030 => "GB18030",
        }
    }
}

/// Decodes `bytes` read from `path`: UTF-8 when they are valid UTF-8, else GB18030; CRLF
/// and lone CR become LF. A file with NUL bytes or other control characters is binary.
pub fn decode(bytes: &[u8], path: &Path) -> Result<(String, Encoding), Diagnostic> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Diagnostic::error(
            SourceLoc::file(path),
            "the file is empty",
            "export the report table again; jindu import reads tab-separated text, CSV, .xlsx, .xls and .ods",
        ));
    }
    if let Some(at) = bytes
        .iter()
        .position(|b| *b == 0 || (*b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)))
    {
        return Err(Diagnostic::error(
            loc_of(bytes, at, path),
            format!("this looks like a binary file (byte 0x{:02X})", bytes[at]),
            "import a text export (.txt, .csv) or a spreadsheet (.xlsx, .xls, .ods) with its own extension",
        ));
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (text, enc) = match std::str::from_utf8(body) {
        Ok(s) => (s.to_string(), Encoding::Utf8),
        Err(_) => {
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(body);
            if had_errors {
                let at = text.find('\u{FFFD}').map_or(0, |i| i.min(bytes.len()));
                return Err(Diagnostic::error(
                    loc_of(bytes, at, path),
                    "the file is neither UTF-8 nor GBK/GB18030 text",
                    "save the table as UTF-8 text or as a spreadsheet and import that",
                ));
            }
            (text.into_owned(), Encoding::Gb18030)
        }
    };
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    Ok((text, enc))
}

/// The line of byte `at` (approximate for decoded text, exact for raw bytes).
fn loc_of(bytes: &[u8], at: usize, path: &Path) -> SourceLoc {
    let at = at.min(bytes.len());
    let line = 1 + bytes[..at].iter().filter(|b| **b == b'\n').count();
    SourceLoc::new(path, line, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_gbk_as_chinese_text() {
        let (gbk, _, _) = encoding_rs::GBK.encode("序号\t工作任务\r\n1\t推进\r\n");
        let (text, enc) = decode(&gbk, Path::new("a.txt")).unwrap();
        assert_eq!(enc, Encoding::Gb18030);
        assert_eq!(text, "序号\t工作任务\n1\t推进\n");
    }

    #[test]
    fn drops_the_bom_of_utf8() {
        let (text, enc) = decode("\u{FEFF}序号\n".as_bytes(), Path::new("a.txt")).unwrap();
        assert_eq!((text.as_str(), enc), ("序号\n", Encoding::Utf8));
    }

    #[test]
    fn refuses_empty_and_binary_files_with_a_line() {
        assert!(
            decode(b"  \n", Path::new("e.txt"))
                .unwrap_err()
                .message
                .contains("empty")
        );
        let err = decode(b"a\nb\x00c", Path::new("b.txt")).unwrap_err();
        assert_eq!(err.loc.line, 2);
        assert!(err.message.contains("binary"));
    }
}
