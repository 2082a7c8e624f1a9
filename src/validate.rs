//! Validate stage: raw content → the immutable [`Site`]. Every check runs and every problem
//! is collected as a diagnostic: ids unique, references resolve, statuses and dates valid,
//! names normalised, plus the contradictions a reviewer would catch. Then it sorts and
//! groups once, so later stages never have to.

use crate::config::{Config, CountsAs};
use crate::diag::{Diagnostics, SourceLoc, did_you_mean};
use crate::loader::raw::{RawPerson, RawProgress, RawTask};
use crate::loader::{RawContent, Sourced};
use crate::model::date::{self, Date};
use crate::model::names::{self, normalise_person, normalise_text, normalise_unit};
use crate::model::text::Text;
use crate::model::*;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};

/// Builds the site from raw content. Returns `None` only when errors make a model
/// meaningless; the diagnostics say why.
pub fn validate(config: Config, raw: RawContent) -> (Option<Site>, Diagnostics) {
    let mut v = Validator {
        config: &config,
        diags: Diagnostics::default(),
    };
    let periods = v.periods(&raw);
    let leader_list = v.people(raw.leaders.as_ref(), normalise_person, "leader");
    let unit_list = v.people(raw.units.as_ref(), normalise_unit, "unit");
    let (leader_names, unit_names) = (Names::new(&leader_list), Names::new(&unit_list));

    // Tasks, with their inline entries.
    let mut tasks = Vec::new();
    let mut pending = Vec::new();
    let mut seen_ids: HashMap<String, SourceLoc> = HashMap::new();
    // Each file is checked on its own in parallel (a province has tens of thousands);
    // only the uniqueness of ids needs them all, in file order, after.
    let checked = check_each(&config, &raw.tasks, |v, file| {
        v.task(file, &leader_names, &unit_names)
    });
    for (file, (t, file_diags)) in raw.tasks.iter().zip(checked) {
        let Some(t) = t else {
            v.diags.extend(file_diags); // an unusable id
            continue;
        };
        // A second task with an id gets the duplicate errors and nothing else.
        let id_loc = if file.value.id.is_some() {
            file.loc("id")
        } else {
            SourceLoc::file(&file.path)
        };
        if let Some(first) = seen_ids.get(&t.id) {
            let id = &t.id;
            v.diags.error(
                id_loc.clone(),
                format!("duplicate task id `{id}`, also at {first}"),
                "give one of the tasks another `id:` or rename its file",
            );
            v.diags.error(
                first.clone(),
                format!("duplicate task id `{id}`, also at {id_loc}"),
                "give one of the tasks another `id:` or rename its file",
            );
            continue;
        }
        seen_ids.insert(t.id.clone(), id_loc);
        v.diags.extend(file_diags);
        for (i, p) in file.value.progress.iter().enumerate() {
            let path = format!("progress.{i}");
            if let Some(task_ref) = &p.task
                && task_ref.trim() != t.id
            {
                v.diags.error(
                        file.loc(&format!("{path}.task")),
                        format!("an inline progress entry names task `{task_ref}`, but it sits in task `{}`", t.id),
                        "remove `task:` from inline entries, or move the entry to content/progress/",
                    );
            }
            pending.push(PendingEntry {
                task_id: t.id.clone(),
                raw: p,
                file: FileRef::of(file),
                path,
                body: None,
            });
        }
        tasks.push(t);
    }
    for file in &raw.progress {
        let Some(task_id) = file
            .value
            .task
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        else {
            v.diags.error(
                file.loc("task"),
                "the progress entry does not say which task it is for",
                "add `task: <task id>`; a task's id is its file path under content/tasks/ with `/` as `-` and no extension",
            );
            continue;
        };
        pending.push(PendingEntry {
            task_id: task_id.to_string(),
            raw: &file.value,
            file: FileRef::of(file),
            path: String::new(),
            body: file.body.as_ref(),
        });
    }

    // Order tasks: plan name, section ordinal, number, id.
    tasks.sort_by_cached_key(TaskBuild::sort_key);
    let plan_names: Vec<String> = tasks
        .iter()
        .map(|t| t.plan.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let leaders_order = order_names(&leader_list, tasks.iter().flat_map(|t| t.leaders.iter()));
    let units_order = order_names(
        &unit_list,
        tasks.iter().flat_map(|t| {
            t.units
                .iter()
                .chain(t.contact_unit.iter())
                .chain(t.milestones.iter().flat_map(|m| m.units.iter()))
        }),
    );
    let leader_idx: HashMap<&str, usize> = leaders_order
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let unit_idx: HashMap<&str, usize> = units_order
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let plan_idx: HashMap<&str, usize> = plan_names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let task_idx: HashMap<String, usize> = tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.clone(), i))
        .collect();
    let all_ids: Vec<&str> = tasks.iter().map(|t| t.id.as_str()).collect();

    // Progress entries.
    // Each is checked on its own in parallel (a province has hundreds of thousands), then
    // one entry per task and period is kept, in file order.
    let checked = check_each(&config, &pending, |v, e| {
        v.progress(e, &task_idx, &all_ids, &periods, &tasks)
    });
    let mut progress = Vec::new();
    // The kept entry of each (task, period), by index: a flat table, as this runs on one
    // thread over every entry of the site.
    let mut seen_entries = vec![u32::MAX; tasks.len() * periods.len()];
    for (e, (p, entry_diags)) in pending.iter().zip(checked) {
        v.diags.extend(entry_diags);
        if let Some(p) = p {
            let slot = &mut seen_entries[p.task * periods.len() + p.period];
            let first = (*slot != u32::MAX).then(|| &progress[*slot as usize]);
            if v.unique_entry(e, &p, first, &periods) {
                *slot = progress.len() as u32;
                progress.push(p);
            }
        }
    }
    progress.sort_by_key(|p: &Progress| (p.period, p.task));

    // Assemble the model.
    let mut site_tasks: Vec<Task> = tasks
        .into_iter()
        .map(|t| Task {
            plan: plan_idx[t.plan.as_str()],
            leaders: t.leaders.iter().map(|n| leader_idx[n.as_str()]).collect(),
            lead_unit: t.lead_unit.as_ref().map(|n| unit_idx[n.as_str()]),
            contact_unit: t.contact_unit.as_ref().map(|n| unit_idx[n.as_str()]),
            units: t.units.iter().map(|n| unit_idx[n.as_str()]).collect(),
            milestones: t
                .milestones
                .iter()
                .map(|m| Milestone {
                    title: m.title.clone(),
                    due: m.due.clone(),
                    units: m.units.iter().map(|n| unit_idx[n.as_str()]).collect(),
                    status: m.status,
                })
                .collect(),
            id: t.id,
            title: t.title,
            section: t.section,
            number: t.number,
            full_number: t.full_number,
            owners: t.owners,
            deadline: t.deadline,
            target: t.target,
            tags: t.tags,
            description: t.description,
            description_loc: t.description_loc,
            progress: Vec::new(),
            source: t.source,
        })
        .collect();
    for (i, p) in progress.iter().enumerate() {
        site_tasks[p.task].progress.push(i);
    }
    for t in &mut site_tasks {
        t.progress
            .sort_by_key(|&i| std::cmp::Reverse(progress[i].period));
    }
    v.contradictions(&site_tasks, &progress);

    let latest = |t: &Task| t.latest().map(|i| &progress[i]);
    let figures_of =
        |ids: &[TaskIdx]| Figures::count(&config, ids.iter().map(|&i| latest(&site_tasks[i])));

    let plans: Vec<Plan> = plan_names
        .into_iter()
        .enumerate()
        .map(|(pi, name)| {
            let ids: Vec<TaskIdx> = (0..site_tasks.len())
                .filter(|&i| site_tasks[i].plan == pi)
                .collect();
            let mut sections: Vec<(Option<String>, Vec<TaskIdx>)> = Vec::new();
            for &i in &ids {
                let s = &site_tasks[i].section;
                match sections.last_mut() {
                    Some((last, list)) if last == s => list.push(i),
                    _ => sections.push((s.clone(), vec![i])),
                }
            }
            Plan {
                figures: figures_of(&ids),
                name,
                tasks: ids,
                sections,
            }
        })
        .collect();

    let mut leader_tasks = vec![Vec::new(); leaders_order.len()];
    let mut unit_led = vec![Vec::new(); units_order.len()];
    let mut unit_co = vec![Vec::new(); units_order.len()];
    for (i, t) in site_tasks.iter().enumerate() {
        for &l in &t.leaders {
            leader_tasks[l].push(i);
        }
        let mut seen = BTreeSet::new();
        for &u in t.units.iter().chain(t.contact_unit.iter()) {
            if !seen.insert(u) {
                continue;
            }
            if Some(u) == t.lead_unit {
                unit_led[u].push(i);
            } else {
                unit_co[u].push(i);
            }
        }
    }
    let roles: HashMap<String, Option<String>> = leader_list
        .iter()
        .map(|p| (p.name.clone(), p.role.clone()))
        .collect();
    let leaders: Vec<Leader> = leaders_order
        .into_iter()
        .zip(leader_tasks)
        .map(|(name, tasks)| {
            let mut by_plan: Vec<(PlanIdx, Vec<TaskIdx>)> = Vec::new();
            for &i in &tasks {
                let p = site_tasks[i].plan;
                match by_plan.last_mut() {
                    Some((lp, list)) if *lp == p => list.push(i),
                    _ => by_plan.push((p, vec![i])),
                }
            }
            Leader {
                role: roles.get(&name).cloned().flatten(),
                figures: figures_of(&tasks),
                name,
                tasks,
                by_plan,
            }
        })
        .collect();
    let aliases: HashMap<String, Vec<String>> = unit_list
        .iter()
        .map(|p| (p.name.clone(), p.aliases.clone()))
        .collect();
    let units: Vec<Unit> = units_order
        .into_iter()
        .zip(unit_led.into_iter().zip(unit_co))
        .map(|(name, (led, co))| Unit {
            aliases: aliases.get(&name).cloned().unwrap_or_default(),
            figures: figures_of(&led),
            name,
            led,
            co,
        })
        .collect();

    let mut site_periods: Vec<Period> = periods
        .into_iter()
        .map(|p| Period {
            id: p.id,
            title: p.title,
            start: p.start,
            end: p.end,
            entries: Vec::new(),
            figures: Figures::default(),
            changes: Vec::new(),
            by_leader: Vec::new(),
            by_plan: Vec::new(),
        })
        .collect();
    for (i, p) in progress.iter().enumerate() {
        site_periods[p.period].entries.push(i);
    }
    for p in &mut site_periods {
        p.figures = Figures::count(&config, p.entries.iter().map(|&i| Some(&progress[i])));
        // Entries per leader (a task with two leaders counts for each), None last.
        let mut groups: Vec<Vec<ProgressIdx>> = vec![Vec::new(); leaders.len() + 1];
        for &e in &p.entries {
            let task = &site_tasks[progress[e].task];
            if task.leaders.is_empty() {
                groups[leaders.len()].push(e);
            }
            for &l in &task.leaders {
                groups[l].push(e);
            }
        }
        // Entries per plan, so that a plan's table does not scan every entry of the
        // period (100 plans x 4 periods x 45,000 entries at 50,000 tasks).
        p.by_plan = vec![Vec::new(); plans.len()];
        for &e in &p.entries {
            p.by_plan[site_tasks[progress[e].task].plan].push(e);
        }
        p.by_leader = groups
            .into_iter()
            .enumerate()
            .filter(|(_, g)| !g.is_empty())
            .map(|(l, entries)| LeaderGroup {
                leader: (l < leaders.len()).then_some(l),
                figures: Figures::count(&config, entries.iter().map(|&i| Some(&progress[i]))),
                entries,
            })
            .collect();
    }
    let changes = compute_changes(&config, &site_periods, &site_tasks, &plans, &progress);
    for (p, c) in site_periods.iter_mut().zip(changes) {
        p.changes = c;
    }
    let latest_period = site_periods.iter().rposition(|p| !p.entries.is_empty());

    // The raw files are freed on the thread pool, which waits idle while the renderer is
    // set up: one by one on this thread they took a tenth of a second at 50,000 tasks.
    drop(pending);
    rayon::spawn(move || drop(raw));
    let Validator { diags, .. } = v;
    if diags.has_errors() {
        return (None, diags);
    }
    let site = Site {
        config,
        periods: site_periods,
        plans,
        tasks: site_tasks,
        progress,
        leaders,
        units,
        latest_period,
    };
    (Some(site), diags)
}

