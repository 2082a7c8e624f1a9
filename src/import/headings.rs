//! Section headings of report tables: `一、胡钛同志分管工作（共4项）`, `（三）张文新同志分管
//! 工作`, `陈文副市长分管工作（共2项）`, `刘德贤常委、副市长分管工作（共14项）`,
//! `一、重点指标类（7项）`, `三、2021 年蓬江区十大民生实事`. A heading may carry the leader
//! of the tasks under it, a stated count (共N项) that the importer checks, and its level
//! (一、 above （一）).

use crate::model::names::{normalise_person, ordinal_prefix};

/// A parsed heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// The heading as a section name: spaces between Chinese and digits removed, the
    /// stated count and bracketed notes dropped.
    pub name: String,
    /// 1 for `一、`, 2 for `（一）`, 3 for `1.`/`（1）`; 0 when it has no ordinal.
    pub level: u8,
    /// The leaders it names (`X同志分管工作`), in order.
    pub leaders: Vec<String>,
    /// The count it states (`共N项`, `N项`).
    pub stated: Option<usize>,
}

/// Titles of people written after a name in headings, longest first.
const ROLES: &[&str] = &[
    "常务副市长",
    "常务副区长",
    "副秘书长",
    "秘书长",
    "副市长",
    "副区长",
    "副县长",
    "副书记",
    "副主任",
    "市长",
    "区长",
    "县长",
    "书记",
    "主任",
    "常委",
    "同志",
];

/// Whether a line of text outside a row is a section heading rather than a paragraph
/// of a cell: it names a leader's work, states a count, or is a short ordinal title.
pub fn looks_like_heading(t: &str) -> bool {
    let t = t.trim();
    let chars = t.chars().count();
    if chars > 80 || t.ends_with('。') || t.ends_with('；') {
        return false;
    }
    if t.contains("分管工作") || t.contains("分管的工作") {
        return true;
    }
    if stated_count(t).is_some() && chars <= 40 {
        return true;
    }
    (1..=2).contains(&ordinal_level(t))
        && chars <= 30
        && !t.contains('。')
        && !t.contains('：')
        && !t.contains('，')
}

/// A heading that cannot be a paragraph of a cell: it names a leader's work or states a
/// count.
pub fn strong_heading(t: &str) -> bool {
    looks_like_heading(t) && (t.contains("分管") || stated_count(t).is_some())
}

/// Parses a heading line.
pub fn parse(t: &str) -> Heading {
    let squeezed = squeeze_cjk_spaces(t.trim());
    let level = ordinal_level(&squeezed);
    let stated = stated_count(&squeezed);
    let mut leaders = Vec::new();
    let body = strip_ordinal(&squeezed);
    if let Some(i) = body.find("分管") {
        let who = &body[..i];
        for part in who.split(['，', '、', ',', ' ']) {
            let mut name = part.trim().to_string();
            loop {
                let before = name.len();
                for r in ROLES {
                    if let Some(s) = name.strip_suffix(r) {
                        name = s.to_string();
                    }
                }
                if name.len() == before {
                    break;
                }
            }
            let name = normalise_person(&name);
            let n = name.chars().count();
            if (2..=4).contains(&n) && name.chars().all(crate::model::names::is_han) {
                leaders.push(name);
            }
        }
    }
    // Notes such as （王心北同志同时分管农村工作） add a leader.
    for note in bracketed(&squeezed) {
        if let Some(i) = note.find("同志同时分管") {
            let name = normalise_person(&note[..i]);
            if !name.is_empty() && !leaders.contains(&name) {
                leaders.push(name);
            }
        }
    }
    Heading {
        name: strip_notes(&squeezed),
        level,
        leaders,
        stated,
    }
}

/// `一、` → 1, `（一）`/`(一)` → 2, `1.`/`（1）` → 3, else 0.
fn ordinal_level(t: &str) -> u8 {
    if ordinal_prefix(t).is_none() {
        return 0;
    }
    let bracketed = t.starts_with(['（', '(']);
    let arabic = t
        .trim_start_matches(['（', '('])
        .starts_with(|c: char| c.is_ascii_digit());
    match (bracketed, arabic) {
        (false, false) => 1,
        (true, false) => 2,
        _ => 3,
    }
}

/// The heading without its ordinal: `（三）张文新同志分管工作` → `张文新同志分管工作`.
fn strip_ordinal(t: &str) -> &str {
    if ordinal_prefix(t).is_none() {
        return t;
    }
    let s = t.trim_start_matches(['（', '(', ' ']);
    let s = s.trim_start_matches(|c: char| {
        c.is_ascii_digit() || "〇零一二三四五六七八九十百两".contains(c)
    });
    s.trim_start_matches(['、', '）', ')', '.', '．', '】', ' '])
}

