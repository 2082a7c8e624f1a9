//! Typed page contexts, one per page kind. They are built from the model and the routes,
//! with every link already made relative to the page and every Markdown field already
//! rendered to safe HTML, so templates only lay things out: they never count, sort or
//! build URLs.

use super::markdown;
use super::routes::{Routes, href};
use super::templates::Templates;
use crate::error::{Error, Result};
use crate::model::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// What every page needs: language, site title, the way back to the root, UI strings.
#[derive(Serialize)]
pub struct Common<'a> {
    /// `zh-CN` or `en`, for `<html lang>`.
    pub lang: &'a str,
    /// The site's title.
    pub site_title: &'a str,
    /// This page's title.
    pub title: String,
    /// Relative prefix to the site root (`../` or empty).
    pub root: String,
    // `t`, the theme's UI strings in the site's language, is added by
    // `Templates::render_sized` from a value made once.
    /// Link to the index page.
    pub home: String,
    /// Link to the stylesheet.
    pub css: String,
    /// Whether the site has search (`jindu build --no-search` leaves it out): the search
    /// box links to search.html only when it does.
    pub search: bool,
}

/// A link.
#[derive(Serialize)]
pub struct Link<'a> {
    /// Relative href.
    pub href: String,
    /// Text.
    pub text: &'a str,
}

/// A status as a badge: text always, colour only as an extra cue.
#[derive(Serialize)]
pub struct Badge<'a> {
    /// Stable key (CSS class).
    pub key: &'a str,
    /// Label shown.
    pub label: &'a str,
    /// Marker colour.
    pub colour: &'a str,
}

/// Figures ready to print.
#[derive(Serialize)]
pub struct FiguresView<'a> {
    /// Count.
    pub total: usize,
    /// One row per status with a count.
    pub rows: Vec<FigureRow<'a>>,
    /// Tasks with no entry.
    pub unreported: usize,
    /// Complete count and share.
    pub complete: usize,
    /// Whole percentage complete, if any total.
    pub complete_pct: Option<u32>,
    /// Behind count.
    pub behind: usize,
    /// Whole percentage behind.
    pub behind_pct: Option<u32>,
    /// Overdue count.
    pub overdue: usize,
}

/// One status's count.
#[derive(Serialize)]
pub struct FigureRow<'a> {
    /// The status.
    pub status: Badge<'a>,
    /// Count.
    pub count: usize,
    /// Whole percentage of the total.
    pub pct: Option<u32>,
}

/// A task in a list: the context of the theme's `task_row.html`. A row is rendered once
/// per task with its latest status and reused by every leader, unit and plan page that
/// lists the task (they are all one folder deep, so its link is the same), and once per
/// entry on a period page.
#[derive(Serialize)]
pub struct TaskRow<'a> {
    /// Link to the task page.
    pub href: String,
    /// 序号.
    pub number: Option<&'a str>,
    /// Title.
    pub title: &'a str,
    /// Lead unit name.
    pub lead_unit: Option<&'a str>,
    /// Leader names.
    pub leaders: Vec<&'a str>,
    /// Latest (or this period's) status.
    pub status: Option<Badge<'a>>,
    /// The period of that status.
    pub period: Option<&'a str>,
    /// Overdue in that period.
    pub overdue: bool,
}

/// A list of tasks, as the rows `task_row.html` rendered.
#[derive(Serialize, Default)]
pub struct TaskList {
    /// How many tasks.
    pub count: usize,
    /// The rows, one after another (safe HTML: rendered by the theme's template, with
    /// every value escaped).
    pub html: String,
}

/// A named group with figures (plan, leader, unit, period) for the index.
#[derive(Serialize)]
pub struct GroupRow<'a> {
    /// Link.
    pub href: String,
    /// Name.
    pub name: &'a str,
    /// Extra text (a leader's role).
    pub note: Option<&'a str>,
    /// Figures.
    pub figures: FiguresView<'a>,
}

