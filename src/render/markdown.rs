//! The one pulldown-cmark user: Markdown from content → safe HTML. Raw HTML in Markdown is
//! shown as text (escaped), links keep only safe schemes, and images never load from other
//! hosts, because the site is public and the content comes from many editors.

use crate::model::text::{Text, is_plain};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Renders `md` to HTML. Headings are placed below the page's own `<h1>`/`<h2>`: the
/// text's highest heading becomes `<h3>`, each deeper level used the next one, and none is
/// more than one below the heading before, so a description that starts at `###` does
/// not skip levels (an error for the HTML checker and for screen-reader users).
pub fn to_html(md: &str) -> String {
    html(md, is_plain(md))
}

/// [`to_html`] of a text of the model, which knows whether it is plain.
pub fn text_html(t: &Text) -> String {
    html(t, t.is_plain())
}

fn html(md: &str, plain: bool) -> String {
    if md.trim().is_empty() {
        return String::new();
    }
    if plain {
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
    text(md, is_plain(md))
}

/// [`to_text`] of a text of the model, which knows whether it is plain.
pub fn text_text(t: &Text) -> String {
    text(t, t.is_plain())
}

fn text(md: &str, plain: bool) -> String {
    if plain {
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
