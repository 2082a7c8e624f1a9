//! Property tests and fuzz targets (proptest; cargo-fuzz would need nightly in CI).
//!
//! Properties: name normalisation is idempotent; slugs are safe file names; a generated
//! site gives byte-identical output whatever the file order and thread count, and every
//! internal link and asset in it resolves.
//!
//! Fuzz targets: the front-matter splitter, the YAML loader (decode → split → outline →
//! parse, for every raw type), `check` (and `build` when it passes) on a site with a
//! mutated file, and the importer's table reader for every layout. Inputs are random token soups and mutations
//! of every content and report file in the repository. CI runs a short pass; for a long
//! run set `JINDU_FUZZ_CASES` (cases per target) and optionally `JINDU_FUZZ_SECONDS` (a
//! time cap per target):
//!
//! ```sh
//! JINDU_FUZZ_CASES=100000000 JINDU_FUZZ_SECONDS=600 nice cargo test --release \
//!     --test properties fuzz_ -- --nocapture --test-threads 1
//! ```

mod common;

use common::*;
use jindu::loader::outline::Outline;
use jindu::loader::raw::{RawPeriod, RawPerson, RawProgress, RawTask};
use jindu::loader::{decode_owned, decode_text, frontmatter, yaml};
use jindu::model::names;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------- properties

fn name_like() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(vec![
                "陈",
                "霞",
                "市",
                "局",
                "各",
                "镇",
                "街",
                "区",
                " ",
                "  ",
                "\u{3000}",
                "\u{a0}",
                "(",
                ")",
                "（",
                "）",
                "▲",
                "。",
                "★",
                "a",
                "B",
                "-",
                "_",
                "/",
                "\\",
                "..",
                "\t",
                "已完成",
                "按进度完成",
                ":",
                "；",
                "*",
                "·",
            ])
            .prop_map(str::to_string),
            any::<char>().prop_map(String::from),
        ],
        0..24,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(Config { cases: 512, failure_persistence: None, ..Config::default() })]

    #[test]
    fn normalisation_is_idempotent(s in name_like()) {
        for f in [names::normalise_person, names::normalise_unit, names::normalise_text, names::normalise_status] {
            let once = f(&s);
            prop_assert_eq!(f(&once), once.clone(), "input {:?}", s);
        }
    }

    /// The loader's fast path (owned bytes, SIMD check, no copy) decides and decodes
    /// exactly as the byte-by-byte `decode_text` does, for text, BOMs, CRs and broken bytes.
    #[test]
    fn owned_decoding_agrees_with_decode_text(
        parts in prop::collection::vec(prop_oneof![
            any::<String>().prop_map(String::into_bytes),
            prop::sample::select(vec![
                b"\xEF\xBB\xBF".to_vec(), b"\r\n".to_vec(), b"\r".to_vec(), "进度".as_bytes().to_vec(),
                b"\xE8\xBF".to_vec(), b"\xFF\xFE".to_vec(), b"\xB9\xA4".to_vec(), vec![0],
            ]),
        ], 0..8)
    ) {
        let bytes = parts.concat();
        let path = Path::new("content/tasks/a.md");
        let slow = decode_text(&bytes, path).map_err(|d| d.to_string());
        let fast = decode_owned(bytes, path).map_err(|d| d.to_string());
        prop_assert_eq!(fast, slow);
    }

    #[test]
    fn normalisation_is_idempotent_on_any_text(s in any::<String>()) {
        for f in [names::normalise_person, names::normalise_unit, names::normalise_text, names::normalise_status] {
            let once = f(&s);
            prop_assert_eq!(f(&once), once.clone());
        }
    }

    #[test]
    fn slugs_are_safe_file_names(s in name_like()) {
        for style in [jindu::config::SlugStyle::Readable, jindu::config::SlugStyle::Ascii] {
            let slug = jindu::render::routes::slug(&s, style);
            prop_assert!(!slug.is_empty());
            prop_assert!(slug.len() <= 200, "{} bytes", slug.len());
            prop_assert!(!slug.contains(['/', '\\', ':', '.', ' ']), "{:?} → {:?}", s, slug);
            prop_assert!(!["con", "nul", "aux", "prn", "index"].contains(&slug.as_str()));
            prop_assert_eq!(jindu::render::routes::slug(&s, style), slug.clone(), "stable");
        }
    }
}

