//! The validated model: what the site says, immutable once `validate` has built it. All
//! groupings (tasks by plan, leader, unit, period) and all figures are computed here, once,
//! with explicit tie-breakers, so that rendering only formats and output is deterministic.

pub mod date;
pub mod names;
pub mod text;

use crate::config::{Config, CountsAs};
use crate::diag::SourceLoc;
use date::Date;
use text::Text;

/// Index of a task in [`Site::tasks`].
pub type TaskIdx = usize;
/// Index of a progress entry in [`Site::progress`].
pub type ProgressIdx = usize;
/// Index of a period in [`Site::periods`].
pub type PeriodIdx = usize;
/// Index of a plan in [`Site::plans`].
pub type PlanIdx = usize;
/// Index of a leader in [`Site::leaders`].
pub type LeaderIdx = usize;
/// Index of a unit in [`Site::units`].
pub type UnitIdx = usize;

/// The whole validated site.
#[derive(Debug)]
pub struct Site {
    /// The configuration, with the status vocabulary.
    pub config: Config,
    /// Periods in timeline order (the order of periods.yaml).
    pub periods: Vec<Period>,
    /// Plans, by name.
    pub plans: Vec<Plan>,
    /// Tasks, by plan, section ordinal, number, id.
    pub tasks: Vec<Task>,
    /// Progress entries, by period then task order.
    pub progress: Vec<Progress>,
    /// Leaders: those in leaders.yaml in its order, then the others by name.
    pub leaders: Vec<Leader>,
    /// Units: those in units.yaml in its order, then the others by name.
    pub units: Vec<Unit>,
    /// The newest period that has entries, whose figures head the index page.
    pub latest_period: Option<PeriodIdx>,
}

/// A reporting period (1-9月).
#[derive(Debug)]
pub struct Period {
    /// Stable id (URL).
    pub id: String,
    /// Title as the reports write it (2020年1-9月).
    pub title: String,
    /// First day.
    pub start: Date,
    /// Last day; deadlines before it are overdue in this period.
    pub end: Date,
    /// The period's entries, in task order.
    pub entries: Vec<ProgressIdx>,
    /// Figures over the entries.
    pub figures: Figures,
    /// Per plan with entries here: what changed since that plan's previous period.
    pub changes: Vec<PlanChanges>,
    /// The entries of each leader's tasks, for the leaders with entries here in leader
    /// order, then (`leader: None`) those of tasks without a leader, if any.
    pub by_leader: Vec<LeaderGroup>,
    /// The entries of each plan's tasks, by plan index (empty for a plan without entries
    /// here), in task order: what the plan's printable table of the period lists.
    pub by_plan: Vec<Vec<ProgressIdx>>,
}

/// The entries of one leader's tasks in a period (a task with two leaders is in both).
#[derive(Debug)]
pub struct LeaderGroup {
    /// The leader; None for tasks without one.
    pub leader: Option<LeaderIdx>,
    /// Figures over the entries.
    pub figures: Figures,
    /// The entries, in task order.
    pub entries: Vec<ProgressIdx>,
}

/// What changed in one plan between its previous period and this one.
#[derive(Debug)]
pub struct PlanChanges {
    /// The plan.
    pub plan: PlanIdx,
    /// The plan's previous period with entries, if any.
    pub previous: Option<PeriodIdx>,
    /// Changed tasks, in task order.
    pub items: Vec<Change>,
}

/// One task's change between two periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// First reported in this period.
    New,
    /// Complete now, not complete before.
    NewlyComplete,
    /// A better status on the on-schedule scale.
    Better,
    /// A worse status.
    Worse,
    /// Reported before, not in this period.
    NotReported,
}

/// A task and how its status changed.
#[derive(Debug)]
pub struct Change {
    /// The task.
    pub task: TaskIdx,
    /// How.
    pub kind: ChangeKind,
    /// The entry in the previous period.
    pub before: Option<ProgressIdx>,
    /// The entry in this period.
    pub after: Option<ProgressIdx>,
}

/// A programme of tasks (2018年市政府重点工作).
#[derive(Debug)]
pub struct Plan {
    /// Name, as written.
    pub name: String,
    /// Its tasks, in task order.
    pub tasks: Vec<TaskIdx>,
    /// Its sections in order, each with its tasks; tasks without a section come first
    /// under `None`.
    pub sections: Vec<(Option<String>, Vec<TaskIdx>)>,
    /// Figures over its tasks' latest entries.
    pub figures: Figures,
}

