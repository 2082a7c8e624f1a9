//! Import stage 2: blocks → an imported table. Finds the header rows and the section
//! headings, aligns each row to its header, fills merged cells down ("the same as above"),
//! joins rows repeated at page breaks, gathers sub-item rows under their parent task,
//! numbers rows whose 序号 was lost, keeps rows whose cells were lost as marked
//! placeholders, merges a co-led task listed under each of its leaders into one, and checks
//! every stated count (共N项). Every guess it makes is a warning with the source line.

use super::cells::{self, TaskText};
use super::columns::{self, Field, Header};
use super::headings::{self, Heading};
use super::table::{Block, Cell};
use crate::config::StatusDef;
use crate::diag::{Diagnostic, Diagnostics, SourceLoc};
use std::path::{Path, PathBuf};

/// A section heading of the table.
#[derive(Debug, Clone)]
pub struct Section {
    /// The parsed heading.
    pub heading: Heading,
    /// Its source line.
    pub line: usize,
    /// The enclosing section.
    pub parent: Option<usize>,
    /// Rows listed under it (tasks, co-led tasks listed again, lost rows).
    pub listed: usize,
    /// Of which rows lost in the source.
    pub lost: usize,
}

/// A milestone or sub-item of a task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Milestone {
    /// What is to be done.
    pub title: String,
    /// Its deadline as written.
    pub due: Option<String>,
    /// Its own units.
    pub units: Vec<String>,
    /// Its status label.
    pub status: Option<String>,
}

/// A progress entry read from the table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    /// The status label, if the cell states one.
    pub status: Option<String>,
    /// Markdown.
    pub narrative: String,
    /// Markdown.
    pub problems: String,
    /// Markdown.
    pub next_steps: String,
}

/// A task read from the table.
#[derive(Debug, Clone, Default)]
pub struct Task {
    /// Source line of its (first) row.
    pub line: usize,
    /// The heading section it is listed under.
    pub section: Option<usize>,
    /// Its category, from a 大类 column or a category-shaped parent cell.
    pub category: Option<String>,
    /// 序号 as written, or inferred.
    pub number: Option<String>,
    /// Whether the number was inferred from the rows around it.
    pub number_inferred: bool,
    /// 全表序号.
    pub full_number: Option<String>,
    /// The text cell, read.
    pub text: TaskText,
    /// Parent groups, outermost first.
    pub groups: Vec<String>,
    /// Leaders.
    pub leaders: Vec<String>,
    /// Units, lead first.
    pub units: Vec<String>,
    /// Persons, paired with the units.
    pub owners: Vec<String>,
    /// Deadline as written.
    pub deadline: Option<String>,
    /// Target of a key indicator.
    pub target: Option<String>,
    /// Milestones and sub-items.
    pub milestones: Vec<Milestone>,
    /// The progress entry of the report's period.
    pub progress: Option<Progress>,
    /// Unknown columns: header text and value.
    pub extras: Vec<(String, String)>,
    /// A row lost in the source: only its text is real.
    pub lost: bool,
    /// Where else a co-led task is listed (`section 第N项`).
    pub also_listed: Vec<String>,
}

/// What one source file holds.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// The report's title line.
    pub title: Option<String>,
    /// The count the title states (共253项).
    pub stated_total: Option<usize>,
    /// Section headings, in order.
    pub sections: Vec<Section>,
    /// Tasks, in order.
    pub tasks: Vec<Task>,
    /// Whether any header has a progress column.
    pub has_progress: bool,
    /// Rows listed (before co-led tasks are merged), lost rows included.
    pub listed: usize,
    /// Header texts of columns jindu has no field for.
    pub extra_columns: Vec<String>,
}

/// One aligned data row, before rows are gathered into tasks.
#[derive(Debug, Clone)]
struct Row {
    line: usize,
    section: Option<usize>,
    fields: std::collections::BTreeMap<Field, Cell>,
    text: String,
    groups: Vec<String>,
    category: Option<String>,
    category_absent: bool,
    orphan: bool,
}

