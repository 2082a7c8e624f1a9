//! `jindu import` end to end, through the library: the three seed reports import with
//! their exact counts and field values, re-importing changes nothing, the next period adds
//! entries to the existing tasks, other formats and encodings give the same tasks, and bad
//! input is refused with its line and writes nothing.

mod common;

use jindu::diag::Diagnostic;
use jindu::error::Error;
use jindu::import::{ImportOptions, ImportReport};
use jindu::model::Site;
use std::fs;
use std::path::{Path, PathBuf};

fn seed(name: &str) -> PathBuf {
    common::fixture("import").join(name)
}

const S2018: &str = "2018-jiangmen-city-key-tasks-jan-sep.txt";
const S2020: &str = "2020-jiangmen-livelihood-projects-jan-sep.txt";
const S2021: &str = "2021-pengjiang-district-task-breakdown.txt";

/// A new, empty site in a temp folder.
fn site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("jindu.yaml"), "title: 测试\n").unwrap();
    tmp
}

fn import(root: &Path, file: &Path, plan_dir: &str) -> ImportReport {
    try_import(root, file, Some(plan_dir), false).unwrap_or_else(|e| panic!("{}", show(&e)))
}

fn try_import(
    root: &Path,
    file: &Path,
    plan_dir: Option<&str>,
    dry_run: bool,
) -> Result<ImportReport, Error> {
    jindu::import(&ImportOptions {
        files: vec![file.to_path_buf()],
        into: root.join("content"),
        plan_dir: plan_dir.map(str::to_string),
        dry_run,
        ..ImportOptions::default()
    })
}

fn show(e: &Error) -> String {
    match e {
        Error::Content(d) => d.iter().map(|d| format!("{d}\n")).collect(),
        e => e.to_string(),
    }
}

fn check(root: &Path) -> (Site, Vec<Diagnostic>) {
    let c = jindu::check(&jindu::Options {
        root: root.to_path_buf(),
        ..Default::default()
    })
    .unwrap_or_else(|e| panic!("{}", show(&e)));
    (c.site, c.warnings)
}

fn task<'a>(s: &'a Site, id: &str) -> &'a jindu::model::Task {
    s.tasks
        .iter()
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("no task {id}"))
}

fn unit_names(s: &Site, t: &jindu::model::Task) -> Vec<String> {
    t.units.iter().map(|u| s.units[*u].name.clone()).collect()
}

fn status_of(s: &Site, t: &jindu::model::Task) -> String {
    let p = &s.progress[t.latest().expect("an entry")];
    s.config.statuses[p.status].labels[0].clone()
}

fn lines_of(report: &ImportReport, needle: &str) -> Vec<usize> {
    report
        .warnings
        .iter()
        .filter(|d| d.message.contains(needle))
        .map(|d| d.loc.line)
        .collect()
}

