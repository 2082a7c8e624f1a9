//! Import stage 3: imported tables → content files in the core format, as text in memory.
//! Deterministic: the same table always gives the same files, byte for byte. Tasks that
//! already exist (same plan and number in the same section, else the same title) are not
//! written again; their new progress entries point at them. Nothing here touches the disk.

use super::cells;
use super::interpret::{Table, Task};
use crate::diag::{Diagnostic, Diagnostics, SourceLoc};
use crate::loader::yaml;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A reporting period to file progress entries under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodDef {
    /// Period id (`2018-jan-sep`).
    pub id: String,
    /// Title (`2018年1-9月`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// First day, ISO.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Last day, ISO.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

/// How one table is filed.
#[derive(Debug, Clone)]
pub struct Target {
    /// The plan name written into every task.
    pub plan: String,
    /// The folder under `content/tasks/`.
    pub plan_dir: String,
    /// The period of its progress entries, if it reports progress.
    pub period: Option<PeriodDef>,
    /// The source file, for messages.
    pub source: PathBuf,
}

/// A task that exists in the content already.
#[derive(Debug, Clone)]
pub struct ExistingTask {
    /// Its id.
    pub id: String,
    /// Its plan.
    pub plan: String,
    /// Its section.
    pub section: Option<String>,
    /// Its number.
    pub number: Option<String>,
    /// Its title.
    pub title: String,
}

/// What the content holds already, for matching.
#[derive(Debug, Clone, Default)]
pub struct Existing {
    /// Every task.
    pub tasks: Vec<ExistingTask>,
    /// (task id, period id) of every progress entry.
    pub entries: BTreeSet<(String, String)>,
    /// Periods, in file order.
    pub periods: Vec<PeriodDef>,
    /// The text of `periods.yaml`, if any.
    pub periods_text: Option<String>,
}

/// The files of an import, relative to the content folder, and what they hold.
#[derive(Debug, Clone, Default)]
pub struct Files {
    /// Path (relative to `content/`) → full text.
    pub files: BTreeMap<PathBuf, String>,
    /// Per table: tasks written new, tasks matched to existing ones, progress entries.
    pub counts: Vec<TableCounts>,
    /// Entries for a task and period that the content has already: not written.
    pub existing: Vec<ExistingEntry>,
}

/// A progress entry the import would write, for a task and period that have one already.
#[derive(Debug, Clone)]
pub struct ExistingEntry {
    /// Where the import would write it, relative to `content/`.
    pub rel: PathBuf,
    /// What it would write.
    pub text: String,
    /// The task id.
    pub task: String,
    /// The period id.
    pub period: String,
    /// The source row.
    pub source: SourceLoc,
    /// The index of its table.
    pub table: usize,
}

/// What one table became.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableCounts {
    /// New task files.
    pub new_tasks: usize,
    /// Tasks matched to existing ones.
    pub matched_tasks: usize,
    /// Progress entries written.
    pub entries: usize,
}

#[derive(Serialize)]
struct TaskFront<'a> {
    title: &'a str,
    plan: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    section: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    number: Option<Number<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_number: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    leaders: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    lead_unit: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact_unit: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    units: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    owners: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    deadline: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    tags: &'a [String],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    milestones: Vec<MilestoneFront<'a>>,
}

/// A task number written as a YAML number when it is one (`number: 7`), as text otherwise.
#[derive(Serialize)]
#[serde(untagged)]
enum Number<'a> {
    Int(u64),
    Text(&'a str),
}

impl<'a> Number<'a> {
    fn of(s: &'a str) -> Self {
        match s.parse::<u64>() {
            Ok(n) if !s.starts_with('0') => Number::Int(n),
            _ => Number::Text(s),
        }
    }
}

#[derive(Serialize)]
struct MilestoneFront<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    due: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    units: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'a str>,
}

#[derive(Serialize)]
struct ProgressFront<'a> {
    task: &'a str,
    period: &'a str,
    status: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    problems: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    next_steps: &'a str,
}

