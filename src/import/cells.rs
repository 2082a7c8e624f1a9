//! What is inside a cell: the lead-unit and contact-unit markers, co-leadership notes,
//! ★ marks and (列入…) notes of a task's text; the unit and person lists, paired line by
//! line with wrapped names joined back; the status phrase that opens a progress cell or
//! paragraph (and only there), 存在问题 and 下一步; milestones with their own deadlines and
//! statuses. Pure functions over strings, so each rule is tested on its own.

use crate::config::StatusDef;
use crate::model::names::{normalise_person, normalise_unit};

/// A task's text cell, read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskText {
    /// The text without the markers, lines joined: the task's description.
    pub body: String,
    /// The first sentence (or its first clause, when the sentence is long).
    pub title: String,
    /// From （牵头单位：…）/【牵头单位：…】: every lead unit named, in order.
    pub lead_units: Vec<String>,
    /// From （联系单位：…）.
    pub contact_unit: Option<String>,
    /// From 该项工作由A、B同志共同负责.
    pub co_leaders: Vec<String>,
    /// ★ marks and (列入…) notes.
    pub tags: Vec<String>,
}

/// Reads a task's text cell.
pub fn task_text(cell: &str) -> TaskText {
    let joined = join_lines(cell);
    let mut out = TaskText::default();
    let mut body = String::new();
    for piece in bracket_pieces(&joined) {
        match piece {
            Piece::Text(t) => body.push_str(t),
            Piece::Bracket(whole, inner) => {
                let inner_t = inner.trim();
                let key_value = |key: &str| {
                    inner_t
                        .strip_prefix(key)
                        .map(|r| r.trim_start_matches(['：', ':', ' ']).trim().to_string())
                };
                if let Some(v) = key_value("牵头单位") {
                    out.lead_units.extend(split_inline(&v));
                } else if let Some(v) = key_value("联系单位") {
                    out.contact_unit = split_inline(&v).into_iter().next();
                } else if inner_t.contains("共同负责")
                    || inner_t.contains("共同分管")
                    || inner_t.contains("共同牵头")
                {
                    let who = inner_t
                        .split_once('由')
                        .map_or(inner_t, |(_, r)| r)
                        .split("同志")
                        .next()
                        .unwrap_or("");
                    for n in who.split(['、', '，', ',']) {
                        let n = normalise_person(n);
                        if !n.is_empty() && n.chars().count() <= 4 {
                            out.co_leaders.push(n);
                        }
                    }
                } else if inner_t.starts_with("列入") {
                    out.tags.push(inner_t.to_string());
                } else {
                    body.push_str(whole);
                }
            }
        }
    }
    if body.contains('★') || body.contains('☆') {
        out.tags.insert(0, "★".to_string());
        body = body.replace(['★', '☆'], "");
    }
    out.body = tidy(&body);
    out.title = title_of(&out.body);
    out
}

/// The first sentence of `text`; when it is longer than 60 characters, its first clause.
pub fn title_of(text: &str) -> String {
    let first_line = text.lines().next().unwrap_or("").trim();
    let mut sentence = first_line;
    let mut depth = 0i32;
    for (i, c) in first_line.char_indices() {
        match c {
            '“' | '《' | '（' | '(' | '【' => depth += 1,
            '”' | '》' | '）' | ')' | '】' => depth -= 1,
            '。' | '；' | '！' | '？' if depth <= 0 => {
                sentence = &first_line[..i + c.len_utf8()];
                break;
            }
            _ => {}
        }
    }
    if sentence.chars().count() > 60 {
        let mut depth = 0i32;
        for (i, c) in sentence.char_indices() {
            match c {
                '“' | '《' | '（' | '(' | '【' => depth += 1,
                '”' | '》' | '）' | ')' | '】' => depth -= 1,
                '，' | '：' if depth <= 0 && i > 0 => return sentence[..i].to_string(),
                _ => {}
            }
        }
    }
    sentence.to_string()
}

/// Lines of a cell joined back: exports wrap long text at the cell's width.
fn join_lines(cell: &str) -> String {
    cell.lines().map(str::trim).collect::<Vec<_>>().join("")
}

/// Spaces an export put between Chinese text and digits removed, runs of spaces collapsed.
pub fn tidy(t: &str) -> String {
    super::headings::squeeze_cjk_spaces(t.trim())
}

