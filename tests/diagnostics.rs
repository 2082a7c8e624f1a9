//! One invalid fixture per diagnostic, each with the exact `path:line:col` text it must
//! produce (tests/fixtures/invalid/<case>/expected.txt). A case folder holds only the files
//! it adds to or replaces in `_base`. Run with `UPDATE_EXPECT=1` to rewrite the expected
//! files after a deliberate wording change, then review the diff.

mod common;

use common::*;
use std::fs;
use std::process::Command;

/// The diagnostics of `case` under `--strict`, with paths relative to the site root.
fn diagnostics(case: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let root = invalid_site(case, tmp.path());
    let diags = match jindu::check(&jindu::Options {
        root: root.clone(),
        strict: true,
        ..Default::default()
    }) {
        Ok(c) => c.warnings,
        Err(jindu::error::Error::Content(d)) => d,
        Err(e) => panic!("{case}: unexpected error {e}"),
    };
    let prefix = format!("{}/", root.display());
    diags
        .iter()
        .map(|d| d.to_string().replace(&prefix, ""))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn every_invalid_fixture_gives_its_exact_diagnostics() {
    let cases = invalid_cases();
    assert!(cases.len() >= 20, "{cases:?}");
    let mut failures = Vec::new();
    for case in &cases {
        let got = diagnostics(case);
        let path = fixture("invalid").join(case).join("expected.txt");
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            fs::write(&path, &got).unwrap();
            continue;
        }
        let want = fs::read_to_string(&path).unwrap_or_default();
        if got != want {
            failures.push(format!("== {case}\n-- expected:\n{want}-- got:\n{got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_base_of_the_invalid_fixtures_is_valid() {
    assert_eq!(diagnostics("_base"), "\n");
}

#[test]
fn check_exits_1_and_prints_path_line_col() {
    let tmp = tempfile::tempdir().unwrap();
    let root = invalid_site("unknown_status", tmp.path());
    let out = Command::new(env!("CARGO_BIN_EXE_jindu"))
        .args(["check", "--root"])
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/progress/2020-q3/road.md:4:1: error: unknown status `进行中`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: use one of: 已完成/完成 (done)"),
        "{stderr}"
    );
}

#[test]
fn warnings_pass_check_but_fail_strict() {
    let tmp = tempfile::tempdir().unwrap();
    let root = invalid_site("unknown_field", tmp.path());
    let bin = env!("CARGO_BIN_EXE_jindu");
    let ok = Command::new(bin)
        .args(["check", "--root"])
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stderr).contains("did you mean `leaders`?"));
    let strict = Command::new(bin)
        .args(["check", "--strict", "--root"])
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn init_creates_a_site_that_checks_and_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new-site");
    let bin = env!("CARGO_BIN_EXE_jindu");
    let init = Command::new(bin).arg("init").arg(&dir).output().unwrap();
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let check = Command::new(bin)
        .args(["check", "--strict", "--root"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let build = Command::new(bin)
        .args(["build", "--root"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    assert!(dir.join("output/tasks/sample.html").exists());
    let again = Command::new(bin).arg("init").arg(&dir).output().unwrap();
    assert_eq!(
        again.status.code(),
        Some(1),
        "init refuses a non-empty folder"
    );
}