/// A key work task.
#[derive(Debug)]
pub struct Task {
    /// Unique id (from the file path unless given).
    pub id: String,
    /// First sentence of the task text.
    pub title: String,
    /// Plan it belongs to.
    pub plan: PlanIdx,
    /// Category or section of the table.
    pub section: Option<String>,
    /// 序号 in its table.
    pub number: Option<String>,
    /// 全表序号 when the report is an extract.
    pub full_number: Option<String>,
    /// Leaders in charge.
    pub leaders: Vec<LeaderIdx>,
    /// The lead unit (牵头单位): given, or the first unit.
    pub lead_unit: Option<UnitIdx>,
    /// The contact unit (联系单位).
    pub contact_unit: Option<UnitIdx>,
    /// All responsible units, the lead first.
    pub units: Vec<UnitIdx>,
    /// Responsible person per unit, paired by position (may be shorter than `units`).
    pub owners: Vec<String>,
    /// Deadline as written: a date, or text such as 12月底 or 持续推进.
    pub deadline: Option<String>,
    /// Milestones.
    pub milestones: Vec<Milestone>,
    /// Numeric target (增长6.9%).
    pub target: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// The full task text, Markdown.
    pub description: Text,
    /// Where the description starts (for Markdown diagnostics).
    pub description_loc: SourceLoc,
    /// Its progress entries, newest period first.
    pub progress: Vec<ProgressIdx>,
    /// Where the task is defined.
    pub source: SourceLoc,
}

impl Task {
    /// The newest entry, whose status is the task's current status.
    pub fn latest(&self) -> Option<ProgressIdx> {
        self.progress.first().copied()
    }
}

/// A milestone (节点计划).
#[derive(Debug, Clone)]
pub struct Milestone {
    /// What is to be done.
    pub title: String,
    /// When, as written.
    pub due: Option<String>,
    /// Units responsible for it.
    pub units: Vec<UnitIdx>,
    /// Its status, if reported.
    pub status: Option<usize>,
}

/// A progress entry: one task in one period.
#[derive(Debug)]
pub struct Progress {
    /// The task.
    pub task: TaskIdx,
    /// The period.
    pub period: PeriodIdx,
    /// Index into the status vocabulary.
    pub status: usize,
    /// The narrative, Markdown.
    pub narrative: Text,
    /// Problems (存在问题), Markdown.
    pub problems: Option<Text>,
    /// Next steps (下一步), Markdown.
    pub next_steps: Option<Text>,
    /// When the entry was last updated.
    pub updated: Option<Date>,
    /// Deadline passed at the period's end and not complete.
    pub overdue: bool,
    /// Where the entry is defined.
    pub source: SourceLoc,
}

/// A leader in charge.
#[derive(Debug)]
pub struct Leader {
    /// Normalised name.
    pub name: String,
    /// Role (副市长), from leaders.yaml.
    pub role: Option<String>,
    /// Tasks, in task order.
    pub tasks: Vec<TaskIdx>,
    /// The same tasks grouped by plan, plans in plan order.
    pub by_plan: Vec<(PlanIdx, Vec<TaskIdx>)>,
    /// Figures over the tasks' latest entries.
    pub figures: Figures,
}

/// A responsible unit.
#[derive(Debug)]
pub struct Unit {
    /// Normalised name.
    pub name: String,
    /// Other spellings (from units.yaml) that mean this unit.
    pub aliases: Vec<String>,
    /// Tasks it leads.
    pub led: Vec<TaskIdx>,
    /// Tasks it shares but does not lead.
    pub co: Vec<TaskIdx>,
    /// Figures over the tasks it leads.
    pub figures: Figures,
}

/// Counts by status over a set of tasks or entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    /// Tasks (or entries) counted.
    pub total: usize,
    /// Count per status of the vocabulary, in vocabulary order.
    pub by_status: Vec<usize>,
    /// Tasks with no progress entry yet.
    pub unreported: usize,
    /// Entries whose status counts as complete.
    pub complete: usize,
    /// Entries whose status counts as behind.
    pub behind: usize,
    /// Entries whose deadline passed at the period's end and that are not complete.
    pub overdue: usize,
}

impl Figures {
    /// Counts `entries` (None for a task with no entry) against the vocabulary of `config`.
    pub fn count<'a>(config: &Config, entries: impl Iterator<Item = Option<&'a Progress>>) -> Self {
        let mut f = Figures {
            by_status: vec![0; config.statuses.len()],
            ..Figures::default()
        };
        for e in entries {
            f.total += 1;
            let Some(e) = e else {
                f.unreported += 1;
                continue;
            };
            f.by_status[e.status] += 1;
            match config.statuses[e.status].counts_as {
                CountsAs::Complete => f.complete += 1,
                CountsAs::Behind => f.behind += 1,
                _ => {}
            }
            if e.overdue {
                f.overdue += 1;
            }
        }
        f
    }

    /// Share of `part` in the total, as a whole percentage, or None when there is nothing.
    pub fn percent(&self, part: usize) -> Option<u32> {
        (self.total > 0).then(|| ((part as f64 * 100.0 / self.total as f64).round()) as u32)
    }
}
