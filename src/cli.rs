//! The command line (clap derive). The doc comments below are the `--help` text.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// jindu (进度): build a searchable static site of key-task progress reports from YAML and
/// Markdown files kept in git.
#[derive(Debug, Parser)]
#[command(name = "jindu", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the content and report every problem as path:line:col, without building.
    ///
    /// Exits 1 when there are errors (or warnings, with --strict), 0 otherwise.
    Check {
        /// The site's root folder, holding jindu.yaml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
    },
    /// Check the content, then render the site into the output folder.
    ///
    /// The site is written to a staging folder and swapped in only when complete, so a
    /// failed build leaves the previous output as it was.
    Build {
        /// The site's root folder, holding jindu.yaml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: ROOT/output].
        #[arg(long)]
        output: Option<PathBuf>,
        /// The absolute URL the site is published at (overrides base_url in jindu.yaml);
        /// used for sitemap.xml. Links inside the site are relative either way.
        #[arg(long)]
        base_url: Option<String>,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// Leave search out: no search page, no index files, no search box on the pages.
        /// A smaller site and a faster build (on a large site, the index is about a
        /// third of the build).
        #[arg(long)]
        no_search: bool,
    },
    /// Import report tables (Word/Excel exports) into content files.
    ///
    /// Reads plain-text exports (one cell per line, or one row per line with TABs), CSV and
    /// spreadsheets (.xlsx, .xls, .ods), in UTF-8 or GBK/GB18030. Columns are found by their
    /// header text (序号, 工作任务/工作内容, 责任单位, 责任人, 进展情况, 完成时间, …); section
    /// headings give leaders (X同志分管工作) and stated counts (共N项), which are checked.
    /// Writes one file per task under content/tasks/PLAN-DIR/ and one progress entry per task
    /// under content/progress/PERIOD/, and adds the period to content/periods.yaml. Tasks
    /// that exist already (same plan and number, else same title) get only the new period's
    /// entries, so importing the next report of a plan extends it, and importing a file twice
    /// changes nothing. Every file is checked with the rest of the content first: on any
    /// error nothing is written. Damaged rows are kept and reported with their source line.
    Import {
        /// The report files to import.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The content folder to write into.
        #[arg(long, default_value = "content")]
        into: PathBuf,
        /// The plan the tasks belong to [default: from the report's title, e.g.
        /// 2020年市十件民生实事].
        #[arg(long)]
        plan: Option<String>,
        /// The folder under content/tasks/ for new task files; it starts each task's id
        /// [default: from the file name].
        #[arg(long)]
        plan_dir: Option<String>,
        /// The period id of the progress entries, e.g. 2020-jan-sep [default: from the
        /// title, e.g. 1-9月 → 2020-jan-sep].
        #[arg(long)]
        period: Option<String>,
        /// The period's title, e.g. 2020年1-9月 [default: from the title].
        #[arg(long)]
        period_title: Option<String>,
        /// Read, check and report, but write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Create a new site in DIR with a sample task, period and progress entry.
    Init {
        /// The folder to create (must not exist, or be empty).
        dir: PathBuf,
    },
    /// Search the tasks from the command line, as the site's search page does.
    ///
    /// Exact substring matching and the same ranking; prints one result per line: the
    /// page's URL, a tab, the task's title.
    Search {
        /// The site's root folder, holding jindu.yaml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The query; space-separated terms must all match.
        query: String,
    },
}
