//! The example site in content/ — the real 2018, 2020 and 2021 reports, imported by
//! `jindu import` (docs/import.md) — checks clean (one warning, from the source) and builds
//! every page the README promises.

mod common;

use std::path::Path;

#[test]
fn example_site_checks_clean_and_builds_every_page() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let opts = jindu::Options {
        root: root.to_path_buf(),
        ..Default::default()
    };
    let checked = jindu::check(&opts).unwrap_or_else(|e| {
        panic!(
            "{e}: {:?}",
            match &e {
                jindu::error::Error::Content(d) =>
                    d.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
                _ => vec![],
            }
        )
    });
    // The one warning is the source's: task 26 of section 七 of the 2018 report is marked
    // ▲未按进度完成 and states no 存在问题.
    let warnings: Vec<String> = checked.warnings.iter().map(|d| d.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("2018-city-07-26"), "{warnings:?}");
    let s = &checked.site;
    assert_eq!(s.tasks.len(), 253 + 21 + 186);
    assert_eq!(s.progress.len(), 247 + 21);
    assert_eq!(s.periods.len(), 2);
    assert_eq!(s.plans.len(), 3);
    let sections: std::collections::BTreeSet<_> = s
        .tasks
        .iter()
        .filter(|t| t.id.starts_with("2020-livelihood-"))
        .filter_map(|t| t.section.as_deref())
        .collect();
    assert_eq!(sections.len(), 9, "{sections:?}");
    let t5 = s
        .tasks
        .iter()
        .find(|t| t.id == "2020-livelihood-05")
        .unwrap();
    assert_eq!(s.units[t5.lead_unit.unwrap()].name, "市总工会");
    assert_eq!(t5.units.len(), 13);
    assert_eq!(t5.owners[8], "张璐", "padded 张  璐 is normalised");
    let done: Vec<&str> = s
        .progress
        .iter()
        .filter(|p| s.config.statuses[p.status].key == "done")
        .map(|p| s.tasks[p.task].id.as_str())
        .filter(|id| id.starts_with("2020-"))
        .collect();
    assert_eq!(done, vec!["2020-livelihood-09", "2020-livelihood-16"]);

    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    let built = common::build(root, &out);
    let tree = common::read_tree(&out);
    assert_eq!(
        tree.keys().filter(|k| k.starts_with("tasks/")).count(),
        s.tasks.len()
    );
    assert_eq!(
        tree.keys().filter(|k| k.starts_with("leaders/")).count(),
        s.leaders.len()
    );
    assert_eq!(
        tree.keys().filter(|k| k.starts_with("units/")).count(),
        s.units.len()
    );
    assert!(tree.contains_key("periods/2020-jan-sep.html"));
    assert!(tree.contains_key("periods/2018-jan-sep.html"));
    assert_eq!(built.counts[0], s.tasks.len());
    assert_eq!(common::broken_links(&tree), Vec::<String>::new());
}
