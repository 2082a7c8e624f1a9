//! `jindu import`: report tables → content files, faithfully, all or nothing.
//!
//! ```text
//! file ─► decode (UTF-8/GB18030) ─► text_cells | text_rows | csv | sheet  (→ table::Block)
//!      ─► interpret (headers, sections, merged cells, sub-items, damage → Table + warnings)
//!      ─► write (Table → files in memory, matched against existing content)
//!      ─► stage a copy of the site, run `check` on it ─► move the new files into place
//! ```
//! Diagnostics name the source file and line. The library never prints: the summary is
//! returned as an [`ImportReport`] that `main` prints.

pub mod cells;
pub mod columns;
pub mod csv;
pub mod decode;
pub mod headings;
pub mod interpret;
pub mod sheet;
pub mod table;
pub mod text_cells;
pub mod text_rows;
pub mod write;

use crate::diag::{Diagnostic, Diagnostics, SourceLoc};
use crate::error::{Error, Result};
use crate::{config, fsx, loader};
use interpret::Table;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use write::{Existing, ExistingTask, PeriodDef, Target};

/// What to import and where.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Report files: .txt (either layout), .csv, .xlsx, .xls, .ods.
    pub files: Vec<PathBuf>,
    /// The content folder to write into (its parent is the site root).
    pub into: PathBuf,
    /// The plan name; default: from the report's title line.
    pub plan: Option<String>,
    /// The folder under `content/tasks/`; default: from the file name.
    pub plan_dir: Option<String>,
    /// The period id of the progress entries; default: from the title (`1-9月`).
    pub period: Option<String>,
    /// The period's title; default: from the title.
    pub period_title: Option<String>,
    /// Write nothing; only report.
    pub dry_run: bool,
}

/// What an import did (or would do, with `--dry-run`).
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// One per input file.
    pub files: Vec<FileReport>,
    /// Files written (relative to the content folder), or that would be.
    pub written: Vec<PathBuf>,
    /// Files that already held exactly this text.
    pub unchanged: Vec<PathBuf>,
    /// Warnings: about the sources (with their lines) and about the merged content.
    pub warnings: Vec<Diagnostic>,
    /// Whether nothing was written.
    pub dry_run: bool,
}

/// What one input file held.
#[derive(Debug, Clone, Default)]
pub struct FileReport {
    /// The file.
    pub path: PathBuf,
    /// How it was read (`text, one cell per line, UTF-8`).
    pub format: String,
    /// The plan its tasks belong to.
    pub plan: String,
    /// Its folder under `content/tasks/`.
    pub plan_dir: String,
    /// The period of its progress entries.
    pub period: Option<String>,
    /// Tasks (co-led tasks once).
    pub tasks: usize,
    /// Rows listed, lost rows and repeated co-led tasks included.
    pub listed: usize,
    /// Rows lost in the source, kept as placeholder tasks.
    pub lost: usize,
    /// The total the report states, if any.
    pub stated_total: Option<usize>,
    /// New task files.
    pub new_tasks: usize,
    /// Tasks matched to existing ones.
    pub matched_tasks: usize,
    /// Progress entries written.
    pub entries: usize,
    /// Progress entries that existed and were kept.
    pub kept_entries: usize,
    /// Distinct leaders named.
    pub leaders: usize,
    /// Distinct units named.
    pub units: usize,
    /// Distinct categories (大类 or category cells).
    pub categories: usize,
    /// Per heading: name, rows listed, lost, stated.
    pub sections: Vec<SectionReport>,
}

/// One heading's count check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionReport {
    /// The heading.
    pub name: String,
    /// Rows listed under it (lost rows included).
    pub listed: usize,
    /// Of which lost in the source.
    pub lost: usize,
    /// The count it states.
    pub stated: Option<usize>,
}