/// A small generated site: tasks with padded, bracketed and aliased names, inline and
/// separate progress entries over two periods. Bodies hold no `[`: a Markdown link that
/// an editor points at a missing page is the content's, not the generator's.
#[derive(Debug, Clone)]
struct GenTask {
    leaders: Vec<usize>,
    units: Vec<usize>,
    plan: usize,
    section: Option<usize>,
    number: u8,
    entries: Vec<(usize, usize, bool)>,
    body: String,
}

fn gen_site() -> impl Strategy<Value = (Vec<GenTask>, Vec<usize>)> {
    let task = (
        prop::collection::vec(0..5usize, 1..3),
        prop::collection::vec(0..7usize, 1..4),
        0..3usize,
        prop::option::of(0..4usize),
        any::<u8>(),
        prop::collection::vec((0..2usize, 0..6usize, any::<bool>()), 0..3),
        "[a-z 进度完成<>&\"'*#()\n-]{0,80}",
    )
        .prop_map(
            |(leaders, units, plan, section, number, entries, body)| GenTask {
                leaders,
                units,
                plan,
                section,
                number,
                entries,
                body,
            },
        );
    prop::collection::vec(task, 1..14).prop_flat_map(|tasks| {
        let n = tasks.len() * 3 + 4;
        (
            Just(tasks),
            Just((0..n).collect::<Vec<usize>>()).prop_shuffle(),
        )
    })
}