/// Lays out the files of `tables`, given what `existing` content holds.
pub fn files(tables: &[(Table, Target)], existing: &Existing, diags: &mut Diagnostics) -> Files {
    let mut out = Files::default();
    // Tasks created by an earlier table of this run match like existing ones, so two
    // periods of one plan imported together make one set of tasks.
    let mut known = existing.clone();
    let existing = &mut known;
    let mut taken: BTreeSet<PathBuf> = BTreeSet::new();
    let mut entries = existing.entries.clone();
    let mut new_periods: Vec<PeriodDef> = Vec::new();
    for (table, target) in tables {
        let mut counts = TableCounts::default();
        let width = table
            .tasks
            .iter()
            .filter_map(|t| t.number.as_deref())
            .map(|n| n.chars().take_while(char::is_ascii_digit).count())
            .max()
            .unwrap_or(1)
            .max(2);
        let numbered_sections: Vec<Option<usize>> = {
            let mut v = Vec::new();
            for t in &table.tasks {
                if !v.contains(&t.section) {
                    v.push(t.section);
                }
            }
            v
        };
        let by_section = numbered_sections.len() > 1;
        for (k, task) in table.tasks.iter().enumerate() {
            let section = section_name(table, task);
            let found = find_existing(existing, &target.plan, section.as_deref(), task)
                .map(|e| e.id.clone());
            let id = match found {
                Some(id) => {
                    counts.matched_tasks += 1;
                    id
                }
                None => {
                    let stem = file_stem(
                        task,
                        k,
                        width,
                        by_section.then(|| {
                            1 + numbered_sections
                                .iter()
                                .position(|s| *s == task.section)
                                .unwrap_or(0)
                        }),
                    );
                    let mut rel = PathBuf::from("tasks")
                        .join(&target.plan_dir)
                        .join(format!("{stem}.md"));
                    let mut n = 2;
                    while taken.contains(&rel) {
                        rel = PathBuf::from("tasks")
                            .join(&target.plan_dir)
                            .join(format!("{stem}-{n}.md"));
                        n += 1;
                    }
                    taken.insert(rel.clone());
                    let text = task_file(task, target, section.as_deref(), table);
                    out.files.insert(rel.clone(), text);
                    counts.new_tasks += 1;
                    let id = id_of(&rel);
                    existing.tasks.push(ExistingTask {
                        id: id.clone(),
                        plan: target.plan.clone(),
                        section: section.clone(),
                        number: task.number.clone(),
                        title: task.text.title.clone(),
                    });
                    id
                }
            };
            let Some(period) = &target.period else {
                continue;
            };
            let Some(p) = &task.progress else { continue };
            let Some(status) = p.status.as_deref() else {
                continue;
            };
            let exists = !entries.insert((id.clone(), period.id.clone()));
            let front = ProgressFront {
                task: &id,
                period: &period.id,
                status,
                problems: &p.problems,
                next_steps: &p.next_steps,
            };
            let rel = PathBuf::from("progress")
                .join(&period.id)
                .join(format!("{id}.md"));
            let text = front_matter_file(&front, &p.narrative);
            if exists {
                // Kept as it is, unless it is byte for byte what would be written.
                out.existing.push(ExistingEntry {
                    rel,
                    text,
                    task: id.clone(),
                    period: period.id.clone(),
                    source: SourceLoc::new(&target.source, task.line, 1),
                    table: out.counts.len(),
                });
                continue;
            }
            out.files.insert(rel, text);
            counts.entries += 1;
        }
        if let Some(p) = &target.period
            && !existing.periods.iter().any(|e| e.id == p.id)
            && !new_periods.iter().any(|n| n.id == p.id)
        {
            new_periods.push(p.clone());
        }
        out.counts.push(counts);
    }
    if !new_periods.is_empty() {
        match periods_file(existing, &new_periods) {
            Ok(text) => {
                out.files.insert(PathBuf::from("periods.yaml"), text);
            }
            Err(e) => diags.push(Diagnostic::error(
                SourceLoc::file(Path::new("periods.yaml")),
                format!("cannot write the period: {e}"),
                "",
            )),
        }
    }
    out
}