enum Piece<'a> {
    Text(&'a str),
    /// The whole bracketed text and what is inside.
    Bracket(&'a str, &'a str),
}

/// Splits `t` into plain runs and top-level bracketed notes (（…）, (…), 【…】, […]),
/// nesting respected.
fn bracket_pieces(t: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut open: Option<(usize, usize)> = None;
    let mut depth = 0;
    for (i, c) in t.char_indices() {
        match c {
            '（' | '(' | '【' | '[' => {
                if depth == 0 {
                    if start < i {
                        out.push(Piece::Text(&t[start..i]));
                    }
                    open = Some((i, i + c.len_utf8()));
                }
                depth += 1;
            }
            '）' | ')' | '】' | ']' if depth > 0 => {
                depth -= 1;
                if depth == 0
                    && let Some((o, inner)) = open.take()
                {
                    let end = i + c.len_utf8();
                    out.push(Piece::Bracket(&t[o..end], &t[inner..i]));
                    start = end;
                }
            }
            _ => {}
        }
    }
    if let Some((o, _)) = open {
        start = start.min(o);
    }
    if start < t.len() {
        out.push(Piece::Text(&t[start..]));
    }
    out
}

/// Splits an inline list (`棠下镇、杜阮镇`, `区发展和改革局 区财政局 (区交通运输局)`) at
/// 、，； and spaces outside brackets; a bracketed token belongs to the name before it.
pub fn split_inline(t: &str) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut depth = 0;
    let mut attach = false;
    let flush = |cur: &mut String, items: &mut Vec<String>, attach: bool| {
        let s = cur.trim().to_string();
        cur.clear();
        if s.is_empty() {
            return;
        }
        match items.last_mut() {
            Some(last) if attach => last.push_str(&s),
            _ => items.push(s),
        }
    };
    for c in t.chars() {
        match c {
            '（' | '(' | '【' => {
                if depth == 0 && cur.trim().is_empty() {
                    attach = !items.is_empty();
                }
                depth += 1;
                cur.push(c);
            }
            '）' | ')' | '】' => {
                depth -= 1;
                cur.push(c);
            }
            '、' | '，' | ',' | '；' | ';' | '\n' | ' ' | '\u{3000}' | '\t' if depth <= 0 => {
                flush(&mut cur, &mut items, attach);
                attach = false;
                depth = 0;
            }
            c => cur.push(c),
        }
    }
    flush(&mut cur, &mut items, attach);
    items.into_iter().map(|s| normalise_unit(&s)).collect()
}

/// Units of a 责任单位 cell: one per line in one-cell-per-line exports (a name wrapped
/// over two lines is joined back), an inline list otherwise.
pub fn units(cell: &str) -> Vec<String> {
    units_and_persons(cell, None).0
}

/// Units and the persons paired with them line by line. A unit wrapped over two lines is
/// joined back when the line above is unfinished (an open bracket, a line such as 成员单位
/// that only continues a name) and — as far as needed to pair with the persons — when the
/// line above does not end the way unit names end. Two names run together on one line
/// (谢少谋林贤进) are split when the persons are one short.
pub fn units_and_persons(
    units_cell: &str,
    persons_cell: Option<&str>,
) -> (Vec<String>, Vec<String>) {
    let persons = persons_cell.map(persons).unwrap_or_default();
    let lines: Vec<&str> = units_cell
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.len() <= 1 {
        return (split_inline(units_cell), persons);
    }
    let mut joined = join_wrapped(&lines, UNIT_CONTINUATIONS);
    let want = (!persons.is_empty()).then_some(persons.len());
    let mut k = 1;
    while k < joined.len() && want.is_none_or(|n| joined.len() > n) {
        let unfinished = joined[k - 1]
            .chars()
            .last()
            .is_some_and(|c| !UNIT_ENDS.contains(c));
        if unfinished {
            let next = joined.remove(k);
            joined[k - 1].push_str(&next);
        } else {
            k += 1;
        }
    }
    let units: Vec<String> = joined
        .into_iter()
        .flat_map(|l| {
            if l.contains(' ') || l.contains('、') {
                split_inline(&l)
            } else {
                vec![normalise_unit(&l)]
            }
        })
        .collect();
    let mut persons = persons;
    while !persons.is_empty() && persons.len() < units.len() {
        let Some(i) = persons.iter().position(|p| {
            let n = p.chars().count();
            (n == 4 || n == 6) && p.chars().all(crate::model::names::is_han) && !is_placeholder(p)
        }) else {
            break;
        };
        let chars: Vec<char> = persons[i].chars().collect();
        let (a, b) = chars.split_at(chars.len() / 2);
        persons[i] = a.iter().collect();
        persons.insert(i + 1, b.iter().collect());
    }
    (units, persons)
}