impl Row {
    fn get(&self, f: Field) -> Option<&str> {
        self.fields.get(&f).map(|c| c.text.as_str())
    }
    fn number(&self) -> Option<String> {
        self.get(Field::Number)
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string)
    }
}

/// Interprets the blocks of `path`. `None` when the file has no table jindu recognises.
pub fn interpret(
    blocks: &[Block],
    path: &Path,
    statuses: &[StatusDef],
) -> (Option<Table>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let at = |line: usize| SourceLoc::new(PathBuf::from(path), line, 1);
    let mut table = Table::default();
    let mut header: Option<Header> = None;
    let mut stack: Vec<usize> = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    let last_row = blocks.iter().rposition(|b| matches!(b, Block::Row { .. }));
    let mut fill_category: Option<String> = None;
    let mut fill_groups: Vec<String> = Vec::new();
    let mut fill_leader: Option<Cell> = None;
    let mut fill_deadline: Option<Cell> = None;
    let mut prev_cells = 0usize;
    for (bi, block) in blocks.iter().enumerate() {
        match block {
            Block::Line { text, line } => {
                if headings::looks_like_heading(text) {
                    let h = headings::parse(text);
                    if table.sections.is_empty()
                        && header.is_none()
                        && h.leaders.is_empty()
                        && h.level == 0
                        && h.stated.is_some()
                    {
                        table.stated_total = h.stated;
                        continue;
                    }
                    let level = if h.level == 0 { 1 } else { h.level };
                    while let Some(&top) = stack.last() {
                        let top_level = table.sections[top].heading.level.max(1);
                        let nest_leader = h.level == 0
                            && !h.leaders.is_empty()
                            && table.sections[top].heading.leaders.is_empty();
                        if top_level >= level && !nest_leader {
                            stack.pop();
                        } else {
                            break;
                        }
                    }
                    table.sections.push(Section {
                        heading: h,
                        line: *line,
                        parent: stack.last().copied(),
                        listed: 0,
                        lost: 0,
                    });
                    stack.push(table.sections.len() - 1);
                    fill_category = None;
                    fill_groups.clear();
                    fill_leader = None;
                    fill_deadline = None;
                } else if header.is_none() && table.sections.is_empty() {
                    if table.title.is_none() && looks_like_title(text) {
                        table.title = Some(headings::squeeze_cjk_spaces(text));
                    }
                } else {
                    diags.warning(
                        at(*line),
                        format!("text outside the table is not imported: “{}”", clip(text)),
                        "if it belongs to a task, add it to that task's file after the import",
                    );
                }
            }
            Block::Row {
                cells: row_cells,
                line,
                padded,
            } => {
                if let Some(h) = columns::parse_header(row_cells, *line) {
                    table.has_progress |= h.has_progress();
                    for e in h.extras() {
                        if !table.extra_columns.iter().any(|x| x == e) {
                            table.extra_columns.push(e.to_string());
                            diags.warning(
                                at(*line),
                                format!("column `{e}` has no jindu field; its values are kept in each task's text under “原表其他栏目”"),
                                "move them to a field by hand if one fits",
                            );
                        }
                    }
                    header = Some(h);
                    continue;
                }
                if row_cells.iter().all(|c| c.text.is_empty()) {
                    continue;
                }
                let Some(h) = header.as_ref() else {
                    diags.warning(
                        at(*line),
                        "a row before any header row is not imported",
                        "the table needs a header row (序号, 工作任务, 责任单位, …) above its rows",
                    );
                    continue;
                };
                let mut row_cells = row_cells.clone();
                if Some(bi) == last_row && !*padded && row_cells.len() < prev_cells {
                    diags.warning(
                        at(*line),
                        format!(
                            "the table ends mid-row: this row has {} of {} cells; the missing ones are left empty",
                            row_cells.len(),
                            prev_cells
                        ),
                        "check the end of the source table and complete the task by hand",
                    );
                    while row_cells.len() < prev_cells {
                        row_cells.push(Cell {
                            text: String::new(),
                            line: *line,
                        });
                    }
                }
                prev_cells = row_cells.len();
                let mut a = columns::align(h, &row_cells, *padded);
                // Merged cells in one-row-per-line layouts: empty means "as above".
                if *padded {
                    for (f, fill) in [
                        (Field::Leader, &mut fill_leader),
                        (Field::Deadline, &mut fill_deadline),
                    ] {
                        match a.fields.get(&f) {
                            Some(c) if !c.text.is_empty() => *fill = Some(c.clone()),
                            Some(_) => {
                                if let Some(v) = fill.clone() {
                                    a.fields.insert(f, v);
                                }
                            }
                            None => {}
                        }
                    }
                }
                let category_absent =
                    h.fields.contains(&Field::Category) && !a.fields.contains_key(&Field::Category);
                let mut category = match a.fields.get(&Field::Category) {
                    Some(c) if !c.text.is_empty() => Some(cells::tidy(&c.text.replace('\n', ""))),
                    Some(_) => fill_category.clone(),
                    None => None,
                };
                if category.is_some() {
                    fill_category = category.clone();
                }
                let span: Vec<String> = a.span.iter().map(|c| c.text.clone()).collect();
                let Some(ti) = span.iter().rposition(|t| !t.is_empty()) else {
                    rows.push(Row {
                        line: *line,
                        section: stack.last().copied(),
                        fields: a.fields,
                        text: String::new(),
                        groups: Vec::new(),
                        category,
                        category_absent,
                        orphan: false,
                    });
                    continue;
                };
                let mut groups = Vec::new();
                for (lvl, g) in span[..ti].iter().enumerate() {
                    if g.is_empty() {
                        if let Some(f) = fill_groups.get(lvl) {
                            groups.push(f.clone());
                        }
                    } else {
                        groups.push(g.clone());
                    }
                }
                fill_groups = groups.clone();
                let mut text = span[ti].clone();
                if let Some((cat, rest)) = split_merged_category(&text) {
                    category = Some(cat);
                    text = rest;
                }
                if let Some(first) = groups.first()
                    && is_category(first)
                {
                    category = Some(cells::tidy(&first.replace('\n', "")));
                    groups.remove(0);
                }
                rows.push(Row {
                    line: *line,
                    section: stack.last().copied(),
                    fields: a.fields,
                    text,
                    groups,
                    category,
                    category_absent,
                    orphan: false,
                });
            }
            Block::Orphan { text, line } => rows.push(Row {
                line: *line,
                section: stack.last().copied(),
                fields: Default::default(),
                text: text.clone(),
                groups: Vec::new(),
                category: None,
                category_absent: false,
                orphan: true,
            }),
        }
    }
    let Some(_) = header else {
        let line = blocks.first().map_or(1, Block::line);
        diags.error(
            at(line),
            "no recognisable header row: jindu looks for a row naming 序号, 工作任务 (or 工作内容, 项目名称) and 责任单位, 进展情况, …",
            "check that this is a report table; export it as tab-separated text, CSV or a spreadsheet with its header row",
        );
        return (None, diags);
    };
    let ctx = Ctx {
        statuses,
        sections: &table.sections,
        path,
    };
    let tasks = gather(&rows, &ctx, &mut diags);
    table.tasks = tasks;
    infer_numbers(&mut table.tasks, path, &mut diags);
    for t in &table.tasks {
        if let Some(s) = t.section {
            table.sections[s].listed += 1;
            table.sections[s].lost += usize::from(t.lost);
        }
    }
    table.listed = table.tasks.len();
    merge_co_led(&mut table, path, &mut diags);
    check_counts(&table, path, &mut diags);
    (Some(table), diags)
}

