//! The bad-input contract, through the real binary: every invalid fixture fails with exit 1,
//! no panic, every expected `path:line:col` diagnostic with a hint, and nothing written
//! anywhere; every accepted fixture (BOM, CRLF, hostile values) builds, writes only inside
//! its output folder, and keeps hostile text inert. Plus what fixtures cannot hold: a 10 MB
//! description, alias bombs and deep nesting in every position, unreadable files, a
//! symlink loop, an unwritable output folder.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// A copy of `_base` with the case's files laid over it, in `tmp/site`.
fn jindu(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jindu"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap()
}

/// Every file and folder under `dir` with its bytes (folders as empty), for "nothing
/// changed" checks that also see new empty folders.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let bytes = if e.file_type().is_file() {
                fs::read(e.path()).unwrap()
            } else {
                Vec::new()
            };
            (e.path().strip_prefix(dir).unwrap().to_path_buf(), bytes)
        })
        .collect()
}

/// A URL scheme a page may link to; anything else (javascript:, data:, vbscript:, file:)
/// would run code or leave the web.
fn allowed_scheme(url: &str) -> bool {
    let u: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match u.split_once(':') {
        Some((scheme, _)) if !scheme.contains('/') && !scheme.contains('?') => {
            matches!(scheme, "http" | "https" | "mailto" | "tel")
        }
        _ => true,
    }
}

/// The value of each `name="…"` attribute in a start tag.
fn attr_values<'a>(tag: &'a str, name: &str) -> Vec<&'a str> {
    let pat = format!(" {name}=\"");
    tag.match_indices(&pat)
        .map(|(i, _)| {
            let rest = &tag[i + pat.len()..];
            &rest[..rest.find('"').unwrap_or(rest.len())]
        })
        .collect()
}

/// Problems that would let content run code in a reader's browser or load from elsewhere.
fn unsafe_markup(tree: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut bad = Vec::new();
    for (path, bytes) in tree.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for tag in tags(&html) {
            let lower = tag.to_ascii_lowercase();
            let name: String = lower[1..]
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            // Event-handler attributes: ` on…=` outside a quoted value.
            let mut quoted = false;
            for (i, c) in lower.char_indices() {
                if c == '"' {
                    quoted = !quoted;
                } else if !quoted
                    && c == ' '
                    && lower[i + 1..].starts_with("on")
                    && lower[i + 1..]
                        .chars()
                        .skip(2)
                        .take_while(char::is_ascii_alphabetic)
                        .count()
                        > 0
                    && lower[i + 1..]
                        .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                        .starts_with('=')
                {
                    bad.push(format!("{path}: event handler in {tag}"));
                }
            }
            match name.as_str() {
                "iframe" | "object" | "embed" | "svg" | "math" | "base" => {
                    bad.push(format!("{path}: <{name}> from content: {tag}"))
                }
                "script" => {
                    // Only the theme's own scripts, by relative path, that exist.
                    let src = attr_values(tag, "src");
                    let ok = src.len() == 1
                        && !src[0].contains(':')
                        && src[0].ends_with(".js")
                        && !lower.contains("alert");
                    if !ok {
                        bad.push(format!("{path}: script {tag}"));
                    }
                }
                "img" | "source" | "video" | "audio" => {
                    for s in attr_values(&lower, "src") {
                        if s.contains(':') {
                            bad.push(format!("{path}: image from outside the site: {tag}"));
                        }
                    }
                }
                _ => {}
            }
            for attr in ["href", "src", "action", "formaction", "srcset", "poster"] {
                for v in attr_values(tag, attr) {
                    if !allowed_scheme(v) {
                        bad.push(format!("{path}: {attr}={v}"));
                    }
                }
            }
        }
    }
    bad
}

