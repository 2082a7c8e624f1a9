//! Site configuration (`jindu.yaml`): the first thing the pipeline loads, because the
//! status vocabulary it defines is what validation checks every progress entry against.

use crate::diag::{Diagnostics, SourceLoc};
use crate::error::Result;
use crate::loader::{self, outline::Outline, yaml};
use serde::Deserialize;
use std::path::Path;

/// How a status counts in the figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CountsAs {
    /// Done (已完成).
    Complete,
    /// On schedule (按进度完成).
    OnSchedule,
    /// On schedule, with reservations (基本按进度完成).
    WithReservations,
    /// Behind schedule (未按进度完成).
    Behind,
    /// Neither (暂缓实施, 计划调整): not compared and not counted as behind.
    Neither,
}

impl CountsAs {
    /// A rank for "better or worse than last period"; `None` for statuses outside the scale.
    pub fn rank(self) -> Option<u8> {
        match self {
            CountsAs::Complete => Some(3),
            CountsAs::OnSchedule => Some(2),
            CountsAs::WithReservations => Some(1),
            CountsAs::Behind => Some(0),
            CountsAs::Neither => None,
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "complete" => CountsAs::Complete,
            "on_schedule" => CountsAs::OnSchedule,
            "with_reservations" => CountsAs::WithReservations,
            "behind" => CountsAs::Behind,
            "neither" => CountsAs::Neither,
            _ => return None,
        })
    }
}

/// One status of the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusDef {
    /// Stable key used in code, URLs and CSS (`on_track`).
    pub key: String,
    /// Labels as reports write them; the first is shown on pages (`按进度完成`).
    pub labels: Vec<String>,
    /// A CSS colour for the badge's marker (status is always also written as text).
    pub colour: String,
    /// How it counts in the figures.
    pub counts_as: CountsAs,
}

/// How page URLs are made from names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlugStyle {
    /// Chinese names stay readable in URLs (`leaders/王长青.html`).
    Readable,
    /// Only ASCII in URLs (`leaders/n-3f2a….html`), for servers that mishandle UTF-8 paths.
    Ascii,
}

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site's title.
    pub title: String,
    /// The absolute URL the site is published at, ending in `/`; needed for sitemap.xml.
    pub base_url: Option<String>,
    /// UI language: `zh-CN` or `en`.
    pub language: String,
    /// Theme name.
    pub theme: String,
    /// The status vocabulary, in display order.
    pub statuses: Vec<StatusDef>,
    /// URL style.
    pub slug_style: SlugStyle,
    /// A period with more entries than this gets its entries and changes on pages of
    /// their own, one per leader and one per plan: a province's period page listing every
    /// entry would be tens of megabytes.
    pub period_page_entries: usize,
}

/// The default of [`Config::period_page_entries`]: about as long as the longest leader or
/// unit page of a province-scale site.
pub const PERIOD_PAGE_ENTRIES: usize = 1000;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawConfig {
    title: Option<String>,
    base_url: Option<String>,
    language: Option<String>,
    theme: Option<String>,
    statuses: Option<Vec<RawStatus>>,
    slug_style: Option<String>,
    period_page_entries: Option<usize>,
}

const CONFIG_FIELDS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "theme",
    "statuses",
    "slug_style",
    "period_page_entries",
];
const STATUS_FIELDS: &[&str] = &["key", "labels", "colour", "counts_as"];

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawStatus {
    key: Option<String>,
    labels: Vec<String>,
    colour: Option<String>,
    counts_as: Option<String>,
}

/// The default vocabulary, from the reports (see GLOSSARY.md).
pub fn default_statuses() -> Vec<StatusDef> {
    let s = |key: &str, labels: &[&str], colour: &str, counts_as| StatusDef {
        key: key.into(),
        labels: labels.iter().map(|l| l.to_string()).collect(),
        colour: colour.into(),
        counts_as,
    };
    vec![
        s("done", &["已完成", "完成"], "#1a7f37", CountsAs::Complete),
        s(
            "on_track",
            &["按进度完成", "按进度推进", "正常推进"],
            "#0969da",
            CountsAs::OnSchedule,
        ),
        s(
            "mostly_on_track",
            &["基本按进度完成", "基本按进度推进"],
            "#9a6700",
            CountsAs::WithReservations,
        ),
        s(
            "behind",
            &["未按进度完成", "未按进度推进", "滞后"],
            "#cf222e",
            CountsAs::Behind,
        ),
        s(
            "suspended",
            &["暂缓实施", "暂缓"],
            "#6e7781",
            CountsAs::Neither,
        ),
        s("replanned", &["计划调整"], "#8250df", CountsAs::Neither),
    ]
}

impl Config {
    /// The index of the status that `text` names, by key or label, ignoring the ▲-style
    /// marks reports put in front and the full stop after.
    pub fn status_index(&self, text: &str) -> Option<usize> {
        let t = crate::model::names::normalise_status(text);
        self.statuses
            .iter()
            .position(|s| s.key.eq_ignore_ascii_case(&t) || s.labels.contains(&t))
    }