struct Ctx<'a> {
    statuses: &'a [StatusDef],
    sections: &'a [Section],
    path: &'a Path,
}

impl Ctx<'_> {
    fn at(&self, line: usize) -> SourceLoc {
        SourceLoc::new(self.path, line, 1)
    }

    /// The leaders of the innermost section that names some.
    fn section_leaders(&self, mut s: Option<usize>) -> Vec<String> {
        while let Some(i) = s {
            if !self.sections[i].heading.leaders.is_empty() {
                return self.sections[i].heading.leaders.clone();
            }
            s = self.sections[i].parent;
        }
        Vec::new()
    }

    fn is_indicator_section(&self, s: Option<usize>) -> bool {
        s.is_some_and(|i| self.sections[i].heading.name.contains("指标"))
    }
}

/// Rows → tasks: page-break repeats joined, sub-item runs gathered under their parent.
fn gather(rows: &[Row], ctx: &Ctx, diags: &mut Diagnostics) -> Vec<Task> {
    let mut tasks: Vec<Task> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let row = &rows[i];
        if row.orphan {
            tasks.push(lost_task(row, ctx, diags));
            i += 1;
            continue;
        }
        if row.text.is_empty() {
            // A row with no task text: the rest of the row above, split by a page break.
            let p = progress_of(row, ctx);
            if let (Some(last), Some(p)) = (tasks.last_mut(), p) {
                diags.warning(
                    ctx.at(row.line),
                    format!(
                        "this row has no task text; its progress text is added to the task above (line {}), as the rest of a row split by a page break",
                        last.line
                    ),
                    "if it is a row whose other cells were lost, move the text into its own task",
                );
                append_progress(last, p);
            }
            i += 1;
            continue;
        }
        // A page-break repeat of the row above: same text, same or no number.
        if let Some(prev) = i.checked_sub(1).map(|p| &rows[p])
            && !prev.orphan
            && prev.section == row.section
            && same_text(&prev.text, &row.text)
            && prev.groups == row.groups
            && (row.number().is_none() || prev.number().is_none() || row.number() == prev.number())
            && let Some(last) = tasks.last_mut()
            && last.milestones.is_empty()
        {
            if let Some(p) = progress_of(row, ctx) {
                append_progress(last, p);
            }
            i += 1;
            continue;
        }
        // A run of sub-item rows under one parent. Text left by a lost sub-item row
        // belongs to the run when the run goes on after it.
        let continues = |next: &Row| {
            !next.orphan
                && next.section == row.section
                && !next.text.is_empty()
                && same_groups(&next.groups, &row.groups)
                && (next.number().is_none()
                    || row.number().is_none()
                    || next.number() == row.number())
        };
        let mut end = i + 1;
        if !row.groups.is_empty() {
            while end < rows.len() {
                let lost_inside = rows[end].orphan
                    && rows
                        .get(end + 1)
                        .is_some_and(|r| continues(r) && r.number().is_none());
                if !lost_inside && !continues(&rows[end]) {
                    break;
                }
                end += 1;
            }
        }
        if end - i > 1 || (!row.groups.is_empty() && starts_with_item_number(&row.text)) {
            tasks.push(parent_task(&rows[i..end], ctx, diags));
        } else {
            tasks.push(row_task(row, ctx, diags));
        }
        i = end;
    }
    tasks
}

