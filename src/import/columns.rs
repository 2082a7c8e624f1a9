//! Columns by header text, not position. A header row is recognised by its names (with
//! the synonyms reports use), and every data row is aligned to it even when the export
//! dropped or added cells: trailing columns are matched from the right (a merged first
//! column leaves rows shorter), a task column followed by unnamed header cells takes the
//! extra cells as parent groups (谋划构建…网络 › 滨江新区 › the task), and a cell that
//! cannot belong to its column (a sentence under 完成时间, text under 序号) leaves the
//! column empty instead of shifting every other value.

use super::table::Cell;
use std::collections::BTreeMap;

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// 大类: the category (section) of the task.
    Category,
    /// 序号.
    Number,
    /// 全表序号.
    FullNumber,
    /// 工作任务 / 工作内容 / 项目名称: the task's text.
    Text,
    /// 节点计划.
    Milestones,
    /// 分管市领导 / 责任领导 / 分管领导.
    Leader,
    /// 责任单位 (lead unit first).
    Units,
    /// 牵头单位 as its own column.
    LeadUnit,
    /// 配合单位 / 协办单位: units after the lead unit.
    OtherUnits,
    /// 联系单位.
    ContactUnit,
    /// 责任人.
    Owners,
    /// 进展情况 / 完成情况.
    Progress,
    /// A column of status phrases only (完成状态).
    Status,
    /// 存在问题.
    Problems,
    /// 下一步.
    NextSteps,
    /// 完成时间 / 完成时限.
    Deadline,
    /// 目标 / 指标值.
    Target,
    /// A column jindu has no field for, by its header text.
    Extra(String),
    /// A header cell with no name: more cells of the column before it.
    Pad,
}

/// The field a header cell names.
pub fn field_of(name: &str) -> Field {
    let n: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    let n = n
        .split(['（', '('])
        .next()
        .unwrap_or("")
        .trim_end_matches(['：', ':']);
    match n {
        "" => Field::Pad,
        "序号" | "编号" | "序" => Field::Number,
        "全表序号" | "总序号" => Field::FullNumber,
        "大类" | "类别" | "分类" | "类型" => Field::Category,
        "节点计划" | "工作节点" | "进度安排" | "节点安排" | "时间节点及工作内容" => {
            Field::Milestones
        }
        "责任人" | "责任领导人" | "单位责任人" | "负责人" => Field::Owners,
        "牵头单位" => Field::LeadUnit,
        "配合单位" | "协办单位" | "协助单位" => Field::OtherUnits,
        "联系单位" => Field::ContactUnit,
        "存在问题" | "存在的问题" | "问题" => Field::Problems,
        "下一步" | "下一步工作" | "下一步计划" | "下一步工作计划" => {
            Field::NextSteps
        }
        "完成时间" | "完成时限" | "完成期限" | "时限" | "完成时间节点" => {
            Field::Deadline
        }
        "完成状态" | "状态" | "进度状态" => Field::Status,
        "目标" | "目标值" | "指标值" | "目标任务" => Field::Target,
        _ if n.contains("领导") || n == "分管市长" || n == "分管" => Field::Leader,
        _ if n.starts_with("责任单位") || n == "承办单位" || n == "实施单位" => {
            Field::Units
        }
        _ if n.contains("进展") || n.contains("完成情况") || n.contains("推进情况") => {
            Field::Progress
        }
        _ if n.contains("工作任务")
            || n.contains("工作内容")
            || n.contains("项目名称")
            || n == "重点工作"
            || n == "任务内容"
            || n == "具体任务"
            || n == "主要任务" =>
        {
            Field::Text
        }
        _ => Field::Extra(name.split_whitespace().collect::<Vec<_>>().join("")),
    }
}

/// A recognised header row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// One field per column; unnamed columns after the text column are `Pad`.
    pub fields: Vec<Field>,
    /// The source line of the header row.
    pub line: usize,
}