/// Runs `check` on every item on the thread pool, each with diagnostics of its own: the
/// checks that look at one file alone. Results come back in item order.
fn check_each<T: Sync, R: Send>(
    config: &Config,
    items: &[T],
    check: impl Fn(&mut Validator<'_>, &T) -> Option<R> + Sync,
) -> Vec<(Option<R>, Diagnostics)> {
    items
        .par_iter()
        .map(|item| {
            let mut v = Validator {
                config,
                diags: Diagnostics::default(),
            };
            let r = check(&mut v, item);
            (r, v.diags)
        })
        .collect()
}

struct Validator<'a> {
    config: &'a Config,
    diags: Diagnostics,
}

struct PeriodBuild {
    id: String,
    title: String,
    start: Date,
    end: Date,
}

/// A leader or unit from its list file.
struct Listed {
    name: String,
    role: Option<String>,
    aliases: Vec<String>,
}

/// A leaders or units list as lookups. A large site resolves millions of names against
/// lists of a thousand units; scanning the list for each name was most of validation.
struct Names<'a> {
    list: &'a [Listed],
    /// Alias → listed name (the first entry that has it, as a scan would find).
    aliases: HashMap<&'a str, &'a str>,
    /// The listed names.
    names: std::collections::HashSet<&'a str>,
}