fn same_text(a: &str, b: &str) -> bool {
    let norm = |s: &str| cells::task_text(s).body;
    norm(a) == norm(b)
}

fn same_groups(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_text(x, y))
}

fn starts_with_item_number(t: &str) -> bool {
    let t = t.trim_start_matches(['（', '(']);
    let d = t.chars().take_while(char::is_ascii_digit).count();
    d > 0 && t[d..].starts_with(['）', ')', '.', '、'])
}

/// The task of one ordinary row.
fn row_task(row: &Row, ctx: &Ctx, diags: &mut Diagnostics) -> Task {
    let mut text = cells::task_text(&row.text);
    let mut groups = row.groups.clone();
    // A text cell holding only markers (（牵头单位：…）) belongs to the cell before it.
    if text.body.is_empty()
        && let Some(g) = groups.pop()
    {
        text = cells::task_text(&format!("{g}{}", row.text));
    }
    if text.title.is_empty() {
        diags.warning(
            ctx.at(row.line),
            "this row has no task text; the task is titled （原表无任务文字）",
            "write the task's title from the original report",
        );
        text.title = "（原表无任务文字）".to_string();
    }
    let mut t = Task {
        line: row.line,
        section: row.section,
        category: row.category.clone(),
        number: row.number(),
        full_number: row
            .get(Field::FullNumber)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        groups: groups.iter().map(|g| cells::task_text(g).body).collect(),
        ..Task::default()
    };
    if row.category_absent {
        diags.warning(
            ctx.at(row.line),
            "this row has no 大类 cell (it was merged away in the export); its category is left empty",
            "add `section:` to the task file if you know it",
        );
    }
    let (units, owners) = units_and_owners(row, ctx, diags);
    t.units = units;
    t.owners = owners;
    t.leaders = match row.get(Field::Leader).filter(|l| !l.trim().is_empty()) {
        Some(l) => cells::leaders(l),
        None => ctx.section_leaders(row.section),
    };
    for c in &text.co_leaders {
        if !t.leaders.contains(c) {
            t.leaders.push(c.clone());
        }
    }
    t.deadline = row
        .get(Field::Deadline)
        .map(cells::deadline)
        .filter(|d| !d.is_empty());
    t.target = row
        .get(Field::Target)
        .map(cells::tidy)
        .filter(|d| !d.is_empty())
        .or_else(|| {
            ctx.is_indicator_section(row.section)
                .then(|| cells::target_of(&text.body))
                .flatten()
        });
    if let Some(m) = row.get(Field::Milestones) {
        t.milestones = cells::milestones(m, ctx.statuses)
            .into_iter()
            .map(|m| Milestone {
                title: m.title,
                due: m.due,
                units: Vec::new(),
                status: m.status,
            })
            .collect();
    }
    if text.contact_unit.is_none() {
        text.contact_unit = row
            .get(Field::ContactUnit)
            .and_then(|c| cells::units(c).into_iter().next());
    }
    t.progress = progress_of(row, ctx);
    warn_missing_status(&t, row, ctx, diags);
    for (f, c) in &row.fields {
        if let Field::Extra(name) = f
            && !c.text.trim().is_empty()
        {
            t.extras.push((name.clone(), c.text.trim().to_string()));
        }
    }
    t.text = text;
    t
}

