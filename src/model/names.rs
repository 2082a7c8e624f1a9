//! Normalisation of names and status phrases, applied once, at validation, so that every
//! later stage compares one spelling: reports pad person names for alignment (陈  霞),
//! mix full- and half-width brackets in unit names, and put marks such as ▲ before statuses.

/// Whether `c` is a CJK ideograph (the scripts of Chinese names and text).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Whitespace of every width, including the ideographic space U+3000 and NBSP.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{A0}'
}

/// Collapses whitespace: removed entirely in names with Chinese characters (where it is
/// only padding), collapsed to one space in Latin names.
fn squeeze(s: &str) -> String {
    let s = s.trim_matches(is_space);
    if s.chars().any(is_han) {
        s.chars().filter(|c| !is_space(*c)).collect()
    } else {
        let mut out = String::with_capacity(s.len());
        for word in s.split(is_space).filter(|w| !w.is_empty()) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
        out
    }
}

/// A person's name as one spelling: `陈  霞` → `陈霞`. Placeholders such as 各市（区）长
/// are kept as written (they are not people, but they are what the report says).
pub fn normalise_person(s: &str) -> String {
    normalise_unit(s)
}

/// A unit's name as one spelling: half-width brackets become full-width (the form the
/// reports mostly use), padding is removed: `各镇(街)` → `各镇（街）`.
pub fn normalise_unit(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            _ => c,
        })
        .collect();
    squeeze(&s)
}

/// Plain text fields (titles, plans, sections): trimmed, internal runs of whitespace kept
/// as written, because in running text they can be meaningful.
pub fn normalise_text(s: &str) -> String {
    s.trim_matches(is_space).to_string()
}

/// A status phrase without the marks reports put around it: `▲未按进度完成。` → `未按进度完成`.
pub fn normalise_status(s: &str) -> String {
    let t = s.trim_matches(|c: char| {
        is_space(c)
            || matches!(
                c,
                '▲' | '△'
                    | '★'
                    | '☆'
                    | '●'
                    | '○'
                    | '■'
                    | '□'
                    | '◆'
                    | '◇'
                    | '※'
                    | '*'
                    | '·'
                    | '•'
                    | '。'
                    | '.'
                    | '；'
                    | ';'
                    | '，'
                    | ','
                    | '：'
                    | ':'
            )
    });
    squeeze(t)
}

/// A sort key for section names that start with a Chinese or Arabic ordinal
/// (`三、…`, `（十二）…`, `3.`), so that 二 sorts before 三 and 十 before 十一.
pub fn ordinal_prefix(s: &str) -> Option<u32> {
    let t = s.trim_start_matches(['（', '(', ' ', '【']);
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    if !digits.is_empty() {
        return digits.parse().ok();
    }
    let numeral: String = t
        .chars()
        .take_while(|c| "〇零一二三四五六七八九十百两".contains(*c))
        .collect();
    let next = t[numeral.len()..].chars().next();
    if numeral.is_empty() || !matches!(next, Some('、' | '）' | ')' | '.' | '．' | '】' | ' '))
    {
        return None;
    }
    chinese_number(&numeral)
}

/// 一 → 1, 十二 → 12, 二十三 → 23, 一百零五 → 105.
fn chinese_number(s: &str) -> Option<u32> {
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
    };
    let mut total = 0;
    let mut current = 0;
    for c in s.chars() {
        match c {
            '十' => {
                total += current.max(1) * 10;
                current = 0;
            }
            '百' => {
                total += current.max(1) * 100;
                current = 0;
            }
            '〇' => current = 0,
            '两' => current = 2,
            _ => current = digit(c)?,
        }
    }
    Some(total + current)
}

/// A natural sort key for a task number: `3` < `12`, `3-1` after `3`.
pub fn number_key(s: &str) -> (u32, String) {
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    (digits.parse().unwrap_or(u32::MAX), s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_padding_in_chinese_person_names() {
        assert_eq!(normalise_person("陈  霞"), "陈霞");
        assert_eq!(normalise_person("刘\u{3000}兵 "), "刘兵");
        assert_eq!(normalise_person("  John   Smith "), "John Smith");
    }

    #[test]
    fn unit_brackets_of_both_widths_are_one_unit() {
        assert_eq!(normalise_unit("各镇(街)"), normalise_unit("各镇（街）"));
        assert_eq!(normalise_unit("各市（区） 政府"), "各市（区）政府");
    }

    #[test]
    fn normalisation_is_idempotent() {
        for s in [
            "陈  霞",
            "各镇(街)",
            " ▲未按进度完成。",
            "a  b",
            "（三）张文新同志",
        ] {
            let once = normalise_unit(s);
            assert_eq!(normalise_unit(&once), once);
            let st = normalise_status(s);
            assert_eq!(normalise_status(&st), st);
        }
    }

    #[test]
    fn reads_chinese_ordinals_of_sections() {
        assert_eq!(ordinal_prefix("一、提高医疗卫生服务水平"), Some(1));
        assert_eq!(ordinal_prefix("十二、其他"), Some(12));
        assert_eq!(ordinal_prefix("（二十三）张文新同志分管工作"), Some(23));
        assert_eq!(ordinal_prefix("3. x"), Some(3));
        assert_eq!(ordinal_prefix("重点项目类"), None);
        assert_eq!(ordinal_prefix("一般工作"), None);
    }
}