impl Header {
    /// The names of columns jindu has no field for.
    pub fn extras(&self) -> Vec<&str> {
        self.fields
            .iter()
            .filter_map(|f| match f {
                Field::Extra(n) => Some(n.as_str()),
                _ => None,
            })
            .collect()
    }

    /// Whether the table reports progress (has a 进展情况 column).
    pub fn has_progress(&self) -> bool {
        self.fields.contains(&Field::Progress)
    }
}

/// The header a row is, if it is one: it names the task column and at least one other
/// known column, and nothing in it reads like data (a long sentence).
pub fn parse_header(cells: &[Cell], line: usize) -> Option<Header> {
    let fields: Vec<Field> = cells.iter().map(|c| field_of(&c.text)).collect();
    let known = fields
        .iter()
        .filter(|f| !matches!(f, Field::Extra(_) | Field::Pad))
        .count();
    let long = cells.iter().any(|c| c.text.chars().count() > 30);
    if !fields.contains(&Field::Text) || known < 2 || long {
        return None;
    }
    Some(Header { fields, line })
}

/// A data row aligned to the header: the cells it has for each field (present but empty
/// cells included; absent columns are missing from the map), and the cells of the task
/// column with its parent groups, outermost first.
#[derive(Debug, Clone, Default)]
pub struct Aligned {
    /// Cell per field (not `Text`, `Pad`).
    pub fields: BTreeMap<Field, Cell>,
    /// The task column's cells: parent groups, then the task text last.
    pub span: Vec<Cell>,
}

/// Aligns `cells` to `header`. `padded`: trailing empty cells are layout padding.
pub fn align(header: &Header, cells: &[Cell], padded: bool) -> Aligned {
    let mut hdr: &[Field] = &header.fields;
    while hdr.len() > 1 && hdr.last() == Some(&Field::Pad) {
        hdr = &hdr[..hdr.len() - 1];
    }
    let Some(t) = hdr.iter().position(|f| *f == Field::Text) else {
        return Aligned::default();
    };
    let span_len = 1 + hdr[t + 1..]
        .iter()
        .take_while(|f| **f == Field::Pad)
        .count();
    let pre = &hdr[..t];
    let post = &hdr[t + span_len..];
    let mut cells: &[Cell] = cells;
    if padded {
        while cells.len() > hdr.len() && cells.last().is_some_and(|c| c.text.is_empty()) {
            cells = &cells[..cells.len() - 1];
        }
    }
    let mut out = Aligned::default();
    let mut end = cells.len();
    for f in post.iter().rev() {
        if end <= 1 {
            break;
        }
        let c = &cells[end - 1];
        if plausible(f, &c.text) {
            if *f != Field::Pad {
                out.fields.insert(f.clone(), c.clone());
            }
            end -= 1;
        }
    }
    let front = &cells[..end];
    let (pre_cells, span): (Vec<(Field, &Cell)>, &[Cell]) = if front.len() <= pre.len() + 1 {
        let n = front.len().saturating_sub(1);
        let fields = &pre[pre.len() - n..];
        (
            fields.iter().cloned().zip(&front[..n]).collect(),
            &front[n..],
        )
    } else {
        (
            pre.iter().cloned().zip(&front[..pre.len()]).collect(),
            &front[pre.len()..],
        )
    };
    let mut span: Vec<Cell> = span.to_vec();
    for (f, c) in pre_cells.into_iter().rev() {
        if matches!(f, Field::Number | Field::FullNumber)
            && !c.text.is_empty()
            && !is_number(&c.text)
        {
            // Text under 序号: the number was merged away and the cells slid left.
            span.insert(0, c.clone());
            out.fields.insert(
                f,
                Cell {
                    text: String::new(),
                    line: c.line,
                },
            );
        } else if f != Field::Pad {
            out.fields.insert(f, c.clone());
        }
    }
    out.span = span;
    out
}

/// Whether `t` can be the value of a column of kind `f` (only the kinds whose values have
/// a recognisable shape are checked).
fn plausible(f: &Field, t: &str) -> bool {
    if t.is_empty() {
        return true;
    }
    match f {
        Field::Deadline => is_deadline(t),
        Field::Number | Field::FullNumber => is_number(t),
        Field::Leader => {
            t.chars().filter(|c| !c.is_whitespace()).count() <= 16 && !t.contains('。')
        }
        _ => true,
    }
}