fn warn_missing_status(t: &Task, row: &Row, ctx: &Ctx, diags: &mut Diagnostics) {
    if let Some(p) = &t.progress
        && p.status.is_none()
    {
        diags.warning(
            ctx.at(row.line),
            "the progress cell does not start with a status (已完成, 按进度完成, …); its text is kept in the task's file, without a progress entry",
            "add the status and move the text into a progress entry by hand",
        );
    }
}

/// Units and persons of a row, paired, with a warning when the lists differ in length.
fn units_and_owners(row: &Row, ctx: &Ctx, diags: &mut Diagnostics) -> (Vec<String>, Vec<String>) {
    let mut units = Vec::new();
    if let Some(l) = row.get(Field::LeadUnit) {
        units.extend(cells::units(l));
    }
    let mut owners = Vec::new();
    if let Some(u) = row.get(Field::Units) {
        let (u, p) = cells::units_and_persons(u, row.get(Field::Owners));
        units.extend(u);
        owners = p;
    } else if let Some(p) = row.get(Field::Owners) {
        owners = cells::persons(p);
    }
    if let Some(u) = row.get(Field::OtherUnits) {
        units.extend(cells::units(u));
    }
    if !owners.is_empty() && owners.len() != units.len() {
        let line = row.fields.get(&Field::Owners).map_or(row.line, |c| c.line);
        diags.warning(
            ctx.at(line),
            format!(
                "{} person(s) for {} unit(s): persons are paired with units in order, so some are unpaired",
                owners.len(),
                units.len()
            ),
            "check the 责任人 and 责任单位 cells of this row against the original",
        );
    }
    (units, owners)
}

