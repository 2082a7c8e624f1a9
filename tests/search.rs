//! The search index against its ground truth: for many queries drawn from the content
//! itself (every length from 1 to 8 units, at many offsets, plus multi-term and absent
//! queries), the index returns exactly the tasks a plain scan of the text finds, in the
//! same order. The browser test checks search.js against the same truth (`jindu search`).

mod common;

use jindu::search::{Index, Scan, naive_query, units};
use std::path::Path;

fn sites() -> Vec<jindu::Checked> {
    [
        Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(),
        common::fixture("basic"),
    ]
    .into_iter()
    .map(|root| {
        jindu::check(&jindu::Options {
            root,
            ..Default::default()
        })
        .unwrap()
    })
    .collect()
}

#[test]
fn index_matches_a_plain_scan_for_queries_drawn_from_the_content() {
    for checked in sites() {
        let site = &checked.site;
        let index = Index::build(site).unwrap();
        let mut queries = vec![
            "发改局".to_string(),
            "局".into(),
            "展改".into(),
            "2018年".into(),
            "zzz".into(),
            "按进度 民政".into(),
            "市 局 完成".into(),
        ];
        for t in 0..site.tasks.len() {
            let text = jindu::search::doc_text(site, t).text();
            let chars: Vec<char> = text.chars().collect();
            for start in (0..chars.len()).step_by(11) {
                for len in 1..=8 {
                    if start + len <= chars.len() {
                        queries.push(chars[start..start + len].iter().collect());
                    }
                }
            }
        }
        queries.sort();
        queries.dedup();
        // A fixed, evenly spread sample keeps the test bounded on a large example site.
        let step = queries.len().div_ceil(1200);
        let sample: Vec<&String> = queries.iter().step_by(step).collect();
        assert!(sample.len() > 400, "{}", sample.len());
        let scan = Scan::new(site);
        for q in sample {
            assert_eq!(index.query(q), scan.query(site, q), "query {q:?}");
        }
    }
}

#[test]
fn matching_is_exact_substring_like_ctrl_f() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let checked = jindu::check(&jindu::Options {
        root: root.to_path_buf(),
        ..Default::default()
    })
    .unwrap();
    let site = &checked.site;
    let ids = |q: &str| -> Vec<String> {
        naive_query(site, q)
            .into_iter()
            .map(|h| site.tasks[h.task].id.clone())
            .collect()
    };
    // 展改 is inside 市发展改革局: every task naming the unit is found by the fragment.
    let fragment = ids("展改");
    let unit = ids("市发展改革局");
    assert!(unit.len() >= 3, "{unit:?}");
    assert!(
        unit.iter().all(|t| fragment.contains(t)),
        "{fragment:?} ⊉ {unit:?}"
    );
    // 发改局 is not written anywhere.
    assert!(ids("发改局").is_empty());
    // Terms must all match.
    let both = ids("谢鸿猷 残联");
    assert!(!both.is_empty() && both.len() < ids("谢鸿猷").len());
    // A title match ranks first.
    let hits = naive_query(site, "老旧");
    assert_eq!(hits[0].group, 0);
}

#[test]
fn units_fold_width_and_case_and_keep_gaps() {
    let keys: Vec<String> = units("Ｊｉｎｄｕ 2020年")
        .into_iter()
        .map(|u| u.key)
        .collect();
    assert_eq!(keys, vec!["jindu", "2020", "年"]);
}

#[test]
fn the_index_does_not_depend_on_how_tasks_are_chunked() {
    for checked in sites() {
        let site = &checked.site;
        let whole = Index::build_in_chunks(site, usize::MAX).unwrap();
        for chunk in [1, 2, 5] {
            let parts = Index::build_in_chunks(site, chunk).unwrap();
            assert_eq!(parts.postings(), whole.postings(), "chunk {chunk}");
            assert_eq!(parts.order, whole.order);
        }
    }
}

/// search.js links the browse page of a name written in the query: the path meta.js's
/// `pages` gives it, or else `<folder>/<name>.html`. For every plan, period, leader and
/// unit, that path must be the name's own page in the built site.
#[test]
fn every_name_search_links_has_its_page_at_the_path_meta_gives() {
    let tmp = tempfile::tempdir().unwrap();
    let roots = [
        Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(),
        common::fixture("basic"),
    ];
    let mut listed = 0;
    for (n, root) in roots.iter().enumerate() {
        let out = tmp.path().join(n.to_string());
        common::build(root, &out);
        let tree = common::read_tree(&out);
        let js = String::from_utf8(tree["search/meta.js"].clone()).unwrap();
        let json = js
            .trim_end()
            .strip_prefix("jindu_meta(")
            .and_then(|s| s.strip_suffix(");"))
            .expect("meta.js calls jindu_meta");
        // JSON is YAML, and serde_yaml is already a dependency.
        let meta: serde_yaml::Value = serde_yaml::from_str(json).unwrap();
        for (k, dir) in ["plans", "periods", "leaders", "units"].iter().enumerate() {
            let names = meta[*dir].as_sequence().unwrap();
            assert!(!names.is_empty(), "{dir}");
            for (i, name) in names.iter().enumerate() {
                let name = name.as_str().unwrap();
                let path = match meta["pages"][k].get(i.to_string()) {
                    Some(p) => {
                        listed += 1;
                        p.as_str().unwrap().to_string()
                    }
                    None => format!("{dir}/{name}.html"),
                };
                let page = tree
                    .get(&path)
                    .unwrap_or_else(|| panic!("{name}: no page {path}"));
                // The heading starts with the name (a leader's title may follow it),
                // escaped as every page escapes text.
                let h1 = format!("<h1>{}", jindu::render::templates::escape_html(name));
                assert!(
                    String::from_utf8_lossy(page).contains(&h1),
                    "{path} is not the page of {name}"
                );
            }
        }
    }
    // The example site's periods and some of its units have paths that are not their
    // names, so the test covers both kinds.
    assert!(listed > 2, "{listed}");
}