/// A task number: `12`, `3-1`, `3.2`.
pub fn is_number(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty()
        && t.chars().count() <= 8
        && t.starts_with(|c: char| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '－' | '—'))
}

/// A deadline: a date or a short time phrase (`12 月底`, `2020年6月30日前`, `持续推进`).
pub fn is_deadline(t: &str) -> bool {
    let t = t.trim();
    t.chars().count() <= 30
        && !t.contains('。')
        && ([
            "月", "日", "年", "底", "前", "持续", "长期", "季度", "常态", "每",
        ]
        .iter()
        .any(|k| t.contains(k))
            || t.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | '.')))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(v: &[&str]) -> Vec<Cell> {
        v.iter()
            .map(|t| Cell {
                text: t.to_string(),
                line: 1,
            })
            .collect()
    }

    fn header(v: &[&str]) -> Header {
        parse_header(&cells(v), 1).expect("a header")
    }

    fn span(a: &Aligned) -> Vec<&str> {
        a.span.iter().map(|c| c.text.as_str()).collect()
    }

    #[test]
    fn recognises_synonyms_and_keeps_unknown_columns() {
        let h = header(&[
            "序号",
            "工作内容",
            "责任领导",
            "责任单位 (排在首位为牵头单位)",
            "完成时间",
            "备注",
        ]);
        assert_eq!(
            h.fields,
            [
                Field::Number,
                Field::Text,
                Field::Leader,
                Field::Units,
                Field::Deadline,
                Field::Extra("备注".into())
            ]
        );
        assert_eq!(field_of("分管\n市领导"), Field::Leader);
        assert!(parse_header(&cells(&["1", "推进工作", "市公安局"]), 1).is_none());
    }

    #[test]
    fn a_shorter_row_lost_its_first_cells() {
        let h = header(&[
            "大类",
            "序号",
            "工作任务",
            "分管市领导",
            "责任单位",
            "责任人",
            "进展情况",
        ]);
        let a = align(
            &h,
            &cells(&["19", "甲", "王", "局", "人", "按进度完成。"]),
            false,
        );
        assert_eq!(a.fields[&Field::Number].text, "19");
        assert!(!a.fields.contains_key(&Field::Category));
        assert_eq!(span(&a), ["甲"]);
    }

    #[test]
    fn extra_cells_before_the_units_are_parent_groups() {
        let h = header(&["序号", "工作任务", "责任单位", "责任人", "进展情况"]);
        let a = align(
            &h,
            &cells(&["13", "父任务", "（1）子项。", "局", "人", "完成。"]),
            false,
        );
        assert_eq!(span(&a), ["父任务", "（1）子项。"]);
        let a = align(
            &h,
            &cells(&["父任务", "（1）子项。", "局", "人", "完成。"]),
            false,
        );
        assert_eq!(span(&a), ["父任务", "（1）子项。"]);
        assert_eq!(a.fields[&Field::Number].text, "");
    }

    #[test]
    fn a_sentence_is_not_a_deadline() {
        let h = header(&["序号", "工作内容", "", "完成时间", "责任单位"]);
        let a = align(
            &h,
            &cells(&[
                "3",
                "高位推进",
                "文商旅产业平台",
                "推进田园综合体开园运营。",
                "杜阮镇",
            ]),
            true,
        );
        assert!(!a.fields.contains_key(&Field::Deadline));
        assert_eq!(
            span(&a),
            ["高位推进", "文商旅产业平台", "推进田园综合体开园运营。"]
        );
        let a = align(
            &h,
            &cells(&["7", "深入推进", "", "", "10月底", "区建管中心", ""]),
            true,
        );
        assert_eq!(a.fields[&Field::Deadline].text, "10月底");
        assert_eq!(span(&a), ["深入推进", "", ""]);
    }
}