fn progress_of(row: &Row, ctx: &Ctx) -> Option<Progress> {
    let cell = row.get(Field::Progress).unwrap_or("");
    let mut p = cells::progress(cell, ctx.statuses);
    if let Some(s) = row.get(Field::Status)
        && let Some((label, _)) = cells::status_prefix(s, ctx.statuses)
    {
        p.status = Some(label);
    }
    if let Some(pr) = row.get(Field::Problems).filter(|s| !s.trim().is_empty()) {
        let extra = cells::progress(pr, &[]).narrative;
        p.problems = join_md(&p.problems, &extra);
    }
    if let Some(n) = row.get(Field::NextSteps).filter(|s| !s.trim().is_empty()) {
        let extra = cells::progress(n, &[]).narrative;
        p.next_steps = join_md(&p.next_steps, &extra);
    }
    let empty = p.status.is_none()
        && p.narrative.is_empty()
        && p.problems.is_empty()
        && p.next_steps.is_empty();
    (!empty).then_some(Progress {
        status: p.status,
        narrative: p.narrative,
        problems: p.problems,
        next_steps: p.next_steps,
    })
}

fn join_md(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}\n\n{b}"),
    }
}

/// Adds the progress text of a continuation row (split by a page break) to `task`.
fn append_progress(task: &mut Task, p: Progress) {
    match task.progress.as_mut() {
        None => task.progress = Some(p),
        Some(mine) => {
            if mine.status.is_none() {
                mine.status = p.status;
            }
            for (to, from) in [
                (&mut mine.narrative, p.narrative),
                (&mut mine.problems, p.problems),
                (&mut mine.next_steps, p.next_steps),
            ] {
                if !from.is_empty() && !to.contains(&from) {
                    *to = join_md(to, &from);
                }
            }
        }
    }
}

/// A parent task from a run of sub-item rows: the parent's text from the group cell, the
/// sub-items as milestones with their own units and status, the progress of each under
/// its sub-item's name, and units and persons gathered in order.
fn parent_task(run: &[Row], ctx: &Ctx, diags: &mut Diagnostics) -> Task {
    let first = &run[0];
    let parent_cell = first.groups.last().cloned().unwrap_or_default();
    let mut t = row_task(first, ctx, &mut Diagnostics::default());
    t.text = cells::task_text(&parent_cell);
    if t.text.title.is_empty() {
        t.text.title = "（原表无任务文字）".to_string();
    }
    t.groups = first.groups[..first.groups.len() - 1]
        .iter()
        .map(|g| cells::task_text(g).body)
        .collect();
    t.number = run.iter().find_map(Row::number);
    t.units.clear();
    t.owners.clear();
    t.milestones.clear();
    t.leaders = ctx.section_leaders(first.section);
    for c in &t.text.co_leaders {
        if !t.leaders.contains(c) {
            t.leaders.push(c.clone());
        }
    }
    let mut narrative = Vec::new();
    let mut problems = Vec::new();
    let mut statuses = Vec::new();
    let mut last_status: Option<String> = None;
    let mut pair_ok = true;
    for row in run {
        if row.orphan {
            diags.warning(
                ctx.at(row.line),
                format!(
                    "a sub-item row was lost in the source: only its progress text remains (“{}”); it is kept as a milestone marked 原表缺失",
                    clip(&row.text)
                ),
                "fill in the sub-item's title and units from the original report",
            );
            let p = cells::progress(&row.text, ctx.statuses);
            narrative.push("**（原表缺失的子项）**".to_string());
            narrative.push(p.narrative);
            t.milestones.push(Milestone {
                title: "（原表缺失的子项，仅存进展情况）".to_string(),
                due: None,
                units: Vec::new(),
                status: p.status.or_else(|| last_status.clone()),
            });
            continue;
        }
        let sub = cells::task_text(&row.text);
        let (units, owners) = units_and_owners(row, ctx, diags);
        pair_ok &= owners.is_empty() || owners.len() == units.len();
        for (k, u) in units.iter().enumerate() {
            if !t.units.contains(u) {
                t.units.push(u.clone());
                if let Some(o) = owners.get(k) {
                    t.owners.push(o.clone());
                }
            }
        }
        let p = progress_of(row, ctx);
        let status = match &p {
            Some(p) => p.status.clone(),
            // An empty progress cell under a merged cell: as the sub-item above.
            None => last_status.clone(),
        };
        if let Some(s) = &status {
            statuses.push(s.clone());
        }
        last_status = status.clone();
        if let Some(p) = &p {
            let head = match &p.status {
                Some(s) => format!("**{}** {s}。", cells::escape_markdown(&sub.body)),
                None => format!("**{}**", cells::escape_markdown(&sub.body)),
            };
            narrative.push(head);
            if !p.narrative.is_empty() {
                narrative.push(p.narrative.clone());
            }
            if !p.problems.is_empty() {
                problems.push(format!(
                    "**{}**\n\n{}",
                    cells::escape_markdown(&sub.body),
                    p.problems
                ));
            }
        }
        t.milestones.push(Milestone {
            title: sub.body.clone(),
            due: row
                .get(Field::Deadline)
                .map(cells::deadline)
                .filter(|d| !d.is_empty()),
            units,
            status,
        });
    }
    if !pair_ok {
        t.owners.truncate(t.units.len());
    }
    t.progress = (!narrative.is_empty()).then(|| Progress {
        status: worst(&statuses, ctx.statuses),
        narrative: narrative.join("\n\n"),
        problems: problems.join("\n\n"),
        next_steps: String::new(),
    });
    if t.progress.as_ref().is_some_and(|p| p.status.is_none()) {
        warn_missing_status(&t, first, ctx, diags);
    }
    t
}