/// `periods.yaml` with `new` added. The order of the file is the timeline: new periods
/// that start after every existing one are appended (the file stays as the editor wrote
/// it); otherwise the list is written again in order of start date.
fn periods_file(existing: &Existing, new: &[PeriodDef]) -> Result<String, String> {
    let key = |p: &PeriodDef| (p.start.clone(), p.end.clone());
    let last = existing
        .periods
        .iter()
        .filter(|p| p.start.is_some())
        .map(key)
        .max();
    let appends = new
        .iter()
        .all(|p| p.start.is_some() && Some(key(p)) >= last);
    if appends {
        let mut text = existing.periods_text.clone().unwrap_or_default();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        let mut sorted = new.to_vec();
        sorted.sort_by(|a, b| (&a.start, &a.end).cmp(&(&b.start, &b.end)));
        text.push_str(&yaml::to_string(&sorted)?);
        return Ok(text);
    }
    let mut all: Vec<PeriodDef> = existing.periods.clone();
    all.extend(new.iter().cloned());
    // Stable: periods without a start keep their place after the dated ones.
    all.sort_by(|a, b| match (&a.start, &b.start) {
        (Some(x), Some(y)) => (x, &a.end).cmp(&(y, &b.end)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    let mut text = String::from("# Reporting periods; their order is the timeline.\n");
    text.push_str(&yaml::to_string(&all)?);
    Ok(text)
}

/// The section a task is filed under: its category, else its innermost heading.
pub fn section_name(table: &Table, task: &Task) -> Option<String> {
    task.category
        .clone()
        .or_else(|| task.section.map(|s| table.sections[s].heading.name.clone()))
}

fn find_existing<'a>(
    existing: &'a Existing,
    plan: &str,
    section: Option<&str>,
    task: &Task,
) -> Option<&'a ExistingTask> {
    let same_plan = || existing.tasks.iter().filter(|e| e.plan == plan);
    if task.number.is_some() {
        let hit = same_plan().find(|e| e.number == task.number && e.section.as_deref() == section);
        if hit.is_some() {
            return hit;
        }
    }
    let mut by_title = same_plan().filter(|e| !task.lost && e.title == task.text.title);
    match (by_title.next(), by_title.next()) {
        (Some(e), None) => Some(e),
        _ => None,
    }
}

/// `07`, or `02-07` when numbers restart in each section.
fn file_stem(task: &Task, index: usize, width: usize, section: Option<usize>) -> String {
    let number: String = task
        .number
        .as_deref()
        .unwrap_or("")
        .chars()
        .map(|c| if c.is_ascii_digit() { c } else { '-' })
        .collect();
    let number = number.trim_matches('-').to_string();
    let number = if number.is_empty() {
        format!("row{:03}", index + 1)
    } else {
        let digits = number.chars().take_while(char::is_ascii_digit).count();
        format!("{}{number}", "0".repeat(width.saturating_sub(digits)))
    };
    match section {
        Some(s) => format!("{s:02}-{number}"),
        None => number,
    }
}

/// A task's id from its path under `content/`: `tasks/2018-city/01-05.md` → `2018-city-01-05`.
pub fn id_of(rel: &Path) -> String {
    let under = rel.strip_prefix("tasks").unwrap_or(rel).with_extension("");
    under
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

fn task_file(task: &Task, target: &Target, section: Option<&str>, table: &Table) -> String {
    let lead = task
        .text
        .lead_units
        .first()
        .or(task.units.first())
        .map(String::as_str);
    let milestones = task
        .milestones
        .iter()
        .map(|m| MilestoneFront {
            title: &m.title,
            due: m.due.as_deref(),
            units: &m.units,
            status: m.status.as_deref(),
        })
        .collect();
    let mut tags = task.text.tags.clone();
    tags.dedup();
    let front = TaskFront {
        title: &task.text.title,
        plan: &target.plan,
        section,
        number: task.number.as_deref().map(Number::of),
        full_number: task.full_number.as_deref(),
        leaders: &task.leaders,
        lead_unit: lead,
        contact_unit: task.text.contact_unit.as_deref(),
        units: &task.units,
        owners: &task.owners,
        deadline: task.deadline.as_deref(),
        target: task.target.as_deref(),
        tags: &tags,
        milestones,
    };
    let mut body = Vec::new();
    if task.lost {
        body.push(format!(
            "原表此行只剩下进展情况：序号、工作任务、责任单位和责任人在导出时丢失（{} 第{}行）。请对照原件补全标题、责任单位和责任人，并删去标签“待补”。",
            target.source.file_name().map_or_else(String::new, |f| f.to_string_lossy().into_owned()),
            task.line
        ));
    } else {
        body.extend(task.text.body.lines().map(cells::escape_markdown));
    }
    if !task.groups.is_empty() {
        body.push(format!(
            "上级任务：{}",
            task.groups
                .iter()
                .map(|g| cells::escape_markdown(g))
                .collect::<Vec<_>>()
                .join(" › ")
        ));
    }
    if !task.also_listed.is_empty() {
        body.push(format!("该项同时列于：{}。", task.also_listed.join("；")));
    }
    if let (Some(p), Some(period)) = (&task.progress, &target.period)
        && p.status.is_none()
    {
        body.push(format!("### {}进展情况（原表未写明状态）", period.title));
        if !p.narrative.is_empty() {
            body.push(p.narrative.clone());
        }
        if !p.problems.is_empty() {
            body.push(format!("存在问题：\n\n{}", p.problems));
        }
    }
    if !task.extras.is_empty() {
        body.push("### 原表其他栏目".to_string());
        body.push(
            task.extras
                .iter()
                .map(|(k, v)| format!("- {k}：{}", cells::escape_markdown(&v.replace('\n', " "))))
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
    let _ = table;
    front_matter_file(&front, &body.join("\n\n"))
}

fn front_matter_file<T: Serialize>(front: &T, body: &str) -> String {
    let yaml = yaml::to_string(front).unwrap_or_default();
    let mut s = format!("---\n{yaml}---\n");
    if !body.is_empty() {
        s.push_str(body.trim_end());
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_from_the_path() {
        assert_eq!(
            id_of(Path::new("tasks/2018-city/01-05.md")),
            "2018-city-01-05"
        );
    }

    #[test]
    fn file_names_are_zero_padded_and_per_section_when_numbers_restart() {
        let t = Task {
            number: Some("5".into()),
            ..Task::default()
        };
        assert_eq!(file_stem(&t, 0, 2, None), "05");
        assert_eq!(file_stem(&t, 0, 3, Some(2)), "02-005");
        let t = Task::default();
        assert_eq!(file_stem(&t, 6, 2, None), "row007");
    }
}