#[test]
fn every_bad_case_exits_1_with_its_diagnostics_and_writes_nothing() {
    let cases = invalid_cases();
    assert!(cases.len() >= 60, "{} cases", cases.len());
    let mut failures = Vec::new();
    let (mut refused, mut accepted) = (0, 0);
    for case in &cases {
        let want = fs::read_to_string(fixture("invalid").join(case).join("expected.txt")).unwrap();
        if !want.contains(": error: ") {
            continue;
        }
        refused += 1;
        let tmp = tempfile::tempdir().unwrap();
        let root = invalid_site(case, tmp.path());
        let before = snapshot(tmp.path());
        let out = jindu(&["build"], &root);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let prefix = format!("{}/", root.display());
        let stderr_rel = stderr.replace(&prefix, "");
        if out.status.code() != Some(1) {
            failures.push(format!("{case}: exit {:?}\n{stderr}", out.status.code()));
        }
        if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
            failures.push(format!("{case}: panic\n{stderr}"));
        }
        // Every expected error is printed, with its hint on the next line.
        let lines: Vec<&str> = want.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if !line.contains(": error: ") {
                continue;
            }
            if !stderr_rel.contains(line) {
                failures.push(format!("{case}: missing `{line}` in\n{stderr_rel}"));
            }
            let located = line.split(": error: ").next().unwrap();
            let mut parts = located.rsplitn(3, ':');
            let (col, ln, file) = (parts.next(), parts.next(), parts.next());
            let numeric =
                |s: Option<&str>| s.is_some_and(|s| s.parse::<usize>().is_ok_and(|n| n > 0));
            if !(numeric(col)
                && numeric(ln)
                && file.is_some_and(|f| f.starts_with("content/") || f == "jindu.yaml"))
            {
                failures.push(format!("{case}: `{line}` does not name file:line:col"));
            }
            if !lines
                .get(i + 1)
                .is_some_and(|h| h.starts_with("  hint: ") && h.len() > 12)
            {
                failures.push(format!("{case}: `{line}` has no hint saying what to do"));
            }
        }
        if snapshot(tmp.path()) != before {
            failures.push(format!("{case}: a failed build wrote or changed files"));
        }
    }
    for case in &cases {
        let want = fs::read_to_string(fixture("invalid").join(case).join("expected.txt")).unwrap();
        if want.contains(": error: ") {
            continue;
        }
        accepted += 1;
        let tmp = tempfile::tempdir().unwrap();
        let root = invalid_site(case, tmp.path());
        let before = snapshot(tmp.path());
        let out = jindu(&["build"], &root);
        if !out.status.success() {
            failures.push(format!(
                "{case}: accepted content failed to build\n{}",
                String::from_utf8_lossy(&out.stderr)
            ));
            continue;
        }
        let mut after = snapshot(tmp.path());
        after.retain(|p, _| !p.starts_with("site/output"));
        if after != before {
            failures.push(format!("{case}: the build wrote outside output/"));
        }
        let tree = read_tree(&root.join("output"));
        if let Some(p) = tree.keys().find(|p| p.contains("..") || p.contains('\\')) {
            failures.push(format!("{case}: output file {p}"));
        }
        failures.extend(
            unsafe_markup(&tree)
                .into_iter()
                .map(|b| format!("{case}: {b}")),
        );
        failures.extend(
            broken_links(&tree)
                .into_iter()
                .map(|b| format!("{case}: broken link {b}")),
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        refused >= 50 && accepted >= 6,
        "{refused} refused, {accepted} accepted"
    );
}