#[test]
fn the_2018_report_has_253_items_in_11_sections_with_lost_rows_reported() {
    let tmp = site();
    let r = import(tmp.path(), &seed(S2018), "2018-city");
    let f = &r.files[0];
    assert_eq!((f.listed, f.tasks, f.stated_total), (253, 253, Some(253)));
    let stated: Vec<_> = f.sections.iter().map(|s| s.stated.unwrap()).collect();
    assert_eq!(stated, [4, 18, 6, 20, 33, 49, 33, 7, 40, 31, 12]);
    for s in &f.sections {
        assert_eq!(Some(s.listed), s.stated, "{}", s.name);
    }
    assert_eq!(f.lost, 6);
    assert_eq!(
        lines_of(&r, "a row was lost in the source"),
        [205, 293, 827, 1120, 3933, 4149]
    );
    assert_eq!(lines_of(&r, "a sub-item row was lost"), [2892, 4280]);
    assert_eq!(lines_of(&r, "the table ends mid-row"), [4914]);
    assert_eq!(
        lines_of(&r, "this row has no 序号"),
        [3492, 3610, 3633, 3647, 3667]
    );
    assert!(lines_of(&r, "states").is_empty(), "no count mismatch");
    assert_eq!(f.entries, 247);

    let (s, _) = check(tmp.path());
    assert_eq!(s.tasks.len(), 253);
    assert_eq!(s.leaders.len(), 11);
    let t = task(&s, "2018-city-01-01");
    assert_eq!(t.title, "推进综治视联网和“雪亮工程”建设。");
    assert_eq!(t.section.as_deref(), Some("一、胡钛同志分管工作"));
    assert_eq!(s.leaders[t.leaders[0]].name, "胡钛");
    assert_eq!(s.units[t.lead_unit.unwrap()].name, "市委政法委");
    assert_eq!(unit_names(&s, t).len(), 9);
    assert_eq!(
        t.owners,
        [
            "赖惠镇",
            "谢焱冰",
            "王长青",
            "张富全",
            "冯一宁",
            "李文聪",
            "陈霞",
            "林健生",
            "许春绵"
        ]
    );
    assert_eq!(status_of(&s, t), "按进度完成");
    let p = &s.progress[t.latest().unwrap()];
    assert!(
        p.narrative
            .starts_with("（1）各镇（街）已通过4月25日全国综治视联网联调测试")
    );

    // A behind-schedule task with its problems.
    let t = task(&s, "2018-city-09-14");
    assert!(t.title.starts_with("确保水环境质量完成省下达的目标任务"));
    assert_eq!(t.number.as_deref(), Some("14"));
    assert_eq!(status_of(&s, t), "未按进度完成");
    let p = &s.progress[t.latest().unwrap()];
    assert!(
        p.problems
            .as_deref()
            .unwrap()
            .starts_with("（1）工业污染未得到有效控制。")
    );
    assert!(!p.narrative.contains("存在问题"));

    // Sub-item rows under one parent task, as milestones with their own units.
    let t = task(&s, "2018-city-09-13");
    assert_eq!(t.title, "改善空气质量，大气质量确保完成省下达的目标任务。");
    assert_eq!(t.milestones.len(), 3);
    assert_eq!(
        t.milestones[1].title,
        "（2）加强城市扬尘、移动源污染防控精细化管理。"
    );
    assert_eq!(s.units[t.milestones[1].units[0]].name, "市住房城乡建设局");

    // Wrapped unit names joined back, placeholders kept.
    let t = task(&s, "2018-city-02-10");
    assert_eq!(
        unit_names(&s, t),
        ["市人力资源社会保障局", "市人才工作领导小组成员单位"]
    );
    assert_eq!(t.owners, ["陈霞", "成员单位负责人"]);

    // A lost row is a placeholder that keeps the text, not an invented task.
    let t = task(&s, "2018-city-02-05");
    assert_eq!(t.title, "（原表第5项缺失：仅存进展情况）");
    assert_eq!(t.tags, ["待补"]);
    assert!(
        t.description
            .contains("已印发《江门市2018年第三方评估行政审批")
    );
}

#[test]
fn the_2020_report_has_21_tasks_in_9_categories() {
    let tmp = site();
    let r = import(tmp.path(), &seed(S2020), "2020-livelihood");
    let f = &r.files[0];
    assert_eq!((f.tasks, f.categories, f.leaders, f.units), (21, 9, 5, 37));
    assert_eq!(f.plan, "2020年市十件民生实事");
    assert_eq!(f.period.as_deref(), Some("2020-jan-sep"));
    assert_eq!(lines_of(&r, "no 大类 cell"), [349, 367, 376]);

    let (s, warnings) = check(tmp.path());
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(s.periods[0].title, "2020年1-9月");
    let t = task(&s, "2020-livelihood-05");
    assert_eq!(s.units[t.lead_unit.unwrap()].name, "市总工会");
    assert_eq!(t.units.len(), 13);
    assert_eq!(t.owners[8], "张璐");
    let t = task(&s, "2020-livelihood-02");
    assert_eq!(t.title, "低保标准不低于900元/人/月");
    assert_eq!(t.section.as_deref(), Some("二、提高底线民生保障水平"));
    assert_eq!(
        unit_names(&s, t),
        ["市民政局", "市财政局", "各市（区）政府"]
    );
    assert_eq!(t.owners, ["谢鸿猷", "李文聪", "各市（区）长"]);
    let t = task(&s, "2020-livelihood-03");
    assert_eq!(
        t.section.as_deref(),
        Some("二、提高底线民生保障水平"),
        "an empty 大类 cell is the one above"
    );
    // Rows without 序号 or 大类, and a row repeated at a page break.
    let t = task(&s, "2020-livelihood-21");
    assert_eq!(t.title, "持续开展“城管进社区管到位”行动。");
    assert_eq!(t.section, None);
    let p = &s.progress[t.latest().unwrap()];
    assert!(p.narrative.contains("（4）开展市政设施养护管理"));
    assert!(
        p.narrative
            .contains("（8）已起草《江门市区户外广告设置专项规划")
    );
    assert_eq!(p.narrative.matches("（1）").count(), 1);
    let done: Vec<&str> = s
        .progress
        .iter()
        .filter(|p| s.config.statuses[p.status].key == "done")
        .map(|p| s.tasks[p.task].id.as_str())
        .collect();
    assert_eq!(done, ["2020-livelihood-09", "2020-livelihood-16"]);
}