impl<'a> Names<'a> {
    fn new(list: &'a [Listed]) -> Self {
        let mut aliases = HashMap::new();
        for l in list {
            for a in &l.aliases {
                aliases.entry(a.as_str()).or_insert(l.name.as_str());
            }
        }
        Names {
            list,
            aliases,
            names: list.iter().map(|l| l.name.as_str()).collect(),
        }
    }

    /// `name` normalised, then replaced by the listed name it is an alias of.
    fn resolve(&self, name: &str, norm: fn(&str) -> String) -> String {
        let n = norm(name);
        match self.aliases.get(n.as_str()) {
            Some(listed) => listed.to_string(),
            None => n,
        }
    }
}

struct TaskBuild {
    id: String,
    title: String,
    plan: String,
    section: Option<String>,
    number: Option<String>,
    full_number: Option<String>,
    leaders: Vec<String>,
    lead_unit: Option<String>,
    contact_unit: Option<String>,
    units: Vec<String>,
    owners: Vec<String>,
    deadline: Option<String>,
    milestones: Vec<MilestoneBuild>,
    target: Option<String>,
    tags: Vec<String>,
    description: Text,
    description_loc: SourceLoc,
    source: SourceLoc,
}

struct MilestoneBuild {
    title: String,
    due: Option<String>,
    units: Vec<String>,
    status: Option<usize>,
}

