//! Snapshots of the `<main>` of key pages and of the list of output files, rendered in
//! memory (no disk), so a change to markup or routes shows up as a reviewed diff.

mod common;

use common::{fixture, main_of};

fn rendered() -> Vec<jindu::render::OutputFile> {
    let checked = jindu::check(&jindu::Options {
        root: fixture("basic"),
        ..Default::default()
    })
    .unwrap();
    jindu::render::render_all(&checked.site, &checked.theme).unwrap()
}

fn main_html(files: &[jindu::render::OutputFile], path: &str) -> String {
    let f = files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path}"));
    main_of(&String::from_utf8_lossy(&f.bytes))
}

#[test]
fn output_file_list() {
    let files = rendered();
    let list: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    insta::assert_snapshot!(list.join("\n"));
}

#[test]
fn index_main() {
    insta::assert_snapshot!(main_html(&rendered(), "index.html"));
}

#[test]
fn task_main() {
    insta::assert_snapshot!(main_html(&rendered(), "tasks/city-02.html"));
}

#[test]
fn leader_main() {
    insta::assert_snapshot!(main_html(&rendered(), "leaders/陈霞.html"));
}

#[test]
fn period_main() {
    insta::assert_snapshot!(main_html(&rendered(), "periods/2020-q3.html"));
}

#[test]
fn summary_table_main() {
    insta::assert_snapshot!(main_html(
        &rendered(),
        "periods/2020-q3/table-2020年市重点工作.html"
    ));
}