/// Persons of a 责任人 cell, one per line; padded names joined (陈  霞 → 陈霞), wrapped
/// placeholders joined back (成员单位 / 负责人), placeholders kept as written.
pub fn persons(cell: &str) -> Vec<String> {
    let lines: Vec<&str> = cell
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.len() == 1 && (lines[0].contains('、') || lines[0].contains('，')) {
        return split_inline(lines[0])
            .iter()
            .map(|p| normalise_person(p))
            .collect();
    }
    join_wrapped(&lines, PERSON_CONTINUATIONS)
        .iter()
        .map(|l| normalise_person(l))
        .collect()
}

/// A person cell line that is not a person: 各市（区）长, 成员单位负责人.
fn is_placeholder(p: &str) -> bool {
    ["长", "负责人", "单位", "部门", "各"]
        .iter()
        .any(|w| p.contains(w))
}

/// Leaders of a 分管领导 cell: `张文新、莫兆汉`, one per line, or `罗 军`.
pub fn leaders(cell: &str) -> Vec<String> {
    cell.split(['、', '，', ',', '\n', '；', '/'])
        .map(normalise_person)
        .filter(|n| !n.is_empty())
        .collect()
}

/// Characters a complete unit name ends with; a line ending otherwise may continue.
const UNIT_ENDS: &str =
    "局委办府心部会院队所站社司街镇区市县村处厅馆团联组位室科场校园台署关长人厂行学门）)";

/// Starts of lines that continue the unit name above them.
const UNIT_CONTINUATIONS: &[&str] = &["成员单位", "工作领导小组", "领导小组", "负责人"];

/// Starts of lines that continue the person entry above them (成员单位 / 负责人).
const PERSON_CONTINUATIONS: &[&str] = &["负责人"];

fn join_wrapped(lines: &[&str], continuations: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in lines {
        let joins = out.last().is_some_and(|prev: &String| {
            unbalanced(prev)
                || l.starts_with(['）', ')'])
                || continuations.iter().any(|c| l.starts_with(c))
        });
        match out.last_mut() {
            Some(prev) if joins => prev.push_str(l),
            _ => out.push(l.to_string()),
        }
    }
    out
}

fn unbalanced(s: &str) -> bool {
    let open = s.matches(['（', '(']).count();
    let close = s.matches(['）', ')']).count();
    open > close
}

/// A progress cell, read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProgressText {
    /// The status label as the report writes it (`未按进度完成`); the worst one when
    /// several paragraphs open with a status.
    pub status: Option<String>,
    /// Every status phrase found, in order.
    pub statuses: Vec<String>,
    /// The narrative, as Markdown paragraphs.
    pub narrative: String,
    /// 存在问题.
    pub problems: String,
    /// 下一步.
    pub next_steps: String,
}

/// Reads a progress cell with the status vocabulary `statuses`.
pub fn progress(cell: &str, statuses: &[StatusDef]) -> ProgressText {
    let mut out = ProgressText::default();
    let mut narrative = Vec::new();
    let mut problems = Vec::new();
    let mut next = Vec::new();
    #[derive(PartialEq)]
    enum Part {
        Narrative,
        Problems,
        Next,
    }
    let mut part = Part::Narrative;
    for para in cell.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let mut rest = para;
        if let Some((label, after)) = status_prefix(rest, statuses) {
            out.statuses.push(label);
            if narrative.is_empty() && problems.is_empty() && part == Part::Narrative {
                rest = after;
            }
        }
        for (key, to) in [
            ("存在问题", Part::Problems),
            ("存在的问题", Part::Problems),
            ("下一步工作", Part::Next),
            ("下一步计划", Part::Next),
            ("下一步", Part::Next),
        ] {
            if let Some(r) = rest.strip_prefix(key)
                && (r.starts_with(['：', ':']) || r.is_empty())
            {
                part = to;
                rest = r.trim_start_matches(['：', ':']).trim();
                break;
            }
        }
        if rest.is_empty() {
            continue;
        }
        match part {
            Part::Narrative => narrative.push(rest.to_string()),
            Part::Problems => problems.push(rest.to_string()),
            Part::Next => next.push(rest.to_string()),
        }
    }
    out.status = worst(&out.statuses, statuses);
    out.narrative = markdown_paragraphs(&narrative);
    out.problems = markdown_paragraphs(&problems);
    out.next_steps = markdown_paragraphs(&next);
    out
}