impl TaskBuild {
    fn sort_key(&self) -> (String, u32, String, (u32, String), String) {
        let section = self.section.clone().unwrap_or_default();
        let ordinal = match &self.section {
            Some(s) => names::ordinal_prefix(s).unwrap_or(u32::MAX - 1),
            None => u32::MAX,
        };
        let number = names::number_key(self.number.as_deref().unwrap_or(""));
        (self.plan.clone(), ordinal, section, number, self.id.clone())
    }
}

struct PendingEntry<'a> {
    task_id: String,
    raw: &'a RawProgress,
    file: FileRef<'a>,
    /// Key path prefix of the entry in its file (`progress.2`), empty for a progress file.
    path: String,
    body: Option<&'a (String, usize)>,
}

impl PendingEntry<'_> {
    /// Where field `k` of the entry is written.
    fn at(&self, k: &str) -> SourceLoc {
        if self.path.is_empty() {
            self.file.loc(k)
        } else {
            self.file.loc(&format!("{}.{k}", self.path))
        }
    }
}

/// Where a raw value sits, whatever the file's type.
#[derive(Clone, Copy)]
struct FileRef<'a> {
    path: &'a std::path::Path,
    outline: &'a crate::loader::outline::Outline,
}

impl<'a> FileRef<'a> {
    fn of<T>(s: &'a Sourced<T>) -> Self {
        FileRef {
            path: &s.path,
            outline: &s.outline,
        }
    }

    fn loc(&self, key: &str) -> SourceLoc {
        match self.outline.locate(key) {
            Some((l, c)) => SourceLoc::new(self.path, l, c),
            None => SourceLoc::file(self.path),
        }
    }
}

/// Names in list order, then the unlisted ones by name.
fn order_names<'n>(listed: &[Listed], used: impl Iterator<Item = &'n String>) -> Vec<String> {
    let mut out: Vec<String> = listed.iter().map(|l| l.name.clone()).collect();
    let known: BTreeSet<&str> = listed.iter().map(|l| l.name.as_str()).collect();
    let extra: BTreeSet<&String> = used.filter(|n| !known.contains(n.as_str())).collect();
    out.extend(extra.into_iter().cloned());
    out
}

