//! Property tests of the importer's parsers (the fuzz target of issue 3): random tables in
//! every input format, and the seed reports mutated (lines deleted, repeated, swapped,
//! truncated, tabs and blank lines inserted), never panic; every diagnostic points at a
//! line of the file; and whatever is read, the files written from it are valid content
//! (front matter that parses, a title, a plan).

use jindu::config::default_statuses;
use jindu::import::write::{self, Existing, PeriodDef, Target};
use jindu::import::{self, read_table};
use jindu::loader::raw::{RawProgress, RawTask};
use jindu::loader::{frontmatter, yaml};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

const SEEDS: [&str; 3] = [
    "2018-jiangmen-city-key-tasks-jan-sep.txt",
    "2020-jiangmen-livelihood-projects-jan-sep.txt",
    "2021-pengjiang-district-task-breakdown.txt",
];

fn seed_lines(i: usize) -> Vec<String> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(SEEDS[i]);
    std::fs::read_to_string(p)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// The number of cases: `PROPTEST_CASES` when set (for long fuzzing runs), else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Reads `bytes` as `name`, writes the files, and checks the invariants.
fn run(name: &str, bytes: Vec<u8>) -> Result<(), TestCaseError> {
    let path = PathBuf::from(name);
    let lines = 1 + bytes.iter().filter(|b| **b == b'\n').count();
    let statuses = default_statuses();
    let (table, diags) = read_table(&path, bytes, &statuses);
    for d in diags.into_sorted() {
        prop_assert!(d.loc.line >= 1 && d.loc.line <= lines.max(1) + 1, "{d}");
    }
    let Some((table, _)) = table else {
        return Ok(());
    };
    let target = Target {
        plan: "计划".into(),
        plan_dir: "p".into(),
        period: Some(PeriodDef {
            id: "2020-jan-sep".into(),
            title: "2020年1-9月".into(),
            start: None,
            end: None,
        }),
        source: path,
    };
    let mut wd = jindu::diag::Diagnostics::default();
    let files = write::files(&[(table, target)], &Existing::default(), &mut wd);
    for (rel, text) in &files.files {
        if rel == Path::new("periods.yaml") {
            continue;
        }
        let fm = frontmatter::split(text);
        prop_assert!(fm.is_ok(), "{}: no front matter:\n{text}", rel.display());
        let fm = fm.unwrap();
        if rel.starts_with("tasks") {
            let t: Result<RawTask, _> = yaml::parse(fm.yaml, rel, fm.yaml_line);
            prop_assert!(t.is_ok(), "{}: {:?}\n{text}", rel.display(), t.err());
            let t = t.unwrap();
            prop_assert!(t.title.is_some_and(|t| !t.trim().is_empty()), "{text}");
            prop_assert_eq!(t.plan.as_deref(), Some("计划"));
        } else {
            let p: Result<RawProgress, _> = yaml::parse(fm.yaml, rel, fm.yaml_line);
            prop_assert!(p.is_ok(), "{}: {:?}\n{text}", rel.display(), p.err());
            prop_assert!(p.unwrap().status.is_some());
        }
    }
    Ok(())
}

/// Pieces tables are made of: header words, numbers, status phrases, markers, marks.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\t".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just(" \t".to_string()),
        Just(",".to_string()),
        Just("\"".to_string()),
        Just("\r\n".to_string()),
        prop::sample::select(vec![
            "序号",
            "全表序号",
            "工作任务",
            "工作内容",
            "节点计划",
            "分管市领导",
            "责任单位",
            "责任人",
            "进展情况",
            "完成时间",
            "大类",
            "备注",
            "1",
            "12",
            "3-1",
            "按进度完成。",
            "▲未按进度完成。",
            "已完成",
            "存在问题：",
            "下一步：",
            "（1）",
            "（牵头单位：市局）",
            "【牵头单位：",
            "（该项工作由张三、李四同志共同负责）",
            "一、张三同志分管工作（共2项）",
            "（二）李四副市长分管工作",
            "（共3项）",
            "★",
            "陈  霞",
            "各市(区)长",
            "市民政局",
            "12 月底",
            "<p>",
            "</p>",
            "<b>",
            "（",
            "）",
            "【",
            "】",
            "2020年1-9月汇总表",
            "成员单位",
            "负责人",
            "、",
            "。",
            " ",
            "\u{3000}",
            "\u{FEFF}",
        ])
        .prop_map(str::to_string),
        "[\\PC]{0,6}",
    ]
}

fn table_text() -> impl Strategy<Value = String> {
    prop::collection::vec(token(), 0..200).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(400)))]

    #[test]
    fn random_tables_never_panic_in_any_format(text in table_text(), ext in 0usize..3) {
        let name = ["t.txt", "t.csv", "t.tsv"][ext];
        run(name, text.into_bytes())?;
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400), ext in 0usize..5) {
        let name = ["r.txt", "r.csv", "r.xlsx", "r.xls", "r.ods"][ext];
        run(name, bytes)?;
    }
}

/// One edit of a seed's lines.
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize, usize),
    Repeat(usize, usize),
    Swap(usize, usize),
    InsertBlank(usize),
    InsertTab(usize),
    TruncateLine(usize, usize),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let i = 0usize..5000;
    prop_oneof![
        (i.clone(), 1usize..40).prop_map(|(a, n)| Edit::Delete(a, n)),
        (i.clone(), 1usize..20).prop_map(|(a, n)| Edit::Repeat(a, n)),
        (i.clone(), i.clone()).prop_map(|(a, b)| Edit::Swap(a, b)),
        i.clone().prop_map(Edit::InsertBlank),
        i.clone().prop_map(Edit::InsertTab),
        (i.clone(), 0usize..40).prop_map(|(a, n)| Edit::TruncateLine(a, n)),
        i.prop_map(Edit::Truncate),
    ]
}

fn apply(lines: &mut Vec<String>, e: &Edit) {
    if lines.is_empty() {
        return;
    }
    let at = |i: usize| i % lines.len();
    match *e {
        Edit::Delete(a, n) => {
            let a = at(a);
            let end = (a + n).min(lines.len());
            lines.drain(a..end);
        }
        Edit::Repeat(a, n) => {
            let a = at(a);
            let end = (a + n).min(lines.len());
            let copy: Vec<String> = lines[a..end].to_vec();
            lines.splice(end..end, copy);
        }
        Edit::Swap(a, b) => {
            let (a, b) = (at(a), at(b));
            lines.swap(a, b);
        }
        Edit::InsertBlank(a) => {
            let a = at(a);
            lines.insert(a, String::new());
        }
        Edit::InsertTab(a) => {
            let a = at(a);
            lines[a].insert(0, '\t');
        }
        Edit::TruncateLine(a, n) => {
            let a = at(a);
            lines[a] = lines[a].chars().take(n).collect();
        }
        Edit::Truncate(a) => {
            let a = at(a);
            lines.truncate(a);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(150)))]

    #[test]
    fn mutated_seed_reports_never_panic(which in 0usize..3, edits in prop::collection::vec(edit(), 1..6)) {
        let mut lines = seed_lines(which);
        for e in &edits {
            apply(&mut lines, e);
        }
        run(SEEDS[which], lines.join("\n").into_bytes())?;
    }
}

#[test]
fn the_plan_name_is_read_from_the_title() {
    assert_eq!(
        import::plan_from_title("2018年市政府重点工作1-9月进展情况汇总表"),
        "2018年市政府重点工作"
    );
    assert_eq!(
        import::plan_from_title("蓬江区政府 2021 年重点工作任务分解表"),
        "蓬江区政府2021年重点工作任务"
    );
}
