//! The one tera user: compiles the theme's templates once and renders typed views to
//! strings. Tera's auto-escaping stays on for every `.html`/`.xml` template, so any content
//! value a template prints is escaped unless the view marks it as already-safe HTML.

use crate::error::{Error, Result};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Compiled templates.
pub struct Templates {
    tera: tera::Tera,
    /// The theme's UI strings as `t` and as `common.t`, in a context made once that every
    /// render falls back to (see [`Templates::render_sized`]).
    shared: std::sync::Arc<tera::Context>,
    /// Per template, the largest page it has made so far: the next page's buffer starts
    /// at that size. A 16 KB buffer grew by doubling (and copying) up to the size of the
    /// largest list pages, 3 % of a build's instructions in reallocation.
    sizes: BTreeMap<String, AtomicUsize>,
}

/// A page's buffer to start with, before its template has made one.
const PAGE_BUFFER: usize = 16 * 1024;

impl Templates {
    /// Compiles `sources` (name → text); `strings` are the UI strings templates read as
    /// `t` (or `common.t`).
    pub fn new(
        sources: &BTreeMap<String, String>,
        strings: &BTreeMap<String, String>,
    ) -> Result<Self> {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Tera's default also escapes `/`, which only bloats every link; the five
        // characters below are what HTML needs in text and quoted attributes.
        tera.set_escape_fn(escape_html);
        // The same escaping, written straight into the page (vendor/tera change 9).
        tera.set_escape_into_fn(escape_html_into);
        tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
            .map_err(|e| Error::Template(chain(&e)))?;
        // As `t` (what the theme's templates use: the shortest lookup) and as `common.t`
        // (what templates written for earlier versions use).
        let t = tera::to_value(strings).map_err(|e| Error::Template(chain(&e)))?;
        let mut common = tera::Map::new();
        common.insert("t".into(), t.clone());
        let mut shared = tera::Context::new();
        shared.insert("t", &t);
        shared.insert("common", &common);
        Ok(Templates {
            tera,
            shared: std::sync::Arc::new(shared),
            sizes: sources
                .keys()
                .map(|n| (n.clone(), AtomicUsize::new(PAGE_BUFFER)))
                .collect(),
        })
    }

    /// Renders template `name` with `view` as its context, to bytes: the templates and
    /// every value are UTF-8 already, and `Tera::render` would check a whole page again
    /// to make a `String` of it.
    pub fn render<V: Serialize>(&self, name: &str, view: &V) -> Result<Vec<u8>> {
        let size = self.sizes.get(name);
        let out = self.render_sized(
            name,
            view,
            size.map_or(PAGE_BUFFER, |s| s.load(Ordering::Relaxed)),
        )?;
        if let Some(s) = size {
            s.fetch_max(out.len(), Ordering::Relaxed);
        }
        Ok(out)
    }

    /// [`Templates::render`] into a buffer of `capacity` bytes to start with: a page's
    /// size, or a fragment's (the buffer is what a kept fragment holds on to).
    pub fn render_sized<V: Serialize>(
        &self,
        name: &str,
        view: &V,
        capacity: usize,
    ) -> Result<Vec<u8>> {
        let value = tera::to_value(view).map_err(|e| Error::Template(chain(&e)))?;
        let mut ctx = tera::Context::from_value(value).map_err(|e| Error::Template(chain(&e)))?;
        // `t` is found in the shared context: copying the UI strings into every
        // page's context and dropping them again was 2 % of a build's instructions
        // (serializing them for every page, before, was 4 %).
        ctx.set_fallback(self.shared.clone());
        let mut out = Vec::with_capacity(capacity);
        self.tera
            .render_to(name, &ctx, &mut out)
            .map_err(|e| Error::Template(format!("{name}: {}", chain(&e))))?;
        Ok(out)
    }
}

/// Escapes text for HTML text and double- or single-quoted attributes.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    escape_pieces(s, |p| out.push_str(p));
    out
}

/// [`escape_html`] written into `w`: how tera prints every `{{ value }}` of a page.
fn escape_html_into(s: &str, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut result = Ok(());
    escape_pieces(s, |p| {
        if result.is_ok() {
            result = w.write_all(p.as_bytes());
        }
    });
    result
}

/// Gives `put` the pieces of `s` escaped: runs between special bytes whole, and the
/// entity of each. Every page escapes its text through here, and most of it (Chinese)
/// has nothing to escape. The five are ASCII, so a byte match never splits a character.
fn escape_pieces(s: &str, mut put: impl FnMut(&str)) {
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        put(&s[start..i]);
        put(rep);
        start = i + 1;
    }
    put(&s[start..]);
}

fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_the_five_and_keeps_the_rest() {
        assert_eq!(
            super::escape_html("a<b>&\"'中文&"),
            "a&lt;b&gt;&amp;&quot;&#39;中文&amp;"
        );
        assert_eq!(super::escape_html("进度"), "进度");
    }

    /// `{{ value }}` is escaped by the function that writes into the page, filters and
    /// other callers by the one that makes a string: both must escape alike.
    #[test]
    fn a_printed_value_is_escaped_as_a_filtered_one() {
        let mut sources = std::collections::BTreeMap::new();
        sources.insert(
            "t.html".to_string(),
            "{{ v }}|{{ v | upper | lower }}|{{ v | safe }}".to_string(),
        );
        let t = super::Templates::new(&sources, &Default::default()).unwrap();
        for v in [
            "",
            "进度",
            "<script>alert('x')</script> & \"q\"",
            "a&&<<>>''\"\"",
        ] {
            let mut into = Vec::new();
            super::escape_html_into(v, &mut into).unwrap();
            assert_eq!(String::from_utf8(into).unwrap(), super::escape_html(v));
            #[derive(serde::Serialize)]
            struct View<'a> {
                v: &'a str,
            }
            let view = View { v };
            let out = String::from_utf8(t.render("t.html", &view).unwrap()).unwrap();
            let e = super::escape_html(v);
            assert_eq!(
                out,
                format!("{e}|{}|{v}", super::escape_html(&v.to_lowercase()))
            );
        }
    }
}