impl Validator<'_> {
    fn periods(&mut self, raw: &RawContent) -> Vec<PeriodBuild> {
        let Some(file) = &raw.periods else {
            return Vec::new();
        };
        let mut out: Vec<PeriodBuild> = Vec::new();
        let mut seen: HashMap<String, SourceLoc> = HashMap::new();
        for (i, p) in file.value.iter().enumerate() {
            let at = |k: &str| file.loc(&format!("{i}.{k}"));
            let Some(id) = p.id.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
                self.diags.error(
                    at("id"),
                    "a period has no id",
                    "give each period an `id:` such as 2020-jan-sep",
                );
                continue;
            };
            if let Some(first) = seen.get(id) {
                self.diags.error(
                    at("id"),
                    format!("duplicate period id `{id}` (first at {first})"),
                    "give each period its own id",
                );
                continue;
            }
            seen.insert(id.to_string(), at("id"));
            self.check_id(id, at("id"), "period");
            let start = self.date(p.start.as_deref(), at("start"), "start");
            let end = self.date(p.end.as_deref(), at("end"), "end");
            let (Some(start), Some(end)) = (start, end) else {
                continue;
            };
            if start > end {
                self.diags.error(
                    at("end"),
                    format!("period `{id}` ends ({end}) before it starts ({start})"),
                    "swap or correct the dates",
                );
            }
            out.push(PeriodBuild {
                id: id.to_string(),
                title: p
                    .title
                    .as_deref()
                    .map(normalise_text)
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| id.to_string()),
                start,
                end,
            });
        }
        out
    }

    /// A required date field.
    fn date(&mut self, text: Option<&str>, loc: SourceLoc, field: &str) -> Option<Date> {
        match text {
            None => {
                self.diags.error(
                    loc,
                    format!("missing `{field}` date"),
                    "write the date as YYYY-MM-DD, e.g. 2020-09-30",
                );
                None
            }
            Some(t) => match Date::parse(t) {
                Some(d) => Some(d),
                None => {
                    self.diags.error(
                        loc,
                        format!("`{t}` is not a valid date"),
                        "write an existing date as YYYY-MM-DD, e.g. 2020-09-30",
                    );
                    None
                }
            },
        }
    }

    fn people(
        &mut self,
        file: Option<&Sourced<Vec<RawPerson>>>,
        norm: fn(&str) -> String,
        what: &str,
    ) -> Vec<Listed> {
        let Some(file) = file else { return Vec::new() };
        let mut out: Vec<Listed> = Vec::new();
        let mut seen: HashMap<String, SourceLoc> = HashMap::new();
        for (i, p) in file.value.iter().enumerate() {
            let at = |k: &str| file.loc(&format!("{i}.{k}"));
            let Some(name) = p.name.as_deref().map(norm).filter(|s| !s.is_empty()) else {
                self.diags.error(
                    at("name"),
                    format!("a {what} has no name"),
                    format!("give each {what} a `name:`"),
                );
                continue;
            };
            let aliases: Vec<String> = p
                .aliases
                .iter()
                .map(|a| norm(a))
                .filter(|a| *a != name)
                .collect();
            for n in std::iter::once(&name).chain(aliases.iter()) {
                if let Some(first) = seen.get(n) {
                    self.diags.error(
                        at("name"),
                        format!("{what} `{n}` is listed twice (first at {first})"),
                        "list each name once, as a name or as an alias",
                    );
                } else {
                    seen.insert(n.clone(), at("name"));
                }
            }
            out.push(Listed {
                name,
                role: p.role.as_deref().map(normalise_text),
                aliases,
            });
        }
        out
    }

    /// Ids become file names through the router, which makes any id safe; this only
    /// refuses ids no editor means (blank, with spaces, or absurdly long).
    fn check_id(&mut self, id: &str, loc: SourceLoc, what: &str) -> bool {
        let ok = !id.is_empty()
            && id.chars().count() <= 128
            && !id.chars().any(|c| c.is_whitespace() || c.is_control());
        if !ok {
            self.diags.error(
                loc,
                format!(
                    "`{}` is not a usable {what} id",
                    id.chars()
                        .take(40)
                        .flat_map(|c| if c.is_control() { c.escape_debug().collect() } else { vec![c] })
                        .collect::<String>()
                ),
                "ids are up to 128 characters without spaces or control characters, e.g. 2020-livelihood-01",
            );
        }
        ok
    }

    fn task(
        &mut self,
        file: &Sourced<RawTask>,
        leaders: &Names,
        units: &Names,
    ) -> Option<TaskBuild> {
        let raw = &file.value;
        let source = SourceLoc::file(&file.path);
        let id = match raw.id.as_deref().map(str::trim) {
            Some(id) => id.to_string(),
            None => derive_id(&file.path),
        };
        if !self.check_id(&id, file.loc("id"), "task") {
            return None;
        }
        let title = raw.title.as_deref().map(normalise_text).unwrap_or_default();
        if title.is_empty() {
            self.diags.error(
                file.loc("title"),
                "the task has no title",
                "add `title:` with the task's first sentence",
            );
        }
        let plan = raw.plan.as_deref().map(normalise_text).unwrap_or_default();
        if plan.is_empty() {
            self.diags.error(
                file.loc("plan"),
                "the task has no plan",
                "add `plan:` naming the programme it belongs to, e.g. 2020年市十件民生实事",
            );
        }
        let resolve = |list: &Names, name: &str, norm: fn(&str) -> String| list.resolve(name, norm);
        let mut leader_names = Vec::new();
        for l in &raw.leaders {
            let n = resolve(leaders, l, normalise_person);
            // With a leaders list, a name outside it is most often a typo (王常青 for 王长青),
            // which would silently give that leader a second page.
            if !n.is_empty() && !leaders.list.is_empty() && !leaders.names.contains(n.as_str()) {
                let known: Vec<&str> = leaders.list.iter().map(|x| x.name.as_str()).collect();
                let hint = match did_you_mean(&n, &known) {
                    Some(s) => {
                        format!("did you mean `{s}`? If not, add `{n}` to content/leaders.yaml")
                    }
                    None => format!("add `{n}` to content/leaders.yaml, or correct the name"),
                };
                self.diags.warning(
                    file.loc("leaders"),
                    format!("leader `{n}` is not in content/leaders.yaml"),
                    hint,
                );
            }
            if !n.is_empty() && !leader_names.contains(&n) {
                leader_names.push(n);
            }
        }
        let mut unit_names: Vec<String> = Vec::new();
        for u in &raw.units {
            let n = resolve(units, u, normalise_unit);
            if !n.is_empty() && !unit_names.contains(&n) {
                unit_names.push(n);
            }
        }
        let lead_unit = match raw
            .lead_unit
            .as_deref()
            .map(|u| resolve(units, u, normalise_unit))
            .filter(|s| !s.is_empty())
        {
            Some(lead) => {
                if let Some(pos) = unit_names.iter().position(|u| *u == lead) {
                    let l = unit_names.remove(pos);
                    unit_names.insert(0, l);
                } else {
                    unit_names.insert(0, lead.clone());
                }
                Some(lead)
            }
            None => unit_names.first().cloned(),
        };
        let contact_unit = raw
            .contact_unit
            .as_deref()
            .map(|u| resolve(units, u, normalise_unit))
            .filter(|s| !s.is_empty());
        let owners: Vec<String> = raw.owners.iter().map(|o| normalise_person(o)).collect();
        if owners.len() > unit_names.len() {
            self.diags.warning(
                file.loc("owners"),
                format!("{} owners for {} units", owners.len(), unit_names.len()),
                "owners pair with units in order; add the missing units or remove extra owners",
            );
        }
        let deadline = raw
            .deadline
            .as_deref()
            .map(normalise_text)
            .filter(|s| !s.is_empty());
        if let Some(d) = &deadline {
            self.free_date(d, file.loc("deadline"));
        }
        let mut milestones = Vec::new();
        for (i, m) in raw.milestones.iter().enumerate() {
            let at = |k: &str| file.loc(&format!("milestones.{i}.{k}"));
            let title = m.title.as_deref().map(normalise_text).unwrap_or_default();
            if title.is_empty() {
                self.diags.error(
                    at("title"),
                    "a milestone has no title",
                    "add `title:` saying what is to be done",
                );
            }
            if let Some(d) = &m.due {
                self.free_date(d, at("due"));
            }
            let status = m
                .status
                .as_deref()
                .and_then(|s| self.status(s, at("status")));
            milestones.push(MilestoneBuild {
                title,
                due: m.due.as_deref().map(normalise_text),
                units: m
                    .units
                    .iter()
                    .map(|u| resolve(units, u, normalise_unit))
                    .filter(|s| !s.is_empty())
                    .collect(),
                status,
            });
        }
        let (description, description_loc) = match (&raw.description, &file.body) {
            (Some(_), Some((body, _))) if !body.trim().is_empty() => {
                self.diags.error(
                    file.loc("description"),
                    "the description is given twice: in `description:` and as the Markdown body",
                    "keep one of them",
                );
                (String::new(), source.clone())
            }
            (Some(d), _) => (d.clone(), file.loc("description")),
            (None, Some((body, line))) => (body.clone(), SourceLoc::new(&file.path, *line, 1)),
            (None, None) => (String::new(), source.clone()),
        };
        Some(TaskBuild {
            id,
            title,
            plan,
            section: raw
                .section
                .as_deref()
                .map(normalise_text)
                .filter(|s| !s.is_empty()),
            number: raw
                .number
                .as_deref()
                .map(normalise_text)
                .filter(|s| !s.is_empty()),
            full_number: raw
                .full_number
                .as_deref()
                .map(normalise_text)
                .filter(|s| !s.is_empty()),
            leaders: leader_names,
            lead_unit,
            contact_unit,
            units: unit_names,
            owners,
            deadline,
            milestones,
            target: raw
                .target
                .as_deref()
                .map(normalise_text)
                .filter(|s| !s.is_empty()),
            tags: raw
                .tags
                .iter()
                .map(|t| normalise_text(t))
                .filter(|t| !t.is_empty())
                .collect(),
            description: Text::new(description),
            description_loc,
            source,
        })
    }

    /// A deadline or due date: free text is fine, but something that tries to be a
    /// numeric date must be a real one.
    fn free_date(&mut self, text: &str, loc: SourceLoc) {
        if date::looks_like_date(text) && Date::parse(text).is_none() {
            self.diags.error(
                loc,
                format!("`{text}` is not a valid date"),
                "write an existing date as YYYY-MM-DD, or a text such as 12月底 or 持续推进",
            );
        }
    }

    fn status(&mut self, text: &str, loc: SourceLoc) -> Option<usize> {
        let found = self.config.status_index(text);
        if found.is_none() {
            self.diags.error(
                loc,
                format!("unknown status `{}`", text.trim()),
                format!("use one of: {}", self.config.status_spellings()),
            );
        }
        found
    }

    fn progress(
        &mut self,
        e: &PendingEntry<'_>,
        task_idx: &HashMap<String, usize>,
        all_ids: &[&str],
        periods: &[PeriodBuild],
        tasks: &[TaskBuild],
    ) -> Option<Progress> {
        let task = match task_idx.get(&e.task_id) {
            Some(&t) => Some(t),
            None => {
                let hint = match did_you_mean(&e.task_id, all_ids) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "a task's id is its path under content/tasks/ with `/` as `-` and no extension, or its `id:`".into(),
                };
                self.diags.error(
                    e.at("task"),
                    format!("progress entry for unknown task `{}`", e.task_id),
                    hint,
                );
                None
            }
        };
        let period = match e.raw.period.as_deref().map(str::trim) {
            None | Some("") => {
                self.diags.error(
                    e.at("period"),
                    "the progress entry has no period",
                    "add `period:` with an id from content/periods.yaml",
                );
                None
            }
            Some(pid) => match periods.iter().position(|p| p.id == pid) {
                Some(i) => Some(i),
                None => {
                    let ids: Vec<&str> = periods.iter().map(|p| p.id.as_str()).collect();
                    let hint = if ids.is_empty() {
                        "define the periods in content/periods.yaml".to_string()
                    } else {
                        format!("the periods are: {}", ids.join(", "))
                    };
                    self.diags.error(
                        e.at("period"),
                        format!("progress entry for unknown period `{pid}`"),
                        hint,
                    );
                    None
                }
            },
        };
        let status = match e.raw.status.as_deref() {
            None => {
                self.diags.error(
                    e.at("status"),
                    "the progress entry has no status",
                    format!("add `status:`, one of: {}", self.config.status_spellings()),
                );
                None
            }
            Some(s) => self.status(s, e.at("status")),
        };
        let updated = match e.raw.updated.as_deref() {
            Some(u) => {
                let d = Date::parse(u);
                if d.is_none() {
                    self.diags.error(
                        e.at("updated"),
                        format!("`{u}` is not a valid date"),
                        "write the date as YYYY-MM-DD, e.g. 2020-10-15",
                    );
                }
                d
            }
            None => None,
        };
        let narrative = match (&e.raw.narrative, e.body) {
            (Some(_), Some((b, _))) if !b.trim().is_empty() => {
                self.diags.error(
                    e.at("narrative"),
                    "the narrative is given twice: in `narrative:` and as the Markdown body",
                    "keep one of them",
                );
                String::new()
            }
            (Some(n), _) => n.clone(),
            (None, Some((b, _))) => b.clone(),
            (None, None) => String::new(),
        };
        let (task, period, status) = (task?, period?, status?);
        let here = if e.path.is_empty() {
            SourceLoc::file(e.file.path)
        } else {
            e.file.loc(&e.path)
        };
        let p = &periods[period];
        let done = self.config.statuses[status].counts_as == CountsAs::Complete;
        let overdue = !done
            && tasks[task]
                .deadline
                .as_deref()
                .and_then(|d| date::deadline_date(d, p.end.year))
                .is_some_and(|d| d < p.end);
        let text = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Text::new(s.to_string()))
        };
        Some(Progress {
            task,
            period,
            status,
            narrative: Text::new(narrative),
            problems: text(&e.raw.problems),
            next_steps: text(&e.raw.next_steps),
            updated,
            overdue,
            source: here,
        })
    }

    /// Whether `p` (checked from `e`) is kept: it is not when `first`, the entry already
    /// kept for its task and period, exists, and that is an error at both. Only a kept
    /// entry is compared with its period's dates.
    fn unique_entry(
        &mut self,
        e: &PendingEntry<'_>,
        p: &Progress,
        first: Option<&Progress>,
        periods: &[PeriodBuild],
    ) -> bool {
        let here = &p.source;
        if let Some(first) = first.map(|f| &f.source) {
            let msg = format!(
                "a second progress entry for task `{}` in period `{}`",
                e.task_id, periods[p.period].id
            );
            self.diags.error(
                here.clone(),
                format!("{msg} (the other is at {first})"),
                "merge the two entries into one",
            );
            self.diags.error(
                first.clone(),
                format!("{msg} (the other is at {here})"),
                "merge the two entries into one",
            );
            return false;
        }
        let period = &periods[p.period];
        if let Some(u) = p.updated
            && u < period.start
        {
            self.diags.warning(
                e.at("updated"),
                format!(
                    "updated {u} is before period `{}` starts ({})",
                    period.id, period.start
                ),
                "check the date or the period",
            );
        }
        true
    }

    /// Warnings a reviewer would raise before publication.
    fn contradictions(&mut self, tasks: &[Task], progress: &[Progress]) {
        for t in tasks {
            if let Some(latest) = t.latest() {
                let e = &progress[latest];
                let done = |s: usize| self.config.statuses[s].counts_as == CountsAs::Complete;
                if done(e.status) {
                    let open: Vec<&str> = t
                        .milestones
                        .iter()
                        .filter(|m| !m.status.is_some_and(done))
                        .map(|m| m.title.as_str())
                        .collect();
                    if !open.is_empty() {
                        self.diags.warning(
                            e.source.clone(),
                            format!(
                                "task `{}` is reported complete but {} milestone(s) are not: {}",
                                t.id,
                                open.len(),
                                open.join("；")
                            ),
                            "mark the milestones complete, or correct the task's status",
                        );
                    }
                }
            }
            for &i in &t.progress {
                let e = &progress[i];
                if self.config.statuses[e.status].counts_as == CountsAs::Behind
                    && e.problems.is_none()
                {
                    self.diags.warning(
                        e.source.clone(),
                        format!(
                            "task `{}` is behind schedule but the entry gives no problems",
                            t.id
                        ),
                        "add `problems:` (存在问题) saying why it is behind",
                    );
                }
            }
        }
    }
}