    /// Every accepted spelling, for the hint of an unknown-status error.
    pub fn status_spellings(&self) -> String {
        self.statuses
            .iter()
            .map(|s| format!("{} ({})", s.labels.join("/"), s.key))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Loads `root/jindu.yaml`. `base_url` overrides the file's value (from `--base-url`).
pub fn load(root: &Path, base_url: Option<&str>) -> Result<(Option<Config>, Diagnostics)> {
    let path = root.join("jindu.yaml");
    let mut diags = Diagnostics::default();
    if !crate::fsx::exists(&path) {
        diags.error(
            SourceLoc::file(&path),
            "there is no jindu.yaml",
            "run jindu in the site's root folder or pass --root DIR; `jindu init DIR` creates a site",
        );
        return Ok((None, diags));
    }
    let text = match loader::read_text(&path)? {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return Ok((None, diags));
        }
    };
    let outline = Outline::scan(&text, 1);
    let loc = |key: &str| match outline.locate(key) {
        Some((l, c)) => SourceLoc::new(&path, l, c),
        None => SourceLoc::file(&path),
    };
    for (key, (line, col)) in outline.keys() {
        let fields = if key.starts_with("statuses.") && key.matches('.').count() == 2 {
            STATUS_FIELDS
        } else if key.contains('.') {
            continue;
        } else {
            CONFIG_FIELDS
        };
        let name = key.rsplit('.').next().unwrap_or(key);
        if !fields.contains(&name) {
            let hint = crate::diag::did_you_mean(name, fields)
                .map(|s| format!("did you mean `{s}`?"))
                .unwrap_or_else(|| format!("the fields here are: {}", fields.join(", ")));
            diags.warning(
                SourceLoc::new(&path, line, col),
                format!("unknown field `{name}`"),
                hint,
            );
        }
    }
    let raw: RawConfig = if text.trim().is_empty() {
        RawConfig::default()
    } else {
        match yaml::parse(&text, &path, 1) {
            Ok(r) => r,
            Err(d) => {
                diags.push(d);
                return Ok((None, diags));
            }
        }
    };
    let language = raw.language.unwrap_or_else(|| "zh-CN".into());
    let slug_style = match raw.slug_style.as_deref() {
        None | Some("readable") => SlugStyle::Readable,
        Some("ascii") => SlugStyle::Ascii,
        Some(other) => {
            diags.error(
                loc("slug_style"),
                format!("unknown slug_style `{other}`"),
                "use `readable` (Chinese names in URLs) or `ascii`",
            );
            SlugStyle::Readable
        }
    };
    let base_url = base_url.map(str::to_string).or(raw.base_url).map(|u| {
        let u = u.trim().to_string();
        if u.ends_with('/') { u } else { format!("{u}/") }
    });
    if let Some(u) = &base_url
        && !(u.starts_with("https://") || u.starts_with("http://"))
    {
        diags.error(
                loc("base_url"),
                format!("base_url `{u}` is not an absolute http(s) URL"),
                "write the full address the site is published at, e.g. https://www.example.gov.cn/jindu/",
            );
    }
    let statuses = match raw.statuses {
        None => default_statuses(),
        Some(list) => {
            let mut out = Vec::new();
            for (i, s) in list.into_iter().enumerate() {
                let at = |f: &str| loc(&format!("statuses.{i}.{f}"));
                let Some(key) = s.key.filter(|k| !k.trim().is_empty()) else {
                    diags.error(
                        at("key"),
                        "a status has no key",
                        "give each status a `key:` such as on_track",
                    );
                    continue;
                };
                let counts_as = match s.counts_as.as_deref().map(CountsAs::parse) {
                    Some(Some(c)) => c,
                    _ => {
                        diags.error(
                            at("counts_as"),
                            format!("status `{key}` has no valid counts_as"),
                            "use one of: complete, on_schedule, with_reservations, behind, neither",
                        );
                        CountsAs::Neither
                    }
                };
                let colour = s.colour.unwrap_or_else(|| "#6e7781".into());
                if !is_hex_colour(&colour) {
                    diags.error(
                        at("colour"),
                        format!("colour `{colour}` is not #rrggbb"),
                        "write a colour such as #0969da",
                    );
                }
                let labels = if s.labels.is_empty() {
                    vec![key.clone()]
                } else {
                    s.labels
                };
                if out.iter().any(|o: &StatusDef| {
                    o.key == key || o.labels.iter().any(|l| labels.contains(l))
                }) {
                    diags.error(
                        at("key"),
                        format!("status `{key}` repeats a key or label"),
                        "each key and label may name one status only",
                    );
                }
                out.push(StatusDef {
                    key,
                    labels,
                    colour,
                    counts_as,
                });
            }
            out
        }
    };
    let config = Config {
        title: raw.title.unwrap_or_else(|| "jindu".into()),
        base_url,
        language,
        theme: raw.theme.unwrap_or_else(|| "default".into()),
        statuses,
        slug_style,
        period_page_entries: raw.period_page_entries.unwrap_or(PERIOD_PAGE_ENTRIES),
    };
    Ok((Some(config), diags))
}

fn is_hex_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config {
            title: "t".into(),
            base_url: None,
            language: "zh-CN".into(),
            theme: "default".into(),
            statuses: default_statuses(),
            slug_style: SlugStyle::Readable,
            period_page_entries: PERIOD_PAGE_ENTRIES,
        }
    }

    #[test]
    fn status_accepts_key_label_and_report_marks() {
        let c = config();
        assert_eq!(c.status_index("on_track"), Some(1));
        assert_eq!(c.status_index("按进度完成"), Some(1));
        assert_eq!(c.status_index("按进度完成。"), Some(1));
        assert_eq!(c.status_index("▲未按进度完成。"), Some(3));
        assert_eq!(c.status_index(" ★ 已完成 "), Some(0));
        assert_eq!(c.status_index("进行中"), None);
    }
}
