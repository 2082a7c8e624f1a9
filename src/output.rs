//! Output stage: writes the rendered site and swaps it into place. Pages are rendered in
//! parallel, each written straight into a staging folder beside `output/` and dropped;
//! only when every page is written is the staging folder exchanged with `output/` in one atomic step (Linux
//! `renameat2`; elsewhere two renames, with the old tree restored by the next build if a
//! crash falls between them). A failed or killed build therefore leaves the previous site
//! as it was (a stale staging folder is removed by the next build).

use crate::error::{Error, Result};
use crate::fsx;
use crate::render::{Job, OutputFile, Renderer};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What a build wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
}

/// Renders every job of `renderer` into `out_dir`, atomically replacing what was there.
pub fn write_site(out_dir: &Path, renderer: &Renderer<'_>) -> Result<WriteStats> {
    check_replaceable(out_dir)?;
    let staging = sibling(out_dir, "staging");
    let old = sibling(out_dir, "old");
    remove_stale(out_dir)?;
    fsx::create_dir_all(&staging)?;
    let result = if renderer.has_search() {
        // The search index is built while the pages render (only its own files need
        // it), so its serial steps overlap page work instead of holding up both cores.
        match rayon::join(
            || renderer.build_search().map(|_| ()),
            || write_jobs(&staging, renderer, &renderer.page_jobs()),
        ) {
            (Ok(()), Ok(pages)) => renderer.search_jobs().and_then(|jobs| {
                let search = write_jobs(&staging, renderer, &jobs)?;
                Ok(WriteStats {
                    files: pages.files + search.files,
                    bytes: pages.bytes + search.bytes,
                })
            }),
            (Err(e), _) | (_, Err(e)) => Err(e),
        }
    } else {
        write_jobs(&staging, renderer, &renderer.page_jobs())
    };
    let stats = match result {
        Ok(s) => s,
        Err(e) => {
            let _ = fsx::remove_dir_all(&staging);
            return Err(e);
        }
    };
    swap_into_place(&staging, out_dir, &old)?;
    Ok(stats)
}

/// Writes already-rendered files (for `render_all` users) the same atomic way.
pub fn write_files(out_dir: &Path, files: &[OutputFile]) -> Result<WriteStats> {
    check_replaceable(out_dir)?;
    let staging = sibling(out_dir, "staging");
    let old = sibling(out_dir, "old");
    remove_stale(out_dir)?;
    fsx::create_dir_all(&staging)?;
    let stats = match write_all(&staging, files) {
        Ok(s) => s,
        Err(e) => {
            let _ = fsx::remove_dir_all(&staging);
            return Err(e);
        }
    };
    swap_into_place(&staging, out_dir, &old)?;
    Ok(stats)
}

fn write_jobs(staging: &Path, renderer: &Renderer<'_>, jobs: &[Job]) -> Result<WriteStats> {
    use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
    let files = AtomicUsize::new(0);
    let bytes = AtomicU64::new(0);
    // Each page is written as soon as it is rendered and then dropped, so memory holds
    // one page per thread, whatever the site's size (batches of rendered pages held the
    // large tables and period pages of a 50,000-task site together: a third of the peak).
    jobs.par_iter().try_for_each(|j| {
        let f = renderer.render(*j)?;
        debug_assert!(!f.path.contains("..") && !f.path.starts_with('/'));
        fsx::write(&staging.join(&f.path), &f.bytes)?;
        files.fetch_add(1, Ordering::Relaxed);
        bytes.fetch_add(f.bytes.len() as u64, Ordering::Relaxed);
        Ok(())
    })?;
    Ok(WriteStats {
        files: files.into_inner(),
        bytes: bytes.into_inner(),
    })
}

fn write_all(dir: &Path, files: &[OutputFile]) -> Result<WriteStats> {
    let parents: BTreeSet<PathBuf> = files
        .iter()
        .filter_map(|f| dir.join(&f.path).parent().map(Path::to_path_buf))
        .collect();
    for p in &parents {
        fsx::create_dir_all(p)?;
    }
    files.par_iter().try_for_each(|f| {
        debug_assert!(!f.path.contains("..") && !f.path.starts_with('/'));
        fsx::write(&dir.join(&f.path), &f.bytes)
    })?;
    Ok(WriteStats {
        files: files.len(),
        bytes: files.iter().map(|f| f.bytes.len() as u64).sum(),
    })
}

/// `output/` → `.output.<what>-<pid>` beside it (same filesystem, so rename is atomic).
fn sibling(out_dir: &Path, what: &str) -> PathBuf {
    let name = out_dir
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "output".into());
    let parent = out_dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent.join(format!(".{name}.{what}-{}", std::process::id()))
}

/// Removes staging and old folders left by killed builds; restores `output/` from an old
/// folder if a build was killed between its two renames.
fn remove_stale(out_dir: &Path) -> Result<()> {
    let name = out_dir
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "output".into());
    let parent = out_dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !fsx::is_dir(parent) {
        return fsx::create_dir_all(parent);
    }
    for p in fsx::list_dir(parent)? {
        let Some(f) = p.file_name().map(|n| n.to_string_lossy().to_string()) else {
            continue;
        };
        if f.starts_with(&format!(".{name}.staging-")) {
            fsx::remove_dir_all(&p)?;
        } else if f.starts_with(&format!(".{name}.old-")) {
            if !fsx::exists(out_dir) {
                fsx::rename(&p, out_dir)?;
            } else {
                fsx::remove_dir_all(&p)?;
            }
        }
    }
    Ok(())
}

fn swap_into_place(staging: &Path, out_dir: &Path, old: &Path) -> Result<()> {
    if fsx::exists(out_dir) {
        // One atomic exchange where the system has it: output/ is never missing.
        if fsx::exchange(staging, out_dir)? {
            return fsx::remove_tree(staging);
        }
        fsx::rename(out_dir, old)?;
        if let Err(e) = fsx::rename(staging, out_dir) {
            let _ = fsx::rename(old, out_dir);
            return Err(e);
        }
        fsx::remove_tree(old)
    } else {
        fsx::rename(staging, out_dir)
    }
}

/// Refuses to replace a folder that is not a built site, so `--output .` or a typo can
/// never swap away the content.
fn check_replaceable(out_dir: &Path) -> Result<()> {
    if !fsx::exists(out_dir) {
        return Ok(());
    }
    if !fsx::is_dir(out_dir) {
        return Err(Error::Usage(format!(
            "refusing to replace {}: it is a file, not a folder; choose another --output folder",
            out_dir.display()
        )));
    }
    let looks_like_site =
        fsx::exists(&out_dir.join("jindu.yaml")) || fsx::exists(&out_dir.join("content"));
    let entries = fsx::list_dir(out_dir)?;
    let is_output = entries.is_empty() || fsx::exists(&out_dir.join("index.html"));
    if looks_like_site || !is_output {
        return Err(Error::Usage(format!(
            "refusing to replace {}: it is not empty and is not a site built by jindu; choose another --output folder",
            out_dir.display()
        )));
    }
    Ok(())
}
