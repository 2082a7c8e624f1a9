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
    },
    /// Create a new site in DIR with a sample task, period and progress entry.
    Init {
        /// The folder to create (must not exist, or be empty).
        dir: PathBuf,
    },
    /// Search the tasks from the command line, with the same exact-substring matching and
    /// ranking as the site's search page; prints one result per line: URL, tab, title.
    Search {
        /// The site's root folder, holding jindu.yaml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The query; space-separated terms must all match.
        query: String,
    },
}