/// The count a heading states: `（共4项）`, `（7项）`, `共253项`.
pub fn stated_count(t: &str) -> Option<usize> {
    let i = t.find('项')?;
    let before = &t[..i];
    let digits: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit() || *c == ' ')
        .filter(|c| c.is_ascii_digit())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let prefix = before.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ');
    if digits.is_empty() || !(prefix.ends_with('共') || prefix.ends_with(['（', '('])) {
        return None;
    }
    digits.parse().ok()
}

/// Bracketed notes: `（共4项）`, `（王心北同志同时分管农村工作）`.
fn bracketed(t: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = t;
    while let Some(i) = rest.find(['（', '(']) {
        let open = rest[i..].chars().next().map_or(1, char::len_utf8);
        let inner = &rest[i + open..];
        match inner.find(['）', ')']) {
            Some(j) => {
                out.push(&inner[..j]);
                rest = &inner[j..];
            }
            None => break,
        }
    }
    out
}

/// The heading without bracketed notes and counts after its ordinal.
fn strip_notes(t: &str) -> String {
    let ord_len = t.len() - strip_ordinal(t).len();
    let (ord, body) = t.split_at(ord_len);
    let mut out = String::new();
    let mut depth = 0usize;
    for c in body.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    let out = out.trim();
    let out = out
        .strip_suffix("共")
        .unwrap_or(out)
        .trim_end_matches(['，', ',', ' ']);
    // One spelling of the ordinal: exports mix (三) and （三） within one report.
    let ord: String = ord
        .trim_end()
        .chars()
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            c => c,
        })
        .collect();
    format!("{ord}{out}")
}

/// Removes the spaces exports put between Chinese characters and digits
/// (`2021 年` → `2021年`), keeping spaces between Latin words.
pub fn squeeze_cjk_spaces(t: &str) -> String {
    let chars: Vec<char> = t.chars().collect();
    let mut out = String::with_capacity(t.len());
    for (i, c) in chars.iter().enumerate() {
        if !c.is_whitespace() {
            out.push(*c);
            continue;
        }
        let prev = out.chars().last();
        let next = chars[i + 1..].iter().copied().find(|c| !c.is_whitespace());
        // Keep one space where either side is Latin text or punctuation (`TOD 新城`,
        // `S270 蓬江段` keeps none only between Chinese and digits).
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii() && !c.is_ascii_digit());
        if prev.is_some() && next.is_some() && (latin(prev) || latin(next)) && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_leaders_and_counts_in_the_shapes_reports_use() {
        let h = parse("一、胡钛同志分管工作（共4项）");
        assert_eq!(
            (h.name.as_str(), h.level, h.stated),
            ("一、胡钛同志分管工作", 1, Some(4))
        );
        assert_eq!(h.leaders, ["胡钛"]);
        assert_eq!(parse("（三）张文新同志分管工作").leaders, ["张文新"]);
        assert_eq!(parse("（三）张文新同志分管工作").level, 2);
        assert_eq!(parse("陈文副市长分管工作（共2项）").leaders, ["陈文"]);
        let h = parse("刘德贤常委、副市长分管工作（共14项）");
        assert_eq!(
            (h.leaders.clone(), h.stated),
            (vec!["刘德贤".to_string()], Some(14))
        );
        let h = parse("三、刘德贤常委，副市长分管工作（共14项）");
        assert_eq!(
            (h.leaders.clone(), h.stated),
            (vec!["刘德贤".to_string()], Some(14))
        );
        assert!(parse("二、其他工作（共2项）").leaders.is_empty());
        let h = parse("一、重点指标类（7项）");
        assert_eq!((h.name.as_str(), h.stated), ("一、重点指标类", Some(7)));
        assert!(h.leaders.is_empty());
        assert_eq!(
            parse("三、2021 年蓬江区十大民生实事").name,
            "三、2021年蓬江区十大民生实事"
        );
        let h = parse("(十) 农元柔同志分管工作（王心北同志同时分管农村工作）");
        assert_eq!(h.leaders, ["农元柔", "王心北"]);
        assert_eq!(h.name, "（十）农元柔同志分管工作");
    }

    #[test]
    fn paragraphs_of_a_cell_are_not_headings() {
        assert!(!looks_like_heading(
            "（二）城市亮化项目。蓬江区、江海区已进场施工，"
        ));
        assert!(!looks_like_heading(
            "（3）截至9月25日，全市博士后科研工作站11家"
        ));
        assert!(looks_like_heading("二、张元醒同志分管工作（共18项）"));
        assert!(looks_like_heading("一、重要指标"));
        assert!(looks_like_heading("（共253项）"));
    }
}