/// The home page.
#[derive(Serialize)]
pub struct IndexPage<'a> {
    /// Common.
    pub common: Common<'a>,
    /// Headline: the latest period and its figures.
    pub latest: Option<GroupRow<'a>>,
    /// Every plan.
    pub plans: Vec<GroupRow<'a>>,
    /// Every period, newest first.
    pub periods: Vec<GroupRow<'a>>,
    /// Every leader.
    pub leaders: Vec<GroupRow<'a>>,
    /// Every unit.
    pub units: Vec<GroupRow<'a>>,
}

/// A plan's page.
#[derive(Serialize)]
pub struct PlanPage<'a> {
    /// Common.
    pub common: Common<'a>,
    /// Plan name.
    pub name: &'a str,
    /// Figures over its tasks' latest entries.
    pub figures: FiguresView<'a>,
    /// Sections with their tasks.
    pub sections: Vec<SectionView<'a>>,
}

/// A section of a plan.
#[derive(Serialize)]
pub struct SectionView<'a> {
    /// Section name, if any.
    pub name: Option<&'a str>,
    /// Tasks.
    pub tasks: TaskList,
}

/// A unit with its responsible person on a task page.
#[derive(Serialize)]
pub struct UnitOwner<'a> {
    /// The unit.
    pub unit: Link<'a>,
    /// Its person, if given.
    pub owner: Option<&'a str>,
    /// Whether it leads the task.
    pub lead: bool,
}

/// A milestone on a task page.
#[derive(Serialize)]
pub struct MilestoneView<'a> {
    /// What.
    pub title: &'a str,
    /// When.
    pub due: Option<&'a str>,
    /// Who.
    pub units: Vec<Link<'a>>,
    /// Status.
    pub status: Option<Badge<'a>>,
}

/// A progress entry on a task page.
#[derive(Serialize)]
pub struct EntryView<'a> {
    /// Period link.
    pub period: Link<'a>,
    /// Status.
    pub status: Badge<'a>,
    /// Narrative HTML (sanitised).
    pub narrative_html: String,
    /// Problems HTML.
    pub problems_html: Option<String>,
    /// Next steps HTML.
    pub next_steps_html: Option<String>,
    /// Date updated.
    pub updated: Option<String>,
    /// Overdue.
    pub overdue: bool,
}

/// A task's page.
#[derive(Serialize)]
pub struct TaskPage<'a> {
    /// Common.
    pub common: Common<'a>,
    /// Id.
    pub id: &'a str,
    /// Title.
    pub title: &'a str,
    /// Plan link.
    pub plan: Link<'a>,
    /// Section.
    pub section: Option<&'a str>,
    /// 序号.
    pub number: Option<&'a str>,
    /// 全表序号.
    pub full_number: Option<&'a str>,
    /// Leaders.
    pub leaders: Vec<Link<'a>>,
    /// Units with owners.
    pub units: Vec<UnitOwner<'a>>,
    /// Contact unit.
    pub contact_unit: Option<Link<'a>>,
    /// Owners beyond the units (a damaged table), kept visible.
    pub extra_owners: Vec<&'a str>,
    /// Deadline text.
    pub deadline: Option<&'a str>,
    /// Target.
    pub target: Option<&'a str>,
    /// Tags.
    pub tags: &'a [String],
    /// Milestones.
    pub milestones: Vec<MilestoneView<'a>>,
    /// Description HTML.
    pub description_html: String,
    /// Latest status.
    pub status: Option<Badge<'a>>,
    /// Entries, newest first.
    pub progress: Vec<EntryView<'a>>,
}

/// A leader's page.
#[derive(Serialize)]
pub struct LeaderPage<'a> {
    /// Common.
    pub common: Common<'a>,
    /// Name.
    pub name: &'a str,
    /// Role.
    pub role: Option<&'a str>,
    /// Figures.
    pub figures: FiguresView<'a>,
    /// Tasks by plan.
    pub plans: Vec<PlanTasks<'a>>,
}

/// Tasks of one plan.
#[derive(Serialize)]
pub struct PlanTasks<'a> {
    /// The plan.
    pub plan: Link<'a>,
    /// Its tasks.
    pub tasks: TaskList,
}

