//! The one pulldown-cmark user: Markdown from content → safe HTML. Raw HTML in Markdown is
//! shown as text (escaped), links keep only safe schemes, and images never load from other
//! hosts, because the site is public and the content comes from many editors.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Renders `md` to HTML. Headings are placed below the page's own `<h1>`/`<h2>`: the
/// text's highest heading becomes `<h3>`, each deeper level used the next one, and none is
/// more than one below the heading before, so a description that starts at `###` does
/// not skip levels (an error for the HTML checker and for screen-reader users).
pub fn to_html(md: &str) -> String {
    if md.trim().is_empty() {
        return String::new();
    }
    if is_plain(md) {
        return plain_html(md);
    }
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    let mut used: Vec<HeadingLevel> = Parser::new_ext(md, opts)
        .filter_map(|ev| match ev {
            Event::Start(Tag::Heading { level, .. }) => Some(level),
            _ => None,
        })
        .collect();
    used.sort_unstable_by_key(|l| *l as usize);
    used.dedup();
    // Never deeper than one below the heading before (the page's own <h2> to start with).
    let mut last = 2;
    let mut shift = |level: HeadingLevel| {
        let l = (shift(level, &used) as usize).min(last + 1);
        last = l;
        HeadingLevel::try_from(l).unwrap_or(HeadingLevel::H6)
    };
    let mut open = HeadingLevel::H3;
    let events = Parser::new_ext(md, opts).map(|ev| match ev {
        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            if is_local(&dest_url) {
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            } else {
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: safe_url(dest_url),
                    title,
                    id,
                })
            }
        }
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: {
                open = shift(level);
                open
            },
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(_)) => Event::End(TagEnd::Heading(open)),
        other => other,
    });
    // Images that became links must close as links.
    let mut fixed = Vec::new();
    let mut image_stack = Vec::new();
    for ev in events {
        match &ev {
            Event::Start(Tag::Image { .. }) => image_stack.push(true),
            Event::Start(Tag::Link { .. }) => image_stack.push(false),
            Event::End(TagEnd::Image) | Event::End(TagEnd::Link) => {
                let was_image = image_stack.pop().unwrap_or(false);
                fixed.push(if was_image {
                    Event::End(TagEnd::Image)
                } else {
                    Event::End(TagEnd::Link)
                });
                continue;
            }
            _ => {}
        }
        fixed.push(ev);
    }
    let mut out = String::with_capacity(md.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out, fixed.into_iter());
    out
}

/// The plain text of `md` as a reader sees it (for the search index): markup removed,
/// raw HTML kept as the text it is shown as, blocks separated by newlines.
pub fn to_text(md: &str) -> String {
    if is_plain(md) {
        return md
            .lines()
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
    }
    let mut out = String::with_capacity(md.len());
    for ev in Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match ev {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t)
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::List(_),
            ) if !out.ends_with('\n') => {
                out.push('\n');
            }
            _ => {}
        }
    }
    out.trim_end().to_string()
}