#[test]
fn the_2021_breakdown_has_indicators_leader_sections_and_livelihood_projects() {
    let tmp = site();
    let r = import(tmp.path(), &seed(S2021), "2021-pengjiang");
    let f = &r.files[0];
    assert_eq!(f.period, None, "a breakdown is a plan without progress");
    assert_eq!(f.entries, 0);
    assert_eq!(f.plan, "蓬江区政府2021年重点工作任务");
    let leader_sections: Vec<_> = f
        .sections
        .iter()
        .filter(|s| s.name.contains("分管工作"))
        .map(|s| s.listed)
        .collect();
    assert_eq!(leader_sections, [2, 6, 27, 5, 4, 22, 4, 7, 21, 8, 34, 17]);
    assert_eq!(f.sections[0].name, "一、重要指标");
    assert_eq!(f.sections[0].listed, 8);
    assert_eq!(
        f.sections.last().unwrap().name,
        "三、2021年蓬江区十大民生实事"
    );
    assert_eq!(f.sections.last().unwrap().listed, 27);
    // 192 rows; 6 are co-led tasks listed again under another leader.
    assert_eq!((f.listed, f.tasks), (192, 186));

    let (s, warnings) = check(tmp.path());
    assert!(warnings.is_empty(), "{warnings:?}");
    let t = task(&s, "2021-pengjiang-01-01");
    assert_eq!(t.title, "地区生产总值增长6.9%。");
    assert_eq!(t.target.as_deref(), Some("增长6.9%"));
    assert_eq!(t.deadline.as_deref(), Some("12月底"));
    let co: Vec<_> = s
        .tasks
        .iter()
        .filter(|t| t.title.starts_with("实施上市公司倍增计划"))
        .collect();
    assert_eq!(co.len(), 1, "a co-led task is one task");
    let names: Vec<_> = co[0]
        .leaders
        .iter()
        .map(|l| s.leaders[*l].name.as_str())
        .collect();
    assert_eq!(names, ["张文新", "莫兆汉"]);
    let three = s
        .tasks
        .iter()
        .find(|t| t.title.starts_with("继续保持“三人小组”"))
        .unwrap();
    assert_eq!(three.leaders.len(), 3);
    // A child row of a parent group that spans several numbered tasks.
    let t = task(&s, "2021-pengjiang-04-02");
    assert_eq!(t.title, "加快南沙港铁路客运改造等项目建设。");
    assert!(
        t.description
            .contains("上级任务：谋划构建“五纵五横两环两铁”立体化交通网络。")
    );
    assert_eq!(unit_names(&s, t)[3], "区住房和城乡建设局（区交通运输局）");
    // 十大民生实事: a category cell merged into the text is a section again.
    let t = task(&s, "2021-pengjiang-14-02");
    assert_eq!(t.section.as_deref(), Some("一、提高社会保障水平"));
    assert_eq!(s.leaders[t.leaders[0]].name, "罗军");
}

#[test]
fn importing_the_same_file_twice_changes_nothing() {
    let tmp = site();
    import(tmp.path(), &seed(S2020), "2020-livelihood");
    let before = common::read_tree(&tmp.path().join("content"));
    let r = import(tmp.path(), &seed(S2020), "2020-livelihood");
    assert!(r.written.is_empty(), "{:?}", r.written);
    assert_eq!(r.files[0].matched_tasks, 21);
    assert_eq!(common::read_tree(&tmp.path().join("content")), before);
}

#[test]
fn the_next_period_adds_entries_to_the_existing_tasks() {
    let tmp = site();
    import(tmp.path(), &seed(S2020), "2020-livelihood");
    let next = tmp.path().join("2020-q4.txt");
    let text = fs::read_to_string(seed(S2020))
        .unwrap()
        .replace("1-9月进展情况汇总表", "1-12月进展情况汇总表")
        .replace("按进度完成。", "已完成。");
    fs::write(&next, text).unwrap();
    // Another folder name: matching is by plan and number, not by file name.
    let r = import(tmp.path(), &next, "elsewhere");
    let f = &r.files[0];
    assert_eq!((f.new_tasks, f.matched_tasks, f.entries), (0, 21, 21));
    assert_eq!(f.period.as_deref(), Some("2020-jan-dec"));
    let (s, _) = check(tmp.path());
    assert_eq!(s.tasks.len(), 21);
    assert_eq!(s.periods.len(), 2);
    let t = task(&s, "2020-livelihood-01");
    assert_eq!(t.progress.len(), 2);
    assert_eq!(status_of(&s, t), "已完成");
    assert!(!tmp.path().join("content/tasks/elsewhere").exists());
}

