//! Building fixture sites through the library: pages exist, figures are right, links
//! resolve, output is deterministic and hostile values stay escaped and inside output/.

mod common;

use common::*;
use std::fs;

fn page(tree: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        tree.get(path)
            .unwrap_or_else(|| panic!("missing page {path}"))
            .clone(),
    )
    .unwrap()
}

#[test]
fn every_leader_unit_period_plan_and_task_has_its_page() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let built = build(&fixture("basic"), &out);
    let tree = read_tree(&out);
    assert_eq!(built.counts, [4, 2, 8, 2, 2]);
    for p in [
        "index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "style.css",
        "tasks/city-01.html",
        "tasks/city-02.html",
        "tasks/city-03.html",
        "tasks/district-a.html",
        "leaders/王长青.html",
        "leaders/陈霞.html",
        "units/市交通运输局.html",
        "units/区土地储备中心.html",
        "units/区住房城乡建设局.html",
        "units/市民政局.html",
        "periods/2020-h1.html",
        "periods/2020-q3.html",
        "periods/2020-q3/table-2020年市重点工作.html",
        "plans/2020年市重点工作.html",
        "plans/2021年区民生实事.html",
    ] {
        assert!(
            tree.contains_key(p),
            "missing {p}; have {:?}",
            tree.keys().collect::<Vec<_>>()
        );
    }
    let units = tree.keys().filter(|k| k.starts_with("units/")).count();
    assert_eq!(
        units, 8,
        "aliases (区土储中心) and bracket widths (各市(区)政府) must not make extra units"
    );
}

#[test]
fn every_internal_link_and_asset_resolves() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build(&fixture("basic"), &out);
    let tree = read_tree(&out);
    assert!(internal_links(&tree).len() > 100);
    assert_eq!(broken_links(&tree), Vec::<String>::new());
}

#[test]
fn a_build_without_search_has_no_search_files_box_or_dead_link() {
    let tmp = tempfile::tempdir().unwrap();
    let (with, without) = (tmp.path().join("with"), tmp.path().join("without"));
    build(&fixture("basic"), &with);
    jindu::build(
        &jindu::Options {
            root: fixture("basic"),
            no_search: true,
            ..Default::default()
        },
        &without,
    )
    .unwrap();
    let (full, bare) = (read_tree(&with), read_tree(&without));
    assert!(full.contains_key("search.html") && full.contains_key("search.js"));
    assert!(full.keys().any(|k| k.starts_with("search/")));
    let search_files: Vec<&String> = bare.keys().filter(|k| k.starts_with("search")).collect();
    assert_eq!(search_files, Vec::<&String>::new());
    assert!(page(&full, "index.html").contains("class=\"searchbox\""));
    for (path, bytes) in &bare {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("class=\"searchbox\""),
            "{path} has a search box"
        );
        assert!(
            !text.contains("search.html"),
            "{path} links to the search page"
        );
    }
    assert_eq!(broken_links(&bare), Vec::<String>::new());
    // The pages are the same but for the search box.
    let strip = |s: String| {
        let (a, rest) = s.split_once("<form class=\"searchbox\"").unwrap();
        a.to_string() + rest.split_once("</form>").unwrap().1
    };
    let task = "tasks/city-01.html";
    assert_eq!(strip(page(&full, task)), page(&bare, task));
}