/// Paragraphs as Markdown: blank-line separated; characters that Markdown would read as
/// syntax at the start of a paragraph are escaped.
fn markdown_paragraphs(paras: &[String]) -> String {
    paras
        .iter()
        .map(|p| escape_markdown(p))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Escapes what would turn report text into Markdown syntax: a leading `#`, `>`, `-`,
/// `+`, `1.`; `*`, `_` and backticks anywhere; `<` before a letter (raw HTML is shown as
/// text anyway, but `<调整…>` stays as the report wrote it).
pub fn escape_markdown(p: &str) -> String {
    let mut s = p
        .replace('\\', "\\\\")
        .replace('*', "\\*")
        .replace('_', "\\_");
    s = s.replace('`', "\\`");
    // `<` starts raw HTML only before an ASCII letter, `/`, `!` or `?`.
    for t in ['/', '!', '?']
        .into_iter()
        .chain('a'..='z')
        .chain('A'..='Z')
    {
        s = s.replace(&format!("<{t}"), &format!("\\<{t}"));
    }
    if s.starts_with(['#', '>', '-', '+', '=', '|']) {
        s.insert(0, '\\');
    }
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && s[digits..].starts_with(['.', ')']) {
        s.insert(digits, '\\');
    }
    s
}

/// The status phrase that opens `para`, and the text after it.
pub fn status_prefix<'a>(para: &'a str, statuses: &[StatusDef]) -> Option<(String, &'a str)> {
    let t = para.trim_start_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '▲' | '△' | '★' | '☆' | '●' | '○' | '■' | '□' | '◆' | '◇' | '※' | '*'
            )
    });
    let mut labels: Vec<&str> = statuses
        .iter()
        .flat_map(|s| s.labels.iter().map(String::as_str))
        .collect();
    labels.sort_by_key(|l| std::cmp::Reverse(l.chars().count()));
    for l in labels {
        if let Some(after) = t.strip_prefix(l) {
            let ok = after.is_empty()
                || after.starts_with([
                    '。', '；', '，', '：', ';', ',', ':', '.', ' ', '（', '(', '\n',
                ]);
            if ok {
                let after =
                    after.trim_start_matches(['。', '；', '，', '：', ';', ',', ':', '.', ' ']);
                return Some((l.to_string(), after.trim()));
            }
        }
    }
    None
}

/// The worst of several statuses (behind before with-reservations before on-schedule
/// before complete); statuses outside the scale count only when alone.
fn worst(found: &[String], statuses: &[StatusDef]) -> Option<String> {
    let rank = |l: &String| {
        statuses
            .iter()
            .find(|s| s.labels.contains(l))
            .and_then(|s| s.counts_as.rank())
    };
    found
        .iter()
        .filter(|l| rank(l).is_some())
        .min_by_key(|l| rank(l))
        .or_else(|| found.first())
        .cloned()
}

/// A milestone line of a 节点计划 cell.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MilestoneText {
    /// What is to be done.
    pub title: String,
    /// Its deadline as written (`3月底前`).
    pub due: Option<String>,
    /// A status noted with it (`（已完成）`).
    pub status: Option<String>,
}

/// Reads a 节点计划 cell: one milestone per line (or per numbered item).
pub fn milestones(cell: &str, statuses: &[StatusDef]) -> Vec<MilestoneText> {
    let mut out = Vec::new();
    for line in cell.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let line = tidy(line);
        let mut title = strip_item_number(&line).to_string();
        let mut status = None;
        for p in bracket_pieces(&title.clone()) {
            if let Piece::Bracket(whole, inner) = p
                && let Some((label, "")) = status_prefix(inner, statuses)
            {
                status = Some(label);
                title = title.replace(whole, "");
            }
        }
        if status.is_none()
            && let Some((head, tail)) = title.rsplit_once(['：', ':', '，', ' '])
            && let Some((label, "")) = status_prefix(tail, statuses)
        {
            status = Some(label);
            title = head.to_string();
        }
        let due = due_of(&title);
        out.push(MilestoneText {
            title: title.trim().to_string(),
            due,
            status,
        });
    }
    out
}