#[test]
fn hostile_text_is_shown_escaped_on_every_page_it_reaches() {
    let tmp = tempfile::tempdir().unwrap();
    let root = invalid_site("hostile_markup_accepted", tmp.path());
    let out = tmp.path().join("out");
    build(&root, &out);
    let tree = read_tree(&out);
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
    let task = String::from_utf8(tree["tasks/xss.html"].clone()).unwrap();
    for text in [
        "标题",
        "领导",
        "单位",
        "责任人",
        "年底",
        "标签",
        "节点",
        "联系",
    ] {
        // Names get full-width brackets (normalisation), so match from the closing tag.
        assert!(
            task.contains(&format!("&lt;/script&gt;{text}")),
            "task page lacks escaped {text}"
        );
    }
    assert!(
        task.contains("&quot;&gt;&lt;svg onload=alert(5)&gt;")
            || task.contains("&#34;&gt;&lt;svg onload=alert(5)&gt;"),
        "{}",
        main_of(&task)
    );
    // Markdown: raw HTML is shown as text; javascript: links lose their target.
    assert!(task.contains("&lt;script&gt;alert(12)&lt;/script&gt;"));
    assert!(task.contains("&lt;img src=x onerror=alert(13)&gt;"));
    let leader = tree
        .iter()
        .find(|(p, _)| p.starts_with("leaders/script-"))
        .map(|(_, b)| String::from_utf8_lossy(b).to_string())
        .expect("the hostile leader has a page");
    assert!(leader.contains("&lt;/script&gt;领导"));
    assert!(
        leader.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "role escaped"
    );
    let index = String::from_utf8(tree["index.html"].clone()).unwrap();
    assert!(
        index.contains(&format!("<title>{escaped}站点</title>"))
            || index.contains(&format!("{escaped}站点</title>"))
    );
    assert_eq!(unsafe_markup(&tree), Vec::<String>::new());
}

#[test]
fn hostile_ids_and_names_stay_inside_output() {
    for case in [
        "hostile_ids_accepted",
        "reserved_names_accepted",
        "slash_names_accepted",
        "long_unit_name_accepted",
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let root = invalid_site(case, tmp.path());
        let out = tmp.path().join("nested/out");
        build(&root, &out);
        let all: Vec<PathBuf> = walkdir::WalkDir::new(tmp.path())
            .into_iter()
            .map(|e| e.unwrap().into_path())
            .filter(|p| !p.starts_with(&root) && !p.starts_with(&out))
            .collect();
        assert_eq!(
            all,
            vec![tmp.path().to_path_buf(), tmp.path().join("nested")],
            "{case}"
        );
        for p in read_tree(&out).keys() {
            let stem = p
                .rsplit('/')
                .next()
                .unwrap()
                .split('.')
                .next()
                .unwrap()
                .to_ascii_lowercase();
            assert!(
                !["con", "prn", "aux", "nul", "com1", "lpt9"].contains(&stem.as_str()),
                "{case}: reserved file name {p}"
            );
            assert!(
                !p.contains("..") && !p.contains('\\') && !p.contains(':'),
                "{case}: {p}"
            );
            for seg in p.split('/') {
                assert!(
                    seg.len() <= 200,
                    "{case}: file name of {} bytes: {p}",
                    seg.len()
                );
            }
        }
    }
}

#[test]
fn a_10_mb_description_builds_escaped_in_bounded_time() {
    let tmp = tempfile::tempdir().unwrap();
    let root = invalid_site("_base", tmp.path());
    let chunk = "这是一段很长的描述，<script>alert(1)</script> & 再来一段。\n\n";
    let mut body = String::with_capacity(10 << 20);
    while body.len() < 10 << 20 {
        body.push_str(chunk);
    }
    fs::write(
        root.join("content/tasks/huge.md"),
        format!("---\ntitle: 很长的任务。\nplan: 2020年市重点工作\n---\n{body}"),
    )
    .unwrap();
    let start = Instant::now();
    let out = jindu(&["build"], &root);
    let took = start.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(took < Duration::from_secs(120), "took {took:?}");
    let page = fs::read_to_string(root.join("output/tasks/huge.html")).unwrap();
    assert!(page.len() > 10 << 20);
    assert!(!page.contains("<script>alert"));
    println!(
        "10 MB description: built in {took:?}, task page {} bytes",
        page.len()
    );
}