#[test]
fn figures_count_latest_statuses_and_overdue() {
    let checked = jindu::check(&jindu::Options {
        root: fixture("basic"),
        ..Default::default()
    })
    .unwrap();
    let site = &checked.site;
    let latest = site.latest_period.unwrap();
    assert_eq!(site.periods[latest].id, "2020-q3");
    let f = &site.periods[latest].figures;
    // city-01 基本按进度完成 (overdue: 2020年6月底 < 2020-09-30), city-02 已完成, city-03 按进度完成.
    assert_eq!((f.total, f.complete, f.behind, f.overdue), (3, 1, 0, 1));
    let h1 = &site.periods[0].figures;
    assert_eq!(
        (h1.total, h1.complete, h1.behind, h1.overdue),
        (2, 0, 1, 0),
        "6月底 is not passed at 2020-06-30"
    );
    let leader = site.leaders.iter().find(|l| l.name == "陈霞").unwrap();
    assert_eq!(
        leader.tasks.len(),
        3,
        "alias 陈 霞同志 and padded 陈  霞 are the same leader"
    );
    assert_eq!(leader.by_plan.len(), 2);
    assert_eq!(
        (
            leader.figures.total,
            leader.figures.unreported,
            leader.figures.complete
        ),
        (3, 1, 1)
    );
    let unit = site
        .units
        .iter()
        .find(|u| u.name == "区土地储备中心")
        .unwrap();
    assert_eq!(
        (unit.led.len(), unit.co.len()),
        (0, 2),
        "lead_unit moves the lead first; the unit shares both tasks"
    );

    let tmp = tempfile::tempdir().unwrap();
    build(&fixture("basic"), &tmp.path().join("o"));
    let index = page(&read_tree(&tmp.path().join("o")), "index.html");
    assert!(
        index.contains("<dt>逾期</dt><dd>1</dd>"),
        "{}",
        main_of(&index)
    );
    assert!(index.contains("<dt>已完成</dt><dd>1 <small>(33%)</small></dd>"));
}

#[test]
fn period_page_lists_changes_since_the_previous_period_of_the_plan() {
    let tmp = tempfile::tempdir().unwrap();
    build(&fixture("basic"), &tmp.path().join("o"));
    let tree = read_tree(&tmp.path().join("o"));
    let p = main_of(&page(&tree, "periods/2020-q3.html"));
    assert!(p.contains("本期完成"), "city-02 became complete");
    assert!(
        p.contains("进度好转"),
        "city-01 went from behind to mostly on track"
    );
    assert!(p.contains("新增任务"), "city-03 is new in q3");
    let first = main_of(&page(&tree, "periods/2020-h1.html"));
    assert!(first.contains("这是该计划的第一个报告期"));
}

/// The task pages that a page's rows link to, from the site root, in order.
fn task_links(tree: &std::collections::BTreeMap<String, Vec<u8>>, page: &str) -> Vec<String> {
    links_from(tree, page)
        .into_iter()
        .filter(|l| l.starts_with("tasks/"))
        .collect()
}

#[test]
fn a_period_with_more_entries_than_the_limit_is_split_by_leader_and_plan() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&fixture("basic"), &site);
    let whole = tmp.path().join("whole");
    build(&site, &whole);
    let whole = read_tree(&whole);
    let mut yaml = fs::read_to_string(site.join("jindu.yaml")).unwrap();
    yaml.push_str("period_page_entries: 2\n");
    fs::write(site.join("jindu.yaml"), yaml).unwrap();
    let out = tmp.path().join("split");
    build(&site, &out);
    let tree = read_tree(&out);
    assert_eq!(broken_links(&tree), Vec::<String>::new());

    // 2020-h1 has two entries: not over the limit, the same page as without one.
    assert_eq!(
        page(&tree, "periods/2020-h1.html"),
        page(&whole, "periods/2020-h1.html")
    );

    // 2020-q3 has three: its page links to a page per leader with figures, and to the
    // plan's list of changes, instead of listing them.
    let q3 = "periods/2020-q3.html";
    let links = links_from(&tree, q3);
    let leaders = ["王长青", "陈霞"];
    for l in leaders {
        let p = format!("periods/2020-q3/leader-{l}.html");
        assert!(links.contains(&p), "{q3} links to {p}: {links:?}");
    }
    let parts: Vec<&String> = tree
        .keys()
        .filter(|k| k.starts_with("periods/2020-q3/") && !k.contains("/table-"))
        .collect();
    let changes = "periods/2020-q3/changes-2020年市重点工作.html".to_string();
    assert_eq!(parts.len(), leaders.len() + 1, "{parts:?}");
    assert!(links.contains(&changes));
    assert!(main_of(&page(&tree, q3)).contains("共3项变化"));
    assert!(
        !page(&tree, q3).contains("class=\"tasks\""),
        "no entry rows on it"
    );
    let c = main_of(&page(&tree, &changes));
    for kind in ["本期完成", "进度好转", "新增任务"] {
        assert!(c.contains(kind), "{kind} on {changes}");
    }
    assert!(links_from(&tree, &changes).contains(&"periods/2020-h1.html".to_string()));

    // Each leader's page lists the entries that the whole page lists under that leader.
    let main = main_of(&page(&whole, q3));
    let entries = &main[main.find("id=\"h-entries\"").unwrap()..];
    let mut groups = 0;
    for group in entries.split("<h3>").skip(1) {
        let name = &group[group.find("\">").unwrap() + 2..group.find("</a>").unwrap()];
        let mut one = std::collections::BTreeMap::new();
        one.insert(q3.to_string(), group.as_bytes().to_vec());
        let listed = task_links(&one, q3);
        let part = format!("periods/2020-q3/leader-{name}.html");
        assert!(!listed.is_empty());
        assert_eq!(task_links(&tree, &part), listed, "entries of {name}");
        assert!(
            page(&tree, &part).contains("class=\"figures\""),
            "{name}'s figures"
        );
        groups += 1;
    }
    assert_eq!(groups, leaders.len());
    let sitemap = page(&tree, "sitemap.xml");
    assert!(sitemap.contains("periods/2020-q3/changes-2020%E5%B9%B4"));
    assert!(sitemap.contains("periods/2020-q3/leader-%E9%99%88%E9%9C%9E.html"));
}