/// A task's id from its path: `content/tasks/2020/01.md` → `2020-01`.
fn derive_id(path: &std::path::Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    let rel = match s.rfind("content/tasks/") {
        Some(i) => &s[i + "content/tasks/".len()..],
        None => &s,
    };
    let rel = rel.rsplit_once('.').map_or(rel, |(a, _)| a);
    rel.replace('/', "-")
}

/// For each period, per plan with entries there: changes since the plan's previous period.
fn compute_changes(
    config: &Config,
    periods: &[Period],
    tasks: &[Task],
    plans: &[Plan],
    progress: &[Progress],
) -> Vec<Vec<PlanChanges>> {
    // The entry of (task, period), in a flat table: this runs on one thread, and a hash
    // map of every entry cost more than the comparisons it serves.
    let n = periods.len();
    let mut table = vec![None; tasks.len() * n];
    let mut plan_periods: Vec<BTreeSet<PeriodIdx>> = vec![BTreeSet::new(); plans.len()];
    for (i, p) in progress.iter().enumerate() {
        table[p.task * n + p.period] = Some(i);
        plan_periods[tasks[p.task].plan].insert(p.period);
    }
    let entry = |task: TaskIdx, period: PeriodIdx| table[task * n + period];
    let mut out = Vec::new();
    for (pi, period) in periods.iter().enumerate() {
        let mut list = Vec::new();
        // The plans with entries in this period, in plan order.
        for plan in (0..plans.len()).filter(|&pl| !period.by_plan[pl].is_empty()) {
            let mut items = Vec::new();
            let previous = plan_periods[plan].range(..pi).next_back().copied();
            if let Some(prev) = previous {
                // The plan's own tasks, in task order (not every task of the site, for
                // every plan and period).
                for &ti in &plans[plan].tasks {
                    let before = entry(ti, prev);
                    let after = entry(ti, pi);
                    let kind = match (before, after) {
                        (None, Some(_)) => Some(ChangeKind::New),
                        (Some(_), None) => Some(ChangeKind::NotReported),
                        (Some(b), Some(a)) => {
                            let cb = config.statuses[progress[b].status].counts_as;
                            let ca = config.statuses[progress[a].status].counts_as;
                            if ca == CountsAs::Complete && cb != CountsAs::Complete {
                                Some(ChangeKind::NewlyComplete)
                            } else {
                                match (cb.rank(), ca.rank()) {
                                    (Some(x), Some(y)) if y > x => Some(ChangeKind::Better),
                                    (Some(x), Some(y)) if y < x => Some(ChangeKind::Worse),
                                    _ => None,
                                }
                            }
                        }
                        (None, None) => None,
                    };
                    if let Some(kind) = kind {
                        items.push(Change {
                            task: ti,
                            kind,
                            before,
                            after,
                        });
                    }
                }
            }
            list.push(PlanChanges {
                plan,
                previous,
                items,
            });
        }
        out.push(list);
    }
    out
}