/// A unit's page.
#[derive(Serialize)]
pub struct UnitPage<'a> {
    /// Common.
    pub common: Common<'a>,
    /// Name.
    pub name: &'a str,
    /// Other spellings.
    pub aliases: &'a [String],
    /// Figures over led tasks.
    pub figures: FiguresView<'a>,
    /// Tasks it leads.
    pub led: TaskList,
    /// Tasks it shares.
    pub co: TaskList,
}

/// A period's page.
#[derive(Serialize)]
pub struct PeriodPage<'a> {
    /// Common.
    pub common: Common<'a>,
    /// Title.
    pub title: &'a str,
    /// First day.
    pub start: String,
    /// Last day.
    pub end: String,
    /// Figures over the entries.
    pub figures: FiguresView<'a>,
    /// Printable tables, one per plan.
    pub tables: Vec<Link<'a>>,
    /// Whether the entries and changes are on pages of their own (`leader_pages` and each
    /// plan's `page`) rather than here (`leaders`, `no_leader` and each plan's `items`).
    pub split: bool,
    /// Entries grouped by leader.
    pub leaders: Vec<LeaderEntries<'a>>,
    /// Entries of tasks without a leader.
    pub no_leader: TaskList,
    /// Split: each leader (and "no leader") with figures, linking to the page of entries.
    pub leader_pages: Vec<GroupRow<'a>>,
    /// Changes per plan.
    pub changes: Vec<PlanChangesView<'a>>,
}

/// A page of a split period: one leader's entries (`tasks`, `figures`) or one plan's
/// changes (`previous`, `changes`).
#[derive(Serialize)]
pub struct PeriodPartPage<'a> {
    /// Common.
    pub common: Common<'a>,
    /// `leader` or `changes`.
    pub kind: &'static str,
    /// The period.
    pub period: Link<'a>,
    /// The leader's or plan's name.
    pub name: &'a str,
    /// The leader's or plan's own page (none for "no leader").
    pub href: Option<String>,
    /// Figures over the leader's entries.
    pub figures: Option<FiguresView<'a>>,
    /// The leader's entries, with this period's status.
    pub tasks: TaskList,
    /// The plan's previous period.
    pub previous: Option<Link<'a>>,
    /// The plan's changes.
    pub changes: Vec<ChangeView<'a>>,
}

/// A leader's entries in a period.
#[derive(Serialize)]
pub struct LeaderEntries<'a> {
    /// The leader.
    pub leader: Link<'a>,
    /// The entries, as task rows with this period's status.
    pub tasks: TaskList,
}

/// Changes of one plan.
#[derive(Serialize)]
pub struct PlanChangesView<'a> {
    /// The plan.
    pub plan: Link<'a>,
    /// Its previous period.
    pub previous: Option<Link<'a>>,
    /// How many changes.
    pub count: usize,
    /// Split: the page that lists them.
    pub page: Option<String>,
    /// Changes (none when split).
    pub items: Vec<ChangeView<'a>>,
}

/// One change.
#[derive(Serialize)]
pub struct ChangeView<'a> {
    /// The task.
    pub task: Link<'a>,
    /// `new`, `newly_complete`, `better`, `worse`, `not_reported`.
    pub kind: &'static str,
    /// The theme's words for the kind.
    pub label: &'a str,
    /// Status before.
    pub before: Option<Badge<'a>>,
    /// Status after.
    pub after: Option<Badge<'a>>,
}

/// The printable summary table of one plan in one period.
#[derive(Serialize)]
pub struct TablePage<'a> {
    /// Common.
    pub common: Common<'a>,
    /// Plan name.
    pub plan: &'a str,
    /// Period title.
    pub period: &'a str,
    /// Link back to the period page.
    pub period_href: String,
    /// Count of rows.
    pub count: usize,
    /// Sections with rows.
    pub sections: Vec<TableSection<'a>>,
}

/// A section of the table.
#[derive(Serialize)]
pub struct TableSection<'a> {
    /// Section name.
    pub name: Option<&'a str>,
    /// Rows.
    pub rows: Vec<TableRow<'a>>,
}

