//! The shape every input format is read into: a sequence of blocks, each a line of text
//! outside the table (a title, a section heading) or a table row of cells, each with the
//! source line it starts on. Readers (`text_cells`, `text_rows`, `csv`, `sheet`) produce
//! it; `interpret` turns it into tasks. Nothing here knows what a column means.

/// One cell: its text (lines joined with `\n`, paragraphs with `\n\n`) and its first line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The text as written, trimmed at both ends.
    pub text: String,
    /// 1-based source line (row number in a spreadsheet).
    pub line: usize,
}

/// A piece of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A line outside any row: the report's title, a section heading, a note.
    Line {
        /// The text, trimmed.
        text: String,
        /// 1-based source line.
        line: usize,
    },
    /// A table row.
    Row {
        /// The cells, in order.
        cells: Vec<Cell>,
        /// 1-based line the row starts on.
        line: usize,
        /// Whether empty cells at the end are layout padding (tab- or comma-separated
        /// rows) rather than cells the source wrote out (one-cell-per-line exports).
        padded: bool,
    },
    /// Text that a damaged export left without its row: the cells before it were lost and
    /// only (usually) the progress narrative remains.
    Orphan {
        /// The text, paragraphs joined with `\n\n`.
        text: String,
        /// 1-based line it starts on.
        line: usize,
    },
}

impl Block {
    /// The line the block starts on.
    pub fn line(&self) -> usize {
        match self {
            Block::Line { line, .. } | Block::Row { line, .. } | Block::Orphan { line, .. } => {
                *line
            }
        }
    }
}