/// Alias bombs and deep nesting in every value position of every kind of file are refused
/// or ignored quickly, never expanded and never a stack overflow.
#[test]
fn alias_bombs_and_deep_nesting_are_refused_quickly_everywhere() {
    let mut bomb = String::from(
        "x0: &a0 [\"哈哈哈哈哈哈哈哈\",\"哈\",\"哈\",\"哈\",\"哈\",\"哈\",\"哈\",\"哈\",\"哈\",\"哈\"]\n",
    );
    for i in 1..10 {
        let p = i - 1;
        bomb.push_str(&format!(
            "x{i}: &a{i} [*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p}]\n"
        ));
    }
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    let deep_map = |n: usize| "{a: ".repeat(n) + "1" + &"}".repeat(n);
    let task_fields = [
        "title",
        "plan",
        "section",
        "number",
        "leaders",
        "units",
        "owners",
        "deadline",
        "milestones",
        "tags",
        "description",
        "progress",
        "unknown",
    ];
    let mut files: Vec<(&str, String)> = Vec::new();
    for f in task_fields {
        files.push((
            "content/tasks/bomb.yaml",
            format!("{bomb}title: t\nplan: p\n{f}: *a9\n"),
        ));
        files.push((
            "content/tasks/deep.yaml",
            format!("title: t\nplan: p\n{f}: {}\n", deep(100_000)),
        ));
        files.push((
            "content/tasks/deepmap.yaml",
            format!("title: t\nplan: p\n{f}: {}\n", deep_map(20_000)),
        ));
    }
    files.push((
        "content/tasks/bomb.md",
        format!("---\n{bomb}title: t\nplan: p\nleaders: *a9\n---\n"),
    ));
    files.push((
        "content/progress/bomb.yaml",
        format!("{bomb}task: road\nperiod: 2020-q3\nstatus: *a9\n"),
    ));
    files.push(("content/periods.yaml", format!("- {}\n", deep(100_000))));
    files.push((
        "content/leaders.yaml",
        format!("- name: x\n  aliases: {}\n", deep(100_000)),
    ));
    files.push(("content/units.yaml", "- &u {name: [*u]}\n".to_string()));
    files.push(("jindu.yaml", format!("{bomb}title: *a9\n")));
    files.push((
        "jindu.yaml",
        format!("title: t\nstatuses: {}\n", deep(100_000)),
    ));
    for (path, text) in files {
        let tmp = tempfile::tempdir().unwrap();
        let root = invalid_site("_base", tmp.path());
        fs::write(root.join(path), &text).unwrap();
        let start = Instant::now();
        let out = jindu(&["check"], &root);
        let took = start.elapsed();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let head: String = text.lines().last().unwrap_or("").chars().take(60).collect();
        assert!(
            !stderr.contains("panicked") && !stderr.contains("overflow"),
            "{path} {head}: {stderr}"
        );
        assert!(
            out.status.code().is_some(),
            "{path} {head}: killed by a signal"
        );
        assert!(
            took < Duration::from_secs(20),
            "{path} {head}: took {took:?}"
        );
        if !text.contains("unknown: ") {
            assert_eq!(
                out.status.code(),
                Some(1),
                "{path} {head}: accepted\n{stderr}"
            );
            assert!(
                stderr.contains(&format!("{path}:")),
                "{path} {head}: {stderr}"
            );
        }
    }
}

/// Root reads files whatever their mode, so the test can only show the behaviour when it
/// does not run as root; it says so instead of passing silently.
fn running_as_root() -> bool {
    let probe = tempfile::NamedTempFile::new().unwrap();
    let mut perms = fs::metadata(probe.path()).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o000);
    fs::set_permissions(probe.path(), perms).unwrap();
    fs::read(probe.path()).is_ok()
}

/// Runs jindu as the unprivileged user `nobody` (via util-linux's setpriv) so that file
/// modes are enforced even when the tests run as root, as CI does.
fn jindu_unprivileged(args: &[&str], root: &Path) -> Output {
    Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            env!("CARGO_BIN_EXE_jindu"),
        ])
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .expect("setpriv (util-linux) runs jindu as nobody")
}