/// One row: 序号 | 工作任务 | 责任单位 | 责任人 | 进展情况.
#[derive(Serialize)]
pub struct TableRow<'a> {
    /// 序号.
    pub number: Option<&'a str>,
    /// Task link.
    pub href: String,
    /// Task text HTML (description, or title).
    pub task_html: String,
    /// Leaders.
    pub leaders: Vec<&'a str>,
    /// Units, lead first.
    pub units: Vec<&'a str>,
    /// Persons.
    pub owners: &'a [String],
    /// Status, if reported.
    pub status: Option<Badge<'a>>,
    /// Narrative HTML.
    pub narrative_html: String,
    /// Problems HTML.
    pub problems_html: Option<String>,
}

/// The search page: the results are made by search.js in the browser.
#[derive(Serialize)]
pub struct SearchPage<'a> {
    /// Common.
    pub common: Common<'a>,
    /// Browse pages to offer when JavaScript is off.
    pub browse: Vec<Link<'a>>,
}

/// The 404 page.
#[derive(Serialize)]
pub struct NotFoundPage<'a> {
    /// Common.
    pub common: Common<'a>,
}

/// Builds views for pages at known routes.
pub struct Views<'a> {
    /// The site.
    pub site: &'a Site,
    /// Its routes.
    pub routes: &'a Routes,
    /// UI strings.
    pub strings: &'a BTreeMap<String, String>,
    /// Renders task rows ([`TaskRow`]).
    pub templates: &'a Templates,
    /// Each task's row with its latest status, for a page one folder deep (empty: render
    /// rows as they are needed).
    pub latest_rows: &'a [String],
    /// Whether the site has search (`common.search`).
    pub has_search: bool,
}