fn worst(found: &[String], statuses: &[StatusDef]) -> Option<String> {
    let joined = found.iter().map(|s| format!("{s}。\n")).collect::<String>();
    cells::progress(&joined, statuses).status
}

/// A row lost in the source: a marked placeholder that keeps the text.
fn lost_task(row: &Row, ctx: &Ctx, diags: &mut Diagnostics) -> Task {
    diags.warning(
        ctx.at(row.line),
        format!(
            "a row was lost in the source: only its progress text remains (“{}”); it is imported as a placeholder task tagged 待补",
            clip(&row.text)
        ),
        "fill in the task's title, units and persons from the original report",
    );
    let p = cells::progress(&row.text, ctx.statuses);
    Task {
        line: row.line,
        section: row.section,
        leaders: ctx.section_leaders(row.section),
        lost: true,
        progress: Some(Progress {
            status: p.status,
            narrative: p.narrative,
            problems: p.problems,
            next_steps: p.next_steps,
        }),
        text: TaskText {
            tags: vec!["待补".to_string()],
            ..TaskText::default()
        },
        ..Task::default()
    }
}

/// Numbers rows whose 序号 was lost, counting on from the row above in the same section.
fn infer_numbers(tasks: &mut [Task], path: &Path, diags: &mut Diagnostics) {
    let mut last: Option<(Option<usize>, u32)> = None;
    for t in tasks.iter_mut() {
        let prev = match last {
            Some((s, n)) if s == t.section => Some(n),
            _ => None,
        };
        match t.number.as_deref().and_then(|n| n.parse::<u32>().ok()) {
            Some(n) => last = Some((t.section, n)),
            None if t.number.is_none() => {
                let n = prev.map_or(1, |p| p + 1);
                t.number = Some(n.to_string());
                t.number_inferred = true;
                last = Some((t.section, n));
                if !t.lost {
                    diags.warning(
                        SourceLoc::new(path, t.line, 1),
                        format!("this row has no 序号; it is numbered {n}, after the row above"),
                        "check the number against the original report",
                    );
                }
            }
            None => {}
        }
        if t.lost {
            t.text.title = format!(
                "（原表第{}项缺失：仅存进展情况）",
                t.number.as_deref().unwrap_or("?")
            );
        }
    }
}