#[test]
fn an_unreadable_file_aborts_naming_it() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let root = invalid_site("_base", tmp.path());
    let as_root = running_as_root();
    if as_root {
        // nobody must reach the site and write its output; only the one file is closed.
        for entry in walkdir::WalkDir::new(tmp.path()) {
            let entry = entry.unwrap();
            let mode = if entry.file_type().is_dir() {
                0o777
            } else {
                0o644
            };
            fs::set_permissions(entry.path(), fs::Permissions::from_mode(mode)).unwrap();
        }
    }
    let file = root.join("content/tasks/road.md");
    fs::set_permissions(&file, fs::Permissions::from_mode(0o000)).unwrap();
    let out = if as_root {
        jindu_unprivileged(&["build"], &root)
    } else {
        jindu(&["build"], &root)
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("cannot read {}", file.display())),
        "{stderr}"
    );
    assert!(stderr.contains("ermission denied"), "{stderr}");
    assert!(!root.join("output").exists());
}

#[test]
fn a_symlink_loop_under_content_aborts_naming_the_link() {
    let tmp = tempfile::tempdir().unwrap();
    let root = invalid_site("_base", tmp.path());
    let link = root.join("content/tasks/loop");
    std::os::unix::fs::symlink(root.join("content/tasks"), &link).unwrap();
    let self_link = root.join("content/progress/self");
    std::os::unix::fs::symlink(&self_link, &self_link).unwrap();
    let out = jindu(&["build"], &root);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains("content/tasks/loop") || stderr.contains("content/progress/self"),
        "{stderr}"
    );
    assert!(
        stderr.contains("link"),
        "the message says what to remove: {stderr}"
    );
    assert!(!root.join("output").exists());
}

#[test]
fn an_unwritable_output_folder_fails_naming_it_and_leaves_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let root = invalid_site("_base", tmp.path());
    // A parent that is a file: no one, root included, can create a folder in it.
    let blocker = tmp.path().join("a-file");
    fs::write(&blocker, "not a folder").unwrap();
    let mut targets = vec![
        blocker.join("out"),
        PathBuf::from("/proc/jindu-hardening-out"),
    ];
    // A read-only parent folder, where the mode is enforced (not for root).
    let ro = tmp.path().join("read-only");
    fs::create_dir(&ro).unwrap();
    let mut perms = fs::metadata(&ro).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o555);
    fs::set_permissions(&ro, perms).unwrap();
    if fs::create_dir(ro.join("probe")).is_ok() {
        println!(
            "SKIPPED the read-only-folder variant: running as root, mode 0555 does not stop root from writing"
        );
    } else {
        targets.push(ro.join("out"));
    }
    let before = snapshot(tmp.path());
    for out_dir in targets {
        let out = Command::new(env!("CARGO_BIN_EXE_jindu"))
            .args(["build", "--root"])
            .arg(&root)
            .arg("--output")
            .arg(&out_dir)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}: {stderr}",
            out_dir.display()
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(stderr.contains("error: cannot "), "{stderr}");
        let parent = out_dir.parent().unwrap();
        assert!(
            stderr.contains(&parent.display().to_string()),
            "names the path: {stderr}"
        );
        assert!(!out_dir.exists());
    }
    let after = snapshot(tmp.path());
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>()
    );
}

#[test]
fn an_output_path_that_is_a_file_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let root = invalid_site("_base", tmp.path());
    let file = tmp.path().join("notes.txt");
    fs::write(&file, "keep me").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_jindu"))
        .args(["build", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "refusing to replace {}: it is a file",
            file.display()
        )),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "keep me");
}

/// A reader that stops early (`jindu search 局 | head -1`) closes the pipe before jindu
/// has printed every result: jindu then ends quietly with success, with no panic message
/// on the terminal.
#[test]
fn a_closed_standard_output_ends_the_program_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jindu"))
        .args(["search", "--root", env!("CARGO_MANIFEST_DIR"), "局"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Closed before jindu has loaded the site, so its first line already meets a closed
    // pipe.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{:?}: {stderr}", out.status);
    assert!(stderr.is_empty(), "{stderr}");
    // The same search with a reader prints many results: the pipe was closed early.
    let all = Command::new(env!("CARGO_BIN_EXE_jindu"))
        .args(["search", "--root", env!("CARGO_MANIFEST_DIR"), "局"])
        .output()
        .unwrap();
    assert!(all.status.success());
    assert!(String::from_utf8_lossy(&all.stdout).lines().count() > 100);
}