/// Reads one file into a table, with its warnings. Errors (empty, binary, no header) are
/// returned as diagnostics too.
pub fn read_table(
    path: &Path,
    bytes: Vec<u8>,
    statuses: &[config::StatusDef],
) -> (Option<(Table, String)>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let (blocks, format) = if sheet::is_sheet(path) {
        match sheet::read(bytes, path) {
            Ok(b) => (b, "spreadsheet".to_string()),
            Err(d) => {
                diags.push(d);
                return (None, diags);
            }
        }
    } else {
        let (text, enc) = match decode::decode(&bytes, path) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                return (None, diags);
            }
        };
        let is_csv = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        if is_csv {
            (csv::read(&text), format!("CSV, {}", enc.name()))
        } else if text_cells::detect(&text) {
            (
                text_cells::read(&text),
                format!("text, one cell per line, {}", enc.name()),
            )
        } else {
            (
                text_rows::read(&text),
                format!("text, one row per line, {}", enc.name()),
            )
        }
    };
    let (table, d) = interpret::interpret(&blocks, path, statuses);
    diags.extend(d);
    (table.map(|t| (t, format)), diags)
}

/// Imports `opts.files` into `opts.into`: every file is read and checked, the new files
/// are staged in a copy of the site and checked with the rest of the content, and only
/// then moved into place. On any error nothing is written.
pub fn import(opts: &ImportOptions) -> Result<ImportReport> {
    if opts.files.is_empty() {
        return Err(Error::Usage(
            "name at least one report file to import".into(),
        ));
    }
    if opts.files.len() > 1 && (opts.plan_dir.is_some() || opts.plan.is_some()) {
        return Err(Error::Usage(
            "--plan and --plan-dir name one plan: import one file at a time with them".into(),
        ));
    }
    if opts.into.file_name().is_none_or(|n| n != "content") {
        return Err(Error::Usage(format!(
            "--into must be a site's content folder (named content), not {}",
            opts.into.display()
        )));
    }
    let root = site_root(&opts.into);
    let (cfg, _) = config::load(&root, None)?;
    let statuses = cfg
        .as_ref()
        .map_or_else(config::default_statuses, |c| c.statuses.clone());
    let existing = existing_content(&root, &opts.into)?;
    let mut diags = Diagnostics::default();
    let mut tables = Vec::new();
    let mut reports = Vec::new();
    for path in &opts.files {
        let bytes = fsx::read(path)?;
        let (table, d) = read_table(path, bytes, &statuses);
        diags.extend(d);
        let Some((table, format)) = table else {
            continue;
        };
        let plan = opts
            .plan
            .clone()
            .or_else(|| table.title.as_deref().map(plan_from_title))
            .filter(|p| !p.is_empty());
        let Some(plan) = plan else {
            diags.error(
                SourceLoc::file(path),
                "the report has no title line to name its plan",
                "pass --plan NAME, e.g. --plan 2020年市十件民生实事",
            );
            continue;
        };
        let period = period_for(opts, &table, path, &mut diags);
        let plan_dir = opts.plan_dir.clone().unwrap_or_else(|| dir_from_file(path));
        reports.push(file_report(
            path, &format, &plan, &plan_dir, &period, &table,
        ));
        tables.push((
            table,
            Target {
                plan,
                plan_dir,
                period,
                source: path.clone(),
            },
        ));
    }
    if diags.has_errors() {
        return Err(Error::Content(diags.into_sorted()));
    }
    let files = write::files(&tables, &existing, &mut diags);
    if diags.has_errors() {
        return Err(Error::Content(diags.into_sorted()));
    }
    for (r, c) in reports.iter_mut().zip(&files.counts) {
        r.new_tasks = c.new_tasks;
        r.matched_tasks = c.matched_tasks;
        r.entries = c.entries;
    }
    let mut report = ImportReport {
        files: reports,
        dry_run: opts.dry_run,
        ..ImportReport::default()
    };
    for e in &files.existing {
        let at = opts.into.join(&e.rel);
        if fsx::exists(&at) && fsx::read(&at)? == e.text.as_bytes() {
            report.unchanged.push(e.rel.clone());
        } else {
            report.files[e.table].kept_entries += 1;
            diags.warning(
                e.source.clone(),
                format!(
                    "task `{}` already has a progress entry for period `{}`, which differs from this row; it is kept as it is",
                    e.task, e.period
                ),
                "delete that entry first if the import should replace it",
            );
        }
    }
    let mut changed = Vec::new();
    for (rel, text) in &files.files {
        let at = opts.into.join(rel);
        if fsx::exists(&at) && fsx::read(&at)? == text.as_bytes() {
            report.unchanged.push(rel.clone());
        } else if fsx::exists(&at) && rel != Path::new("periods.yaml") {
            diags.error(
                SourceLoc::file(&at),
                "the import would overwrite this file, which holds something else",
                "import into another --plan-dir, or move the file away first",
            );
        } else {
            changed.push((rel.clone(), text.clone()));
        }
    }
    if diags.has_errors() {
        return Err(Error::Content(diags.into_sorted()));
    }
    let check_warnings = stage_and_apply(&root, &opts.into, &changed, opts.dry_run)?;
    report.written = changed.into_iter().map(|(p, _)| p).collect();
    let mut all = diags.into_sorted();
    all.extend(check_warnings);
    report.warnings = all;
    Ok(report)
}