#[test]
fn task_page_shows_progress_newest_first() {
    let tmp = tempfile::tempdir().unwrap();
    build(&fixture("basic"), &tmp.path().join("o"));
    let t = main_of(&page(
        &read_tree(&tmp.path().join("o")),
        "tasks/city-01.html",
    ));
    let q3 = t.find("2020年1-9月").unwrap();
    let h1 = t.find("2020年1-6月").unwrap();
    assert!(q3 < h1);
    assert!(t.contains("征地拆迁进度滞后"));
    assert!(
        t.contains("各市（区）长"),
        "placeholders are kept as written"
    );
}

#[test]
fn hostile_values_are_escaped_and_stay_inside_output() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site-out");
    build(&fixture("basic"), &out);
    // Nothing but the output folder was created.
    let entries: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(entries, vec!["site-out".to_string()]);
    let tree = read_tree(&out);
    for (path, bytes) in &tree {
        assert!(!path.contains(".."), "{path}");
        let text = String::from_utf8_lossy(bytes);
        for tag in tags(&text) {
            let t = tag.to_lowercase();
            // The theme's own scripts (search) load by a plain relative path.
            let theme_script = t.starts_with("<script src=\"")
                && t.ends_with(".js\"")
                && !t.contains(':')
                && !t.contains("alert");
            assert!(
                (!t.starts_with("<script") || theme_script) && !t.starts_with("<img"),
                "{path}: {tag}"
            );
            assert!(
                !t.contains("javascript:") && !t.contains(" on"),
                "{path}: {tag}"
            );
        }
    }
    let t = page(&tree, "tasks/city-03.html");
    assert!(t.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;整治违法建设"));
    assert!(t.contains("&lt;img src=x onerror=alert(1)&gt;"));
}

#[test]
fn builds_are_byte_identical_across_runs_thread_counts_and_file_order() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    build(&fixture("basic"), &a);
    // Same content copied file by file in reverse order (a different directory order on
    // disk), built on one thread.
    let copy = tmp.path().join("copy");
    let src = fixture("basic");
    let mut files: Vec<_> = walkdir::WalkDir::new(&src)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.reverse();
    for f in files {
        let to = copy.join(f.strip_prefix(&src).unwrap());
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(&f, &to).unwrap();
    }
    let b = tmp.path().join("b");
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| build(&copy, &b));
    let c = tmp.path().join("c");
    rayon::ThreadPoolBuilder::new()
        .num_threads(7)
        .build()
        .unwrap()
        .install(|| build(&fixture("basic"), &c));
    let (ta, tb, tc) = (read_tree(&a), read_tree(&b), read_tree(&c));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    assert!(
        ta == tb,
        "one thread and reversed file order changed the output"
    );
    assert!(ta == tc, "seven threads changed the output");
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture("basic"), &root);
    let out = tmp.path().join("out");
    build(&root, &out);
    let before = read_tree(&out);
    fs::write(
        root.join("content/tasks/city/04.md"),
        "---\ntitle: x\nplan: p\n---\n",
    )
    .unwrap();
    fs::write(
        root.join("content/progress/2020-q3/bad.yaml"),
        "task: city-04\nperiod: 2020-q3\nstatus: 进行中\n",
    )
    .unwrap();
    let err = jindu::build(
        &jindu::Options {
            root: root.clone(),
            ..Default::default()
        },
        &out,
    )
    .unwrap_err();
    assert!(matches!(err, jindu::error::Error::Content(_)));
    assert!(
        read_tree(&out) == before,
        "output changed after a failed build"
    );
    // A template error (render stage) also leaves it in place.
    fs::remove_file(root.join("content/progress/2020-q3/bad.yaml")).unwrap();
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::write(root.join("templates/task.html"), "{{ no_such_variable }}").unwrap();
    assert!(
        jindu::build(
            &jindu::Options {
                root: root.clone(),
                ..Default::default()
            },
            &out
        )
        .is_err()
    );
    assert!(
        read_tree(&out) == before,
        "output changed after a failed render"
    );
    let leftovers: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );
}

