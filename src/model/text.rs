//! Model: text as editors write it (descriptions, narratives, problems, next steps), with
//! whether it uses any Markdown at all. Validation classifies each text once: rendering
//! and the search index use a text up to seven times (task page, period page, printable
//! tables, two passes of the index), and the check ran every time.

use std::ops::Deref;

/// A Markdown text and whether it is plain (see [`is_plain`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    source: String,
    plain: bool,
}

impl Text {
    /// Classifies `source`.
    pub fn new(source: String) -> Self {
        let plain = is_plain(&source);
        Text { source, plain }
    }

    /// The text as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether it is plain paragraphs, with nothing Markdown would change.
    pub fn is_plain(&self) -> bool {
        self.plain
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.source
    }
}

/// Whether `md` is plain paragraphs: no character that Markdown gives a meaning to, no
/// line that could open a block, no whitespace at a line's ends. Almost every progress
/// narrative is such text, and rendering it directly instead of through the parser (which
/// the heading pass runs twice) is most of what rendering a large site spends on Markdown.
/// The fast paths must equal the parser's output; a property test holds them to it.
pub fn is_plain(md: &str) -> bool {
    // One pass over the bytes, as this runs over every narrative of the site several
    // times. Most bytes need no look: the scan for the next byte that does ([`LOOK`]:
    // line ends, Markdown's ASCII, and the first bytes that can start a non-ASCII
    // whitespace or control character) tests each byte on its own, so it runs at the
    // speed of the loads rather than of a chain of them. No continuation byte of UTF-8 is
    // in [`LOOK`], so the bytes found always start a character.
    let bytes = md.as_bytes();
    if !line_start_is_plain(bytes, 0) {
        return false;
    }
    let mut i = 0;
    while let Some(k) = bytes[i..].iter().position(|&b| LOOK[usize::from(b)]) {
        i += k;
        let b = bytes[i];
        match b {
            b'\n' => {
                if (i > 0 && bytes[i - 1] == b' ') || !line_start_is_plain(bytes, i + 1) {
                    return false;
                }
                i += 1;
            }
            // The whitespace and control characters outside ASCII, by their UTF-8
            // bytes: U+0080-U+00A0; U+1680; U+2000-U+200A, U+2028, U+2029, U+202F,
            // U+205F; U+3000 (Chinese punctuation such as 、。 shares its first byte).
            0xC2 | 0xE1 | 0xE2 | 0xE3 => {
                let (b1, b2) = (bytes[i + 1], bytes.get(i + 2).copied().unwrap_or(0));
                let space = match b {
                    0xC2 => b1 <= 0xA0,
                    0xE1 => b1 == 0x9A && b2 == 0x80,
                    0xE2 => {
                        (b1 == 0x80 && matches!(b2, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF))
                            || (b1 == 0x81 && b2 == 0x9F)
                    }
                    _ => b1 == 0x80 && b2 == 0x80,
                };
                if space {
                    return false;
                }
                i += 1;
            }
            // ASCII that Markdown gives a meaning to, or a control character.
            _ => return false,
        }
    }
    !md.ends_with(' ')
}

/// Whether the line starting at byte `i` cannot open a block: no indentation, list,
/// quote or heading mark, HTML or rule.
fn line_start_is_plain(bytes: &[u8], i: usize) -> bool {
    match bytes.get(i) {
        None | Some(b'\n') => true,
        // "1." and "1)" open an ordered list; "2020年" does not.
        Some(b) if b.is_ascii_digit() => {
            let digits = bytes[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            !matches!(bytes.get(i + digits), Some(b'.' | b')'))
        }
        Some(&b) => !b.is_ascii() || b.is_ascii_alphabetic(),
    }
}

/// The bytes [`is_plain`] must look at: the newline, ASCII that is not plain, and the
/// first bytes of the non-ASCII whitespace and control characters.
const LOOK: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b as u8 {
            b'\n' => true,
            0x00..=0x7F => !PLAIN_ASCII[b],
            0xC2 | 0xE1 | 0xE2 | 0xE3 => true,
            _ => false,
        };
        b += 1;
    }
    t
};

/// The ASCII characters plain text may contain: letters, digits, space, newline, and the
/// punctuation Markdown gives no meaning to.
const PLAIN_ASCII: [bool; 128] = {
    let mut t = [false; 128];
    let mut c = 0;
    while c < 128 {
        let ch = c as u8;
        t[c] = ch == b' '
            || ch == b'\n'
            || (ch.is_ascii_graphic()
                && !matches!(
                    ch,
                    b'\\'
                        | b'`'
                        | b'*'
                        | b'_'
                        | b'['
                        | b']'
                        | b'<'
                        | b'>'
                        | b'&'
                        | b'!'
                        | b'~'
                        | b'|'
                        | b'"'
                        | b'\''
                        | b'#'
                ));
        c += 1;
    }
    t
};

#[cfg(test)]
mod tests {
    use super::*;

    /// The line-by-line form of [`is_plain`]'s rules, which the one-pass scan must agree
    /// with: it is slower but reads as the rules are stated.
    fn is_plain_by_lines(md: &str) -> bool {
        let lines_ok = md.split('\n').all(|line| {
            let Some(&first) = line.as_bytes().first() else {
                return true;
            };
            let opens_block = if first.is_ascii_digit() {
                matches!(
                    line.trim_start_matches(|c: char| c.is_ascii_digit())
                        .bytes()
                        .next(),
                    Some(b'.' | b')')
                )
            } else {
                first.is_ascii() && !first.is_ascii_alphabetic()
            };
            !opens_block && !line.ends_with(' ')
        });
        lines_ok
            && md.chars().all(|c| {
                if c.is_ascii() {
                    PLAIN_ASCII[c as usize]
                } else {
                    !(c.is_whitespace() || c.is_control())
                }
            })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// The one-pass scan takes exactly the texts the line rules take, over an alphabet
        /// with every kind of byte sequence it skips or decodes.
        #[test]
        fn one_pass_scan_equals_the_line_rules(
            md in "([进度完成。、（）\u{3000}\u{3001}\u{a0}\u{a1}\u{85}\u{9f}\u{1680}\u{1681}\u{180e}\u{2028}\u{2029}\u{2003}\u{200a}\u{200b}\u{202f}\u{205f}\u{2060}\u{feff}𠀀é1-2０.)%:,/ aZ\n\t*_#>&<\"'|~]|\n\n| \n|1\\. |12\\) |12年){0,30}"
        ) {
            proptest::prop_assert_eq!(is_plain(&md), is_plain_by_lines(&md), "{:?}", md);
        }
    }

    /// Every non-ASCII character, not only those the property test draws: the scan's
    /// byte rules refuse exactly the whitespace and control characters.
    #[test]
    fn one_pass_scan_refuses_exactly_the_non_ascii_spaces_and_controls() {
        for c in '\u{80}'..=char::MAX {
            let md = format!("a{c}b");
            assert_eq!(
                is_plain(&md),
                !(c.is_whitespace() || c.is_control()),
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn a_text_knows_whether_it_is_plain() {
        assert!(Text::new("截至9月底，已完成80%。".into()).is_plain());
        let t = Text::new("**加强**监管".into());
        assert!(!t.is_plain());
        assert_eq!(&*t, "**加强**监管");
    }
}
