//! Calendar dates and deadlines. Reports write deadlines as dates or as text (12月底,
//! 2020年底前, 持续推进); the model keeps the text for display and, where the text names a
//! day, that day, so "overdue" can be computed once at validation.

use std::fmt;

/// A calendar date (proleptic Gregorian), ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day, 1–31.
    pub day: u32,
}

impl Date {
    /// A date if it exists (2020-02-30 does not).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD` (also `YYYY/MM/DD`, `YYYY.MM.DD`, `YYYY年M月D日`).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        let parts: Vec<&str> = s
            .trim_end_matches('日')
            .split(['-', '/', '.', '年', '月'])
            .collect();
        if parts.len() != 3 || parts[0].len() != 4 {
            return None;
        }
        if !parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
        {
            return None;
        }
        Date::new(
            parts[0].parse().ok()?,
            parts[1].parse().ok()?,
            parts[2].parse().ok()?,
        )
    }

    /// The number of days since 0000-03-01, for day differences.
    pub fn day_number(self) -> i64 {
        let (y, m) = if self.month <= 2 {
            (self.year as i64 - 1, self.month as i64 + 9)
        } else {
            (self.year as i64, self.month as i64 - 3)
        };
        365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + self.day as i64 - 1
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Whether `s` looks like an attempt at a numeric date (so a failure to parse it is an
/// error, not free text): four digits, a separator, digits, a separator, digits.
pub fn looks_like_date(s: &str) -> bool {
    let s = s.trim();
    let mut groups = s.split(['-', '/', '.']);
    let ok = |g: Option<&str>, max: usize| {
        g.is_some_and(|g| !g.is_empty() && g.len() <= max && g.chars().all(|c| c.is_ascii_digit()))
    };
    ok(groups.next(), 4)
        && ok(groups.next(), 2)
        && ok(groups.next(), 2)
        && groups.next().is_none()
        && s.len() >= 8
}

/// The day a deadline falls on, when the text names one. `year` is used when the text
/// names a month without a year (12月底).
pub fn deadline_date(text: &str, year: i32) -> Option<Date> {
    let t = text.trim();
    if let Some(d) = Date::parse(t) {
        return Some(d);
    }
    // YYYY年 prefix, optional.
    let (y, rest) = match t.find('年') {
        Some(i) if i == 4 && t[..4].chars().all(|c| c.is_ascii_digit()) => {
            (t[..4].parse().ok()?, &t[i + '年'.len_utf8()..])
        }
        _ => (year, t),
    };
    if rest.starts_with('底') || rest.starts_with('末') || rest.starts_with("年底") {
        return Date::new(y, 12, 31);
    }
    let m_end = rest.find('月')?;
    let month: u32 = rest[..m_end].parse().ok()?;
    let after = &rest[m_end + '月'.len_utf8()..];
    if after.starts_with('底')
        || after.starts_with('末')
        || after.is_empty()
        || after.starts_with('前')
    {
        return Date::new(y, month, days_in_month(y, month));
    }
    let d_end = after.find('日')?;
    Date::new(y, month, after[..d_end].parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_real_dates() {
        assert_eq!(Date::parse("2020-09-30"), Date::new(2020, 9, 30));
        assert_eq!(Date::parse("2020年9月30日"), Date::new(2020, 9, 30));
        assert_eq!(Date::parse("2020-13-45"), None);
        assert_eq!(Date::parse("2021-02-29"), None);
        assert!(Date::parse("2020-02-29").is_some());
        assert!(looks_like_date("2020-13-45"));
        assert!(!looks_like_date("持续推进"));
    }

    #[test]
    fn reads_deadline_texts() {
        assert_eq!(deadline_date("12月底", 2020), Date::new(2020, 12, 31));
        assert_eq!(deadline_date("2019年6月底前", 2020), Date::new(2019, 6, 30));
        assert_eq!(deadline_date("2020年底前", 2021), Date::new(2020, 12, 31));
        assert_eq!(
            deadline_date("2018年10月15日", 2020),
            Date::new(2018, 10, 15)
        );
        assert_eq!(deadline_date("持续推进", 2020), None);
    }

    #[test]
    fn counts_days() {
        let a = Date::new(2020, 2, 28).unwrap();
        let b = Date::new(2020, 3, 1).unwrap();
        assert_eq!(b.day_number() - a.day_number(), 2);
    }
}