/// Whether `md` is plain paragraphs: no character that Markdown gives a meaning to, no
/// line that could open a block, no whitespace at a line's ends. Almost every progress
/// narrative is such text, and rendering it directly instead of through the parser (which
/// the heading pass runs twice) is most of what rendering a large site spends on Markdown.
/// The fast paths must equal the parser's output; a property test holds them to it.
fn is_plain(md: &str) -> bool {
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

/// [`to_html`] of plain text: one `<p>` per run of non-empty lines, lines joined by the
/// newline a soft break renders as. Plain text has nothing to escape.
fn plain_html(md: &str) -> String {
    let mut out = String::with_capacity(md.len() + 16);
    let mut open = false;
    for line in md.split('\n') {
        if line.is_empty() {
            if open {
                out.push_str("</p>\n");
                open = false;
            }
            continue;
        }
        out.push_str(if open { "\n" } else { "<p>" });
        out.push_str(line);
        open = true;
    }
    if open {
        out.push_str("</p>\n");
    }
    out
}

/// `level`'s rank among the levels `used` in the text, counted from `<h3>`.
fn shift(level: HeadingLevel, used: &[HeadingLevel]) -> HeadingLevel {
    match used.iter().position(|l| *l == level).unwrap_or(0) {
        0 => HeadingLevel::H3,
        1 => HeadingLevel::H4,
        2 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Whether a URL stays on this site (no scheme, not protocol-relative).
fn is_local(url: &str) -> bool {
    !url.starts_with("//") && !url.contains(':')
}

/// Keeps http(s), mailto, tel and local links; anything else (javascript:, data:, vbscript:)
/// becomes `#`. Browsers ignore control characters and case in schemes, so do we.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    let ok = match cleaned.split_once(':') {
        None => true,
        Some((scheme, _))
            if scheme.contains('/') || scheme.contains('?') || scheme.contains('#') =>
        {
            true
        }
        Some((scheme, _)) => matches!(scheme, "http" | "https" | "mailto" | "tel"),
    };
    if ok { url } else { CowStr::Borrowed("#") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_raw_html() {
        let h = to_html("a <script>alert(1)</script> b\n\n<div onclick=\"x()\">y</div>");
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("<div"), "{h}");
        assert!(h.contains("&lt;script&gt;"), "{h}");
    }

    #[test]
    fn neutralises_script_links() {
        for l in [
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](data:text/html,hi)",
        ] {
            let h = to_html(l);
            assert!(h.contains("href=\"#\""), "{l} -> {h}");
        }
        for l in ["[x](<java\nscript:alert(1)>)", "<javascript:alert(1)>"] {
            let h = to_html(l);
            assert!(!h.contains("href=\"java"), "{l} -> {h}");
        }
        assert!(to_html("[x](https://a.gov.cn/)").contains("href=\"https://a.gov.cn/\""));
        assert!(to_html("[x](../tasks/a.html)").contains("href=\"../tasks/a.html\""));
    }

    #[test]
    fn remote_images_become_links() {
        let h = to_html("![logo](https://cdn.example.com/a.png)");
        assert!(!h.contains("<img"), "{h}");
        assert!(
            h.contains("<a href=\"https://cdn.example.com/a.png\">"),
            "{h}"
        );
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            to_text("**加强**监管\n\n（1）已完成"),
            "加强监管\n（1）已完成"
        );
    }

    /// The slow path: the same text through the parser (a line that no fast-path rule
    /// accepts, appended and removed, would change the text, so call the parser directly).
    fn parsed(md: &str) -> (String, String) {
        let mut opts = Options::empty();
        opts.insert(Options::ENABLE_TABLES);
        opts.insert(Options::ENABLE_STRIKETHROUGH);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, Parser::new_ext(md, opts));
        let mut text = String::new();
        for ev in Parser::new_ext(md, opts) {
            match ev {
                Event::Text(t) => text.push_str(&t),
                Event::SoftBreak | Event::End(TagEnd::Paragraph) if !text.ends_with('\n') => {
                    text.push('\n')
                }
                _ => {}
            }
        }
        (html, text.trim_end().to_string())
    }

    /// Whenever the fast path takes `md`, its HTML and text are the parser's.
    fn fast_path_equals_parser(md: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        if is_plain(md) && !md.trim().is_empty() {
            let (html, text) = parsed(md);
            proptest::prop_assert_eq!(plain_html(md), html);
            proptest::prop_assert_eq!(to_text(md), text);
        }
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// Whenever the fast path takes a text, it gives what the parser gives. The
        /// alphabet mixes report text with every character Markdown treats specially.
        #[test]
        fn plain_fast_path_equals_the_parser(
            md in "([进度完成截至9月底已市局（）\u{3000}\u{a0}\u{85}1-2０.)%:,/ aZ\n\t*_#>&<\"'|~+=\\-]|\n\n|  \n|1\\. |12\\) ){0,40}"
        ) {
            fast_path_equals_parser(&md)?;
        }

        /// The same over text most of which the fast path takes (the mixed alphabet above
        /// rarely gives plain text), so the equality is exercised on many lines and
        /// paragraphs, digits at line starts included.
        #[test]
        fn plain_fast_path_equals_the_parser_on_report_like_text(
            md in "([进度完成截至月底已市局（）“”０ ]|[0-9]{1,3}|[a-z.):%,/-]|\n|\n\n){1,40}"
        ) {
            fast_path_equals_parser(&md)?;
        }
    }

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
    fn plain_fast_path_takes_report_text_and_leaves_markup() {
        assert!(is_plain("截至9月底，已完成80%。\n2020年1-9月：推进中"));
        for md in [
            "1. 已完成",
            "- 已完成",
            "**加强**",
            "a  \nb",
            "  缩进",
            "<b>x</b>",
            "x | y",
        ] {
            assert!(!is_plain(md), "{md}");
        }
        assert_eq!(
            to_html("第一段\n续\n\n第二段"),
            "<p>第一段\n续</p>\n<p>第二段</p>\n"
        );
    }

    #[test]
    fn headings_are_shifted_below_the_page_headings() {
        assert!(to_html("# t").starts_with("<h3>"));
    }

    #[test]
    fn headings_never_skip_a_level() {
        assert_eq!(to_html("### a\n\n##### b"), "<h3>a</h3>\n<h4>b</h4>\n");
        assert_eq!(
            to_html("## a\n\n# b\n\n#### c"),
            "<h3>a</h3>\n<h3>b</h3>\n<h4>c</h4>\n"
        );
    }
}
