//! A build killed with SIGKILL during its write stage leaves output/ holding the old site or
//! the new one, never a mix, and the next build succeeds and removes what the killed one
//! left. The site is generated (3,000 tasks) so that the write stage lasts long enough to
//! be interrupted at several moments.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn write_site(root: &Path, version: &str, tasks: usize) {
    fs::create_dir_all(root.join("content/tasks")).unwrap();
    fs::write(root.join("jindu.yaml"), format!("title: 站点{version}\n")).unwrap();
    fs::write(
        root.join("content/periods.yaml"),
        "- id: p1\n  title: 2020年1-9月\n  start: 2020-01-01\n  end: 2020-09-30\n",
    )
    .unwrap();
    for i in 0..tasks {
        fs::write(
            root.join(format!("content/tasks/t{i:04}.md")),
            format!(
                "---\ntitle: 任务{i}。\nplan: 计划{}\nleaders: [领导{}]\nunits: [单位{}, 单位{}]\nprogress:\n  - period: p1\n    status: 按进度完成\n---\n描述{i}。{}\n",
                i % 7,
                i % 13,
                i % 97,
                (i * 7) % 89,
                "内容".repeat(200)
            ),
        )
        .unwrap();
    }
}

/// The site in `out`: its file list, and the versions its HTML pages carry.
fn state(out: &Path) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut files = BTreeSet::new();
    let mut versions = BTreeSet::new();
    for e in walkdir::WalkDir::new(out) {
        let e = e.unwrap();
        if !e.file_type().is_file() {
            continue;
        }
        let rel = e
            .path()
            .strip_prefix(out)
            .unwrap()
            .to_string_lossy()
            .to_string();
        if rel.ends_with(".html") {
            let html = fs::read_to_string(e.path()).unwrap();
            for v in ["站点一", "站点二"] {
                if html.contains(v) {
                    versions.insert(v.to_string());
                }
            }
            if !html.trim_end().ends_with("</html>") {
                versions.insert(format!("truncated {rel}"));
            }
        }
        files.insert(rel);
    }
    (files, versions)
}

fn leftovers(parent: &Path) -> Vec<PathBuf> {
    fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".output.")
        })
        .collect()
}

fn build(root: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_jindu"))
        .args(["build", "--root"])
        .arg(root)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_build_killed_while_writing_leaves_the_old_or_the_new_site() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let out = root.join("output");
    write_site(&root, "一", 3000);
    build(&root);
    let old = state(&out);
    assert_eq!(old.1, BTreeSet::from(["站点一".to_string()]));
    // The new version has other titles and 20 more tasks, so a mix shows in the file list
    // and in the pages.
    write_site(&root, "二", 3020);
    let expected_dir = tmp.path().join("expected-new");
    let made = Command::new(env!("CARGO_BIN_EXE_jindu"))
        .args(["build", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&expected_dir)
        .output()
        .unwrap();
    assert!(made.status.success());
    let new_site = state(&expected_dir);
    assert_eq!(new_site.1, BTreeSet::from(["站点二".to_string()]));
    assert!(new_site.0.len() >= old.0.len() + 20);

    let mut outcomes = Vec::new();
    for delay_ms in [0u64, 10, 50, 200, 500, 1000] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jindu"))
            .args(["build", "--root"])
            .arg(&root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait for the write stage: the staging folder appears beside output/.
        let start = Instant::now();
        let staging = format!(".output.staging-{}", child.id());
        while !root.join(&staging).exists() && start.elapsed() < Duration::from_secs(60) {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        std::thread::sleep(Duration::from_millis(delay_ms));
        // SIGKILL: no destructor, no cleanup.
        let _ = child.kill();
        let status = child.wait().unwrap();
        let outcome = if out.exists() {
            let now = state(&out);
            if now == old {
                "old"
            } else if now == new_site {
                "new"
            } else {
                panic!(
                    "killed {delay_ms} ms into writing: output/ is a mix: {} files (old {}), versions {:?}",
                    now.0.len(),
                    old.0.len(),
                    now.1
                );
            }
        } else {
            // Killed between the two renames: the old site sits in .output.old-<pid>, and
            // the next build puts it back before anything else.
            let kept: Vec<_> = leftovers(&root)
                .into_iter()
                .filter(|p| p.to_string_lossy().contains(".output.old-"))
                .collect();
            assert_eq!(kept.len(), 1, "output/ is gone and no old copy is kept");
            assert!(state(&kept[0]) == old);
            "between renames"
        };
        outcomes.push(format!("{delay_ms} ms: {outcome} ({status})"));
        if outcome == "new" {
            // Put the old site back for the next round.
            write_site(&root, "一", 3000);
            for i in 3000..3020 {
                fs::remove_file(root.join(format!("content/tasks/t{i:04}.md"))).unwrap();
            }
            build(&root);
            assert!(state(&out) == old);
            write_site(&root, "二", 3020);
        }
    }
    println!("{}", outcomes.join("\n"));
    assert!(
        outcomes.iter().filter(|o| o.contains(": old")).count() >= 3,
        "the kills did not land in the write stage: {outcomes:?}"
    );
    // The killed builds left their staging folders; the next build succeeds and removes
    // every one of them.
    // Earlier stale folders were cleaned by the builds in between; only the last kill's
    // can remain, and only if that kill landed before its build finished (on a fast,
    // idle machine a build can end within the last delay).
    let stale = leftovers(&root);
    if outcomes.last().is_some_and(|o| o.contains(": old")) {
        assert!(
            !stale.is_empty(),
            "SIGKILL cannot clean up, yet nothing was left"
        );
    }
    build(&root);
    assert!(state(&out) == new_site);
    assert_eq!(leftovers(&root), Vec::<PathBuf>::new());
}