impl<'a> Views<'a> {
    /// The common part of the page at `path`.
    pub fn common(&self, path: &str, title: String) -> Common<'a> {
        Common {
            lang: &self.site.config.language,
            site_title: &self.site.config.title,
            title,
            root: href(path, ""),
            home: href(path, "index.html"),
            css: href(path, "style.css"),
            search: self.has_search,
        }
    }

    fn badge(&self, status: usize) -> Badge<'a> {
        let s = &self.site.config.statuses[status];
        Badge {
            key: &s.key,
            label: &s.labels[0],
            colour: &s.colour,
        }
    }

    /// Figures for printing.
    pub fn figures(&self, f: &Figures) -> FiguresView<'a> {
        FiguresView {
            total: f.total,
            rows: f
                .by_status
                .iter()
                .enumerate()
                .filter(|(_, c)| **c > 0)
                .map(|(i, &count)| FigureRow {
                    status: self.badge(i),
                    count,
                    pct: f.percent(count),
                })
                .collect(),
            unreported: f.unreported,
            complete: f.complete,
            complete_pct: f.percent(f.complete),
            behind: f.behind,
            behind_pct: f.percent(f.behind),
            overdue: f.overdue,
        }
    }

    /// A link to period `i`'s page.
    fn period_link(&self, from: &str, i: PeriodIdx) -> Link<'a> {
        self.link(from, &self.routes.periods[i], &self.site.periods[i].title)
    }

    fn link(&self, from: &str, to: &str, text: &'a str) -> Link<'a> {
        Link {
            href: href(from, to),
            text,
        }
    }

    /// A task row with its latest status, or its status in `period`.
    fn task_row(&self, from: &str, t: TaskIdx, entry: Option<ProgressIdx>) -> TaskRow<'a> {
        let site = self.site;
        let task = &site.tasks[t];
        let e = entry.or_else(|| task.latest()).map(|i| &site.progress[i]);
        TaskRow {
            href: href(from, &self.routes.tasks[t]),
            number: task.number.as_deref(),
            title: &task.title,
            lead_unit: task.lead_unit.map(|u| site.units[u].name.as_str()),
            leaders: task
                .leaders
                .iter()
                .map(|&l| site.leaders[l].name.as_str())
                .collect(),
            status: e.map(|e| self.badge(e.status)),
            period: e.map(|e| site.periods[e.period].title.as_str()),
            overdue: e.is_some_and(|e| e.overdue),
        }
    }

    fn string(&self, key: &str) -> &'a str {
        self.strings.get(key).map_or("", String::as_str)
    }

    /// The row of task `t` on the page at `from`, with the status of `entry` or else its
    /// latest one, rendered by `task_row.html`.
    pub fn task_row_html(
        &self,
        from: &str,
        t: TaskIdx,
        entry: Option<ProgressIdx>,
    ) -> Result<String> {
        let row = self.task_row(from, t, entry);
        let bytes = self.templates.render_sized("task_row.html", &row, 1024)?;
        crate::utf8::string_from(bytes)
            .map_err(|_| Error::Template("task_row.html: the row is not valid UTF-8".into()))
    }

    /// Tasks with their latest status, listed on the page at `from`.
    fn task_list(&self, from: &str, tasks: &[TaskIdx]) -> Result<TaskList> {
        let mut list = TaskList {
            count: tasks.len(),
            html: String::new(),
        };
        // Every page that lists tasks is one folder deep (routes), so the cached rows'
        // links fit; anything else renders its own.
        let cached = !self.latest_rows.is_empty() && from.matches('/').count() == 1;
        for &t in tasks {
            if cached {
                list.html.push_str(&self.latest_rows[t]);
            } else {
                list.html.push_str(&self.task_row_html(from, t, None)?);
            }
        }
        Ok(list)
    }

    fn group_row(
        &self,
        from: &str,
        to: &str,
        name: &'a str,
        note: Option<&'a str>,
        f: &Figures,
    ) -> GroupRow<'a> {
        GroupRow {
            href: href(from, to),
            name,
            note,
            figures: self.figures(f),
        }
    }

    /// The home page.
    pub fn index(&self) -> IndexPage<'a> {
        let s = self.site;
        let r = self.routes;
        let from = "index.html";
        IndexPage {
            common: self.common(from, s.config.title.clone()),
            latest: s.latest_period.map(|p| {
                self.group_row(
                    from,
                    &r.periods[p],
                    &s.periods[p].title,
                    None,
                    &s.periods[p].figures,
                )
            }),
            plans: s
                .plans
                .iter()
                .enumerate()
                .map(|(i, p)| self.group_row(from, &r.plans[i], &p.name, None, &p.figures))
                .collect(),
            periods: s
                .periods
                .iter()
                .enumerate()
                .rev()
                .map(|(i, p)| self.group_row(from, &r.periods[i], &p.title, None, &p.figures))
                .collect(),
            leaders: s
                .leaders
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    self.group_row(from, &r.leaders[i], &l.name, l.role.as_deref(), &l.figures)
                })
                .collect(),
            units: s
                .units
                .iter()
                .enumerate()
                .map(|(i, u)| self.group_row(from, &r.units[i], &u.name, None, &u.figures))
                .collect(),
        }
    }

    /// A plan's page.
    pub fn plan(&self, i: PlanIdx) -> Result<PlanPage<'a>> {
        let p = &self.site.plans[i];
        let from = &self.routes.plans[i];
        Ok(PlanPage {
            common: self.common(from, p.name.clone()),
            name: &p.name,
            figures: self.figures(&p.figures),
            sections: p
                .sections
                .iter()
                .map(|(name, tasks)| {
                    Ok(SectionView {
                        name: name.as_deref(),
                        tasks: self.task_list(from, tasks)?,
                    })
                })
                .collect::<Result<_>>()?,
        })
    }

    /// A task's page.
    pub fn task(&self, i: TaskIdx) -> TaskPage<'a> {
        let s = self.site;
        let r = self.routes;
        let t = &s.tasks[i];
        let from = &r.tasks[i];
        let unit_link = |u: UnitIdx| self.link(from, &r.units[u], &s.units[u].name);
        TaskPage {
            common: self.common(from, t.title.clone()),
            id: &t.id,
            title: &t.title,
            plan: self.link(from, &r.plans[t.plan], &s.plans[t.plan].name),
            section: t.section.as_deref(),
            number: t.number.as_deref(),
            full_number: t.full_number.as_deref(),
            leaders: t
                .leaders
                .iter()
                .map(|&l| self.link(from, &r.leaders[l], &s.leaders[l].name))
                .collect(),
            units: t
                .units
                .iter()
                .enumerate()
                .map(|(k, &u)| UnitOwner {
                    unit: unit_link(u),
                    owner: t.owners.get(k).map(String::as_str),
                    lead: Some(u) == t.lead_unit,
                })
                .collect(),
            contact_unit: t.contact_unit.map(unit_link),
            extra_owners: t
                .owners
                .iter()
                .skip(t.units.len())
                .map(String::as_str)
                .collect(),
            deadline: t.deadline.as_deref(),
            target: t.target.as_deref(),
            tags: &t.tags,
            milestones: t
                .milestones
                .iter()
                .map(|m| MilestoneView {
                    title: &m.title,
                    due: m.due.as_deref(),
                    units: m.units.iter().map(|&u| unit_link(u)).collect(),
                    status: m.status.map(|st| self.badge(st)),
                })
                .collect(),
            description_html: markdown::text_html(&t.description),
            status: t.latest().map(|e| self.badge(s.progress[e].status)),
            progress: t
                .progress
                .iter()
                .map(|&e| {
                    let e = &s.progress[e];
                    EntryView {
                        period: self.link(from, &r.periods[e.period], &s.periods[e.period].title),
                        status: self.badge(e.status),
                        narrative_html: markdown::text_html(&e.narrative),
                        problems_html: e.problems.as_ref().map(markdown::text_html),
                        next_steps_html: e.next_steps.as_ref().map(markdown::text_html),
                        updated: e.updated.map(|d| d.to_string()),
                        overdue: e.overdue,
                    }
                })
                .collect(),
        }
    }

    /// A leader's page.
    pub fn leader(&self, i: LeaderIdx) -> Result<LeaderPage<'a>> {
        let s = self.site;
        let l = &s.leaders[i];
        let from = &self.routes.leaders[i];
        Ok(LeaderPage {
            common: self.common(from, l.name.clone()),
            name: &l.name,
            role: l.role.as_deref(),
            figures: self.figures(&l.figures),
            plans: l
                .by_plan
                .iter()
                .map(|(p, tasks)| {
                    Ok(PlanTasks {
                        plan: self.link(from, &self.routes.plans[*p], &s.plans[*p].name),
                        tasks: self.task_list(from, tasks)?,
                    })
                })
                .collect::<Result<_>>()?,
        })
    }

    /// A unit's page.
    pub fn unit(&self, i: UnitIdx) -> Result<UnitPage<'a>> {
        let u = &self.site.units[i];
        let from = &self.routes.units[i];
        Ok(UnitPage {
            common: self.common(from, u.name.clone()),
            name: &u.name,
            aliases: &u.aliases,
            figures: self.figures(&u.figures),
            led: self.task_list(from, &u.led)?,
            co: self.task_list(from, &u.co)?,
        })
    }

    /// A period's page. A split period ([`Routes::period_parts`]) lists its leaders with
    /// their figures and its plans' change counts, linking to the pages that hold the
    /// entries and the changes; any other lists them here.
    pub fn period(&self, i: PeriodIdx) -> Result<PeriodPage<'a>> {
        let s = self.site;
        let r = self.routes;
        let p = &s.periods[i];
        let from = &r.periods[i];
        let parts = r.period_parts[i].as_ref();
        let mut leaders = Vec::new();
        let mut no_leader = TaskList::default();
        let mut leader_pages = Vec::new();
        if let Some(parts) = parts {
            for g in &p.by_leader {
                let to = &parts.leaders[&g.leader];
                let name = self.leader_name(g.leader);
                leader_pages.push(self.group_row(from, to, name, None, &g.figures));
            }
        } else {
            // Each entry's row once, into the list of each of its task's leaders.
            let mut lists: Vec<TaskList> =
                (0..s.leaders.len()).map(|_| TaskList::default()).collect();
            for &e in &p.entries {
                let t = s.progress[e].task;
                let row = self.task_row_html(from, t, Some(e))?;
                let add = |list: &mut TaskList| {
                    list.count += 1;
                    list.html.push_str(&row);
                };
                if s.tasks[t].leaders.is_empty() {
                    add(&mut no_leader);
                }
                for &l in &s.tasks[t].leaders {
                    add(&mut lists[l]);
                }
            }
            for g in &p.by_leader {
                if let Some(l) = g.leader {
                    leaders.push(LeaderEntries {
                        leader: self.link(from, &r.leaders[l], &s.leaders[l].name),
                        tasks: std::mem::take(&mut lists[l]),
                    });
                }
            }
        }
        Ok(PeriodPage {
            common: self.common(from, p.title.clone()),
            title: &p.title,
            start: p.start.to_string(),
            end: p.end.to_string(),
            figures: self.figures(&p.figures),
            tables: p
                .changes
                .iter()
                .map(|c| self.link(from, &r.tables[i][&c.plan], &s.plans[c.plan].name))
                .collect(),
            split: parts.is_some(),
            leaders,
            no_leader,
            leader_pages,
            changes: p
                .changes
                .iter()
                .map(|c| {
                    let page = parts.and_then(|parts| parts.changes.get(&c.plan));
                    PlanChangesView {
                        plan: self.link(from, &r.plans[c.plan], &s.plans[c.plan].name),
                        previous: c.previous.map(|q| self.period_link(from, q)),
                        count: c.items.len(),
                        page: page.map(|to| href(from, to)),
                        items: match page {
                            Some(_) => Vec::new(),
                            None => self.change_items(from, &c.items),
                        },
                    }
                })
                .collect(),
        })
    }

    /// A leader's name, or the theme's words for "no leader".
    fn leader_name(&self, leader: Option<LeaderIdx>) -> &'a str {
        match leader {
            Some(l) => self.site.leaders[l].name.as_str(),
            None => self.string("no_leader"),
        }
    }

    fn change_items(&self, from: &str, items: &[Change]) -> Vec<ChangeView<'a>> {
        let s = self.site;
        let kind = |k: ChangeKind| match k {
            ChangeKind::New => "new",
            ChangeKind::NewlyComplete => "newly_complete",
            ChangeKind::Better => "better",
            ChangeKind::Worse => "worse",
            ChangeKind::NotReported => "not_reported",
        };
        items
            .iter()
            .map(|ch| ChangeView {
                task: self.link(from, &self.routes.tasks[ch.task], &s.tasks[ch.task].title),
                kind: kind(ch.kind),
                label: self.string(&format!("change_{}", kind(ch.kind))),
                before: ch.before.map(|e| self.badge(s.progress[e].status)),
                after: ch.after.map(|e| self.badge(s.progress[e].status)),
            })
            .collect()
    }

    /// A page of split period `i` at `from`, for a leader or a plan called `name` (whose
    /// own page is `own`), with no content yet.
    fn part_page(
        &self,
        i: PeriodIdx,
        from: &str,
        kind: &'static str,
        name: &'a str,
        own: Option<&str>,
    ) -> PeriodPartPage<'a> {
        let p = &self.site.periods[i];
        PeriodPartPage {
            common: self.common(from, format!("{name} · {}", p.title)),
            kind,
            period: self.period_link(from, i),
            name,
            href: own.map(|to| href(from, to)),
            figures: None,
            tasks: TaskList::default(),
            previous: None,
            changes: Vec::new(),
        }
    }

    /// The entries of one leader's tasks (None: tasks without a leader) in split period `i`.
    pub fn period_leader(
        &self,
        i: PeriodIdx,
        leader: Option<LeaderIdx>,
    ) -> Result<PeriodPartPage<'a>> {
        let s = self.site;
        let from = &self.routes.part(i).leaders[&leader];
        let g = s.periods[i]
            .by_leader
            .iter()
            .find(|g| g.leader == leader)
            .expect("a job for a leader with entries");
        let own = leader.map(|l| self.routes.leaders[l].as_str());
        let mut page = self.part_page(i, from, "leader", self.leader_name(leader), own);
        page.figures = Some(self.figures(&g.figures));
        for &e in &g.entries {
            page.tasks.count += 1;
            let row = self.task_row_html(from, s.progress[e].task, Some(e))?;
            page.tasks.html.push_str(&row);
        }
        Ok(page)
    }

    /// The changes of `plan` in split period `i`.
    pub fn period_changes(&self, i: PeriodIdx, plan: PlanIdx) -> PeriodPartPage<'a> {
        let s = self.site;
        let from = &self.routes.part(i).changes[&plan];
        let c = s.periods[i]
            .changes
            .iter()
            .find(|c| c.plan == plan)
            .expect("a plan with changes");
        let own = Some(self.routes.plans[plan].as_str());
        let mut page = self.part_page(i, from, "changes", &s.plans[plan].name, own);
        page.previous = c.previous.map(|q| self.period_link(from, q));
        page.changes = self.change_items(from, &c.items);
        page
    }

    /// The printable table of `plan` in period `i`.
    pub fn table(&self, i: PeriodIdx, plan: PlanIdx) -> TablePage<'a> {
        let s = self.site;
        let r = self.routes;
        let p = &s.periods[i];
        let from = &r.tables[i][&plan];
        let entry_of: BTreeMap<TaskIdx, ProgressIdx> = p.by_plan[plan]
            .iter()
            .map(|&e| (s.progress[e].task, e))
            .collect();
        let mut sections: Vec<TableSection<'a>> = Vec::new();
        for (name, tasks) in &s.plans[plan].sections {
            let rows: Vec<TableRow<'a>> = tasks
                .iter()
                .filter_map(|t| entry_of.get(t).map(|&e| (*t, e)))
                .map(|(t, e)| {
                    let task = &s.tasks[t];
                    let e = &s.progress[e];
                    let task_html = if task.description.trim().is_empty() {
                        markdown::to_html(&task.title)
                    } else {
                        markdown::text_html(&task.description)
                    };
                    TableRow {
                        number: task.number.as_deref(),
                        href: href(from, &r.tasks[t]),
                        task_html,
                        leaders: task
                            .leaders
                            .iter()
                            .map(|&l| s.leaders[l].name.as_str())
                            .collect(),
                        units: task
                            .units
                            .iter()
                            .map(|&u| s.units[u].name.as_str())
                            .collect(),
                        owners: &task.owners,
                        status: Some(self.badge(e.status)),
                        narrative_html: markdown::text_html(&e.narrative),
                        problems_html: e.problems.as_ref().map(markdown::text_html),
                    }
                })
                .collect();
            if !rows.is_empty() {
                sections.push(TableSection {
                    name: name.as_deref(),
                    rows,
                });
            }
        }
        let plan_name = &s.plans[plan].name;
        TablePage {
            common: self.common(from, format!("{plan_name} {}", p.title)),
            plan: plan_name,
            period: &p.title,
            period_href: href(from, &r.periods[i]),
            count: entry_of.len(),
            sections,
        }
    }

    /// The search page (at the root).
    pub fn search(&self) -> SearchPage<'a> {
        let from = "search.html";
        let title = self.strings.get("search").cloned().unwrap_or_default();
        let r = self.routes;
        let s = self.site;
        let mut browse = vec![Link {
            href: href(from, "index.html"),
            text: self.strings.get("home").map_or("", String::as_str),
        }];
        browse.extend(
            s.plans
                .iter()
                .enumerate()
                .map(|(i, p)| self.link(from, &r.plans[i], &p.name)),
        );
        browse.extend(
            s.periods
                .iter()
                .enumerate()
                .map(|(i, p)| self.link(from, &r.periods[i], &p.title)),
        );
        SearchPage {
            common: self.common(from, title),
            browse,
        }
    }

    /// The 404 page (at the root, so its links work when a server serves it for any path
    /// at the top level).
    pub fn not_found(&self) -> NotFoundPage<'a> {
        let title = self.strings.get("not_found").cloned().unwrap_or_default();
        NotFoundPage {
            common: self.common("404.html", title),
        }
    }
}