/// The site root of a content folder: its parent.
fn site_root(into: &Path) -> PathBuf {
    match into.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Tasks, entries and periods the content already has.
fn existing_content(root: &Path, into: &Path) -> Result<Existing> {
    let mut ex = Existing::default();
    if !fsx::is_dir(into) {
        return Ok(ex);
    }
    let (raw, _) = loader::load_content(root)?;
    // The loader reads `root/content`; strip that, whatever spelling `into` had.
    let tasks_dir = root.join("content").join("tasks");
    for t in &raw.tasks {
        let rel = t.path.strip_prefix(&tasks_dir).unwrap_or(&t.path);
        let id = t
            .value
            .id
            .clone()
            .unwrap_or_else(|| write::id_of(&Path::new("tasks").join(rel)));
        for p in &t.value.progress {
            if let Some(period) = &p.period {
                ex.entries.insert((id.clone(), period.clone()));
            }
        }
        ex.tasks.push(ExistingTask {
            id,
            plan: t.value.plan.clone().unwrap_or_default(),
            section: t.value.section.clone(),
            number: t.value.number.clone(),
            title: t.value.title.clone().unwrap_or_default(),
        });
    }
    for p in &raw.progress {
        if let (Some(task), Some(period)) = (&p.value.task, &p.value.period) {
            ex.entries.insert((task.clone(), period.clone()));
        }
    }
    if let Some(periods) = &raw.periods {
        ex.periods = periods
            .value
            .iter()
            .filter_map(|p| {
                Some(PeriodDef {
                    id: p.id.clone()?,
                    title: p.title.clone().unwrap_or_default(),
                    start: p.start.clone(),
                    end: p.end.clone(),
                })
            })
            .collect();
    }
    let periods_path = into.join("periods.yaml");
    if fsx::exists(&periods_path) {
        ex.periods_text = Some(String::from_utf8_lossy(&fsx::read(&periods_path)?).into_owned());
    }
    Ok(ex)
}

/// Copies the site (jindu.yaml and content/) into a staging folder, adds `changed`, checks
/// it with the whole pipeline, and — unless `dry_run` — moves the new files into place.
/// Returns the check's warnings about the new files.
fn stage_and_apply(
    root: &Path,
    into: &Path,
    changed: &[(PathBuf, String)],
    dry_run: bool,
) -> Result<Vec<Diagnostic>> {
    let stage = root.join(format!(".jindu-import-{}", std::process::id()));
    fsx::remove_dir_all(&stage)?;
    let result = (|| {
        let config = root.join("jindu.yaml");
        let staged_config = stage.join("jindu.yaml");
        if fsx::exists(&config) {
            fsx::write(&staged_config, &fsx::read(&config)?)?;
        } else {
            fsx::write(&staged_config, b"title: jindu import\n")?;
        }
        let staged_content = stage.join("content");
        fsx::create_dir_all(&staged_content)?;
        for f in fsx::walk_files(into)? {
            let rel = f.strip_prefix(into).unwrap_or(&f);
            fsx::write(&staged_content.join(rel), &fsx::read(&f)?)?;
        }
        for (rel, text) in changed {
            fsx::write(&staged_content.join(rel), text.as_bytes())?;
        }
        let checked = crate::check(&crate::Options {
            root: stage.clone(),
            base_url: None,
            strict: false,
            no_search: false,
        });
        let new: BTreeSet<PathBuf> = changed
            .iter()
            .map(|(rel, _)| staged_content.join(rel))
            .collect();
        let unstage = |mut d: Diagnostic| {
            if let Ok(rel) = d.loc.path.strip_prefix(&staged_content) {
                d.loc.path = into.join(rel);
            }
            d
        };
        let warnings = match checked {
            Ok(c) => c
                .warnings
                .into_iter()
                .filter(|d| new.contains(&d.loc.path))
                .map(unstage)
                .collect::<Vec<_>>(),
            Err(Error::Content(diags)) => {
                return Err(Error::Content(diags.into_iter().map(unstage).collect()));
            }
            Err(e) => return Err(e),
        };
        if !dry_run {
            for (rel, _) in changed {
                let to = into.join(rel);
                if let Some(parent) = to.parent() {
                    fsx::create_dir_all(parent)?;
                }
                fsx::rename(&staged_content.join(rel), &to)?;
            }
        }
        Ok(warnings)
    })();
    fsx::remove_dir_all(&stage)?;
    result
}

/// The plan name from a report title: `2020年市十件民生实事1-9月进展情况汇总表` →
/// `2020年市十件民生实事`; `蓬江区政府 2021 年重点工作任务分解表` → `蓬江区政府2021年重点工作任务`.
pub fn plan_from_title(title: &str) -> String {
    let mut t = headings::squeeze_cjk_spaces(title.trim());
    for suffix in [
        "进展情况汇总表",
        "完成情况汇总表",
        "情况汇总表",
        "汇总表",
        "分解表",
        "进展情况表",
        "进展情况",
        "完成情况",
        "一览表",
        "表",
    ] {
        if let Some(s) = t.strip_suffix(suffix) {
            t = s.to_string();
            break;
        }
    }
    if let Some((start, _)) = period_in(&t) {
        t.truncate(start);
    }
    t.trim_end_matches(['（', '(', ' ']).to_string()
}

/// A period named in a title: (byte offset where it starts, the period).
fn period_in(t: &str) -> Option<(usize, PeriodDef)> {
    let year: i32 = {
        let i = t.find('年')?;
        let digits: String = t[..i]
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        digits.parse().ok().filter(|y| (1990..2200).contains(y))?
    };
    const MON: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let last_day = |m: u32| match m {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    for key in ["上半年", "下半年", "全年"] {
        if let Some(i) = t.rfind(key) {
            let (id, a, b) = match key {
                "上半年" => ("h1", 1, 6),
                "下半年" => ("h2", 7, 12),
                _ => ("year", 1, 12),
            };
            return Some((
                i,
                PeriodDef {
                    id: format!("{year}-{id}"),
                    title: format!("{year}年{key}"),
                    start: Some(format!("{year}-{a:02}-01")),
                    end: Some(format!("{year}-{b:02}-{:02}", last_day(b))),
                },
            ));
        }
    }
    // `1-9月`, `1—9月`, `1至9月`
    let chars: Vec<(usize, char)> = t.char_indices().collect();
    for (k, (i, c)) in chars.iter().enumerate() {
        if !c.is_ascii_digit() || (k > 0 && chars[k - 1].1.is_ascii_digit()) {
            continue;
        }
        let a_end = chars[k..].iter().position(|(_, c)| !c.is_ascii_digit())? + k;
        let a: u32 = chars[k..a_end]
            .iter()
            .map(|(_, c)| c)
            .collect::<String>()
            .parse()
            .ok()?;
        let sep = chars.get(a_end)?.1;
        if !matches!(sep, '-' | '—' | '－' | '至' | '~' | '–') {
            continue;
        }
        let b_start = a_end + 1;
        let b_end = chars[b_start..]
            .iter()
            .position(|(_, c)| !c.is_ascii_digit())
            .map_or(chars.len(), |p| p + b_start);
        let Ok(b) = chars[b_start..b_end]
            .iter()
            .map(|(_, c)| c)
            .collect::<String>()
            .parse::<u32>()
        else {
            continue;
        };
        if chars.get(b_end).map(|(_, c)| *c) != Some('月')
            || !(1..=12).contains(&a)
            || !(a..=12).contains(&b)
        {
            continue;
        }
        return Some((
            *i,
            PeriodDef {
                id: format!("{year}-{}-{}", MON[a as usize - 1], MON[b as usize - 1]),
                title: format!("{year}年{a}-{b}月"),
                start: Some(format!("{year}-{a:02}-01")),
                end: Some(format!("{year}-{b:02}-{:02}", last_day(b))),
            },
        ));
    }
    None
}

/// The period of a table's progress entries: from the options, else from its title.
fn period_for(
    opts: &ImportOptions,
    table: &Table,
    path: &Path,
    diags: &mut Diagnostics,
) -> Option<PeriodDef> {
    let from_title = table.title.as_deref().and_then(period_in).map(|(_, p)| p);
    match (&opts.period, from_title) {
        (Some(id), found) => Some(PeriodDef {
            id: id.clone(),
            title: opts
                .period_title
                .clone()
                .or_else(|| found.as_ref().map(|p| p.title.clone()))
                .unwrap_or_else(|| id.clone()),
            start: found.as_ref().and_then(|p| p.start.clone()),
            end: found.and_then(|p| p.end),
        }),
        (None, Some(mut p)) if table.has_progress => {
            if let Some(t) = &opts.period_title {
                p.title = t.clone();
            }
            Some(p)
        }
        (None, _) if table.has_progress => {
            diags.error(
                SourceLoc::file(path),
                "the report has progress but its title names no period (1-9月, 上半年, 全年)",
                "pass --period ID --period-title TITLE, e.g. --period 2020-jan-sep --period-title 2020年1-9月",
            );
            None
        }
        _ => None,
    }
}

/// A folder name from a file name: lower-case ASCII letters, digits and `-`.
fn dir_from_file(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut out = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "imported".into()
    } else {
        out
    }
}

fn file_report(
    path: &Path,
    format: &str,
    plan: &str,
    plan_dir: &str,
    period: &Option<PeriodDef>,
    table: &Table,
) -> FileReport {
    let mut leaders = BTreeSet::new();
    let mut units = BTreeSet::new();
    let mut categories = BTreeSet::new();
    for t in &table.tasks {
        leaders.extend(t.leaders.iter().cloned());
        units.extend(t.units.iter().cloned());
        if let Some(c) = &t.category {
            categories.insert(c.clone());
        }
    }
    FileReport {
        path: path.to_path_buf(),
        format: format.to_string(),
        plan: plan.to_string(),
        plan_dir: plan_dir.to_string(),
        period: period.as_ref().map(|p| p.id.clone()),
        tasks: table.tasks.len(),
        listed: table.listed,
        lost: table.tasks.iter().filter(|t| t.lost).count(),
        stated_total: table.stated_total,
        leaders: leaders.len(),
        units: units.len(),
        categories: categories.len(),
        sections: table
            .sections
            .iter()
            .filter(|s| s.listed > 0 || s.heading.stated.is_some())
            .map(|s| SectionReport {
                name: s.heading.name.clone(),
                listed: s.listed,
                lost: s.lost,
                stated: s.heading.stated,
            })
            .collect(),
        ..FileReport::default()
    }
}

impl ImportReport {
    /// The summary as text, for `main` to print.
    pub fn summary(&self) -> String {
        let mut s = String::new();
        for f in &self.files {
            let _ = writeln!(s, "{} ({})", f.path.display(), f.format);
            let _ = writeln!(
                s,
                "  plan {} → content/tasks/{}/{}",
                f.plan,
                f.plan_dir,
                f.period
                    .as_ref()
                    .map_or(String::new(), |p| format!(", period {p}"))
            );
            let stated = f
                .stated_total
                .map_or(String::new(), |n| format!(" (the report states {n})"));
            let _ = writeln!(
                s,
                "  {} items listed{stated}: {} tasks ({} new, {} matched existing), {} rows lost in the source; {} progress entries ({} existing kept); {} leaders, {} units, {} categories",
                f.listed,
                f.tasks,
                f.new_tasks,
                f.matched_tasks,
                f.lost,
                f.entries,
                f.kept_entries,
                f.leaders,
                f.units,
                f.categories
            );
            for sec in &f.sections {
                let stated = sec.stated.map_or("—".to_string(), |n| n.to_string());
                let mark = match sec.stated {
                    Some(n) if n != sec.listed => "  ✗ mismatch",
                    Some(_) => "  ✓",
                    None => "",
                };
                let lost = if sec.lost > 0 {
                    format!(" (incl. {} lost)", sec.lost)
                } else {
                    String::new()
                };
                let _ = writeln!(
                    s,
                    "    {}: {}{lost} / stated {stated}{mark}",
                    sec.name, sec.listed
                );
            }
        }
        let verb = if self.dry_run { "would write" } else { "wrote" };
        let _ = write!(
            s,
            "{verb} {} file(s), {} unchanged; {} warning(s)",
            self.written.len(),
            self.unchanged.len(),
            self.warnings.len()
        );
        s
    }
}