#[test]
fn refuses_to_replace_a_folder_that_is_not_a_built_site() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture("basic"), &root);
    let err = jindu::build(
        &jindu::Options {
            root: root.clone(),
            ..Default::default()
        },
        &root,
    )
    .unwrap_err();
    assert!(err.to_string().contains("refusing to replace"), "{err}");
    assert!(root.join("content/periods.yaml").exists());
}

/// The basic fixture built with `404.html` overridden by the site's own `template`; the
/// page it makes.
fn not_found_page_with(template: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture("basic"), &root);
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::write(root.join("templates/404.html"), template).unwrap();
    build(&root, &tmp.path().join("o"));
    fs::read_to_string(tmp.path().join("o/404.html")).unwrap()
}

#[test]
fn a_site_template_overrides_the_theme() {
    assert_eq!(
        not_found_page_with("custom {{ common.site_title }}"),
        "custom 测试站点"
    );
}

/// Templates read the UI strings as `t.<name>`; a site template written for earlier
/// versions reads them as `common.t.<name>`, and both give the theme's string.
#[test]
fn ui_strings_are_read_as_t_and_as_common_t() {
    let page = not_found_page_with(
        "{{ t.skip }}|{{ common.t.skip }}|{{ common.site_title }}|{% for k, v in common %}{{ k }} {% endfor %}",
    );
    let parts: Vec<&str> = page.split('|').collect();
    assert_eq!(&parts[..3], ["跳到正文", "跳到正文", "测试站点"], "{page}");
    // The page's own `common` does not list `t`: the strings are shared, not copied in.
    assert!(!parts[3].split(' ').any(|k| k == "t"), "{page}");
}

#[test]
fn english_ui_strings_come_from_the_theme() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture("basic"), &root);
    fs::write(root.join("jindu.yaml"), "title: Test\nlanguage: en\n").unwrap();
    build(&root, &tmp.path().join("o"));
    let index = fs::read_to_string(tmp.path().join("o/index.html")).unwrap();
    assert!(index.contains("<html lang=\"en\">") && index.contains("Latest period"));
    assert!(
        !tmp.path().join("o/sitemap.xml").exists(),
        "no sitemap without base_url"
    );
}

#[test]
fn theme_strings_exist_in_every_language() {
    let text = fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/default/strings.yaml"
    ))
    .unwrap();
    let mut langs: Vec<(String, Vec<String>)> = Vec::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        if !line.starts_with(' ') {
            langs.push((line.trim_end_matches(':').to_string(), Vec::new()));
        } else {
            langs
                .last_mut()
                .unwrap()
                .1
                .push(line.trim().split(':').next().unwrap().to_string());
        }
    }
    assert_eq!(langs.len(), 2);
    let mut zh = langs[0].1.clone();
    let mut en = langs[1].1.clone();
    zh.sort();
    en.sort();
    assert_eq!(zh, en);
}

#[test]
fn sitemap_lists_absolute_encoded_urls() {
    let tmp = tempfile::tempdir().unwrap();
    build(&fixture("basic"), &tmp.path().join("o"));
    let s = fs::read_to_string(tmp.path().join("o/sitemap.xml")).unwrap();
    assert!(
        s.contains(
            "<loc>https://example.gov.cn/site/leaders/%E7%8E%8B%E9%95%BF%E9%9D%92.html</loc>"
        ),
        "{s}"
    );
    let robots = fs::read_to_string(tmp.path().join("o/robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://example.gov.cn/site/sitemap.xml"));
}