/// The site's files as (path, text).
fn site_files(tasks: &[GenTask]) -> Vec<(String, String)> {
    const LEADERS: [&str; 5] = [
        "王长青",
        "陈  霞",
        "陈霞同志",
        "John  Smith",
        "各市（区）长",
    ];
    const UNITS: [&str; 7] = [
        "市交通运输局",
        "各镇(街)",
        "各镇（街）",
        "区土储中心",
        "区土地储备中心",
        "市/局",
        "CON",
    ];
    const STATUSES: [&str; 6] = [
        "已完成",
        "▲未按进度完成。",
        "按进度完成",
        "基本按进度推进",
        "暂缓",
        "计划调整",
    ];
    let mut files = vec![
        ("jindu.yaml".to_string(), "title: 生成的站点\nbase_url: https://example.gov.cn/x/\n".to_string()),
        (
            "content/periods.yaml".to_string(),
            "- id: h1\n  title: 上半年\n  start: 2020-01-01\n  end: 2020-06-30\n- id: q3\n  title: 1-9月\n  start: 2020-01-01\n  end: 2020-09-30\n".to_string(),
        ),
        ("content/leaders.yaml".to_string(), "- name: 王长青\n- name: 陈霞\n  aliases: [陈霞同志]\n".to_string()),
        ("content/units.yaml".to_string(), "- name: 区土地储备中心\n  aliases: [区土储中心]\n".to_string()),
    ];
    for (i, t) in tasks.iter().enumerate() {
        let list = |idx: &[usize], names: &[&str]| {
            idx.iter()
                .map(|&j| format!("\"{}\"", names[j]))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut inline = String::new();
        let mut seen = std::collections::BTreeSet::new();
        for &(period, status, separate) in &t.entries {
            if !seen.insert(period) {
                continue;
            }
            let pid = ["h1", "q3"][period];
            let problems = if STATUSES[status].contains("未按") {
                "\n    problems: 拆迁滞后"
            } else {
                ""
            };
            if separate {
                files.push((
                    format!("content/progress/{pid}/t{i}.md"),
                    format!(
                        "---\ntask: g-t{i}\nperiod: {pid}\nstatus: \"{}\"{}\n---\n进展 {}\n",
                        STATUSES[status],
                        problems.replace("\n    ", "\n"),
                        t.body
                    ),
                ));
            } else {
                inline.push_str(&format!(
                    "  - period: {pid}\n    status: \"{}\"{problems}\n",
                    STATUSES[status]
                ));
            }
        }
        let section = t
            .section
            .map(|s| format!("section: {}、第{s}类\n", ["一", "二", "十", "十一"][s]))
            .unwrap_or_default();
        let progress = if inline.is_empty() {
            String::new()
        } else {
            format!("progress:\n{inline}")
        };
        files.push((
            format!("content/tasks/g/t{i}.md"),
            format!(
                "---\ntitle: 任务{i}。\nplan: 计划{}\n{section}number: {}\nleaders: [{}]\nunits: [{}]\n{progress}---\n{}\n",
                t.plan,
                t.number,
                list(&t.leaders, &LEADERS),
                list(&t.units, &UNITS),
                t.body
            ),
        ));
    }
    files
}

fn write_in_order(root: &Path, files: &[(String, String)], order: &[usize]) {
    let mut idx: Vec<usize> = order.iter().copied().filter(|&i| i < files.len()).collect();
    for i in 0..files.len() {
        if !idx.contains(&i) {
            idx.push(i);
        }
    }
    for i in idx {
        let (p, text) = &files[i];
        let path = root.join(p);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

proptest! {
    #![proptest_config(Config { cases: 16, failure_persistence: None, ..Config::default() })]

    #[test]
    fn file_order_and_thread_count_do_not_change_the_output((tasks, order) in gen_site()) {
        let files = site_files(&tasks);
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        write_in_order(&a, &files, &order);
        let reversed: Vec<usize> = order.iter().rev().copied().collect();
        write_in_order(&b, &files, &reversed);
        let pool = |n| rayon::ThreadPoolBuilder::new().num_threads(n).build().unwrap();
        let opts = |root: &Path| jindu::Options { root: root.to_path_buf(), ..Default::default() };
        let ra = pool(1).install(|| jindu::build(&opts(&a), &tmp.path().join("out-a")));
        let rb = pool(4).install(|| jindu::build(&opts(&b), &tmp.path().join("out-b")));
        match (ra, rb) {
            (Ok(_), Ok(_)) => {
                let ta = read_tree(&tmp.path().join("out-a"));
                let tb = read_tree(&tmp.path().join("out-b"));
                prop_assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
                prop_assert!(ta == tb, "same content, other order and threads, other bytes");
                prop_assert_eq!(broken_links(&ta), Vec::<String>::new());
                prop_assert!(internal_links(&ta).len() > 10);
            }
            (Err(jindu::error::Error::Content(da)), Err(jindu::error::Error::Content(db))) => {
                let strip = |d: &[jindu::diag::Diagnostic], r: &Path| {
                    d.iter().map(|x| x.to_string().replace(&r.display().to_string(), "")).collect::<Vec<_>>()
                };
                prop_assert_eq!(strip(&da, &a), strip(&db, &b));
            }
            (ra, rb) => prop_assert!(false, "{:?} vs {:?}", ra.err().map(|e| e.to_string()), rb.err().map(|e| e.to_string())),
        }
    }
}

// ---------------------------------------------------------------- fuzz targets

const TOKENS: &[&str] = &[
    "---\n",
    "...\n",
    "\n",
    "\r\n",
    "\r",
    " ",
    "  ",
    "\t",
    "- ",
    ": ",
    ":",
    "#",
    "'",
    "\"",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "!!str ",
    "!!binary ",
    "? ",
    "|",
    ">",
    "|-\n  ",
    "%YAML 1.2\n",
    "<<: *a\n",
    "~",
    "null",
    "true",
    "1.10",
    "-0",
    "0x1F",
    "2020-13-45",
    "2020-02-29",
    "title",
    "plan",
    "leaders",
    "units",
    "owners",
    "milestones",
    "progress",
    "period",
    "status",
    "task",
    "id",
    "name",
    "aliases",
    "start",
    "end",
    "due",
    "description",
    "narrative",
    "已完成",
    "按进度完成",
    "王长青",
    "（",
    "）",
    "\u{feff}",
    "\u{0}",
    "\u{85}",
    "\u{2028}",
    "\\",
    "\\u0000",
    "<script>",
    "javascript:",
    "\u{1F600}",
    "\u{fffd}",
];

fn token_soup() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            8 => prop::sample::select(TOKENS).prop_map(|t| t.as_bytes().to_vec()),
            1 => any::<String>().prop_map(String::into_bytes),
            1 => prop::collection::vec(any::<u8>(), 0..4),
        ],
        0..80,
    )
    .prop_map(|v| v.concat())
}

