//! Routes: the one place URLs are made. Every page's output path comes from here, built
//! from names and ids by a slug rule that keeps readable names (Chinese included) and adds
//! a hash whenever it had to change anything, so URLs are stable across rebuilds, never
//! collide, and no content value can name a path outside `output/`.
//!
//! The rule (documented in docs/content-format.md): a name made only of CJK ideographs,
//! ASCII lower-case letters, digits, `-` and `_`, of at most 60 characters and not a
//! reserved device name, is its own slug (`王长青`). Any other name keeps those characters
//! (other runs become `-`, at most 60 kept) and gets `-` plus 10 hex digits of the FNV-1a
//! hash of the full name (`各市-区-政府-3f9c0a1b2d`). With `slug_style: ascii` only ASCII
//! is kept.

use crate::config::SlugStyle;
use crate::model::Site;
use crate::model::names::is_han;
use std::collections::HashMap;

/// The output path of every page, relative to the site root, with `/` separators.
#[derive(Debug)]
pub struct Routes {
    /// Per task, `tasks/<slug>.html`.
    pub tasks: Vec<String>,
    /// Per leader.
    pub leaders: Vec<String>,
    /// Per unit.
    pub units: Vec<String>,
    /// Per plan.
    pub plans: Vec<String>,
    /// Per period.
    pub periods: Vec<String>,
    /// Per period, per plan: the printable summary table.
    pub tables: Vec<HashMap<usize, String>>,
    /// Per period with more entries than `period_page_entries`: the pages its entries and
    /// changes are split onto.
    pub period_parts: Vec<Option<PeriodParts>>,
}

/// The pages of a split period, under the period's folder beside its tables. Each name
/// is the leader's or plan's own page name (unique among leaders, or among plans) after a
/// prefix that no other page in the folder has.
#[derive(Debug, Default)]
pub struct PeriodParts {
    /// Per leader with entries (`None`: tasks without a leader), `leader-<slug>.html`
    /// (`no-leader.html`): the entries.
    pub leaders: HashMap<Option<usize>, String>,
    /// Per plan with changes, `changes-<slug>.html`: the changes.
    pub changes: HashMap<usize, String>,
}

impl Routes {
    /// Computes every route of `site`.
    pub fn new(site: &Site) -> Self {
        let style = site.config.slug_style;
        let make = |dir: &str, names: Vec<&str>| -> Vec<String> {
            let mut seen: HashMap<String, usize> = HashMap::new();
            names
                .into_iter()
                .map(|n| {
                    let base = slug(n, style);
                    let k = seen.entry(base.clone()).or_insert(0);
                    *k += 1;
                    // Only a hash collision gets here; the suffix keeps pages apart.
                    let s = if *k == 1 { base } else { format!("{base}-{k}") };
                    format!("{dir}/{s}.html")
                })
                .collect()
        };
        let periods = make(
            "periods",
            site.periods.iter().map(|p| p.id.as_str()).collect(),
        );
        let tables = site
            .periods
            .iter()
            .zip(&periods)
            .map(|(p, route)| {
                let stem = route.trim_end_matches(".html");
                p.changes
                    .iter()
                    .map(|c| {
                        let plan = &site.plans[c.plan].name;
                        (c.plan, format!("{stem}/table-{}.html", slug(plan, style)))
                    })
                    .collect()
            })
            .collect();
        let leaders = make(
            "leaders",
            site.leaders.iter().map(|l| l.name.as_str()).collect(),
        );
        let plans = make(
            "plans",
            site.plans.iter().map(|p| p.name.as_str()).collect(),
        );
        let name = |route: &str| {
            let file = route.rsplit('/').next().unwrap_or(route);
            file.trim_end_matches(".html").to_string()
        };
        let period_parts = site
            .periods
            .iter()
            .zip(&periods)
            .map(|(p, route)| {
                if p.entries.len() <= site.config.period_page_entries {
                    return None;
                }
                let stem = route.trim_end_matches(".html");
                let leaders = p
                    .by_leader
                    .iter()
                    .map(|g| {
                        let file = match g.leader {
                            Some(l) => format!("leader-{}", name(&leaders[l])),
                            None => "no-leader".to_string(),
                        };
                        (g.leader, format!("{stem}/{file}.html"))
                    })
                    .collect();
                let changes = p
                    .changes
                    .iter()
                    .filter(|c| !c.items.is_empty())
                    .map(|c| {
                        (
                            c.plan,
                            format!("{stem}/changes-{}.html", name(&plans[c.plan])),
                        )
                    })
                    .collect();
                Some(PeriodParts { leaders, changes })
            })
            .collect();
        Routes {
            tasks: make("tasks", site.tasks.iter().map(|t| t.id.as_str()).collect()),
            leaders,
            units: make(
                "units",
                site.units.iter().map(|u| u.name.as_str()).collect(),
            ),
            plans,
            periods,
            tables,
            period_parts,
        }
    }
}