#[test]
fn a_dry_run_writes_nothing() {
    let tmp = site();
    let r = try_import(tmp.path(), &seed(S2020), None, true).unwrap();
    assert_eq!(r.written.len(), 43);
    assert!(r.summary().contains("would write 43 file(s)"));
    assert!(!tmp.path().join("content").exists());
    assert_eq!(
        fs::read_dir(tmp.path()).unwrap().count(),
        1,
        "no staging left"
    );
}

#[test]
fn bad_input_is_refused_with_its_line_and_writes_nothing() {
    let tmp = site();
    import(tmp.path(), &seed(S2020), "2020-livelihood");
    let before = common::read_tree(tmp.path());
    let cases: [(&str, &[u8], &str, usize); 4] = [
        ("empty.txt", b"\n\n", "the file is empty", 1),
        ("binary.txt", b"PK\x03\x04\x00\x00junk", "binary file", 1),
        (
            "noheader.txt",
            "某报告\n1\t推进工作\t市公安局\n".as_bytes(),
            "no recognisable header row",
            1,
        ),
        ("bad.xlsx", b"not a zip", "cannot read the spreadsheet", 1),
    ];
    for (name, bytes, message, line) in cases {
        let f = tmp.path().join(name);
        fs::write(&f, bytes).unwrap();
        let err = try_import(tmp.path(), &f, None, false).unwrap_err();
        let Error::Content(diags) = &err else {
            panic!("{name}: {err}")
        };
        let d = diags.iter().find(|d| d.is_error()).unwrap();
        assert!(d.message.contains(message), "{name}: {d}");
        assert_eq!((d.loc.path.as_path(), d.loc.line), (f.as_path(), line));
        fs::remove_file(&f).unwrap();
    }
    assert_eq!(common::read_tree(tmp.path()), before);
}

#[test]
fn a_file_in_the_way_is_not_overwritten_and_nothing_is_written() {
    let tmp = site();
    fs::create_dir_all(tmp.path().join("content/tasks/x")).unwrap();
    // Another plan's task sits where the import would write its task 1.
    fs::write(
        tmp.path().join("content/tasks/x/01.md"),
        "---\ntitle: 别的任务\nplan: 别的计划\n---\n",
    )
    .unwrap();
    let before = common::read_tree(tmp.path());
    let err = try_import(tmp.path(), &seed(S2020), Some("x"), false).unwrap_err();
    assert!(
        show(&err).contains("would overwrite this file"),
        "{}",
        show(&err)
    );
    assert_eq!(common::read_tree(tmp.path()), before);
}

#[test]
fn gbk_csv_and_spreadsheets_import_like_the_text_export() {
    // The 2020 report saved as GBK gives the same files as the UTF-8 one.
    let utf8 = site();
    import(utf8.path(), &seed(S2020), "p");
    let gbk = site();
    let text = fs::read_to_string(seed(S2020))
        .unwrap()
        .replace('\n', "\r\n");
    let (bytes, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad);
    let f = gbk.path().join("report.txt");
    fs::write(&f, &bytes).unwrap();
    let r = import(gbk.path(), &f, "p");
    assert!(
        r.files[0].format.contains("GB18030"),
        "{}",
        r.files[0].format
    );
    assert_eq!(
        common::read_tree(&gbk.path().join("content")),
        common::read_tree(&utf8.path().join("content"))
    );

    // The same table as one-row-per-line text and as CSV.
    let txt = site();
    let rt = import(txt.path(), &seed("general-half-year.txt"), "g");
    let csv = site();
    let rc = import(csv.path(), &seed("general-half-year.csv"), "g");
    assert_eq!(rt.files[0].tasks, 4);
    assert_eq!(
        common::read_tree(&csv.path().join("content")),
        common::read_tree(&txt.path().join("content"))
    );
    assert_eq!(rc.warnings.len(), rt.warnings.len());

    // A spreadsheet with a merged 大类 cell.
    let xl = site();
    import(xl.path(), &seed("livelihood-extract.xlsx"), "x");
    let (s, _) = check(xl.path());
    assert_eq!(s.tasks.len(), 2);
    let t = task(&s, "x-02");
    assert_eq!(t.section.as_deref(), Some("一、提高医疗卫生服务水平"));
    assert_eq!(status_of(&s, t), "已完成");
    let t = task(&s, "x-01");
    assert_eq!(t.owners, ["周津明", "林露华"]);
}