/// Every content and report file in the repository, as seeds for mutation.
fn seeds(dirs: &[&str]) -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for d in dirs {
        for e in walkdir::WalkDir::new(root.join(d)).sort_by_file_name() {
            let e = e.unwrap();
            if e.file_type().is_file() && !e.path().ends_with("expected.txt") {
                out.push((e.path().to_path_buf(), fs::read(e.path()).unwrap()));
            }
        }
    }
    assert!(!out.is_empty());
    out
}

fn content_seeds() -> &'static [(PathBuf, Vec<u8>)] {
    static S: OnceLock<Vec<(PathBuf, Vec<u8>)>> = OnceLock::new();
    S.get_or_init(|| seeds(&["content", "tests/fixtures/basic", "tests/fixtures/invalid"]))
}

fn report_seeds() -> &'static [(PathBuf, Vec<u8>)] {
    static S: OnceLock<Vec<(PathBuf, Vec<u8>)>> = OnceLock::new();
    S.get_or_init(|| seeds(&["tests/fixtures/import"]))
}

#[derive(Debug, Clone)]
enum Mutation {
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Replace(usize, Vec<u8>),
    Duplicate(usize, usize, usize),
    Flip(usize, u8),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let bytes = prop_oneof![
        3 => prop::sample::select(TOKENS).prop_map(|t| t.as_bytes().to_vec()),
        1 => prop::collection::vec(any::<u8>(), 1..6),
    ];
    prop_oneof![
        (any::<usize>(), bytes.clone()).prop_map(|(p, b)| Mutation::Insert(p, b)),
        (any::<usize>(), 1..40usize).prop_map(|(p, n)| Mutation::Delete(p, n)),
        (any::<usize>(), bytes).prop_map(|(p, b)| Mutation::Replace(p, b)),
        (any::<usize>(), 1..200usize, any::<usize>())
            .prop_map(|(a, n, b)| Mutation::Duplicate(a, n, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(p, x)| Mutation::Flip(p, x)),
    ]
}

fn mutate(mut data: Vec<u8>, muts: &[Mutation]) -> Vec<u8> {
    for m in muts {
        let len = data.len();
        let at = |p: usize| if len == 0 { 0 } else { p % (len + 1) };
        match m {
            Mutation::Insert(p, b) => {
                let p = at(*p);
                data.splice(p..p, b.iter().copied());
            }
            Mutation::Delete(p, n) => {
                let p = at(*p);
                let e = (p + n).min(len);
                data.drain(p..e);
            }
            Mutation::Replace(p, b) => {
                let p = at(*p);
                let e = (p + b.len()).min(len);
                data.splice(p..e, b.iter().copied());
            }
            Mutation::Duplicate(a, n, b) => {
                let a = at(*a);
                let e = (a + n).min(len);
                let piece = data[a..e].to_vec();
                let b = at(*b);
                data.splice(b..b, piece);
            }
            Mutation::Flip(p, x) => {
                if len > 0 {
                    data[p % len] ^= x;
                }
            }
        }
    }
    data
}

/// Random soup or a mutated seed file, with the seed's extension.
fn fuzz_input(
    seeds: fn() -> &'static [(PathBuf, Vec<u8>)],
) -> impl Strategy<Value = (String, Vec<u8>)> {
    let n = seeds().len();
    prop_oneof![
        1 => (prop::sample::select(vec!["md", "yaml", "txt", "csv", "xlsx"]), token_soup())
            .prop_map(|(e, b)| (e.to_string(), b)),
        4 => (0..n, prop::collection::vec(mutation(), 1..8)).prop_map(move |(i, m)| {
            let (path, bytes) = &seeds()[i];
            let ext = path.extension().map(|e| e.to_string_lossy().to_string()).unwrap_or_default();
            (ext, mutate(bytes.clone(), &m))
        }),
    ]
}

/// Runs `f` on inputs from `strategy` until `JINDU_FUZZ_CASES` cases (default `ci_cases`)
/// or `JINDU_FUZZ_SECONDS` have passed; a panic fails the test with the shrunk input.
fn fuzz<S: Strategy>(
    name: &str,
    ci_cases: u32,
    strategy: S,
    f: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    let total: u64 = std::env::var("JINDU_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(ci_cases.into());
    let limit = std::env::var("JINDU_FUZZ_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map(Duration::from_secs);
    let start = Instant::now();
    let mut done = 0u64;
    while done < total && limit.is_none_or(|l| start.elapsed() < l) {
        let chunk = (total - done).min(2000) as u32;
        // A fresh random seed per chunk; failures are shrunk and reported by proptest.
        let mut runner = TestRunner::new(Config {
            cases: chunk,
            failure_persistence: None,
            ..Config::default()
        });
        let result = runner.run(&strategy, |v| {
            catch_unwind(AssertUnwindSafe(|| f(v))).map_err(|p| {
                let msg = p
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                TestCaseError::fail(format!("panic: {msg}"))
            })?
        });
        if let Err(e) = result {
            panic!("fuzz {name}: failed after {done} earlier cases: {e}");
        }
        done += u64::from(chunk);
    }
    println!(
        "fuzz {name}: {done} executions in {:.1?}, 0 failures",
        start.elapsed()
    );
}

fn line_count(text: &str) -> usize {
    text.lines().count().max(1) + 1
}

#[test]
fn fuzz_front_matter_splitter() {
    fuzz(
        "front_matter_splitter",
        2000,
        prop_oneof![
            token_soup().prop_map(|b| String::from_utf8_lossy(&b).to_string()),
            any::<String>()
        ],
        |text| {
            if let Ok(fm) = frontmatter::split(&text) {
                prop_assert_eq!(fm.yaml_line, 2);
                let yaml_at = fm.yaml.as_ptr() as usize - text.as_ptr() as usize;
                let body_at = fm.body.as_ptr() as usize - text.as_ptr() as usize;
                prop_assert!(
                    yaml_at + fm.yaml.len() <= body_at && body_at + fm.body.len() == text.len()
                );
                prop_assert_eq!(fm.body_line, 1 + text[..body_at].matches('\n').count());
            }
            Ok(())
        },
    );
}

#[test]
fn fuzz_yaml_loader() {
    fuzz(
        "yaml_loader",
        1000,
        fuzz_input(content_seeds),
        |(ext, bytes)| {
            let path = Path::new("content/tasks/f.md");
            let Ok(text) = decode_text(&bytes, path) else {
                return Ok(());
            };
            let (yaml, first) = match frontmatter::split(&text) {
                Ok(fm) if ext == "md" => (fm.yaml.to_string(), fm.yaml_line),
                _ => (text.clone(), 1),
            };
            let outline = Outline::scan(&yaml, first);
            for (k, _) in outline.keys() {
                prop_assert!(outline.locate(k).is_some());
            }
            let lines = line_count(&text) + first;
            let check = |d: jindu::diag::Diagnostic| -> Result<(), TestCaseError> {
                prop_assert!(
                    d.loc.line >= 1 && d.loc.line <= lines,
                    "line {} of {}: {}",
                    d.loc.line,
                    lines,
                    d
                );
                prop_assert!(!d.message.contains("Raw"), "{}", d);
                Ok(())
            };
            if let Err(d) = yaml::parse::<RawTask>(&yaml, path, first) {
                check(d)?
            }
            if let Err(d) = yaml::parse::<RawProgress>(&yaml, path, first) {
                check(d)?
            }
            if let Err(d) = yaml::parse::<Vec<RawPeriod>>(&yaml, path, first) {
                check(d)?
            }
            if let Err(d) = yaml::parse::<Vec<RawPerson>>(&yaml, path, first) {
                check(d)?
            }
            Ok(())
        },
    );
}

#[test]
fn fuzz_check_on_a_site_with_a_mutated_file() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture("invalid/_base"), &root);
    let base_task = fs::read(root.join("content/tasks/road.md")).unwrap();
    let base_periods = fs::read(root.join("content/periods.yaml")).unwrap();
    let out = tmp.path().join("out");
    let passed = std::sync::atomic::AtomicUsize::new(0);
    fuzz(
        "check",
        150,
        (fuzz_input(content_seeds), 0..5usize),
        |((ext, bytes), slot)| {
            fs::write(root.join("content/tasks/road.md"), &base_task).unwrap();
            fs::write(root.join("content/periods.yaml"), &base_periods).unwrap();
            let _ = fs::remove_dir_all(root.join("content/progress"));
            let ext = if ext == "md" { "md" } else { "yaml" };
            let target = match slot {
                0 => format!("content/tasks/f.{ext}"),
                1 => format!("content/progress/f.{ext}"),
                2 => "content/periods.yaml".into(),
                3 => "content/leaders.yaml".into(),
                _ => "content/tasks/road.md".into(),
            };
            let path = root.join(&target);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, &bytes).unwrap();
            let result = jindu::check(&jindu::Options {
                root: root.clone(),
                ..Default::default()
            });
            if result.is_ok() {
                passed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            let outcome = match result {
                // Content that checks must also render and write.
                Ok(_) => jindu::build(
                    &jindu::Options {
                        root: root.clone(),
                        ..Default::default()
                    },
                    &out,
                )
                .map(|_| ())
                .map_err(|e| TestCaseError::fail(format!("build failed: {e} on {target}"))),
                Err(jindu::error::Error::Content(diags)) => diags
                    .iter()
                    .find(|d| !d.loc.path.starts_with(&root) || d.message.contains("Raw"))
                    .map_or(Ok(()), |d| Err(TestCaseError::fail(format!("{d}")))),
                Err(e) => Err(TestCaseError::fail(format!("{e} on {target}"))),
            };
            let _ = fs::remove_file(root.join("content/tasks/f.md"));
            let _ = fs::remove_file(root.join("content/tasks/f.yaml"));
            let _ = fs::remove_file(root.join("content/leaders.yaml"));
            outcome
        },
    );
    println!(
        "fuzz check: {} of the inputs passed check and were built",
        passed.load(std::sync::atomic::Ordering::Relaxed)
    );
}

#[test]
fn fuzz_importer_table_reader() {
    let statuses = jindu::config::default_statuses();
    fuzz("importer", 300, fuzz_input(report_seeds), |(ext, bytes)| {
        let ext = match ext.as_str() {
            "txt" | "csv" | "xlsx" | "xls" | "ods" => ext,
            _ => "txt".to_string(),
        };
        let path = PathBuf::from(format!("report.{ext}"));
        let (_table, diags) = jindu::import::read_table(&path, bytes, &statuses);
        let _ = diags.into_sorted();
        Ok(())
    });
}