/// `（1）`, `1.`, `1、`, `①` at the start of a line removed.
fn strip_item_number(t: &str) -> &str {
    let s = t.trim_start();
    if let Some(r) = s.strip_prefix(['（', '(']) {
        let d = r.chars().take_while(char::is_ascii_digit).count();
        if let Some(close) = r[d..]
            .chars()
            .next()
            .filter(|c| d > 0 && matches!(c, '）' | ')'))
        {
            return r[d + close.len_utf8()..].trim_start();
        }
    }
    let d = s.chars().take_while(char::is_ascii_digit).count();
    if d > 0 && s[d..].starts_with(['.', '、', '．']) {
        let rest = &s[d..];
        let skip = rest.chars().next().map_or(0, char::len_utf8);
        return rest[skip..].trim_start();
    }
    s.trim_start_matches(['①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨', '⑩'])
}

/// The first time phrase in `t`: `2020年6月底前`, `3月31日`, `12月底`.
pub fn due_of(t: &str) -> Option<String> {
    let chars: Vec<char> = t.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            let mut j = i;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            if j < chars.len() && chars[j] == '年' {
                j += 1;
                let k = j;
                while j < chars.len() && chars[j].is_ascii_digit() {
                    j += 1;
                }
                if j == k || j >= chars.len() || chars[j] != '月' {
                    // a year alone (2020年) or 2020年底
                    if chars.get(k) == Some(&'底') {
                        let end = k + 1 + usize::from(chars.get(k + 1) == Some(&'前'));
                        return Some(chars[start..end].iter().collect());
                    }
                    i = k;
                    continue;
                }
            } else if j >= chars.len() || chars[j] != '月' {
                i = j;
                continue;
            }
            // chars[j] == '月'
            j += 1;
            let k = j;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            if j > k && chars.get(j) == Some(&'日') {
                j += 1;
            } else {
                j = k;
                for suffix in ["底", "中旬", "上旬", "下旬", "中", "初", "末"] {
                    let s: Vec<char> = suffix.chars().collect();
                    if chars[j..].starts_with(&s) {
                        j += s.len();
                        break;
                    }
                }
            }
            if chars.get(j) == Some(&'前') {
                j += 1;
            }
            return Some(chars[start..j].iter().collect());
        }
        i += 1;
    }
    None
}

/// The target of a key indicator (`地区生产总值增长 6.9%。` → `增长6.9%`).
pub fn target_of(text: &str) -> Option<String> {
    let t = tidy(text);
    let t = t.trim_end_matches(['。', '；']);
    for verb in [
        "增长",
        "下降",
        "控制在",
        "不低于",
        "不高于",
        "低于",
        "达到",
        "超过",
        "提高到",
        "保持在",
    ] {
        if let Some(i) = t.find(verb) {
            let target = &t[i..];
            if target.chars().any(|c| c.is_ascii_digit()) || target.chars().count() <= 20 {
                return Some(target.to_string());
            }
        }
    }
    None
}

