//! jindu turns progress reports kept as YAML/Markdown files into a static site.
//!
//! The pipeline runs one way:
//! ```text
//! config::load ─► loader::load_content ─► validate ─► render (jobs, in memory, parallel)
//!                                                   └─► output::write_site (staging → swap)
//! ```
//! `check` is the same pipeline stopped after `validate`. Only the loader and the output
//! stage touch the disk, both through `fsx`. The library never prints; `main` does.
#![warn(clippy::print_stdout, clippy::print_stderr, missing_docs)]

pub mod config;
pub mod diag;
pub mod error;
pub mod fsx;
pub mod import;
pub mod init;
pub mod loader;
pub mod model;
pub mod output;
pub mod render;
pub mod search;
pub mod utf8;
pub mod validate;

use diag::Diagnostic;
use error::{Error, Result};
use model::Site;
use std::path::{Path, PathBuf};

/// Options of `check` and `build`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The site's root folder (with jindu.yaml and content/).
    pub root: PathBuf,
    /// Overrides `base_url` of jindu.yaml.
    pub base_url: Option<String>,
    /// Warnings fail the run.
    pub strict: bool,
    /// `build` leaves search out: no search page, index files or search box.
    pub no_search: bool,
}

/// The result of a successful `check`: the site and its warnings.
#[derive(Debug)]
pub struct Checked {
    /// The validated site.
    pub site: Site,
    /// The theme, loaded and ready.
    pub theme: loader::theme::Theme,
    /// Warnings (no errors, or there would be no site).
    pub warnings: Vec<Diagnostic>,
}

/// Loads and validates the site at `opts.root`. Fails with every diagnostic at once.
pub fn check(opts: &Options) -> Result<Checked> {
    let (config, mut diags) = config::load(&opts.root, opts.base_url.as_deref())?;
    let (raw, load_diags) = loader::load_content(&opts.root)?;
    diags.extend(load_diags);
    let Some(config) = config else {
        return Err(Error::Content(diags.into_sorted()));
    };
    let theme = match loader::theme::load_theme(&opts.root, &config.theme, &config.language)? {
        Ok(t) => Some(t),
        Err(d) => {
            diags.push(d);
            None
        }
    };
    let (site, v_diags) = validate::validate(config, raw);
    diags.extend(v_diags);
    let failed = diags.has_errors() || (opts.strict && !diags.is_empty());
    let all = diags.into_sorted();
    match (site, theme) {
        (Some(site), Some(theme)) if !failed => Ok(Checked {
            site,
            theme,
            warnings: all,
        }),
        _ => Err(Error::Content(all)),
    }
}

/// Imports report tables into content files; see [`import::import`].
pub fn import(opts: &import::ImportOptions) -> Result<import::ImportReport> {
    import::import(opts)
}

/// What `build` did.
#[derive(Debug)]
pub struct Built {
    /// Warnings from validation.
    pub warnings: Vec<Diagnostic>,
    /// Files and bytes written.
    pub stats: output::WriteStats,
    /// Page counts: tasks, leaders, units, periods, plans.
    pub counts: [usize; 5],
}

/// Checks, renders and writes the site into `out_dir`, replacing it atomically.
pub fn build(opts: &Options, out_dir: &Path) -> Result<Built> {
    build_inner(opts, out_dir, true)
}

/// [`build`] for a process that exits as soon as it returns (the CLI): the site's model,
/// rendered rows and search files are left for the system to reclaim at exit instead of
/// being freed one allocation at a time, which took 0.1 s of a 50,000-task build
/// (0.16-0.18 s from the last file written to the process's end, 0.07 s without). A
/// caller that goes on running must use [`build`].
pub fn build_then_exit(opts: &Options, out_dir: &Path) -> Result<Built> {
    build_inner(opts, out_dir, false)
}

fn build_inner(opts: &Options, out_dir: &Path, free: bool) -> Result<Built> {
    let Checked {
        site,
        theme,
        warnings,
    } = check(opts)?;
    let mut renderer = render::Renderer::new(&site, &theme)?;
    if opts.no_search {
        renderer = renderer.without_search();
    }
    let stats = output::write_site(out_dir, &renderer)?;
    let counts = [
        site.tasks.len(),
        site.leaders.len(),
        site.units.len(),
        site.periods.len(),
        site.plans.len(),
    ];
    if !free {
        std::mem::forget(renderer);
        std::mem::forget(site);
    }
    Ok(Built {
        warnings,
        stats,
        counts,
    })
}

/// Searches the site's tasks as the search page does (exact substring, ranked), by a plain
/// scan of the text: the ground truth the index is tested against. Returns (URL, title).
pub fn search_site(site: &Site, query: &str) -> Vec<(String, String)> {
    let routes = render::routes::Routes::new(site);
    search::naive_query(site, query)
        .into_iter()
        .map(|h| {
            (
                routes.tasks[h.task].clone(),
                site.tasks[h.task].title.clone(),
            )
        })
        .collect()
}