/// A task listed under each of its leaders is one task: later listings with the same
/// text in another section add their leaders to the first.
fn merge_co_led(table: &mut Table, path: &Path, diags: &mut Diagnostics) {
    let mut keep: Vec<Task> = Vec::new();
    for t in std::mem::take(&mut table.tasks) {
        let same = keep.iter_mut().find(|k| {
            !t.lost
                && !k.lost
                && k.section != t.section
                && k.text.body == t.text.body
                && k.groups == t.groups
        });
        match same {
            Some(k) => {
                for l in &t.leaders {
                    if !k.leaders.contains(l) {
                        k.leaders.push(l.clone());
                    }
                }
                let section = t
                    .section
                    .map(|s| table.sections[s].heading.name.clone())
                    .unwrap_or_default();
                k.also_listed.push(format!(
                    "{section} 第{}项",
                    t.number.as_deref().unwrap_or("?")
                ));
                if k.text.co_leaders.is_empty() && t.text.co_leaders.is_empty() {
                    diags.warning(
                        SourceLoc::new(path, t.line, 1),
                        format!("this task is also listed at line {}; it is imported once, with the leaders of both listings", k.line),
                        "check that the two listings are the same task",
                    );
                }
            }
            None => keep.push(t),
        }
    }
    table.tasks = keep;
}

/// Stated counts (共N项) against the rows listed under each heading.
fn check_counts(table: &Table, path: &Path, diags: &mut Diagnostics) {
    for s in &table.sections {
        // Rows of sub-sections count toward their parent's stated count.
        let listed: usize = table
            .sections
            .iter()
            .enumerate()
            .filter(|(i, _)| descends(table, *i, s))
            .map(|(_, x)| x.listed)
            .sum();
        if let Some(stated) = s.heading.stated
            && stated != listed
        {
            diags.warning(
                SourceLoc::new(path, s.line, 1),
                format!(
                    "section “{}” states {stated} item(s) but {listed} were found",
                    s.heading.name
                ),
                "compare the section with the original report: a row may be missing or split",
            );
        }
    }
    if let Some(stated) = table.stated_total
        && stated != table.listed
    {
        diags.warning(
            SourceLoc::new(path, 1, 1),
            format!(
                "the report states {stated} item(s) in all but {} were found",
                table.listed
            ),
            "compare the sections' counts in the summary with the original report",
        );
    }
}

fn descends(table: &Table, i: usize, ancestor: &Section) -> bool {
    let mut cur = Some(i);
    while let Some(c) = cur {
        if std::ptr::eq(&table.sections[c], ancestor) {
            return true;
        }
        cur = table.sections[c].parent;
    }
    false
}

/// The report's title line: names a year and a table or plan.
fn looks_like_title(t: &str) -> bool {
    let n = t.chars().count();
    n >= 6 && t.contains('年') && !t.starts_with("附件")
}

/// `一、提高社会保障水平 提高困难残疾人…` → the category and the task text, when an
/// export merged a category cell into the text with a space.
fn split_merged_category(t: &str) -> Option<(String, String)> {
    let (head, rest) = t.split_once([' ', '\u{3000}'])?;
    (is_category(head) && head.chars().count() <= 25 && !rest.trim().is_empty())
        .then(|| (head.to_string(), rest.trim().to_string()))
}

/// A category-shaped cell: `一、提高社会保障水平`.
fn is_category(t: &str) -> bool {
    let t = t.trim();
    !t.contains('。')
        && t.chars().count() <= 30
        && crate::model::names::ordinal_prefix(t).is_some()
        && !t.starts_with(['（', '('])
        && !t.starts_with(|c: char| c.is_ascii_digit())
}

fn clip(t: &str) -> String {
    let first: String = t.lines().next().unwrap_or("").chars().take(30).collect();
    if first.chars().count() < t.chars().count() {
        format!("{first}…")
    } else {
        first
    }
}

/// Whether a diagnostic list has errors (for callers that only need the verdict).
pub fn failed(diags: &[Diagnostic]) -> bool {
    diags.iter().any(Diagnostic::is_error)
}