/// Normalises a deadline as written: `12 月 20 日` → `12月20日`.
pub fn deadline(t: &str) -> String {
    tidy(&t.replace('\n', ""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::default_statuses;

    #[test]
    fn reads_lead_unit_contact_unit_co_leaders_and_notes() {
        let t = task_text("推进综治视联网和“雪亮工程”建设。\n（牵头单位：市委政法委）");
        assert_eq!(t.body, "推进综治视联网和“雪亮工程”建设。");
        assert_eq!(t.lead_units, ["市委政法委"]);
        let t = task_text(
            "实施上市公司倍增计划。【牵头单位：区政府办公室（区金融办）、区科工商务局】（该项工作由张文新、莫兆汉同志共同负责）（列入市政府重点工作牵头任务）",
        );
        assert_eq!(t.lead_units, ["区政府办公室（区金融办）", "区科工商务局"]);
        assert_eq!(t.co_leaders, ["张文新", "莫兆汉"]);
        assert_eq!(t.tags, ["列入市政府重点工作牵头任务"]);
        assert_eq!(t.body, "实施上市公司倍增计划。");
        let t = task_text("★深入挖掘咏春文化。（联系单位：市\n体育局）");
        assert_eq!(t.contact_unit.as_deref(), Some("市体育局"));
        assert_eq!(t.tags, ["★"]);
        assert_eq!(t.body, "深入挖掘咏春文化。");
    }

    #[test]
    fn titles_are_the_first_sentence_or_its_first_clause() {
        assert_eq!(title_of("甲乙。丙丁。"), "甲乙。");
        let long = format!("坚持“四个最严”的要求，{}。", "加强".repeat(40));
        assert_eq!(title_of(&long), "坚持“四个最严”的要求");
    }

    #[test]
    fn pairs_units_and_persons_joining_wrapped_names() {
        let u = units("市人力资源社会保障局\n市人才工作领导小组\n成员单位");
        assert_eq!(u, ["市人力资源社会保障局", "市人才工作领导小组成员单位"]);
        let p = persons("陈  霞\n成员单位\n负责人");
        assert_eq!(p, ["陈霞", "成员单位负责人"]);
        assert_eq!(
            units("市经济和\n信息化局\n各镇(街)"),
            ["市经济和信息化局", "各镇（街）"]
        );
        assert_eq!(
            units("区住房和城乡建设局 (区交通运输局) 各镇（街）"),
            ["区住房和城乡建设局（区交通运输局）", "各镇（街）"]
        );
        assert_eq!(persons("各市（区）长"), ["各市（区）长"]);
        let (u, p) = units_and_persons(
            "市财政局\n市直有关部门\n各市（区）政府",
            Some("李文聪\n有关部门\n负责人\n各市（区）长"),
        );
        assert_eq!((u.len(), p.len()), (3, 3), "{u:?} {p:?}");
        let (u, p) = units_and_persons(
            "市水务局\n台山市政府\n鹤山市政府",
            Some("梁君明\n谢少谋林贤进"),
        );
        assert_eq!(u.len(), 3);
        assert_eq!(p, ["梁君明", "谢少谋", "林贤进"]);
        let (u, _) = units_and_persons(
            "市粮食局\n市粮食安全责任考核工作领导小组\n成员单位",
            Some("叶仕钦\n成员单位\n负责人"),
        );
        assert_eq!(u, ["市粮食局", "市粮食安全责任考核工作领导小组成员单位"]);
        assert_eq!(leaders("罗 军"), ["罗军"]);
    }

    #[test]
    fn the_status_is_read_only_at_the_start_of_a_paragraph() {
        let s = default_statuses();
        let p = progress(
            "▲未按进度完成。\n1-9月，水质为Ⅳ类，已完成整改。\n\n存在问题：\n（1）工业污染未得到有效控制。",
            &s,
        );
        assert_eq!(p.status.as_deref(), Some("未按进度完成"));
        assert_eq!(p.narrative, "1-9月，水质为Ⅳ类，已完成整改。");
        assert_eq!(p.problems, "（1）工业污染未得到有效控制。");
        let p = progress("已完成验收。", &s);
        assert_eq!(p.status, None);
        let p = progress("按进度完成。\n（1）甲。\n（2）已完成。乙。", &s);
        assert_eq!(p.status.as_deref(), Some("按进度完成"));
        assert_eq!(p.narrative, "（1）甲。\n\n（2）已完成。乙。");
        let p = progress("已完成。\n基本按进度完成：二期尚在推进。", &s);
        assert_eq!(p.statuses, ["已完成", "基本按进度完成"]);
        assert_eq!(p.status.as_deref(), Some("基本按进度完成"));
    }

    #[test]
    fn milestones_carry_their_own_deadline_and_status() {
        let s = default_statuses();
        let m = milestones("（1）3月底前完成选址（已完成）\n2.2020年6月30日前开工", &s);
        assert_eq!(m[0].title, "3月底前完成选址");
        assert_eq!(m[0].due.as_deref(), Some("3月底前"));
        assert_eq!(m[0].status.as_deref(), Some("已完成"));
        assert_eq!(m[1].due.as_deref(), Some("2020年6月30日前"));
        assert_eq!(m[1].status, None);
    }

    #[test]
    fn reads_indicator_targets_and_deadlines() {
        assert_eq!(
            target_of("地区生产总值增长 6.9%。").as_deref(),
            Some("增长6.9%")
        );
        assert_eq!(
            target_of("城镇登记失业率控制在 3%以内。").as_deref(),
            Some("控制在3%以内")
        );
        assert_eq!(deadline("12 月 20 日"), "12月20日");
    }
}