#[test]
fn other_shapes_milestones_unknown_columns_and_several_statuses() {
    let tmp = site();
    let r = import(tmp.path(), &seed("general-half-year.txt"), "g");
    let f = &r.files[0];
    assert_eq!(f.period.as_deref(), Some("2022-h1"));
    assert_eq!(f.plan, "2022年某区政府重点工作");
    assert_eq!(lines_of(&r, "column `备注` has no jindu field"), [4]);
    assert_eq!(lines_of(&r, "states 2 item(s) but 1 were found"), [8]);
    let (s, warnings) = check(tmp.path());
    assert!(warnings.is_empty(), "{warnings:?}");
    let t = task(&s, "g-01-01");
    assert_eq!(
        s.leaders[t.leaders[0]].name, "刘德贤",
        "X常委、副市长分管工作"
    );
    assert_eq!(t.full_number.as_deref(), Some("12"));
    assert_eq!(t.tags, ["★"]);
    assert_eq!(t.deadline.as_deref(), Some("2022年12月底"));
    assert_eq!(t.milestones.len(), 2);
    assert_eq!(t.milestones[0].title, "3月底前完成选址");
    assert_eq!(t.milestones[0].due.as_deref(), Some("3月底前"));
    assert_eq!(
        s.config.statuses[t.milestones[0].status.unwrap()].key,
        "done"
    );
    assert!(t.description.contains("- 备注：省考指标"));
    let t = task(&s, "g-01-02");
    assert_eq!(t.tags, ["列入市重点项目"]);
    assert_eq!(
        status_of(&s, t),
        "基本按进度完成",
        "several statuses in one cell: the worst"
    );
    let t = task(&s, "g-01-03");
    assert_eq!(unit_names(&s, t), ["区城管局", "各镇（街）"]);
    assert_eq!(t.owners, ["孙七", "各镇（街）长"]);
    let t = task(&s, "g-02-01");
    assert!(t.leaders.is_empty(), "a section without a leader");
    let p = &s.progress[t.latest().unwrap()];
    assert_eq!(s.config.statuses[p.status].key, "behind");
    assert_eq!(p.narrative.trim(), "系统招标延后。");
    assert_eq!(p.problems.as_deref(), Some("资金未到位。"));
    assert_eq!(p.next_steps.as_deref(), Some("10月完成招标。"));
}

#[test]
fn reimporting_from_the_site_root_with_the_default_folder_changes_nothing() {
    // Regression: with the default `--into content` (a relative path) existing tasks were
    // not recognised, and every entry was written again under another id.
    let tmp = site();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_jindu"))
            .arg("import")
            .args(args)
            .current_dir(tmp.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let file = seed(S2018);
    let file = file.to_str().unwrap();
    run(&[file, "--plan-dir", "2018-city"]);
    let before = common::read_tree(tmp.path());
    let out = run(&[file]);
    assert!(out.contains("wrote 0 file(s), 247 unchanged"), "{out}");
    assert!(
        out.contains("253 tasks (0 new, 253 matched existing)"),
        "{out}"
    );
    assert_eq!(common::read_tree(tmp.path()), before);
}

#[test]
fn two_periods_of_a_plan_in_one_run_make_one_set_of_tasks_and_periods_keep_their_order() {
    let tmp = site();
    // The later report first: the periods file must still read as a timeline.
    let q3 = tmp.path().join("q3.txt");
    let h1 = tmp.path().join("h1.txt");
    let text = fs::read_to_string(seed(S2020)).unwrap();
    fs::write(&q3, &text).unwrap();
    fs::write(
        &h1,
        text.replace("1-9月进展情况汇总表", "上半年进展情况汇总表"),
    )
    .unwrap();
    let r = jindu::import(&ImportOptions {
        files: vec![q3, h1],
        into: tmp.path().join("content"),
        ..ImportOptions::default()
    })
    .unwrap_or_else(|e| panic!("{}", show(&e)));
    assert_eq!((r.files[0].new_tasks, r.files[1].matched_tasks), (21, 21));
    assert_eq!(r.files[1].entries, 21);
    let (s, _) = check(tmp.path());
    assert_eq!(s.tasks.len(), 21);
    let periods: Vec<&str> = s.periods.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(periods, ["2020-h1", "2020-jan-sep"]);

    // An earlier period imported later is put before the others.
    let old = tmp.path().join("2018.txt");
    fs::copy(seed(S2018), &old).unwrap();
    import(tmp.path(), &old, "2018-city");
    let (s, _) = check(tmp.path());
    let periods: Vec<&str> = s.periods.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(periods, ["2018-jan-sep", "2020-h1", "2020-jan-sep"]);
}