impl Routes {
    /// The parts of split period `i` (only asked for by a split period's jobs).
    pub fn part(&self, i: usize) -> &PeriodParts {
        self.period_parts[i].as_ref().expect("a split period")
    }
}

/// The slug of `name`; see the module docs for the rule.
pub fn slug(name: &str, style: SlugStyle) -> String {
    let keep = |c: char| {
        c.is_ascii_lowercase()
            || c.is_ascii_digit()
            || c == '-'
            || c == '_'
            || (style == SlugStyle::Readable && is_han(c))
    };
    let mut kept = String::new();
    let mut count = 0;
    let mut gap = false;
    for c in name.chars() {
        if count >= 60 {
            break;
        }
        let c = if c.is_ascii_uppercase() {
            c.to_ascii_lowercase()
        } else {
            c
        };
        if keep(c) {
            if gap && !kept.is_empty() {
                kept.push('-');
                count += 1;
            }
            kept.push(c);
            count += 1;
            gap = false;
        } else {
            gap = true;
        }
    }
    let reserved = {
        let l = kept.as_str();
        matches!(l, "con" | "prn" | "aux" | "nul" | "index" | "404")
            || ((l.starts_with("com") || l.starts_with("lpt"))
                && l.len() == 4
                && l.as_bytes()[3].is_ascii_digit())
    };
    if kept == name && !reserved && !kept.is_empty() {
        return kept;
    }
    let hash = fnv1a(name.as_bytes());
    if kept.is_empty() {
        format!("x-{:010x}", hash & 0xff_ffff_ffff)
    } else {
        format!("{kept}-{:010x}", hash & 0xff_ffff_ffff)
    }
}

/// FNV-1a, 64 bits: tiny, stable across platforms and versions (unlike std's hasher).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// `to` as a link from the page at `from` (both root-relative): `../leaders/%E7%8E%8B.html`.
/// Relative links keep the site working under any sub-path and from local files.
pub fn href(from: &str, to: &str) -> String {
    // Every link of every page is made here (millions on a large site): one allocation.
    let depth = from.bytes().filter(|&b| b == b'/').count();
    let mut s = String::with_capacity(depth * 3 + to.len() * 3);
    for _ in 0..depth {
        s.push_str("../");
    }
    push_percent_encoded(&mut s, to);
    s
}

/// Percent-encodes everything but unreserved ASCII and `/`.
pub fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len() * 3);
    push_percent_encoded(&mut out, path);
    out
}

/// [`percent_encode`], appended to `out`.
fn push_percent_encoded(out: &mut String, path: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    // A Chinese slug is three escapes per character: no allocation per byte.
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_plain_names_readable() {
        assert_eq!(slug("王长青", SlugStyle::Readable), "王长青");
        assert_eq!(
            slug("2020-livelihood-01", SlugStyle::Readable),
            "2020-livelihood-01"
        );
    }

    #[test]
    fn hashes_names_it_had_to_change() {
        let s = slug("各市（区）政府", SlugStyle::Readable);
        assert!(s.starts_with("各市-区-政府-"), "{s}");
        assert_ne!(
            slug("ABC", SlugStyle::Readable),
            slug("abc", SlugStyle::Readable)
        );
        assert_ne!(
            slug("a/b", SlugStyle::Readable),
            slug("a-b", SlugStyle::Readable)
        );
    }

    #[test]
    fn no_value_can_escape_the_output_folder() {
        for hostile in [
            "../../etc/passwd",
            "..",
            "/abs",
            "a\\b",
            "CON",
            "nul",
            "",
            "\u{0}",
        ] {
            let s = slug(hostile, SlugStyle::Readable);
            assert!(
                !s.contains('/') && !s.contains('\\') && !s.starts_with('.') && !s.is_empty(),
                "{hostile} -> {s}"
            );
            assert!(!["con", "nul"].contains(&s.as_str()));
        }
    }

    #[test]
    fn ascii_style_has_only_ascii() {
        assert!(slug("王长青", SlugStyle::Ascii).is_ascii());
    }

    #[test]
    fn long_names_are_cut_and_hashed() {
        let long = "局".repeat(200);
        let s = slug(&long, SlugStyle::Readable);
        assert!(s.chars().count() <= 71);
    }

    #[test]
    fn links_are_relative_and_encoded() {
        assert_eq!(
            href("tasks/a.html", "leaders/王.html"),
            "../leaders/%E7%8E%8B.html"
        );
        assert_eq!(href("index.html", "style.css"), "style.css");
    }
}
