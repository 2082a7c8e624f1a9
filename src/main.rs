//! The binary: parses the command line, runs the library, prints, and picks the exit code.
//! It is the only place that prints.

mod cli;

use clap::Parser;
use jindu::Options;
use jindu::diag::Diagnostic;
use jindu::error::Error;
use std::process::ExitCode;

/// mimalloc instead of glibc's malloc: a build allocates millions of small strings from
/// several threads, and glibc's arenas spent about a third of the build's CPU time in
/// malloc/free (perf, 10,000 tasks).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (v3's option enum; libmimalloc-sys, pinned in
/// Cargo.lock, names only the options older versions share).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // Never hand freed memory back to the system: a build frees and reallocates large page
    // buffers and contexts all the time, and re-faulting purged memory made rendering
    // 1.5-2x slower at 50,000 tasks (28 s -> 21 s single-threaded, +7% peak memory).
    // SAFETY: sets a plain integer option; mimalloc reads it on its next purge.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    let args = cli::Cli::parse();
    match run(args.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if let Error::Content(diags) = &e {
                print_diags(diags);
            }
            // The message already ends with the operating system's reason; the causes
            // below it are only those it does not include.
            eprintln!("error: {e}");
            let mut source = std::error::Error::source(&e).and_then(|s| s.source());
            while let Some(s) = source {
                eprintln!("  caused by: {s}");
                source = s.source();
            }
            if let Some(hint) = e.hint() {
                eprintln!("  hint: {hint}");
            }
            ExitCode::FAILURE
        }
    }
}

/// Prints a line on standard output, like `println!`, but a reader that has gone away
/// (`jindu search 江门 | head -1`) ends the program quietly with success, as it ends other
/// command-line tools, instead of a panic; any other failure to write is an error.
macro_rules! say {
    ($($arg:tt)*) => {
        say(format_args!($($arg)*))
    };
}

fn say(line: std::fmt::Arguments) {
    use std::io::Write;
    if let Err(e) = writeln!(std::io::stdout().lock(), "{line}") {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to standard output: {e}");
        std::process::exit(1);
    }
}

fn print_diags(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}

fn run(command: cli::Command) -> Result<(), Error> {
    match command {
        cli::Command::Check { root, strict } => {
            let checked = jindu::check(&Options {
                root,
                strict,
                ..Options::default()
            })?;
            print_diags(&checked.warnings);
            let s = &checked.site;
            say!(
                "ok: {} tasks, {} progress entries, {} periods, {} plans, {} leaders, {} units; {} warning(s)",
                s.tasks.len(),
                s.progress.len(),
                s.periods.len(),
                s.plans.len(),
                s.leaders.len(),
                s.units.len(),
                checked.warnings.len()
            );
            // The process ends here: the system reclaims the model at once, faster than
            // freeing it piece by piece (see `jindu::build_then_exit`).
            std::mem::forget(checked);
            Ok(())
        }
        cli::Command::Build {
            root,
            output,
            base_url,
            strict,
            no_search,
        } => {
            let out = output.unwrap_or_else(|| root.join("output"));
            let built = jindu::build_then_exit(
                &Options {
                    root,
                    base_url,
                    strict,
                    no_search,
                },
                &out,
            )?;
            print_diags(&built.warnings);
            let [tasks, leaders, units, periods, plans] = built.counts;
            say!(
                "built {}: {} files, {} bytes ({tasks} task, {leaders} leader, {units} unit, {periods} period, {plans} plan pages); {} warning(s)",
                out.display(),
                built.stats.files,
                built.stats.bytes,
                built.warnings.len()
            );
            Ok(())
        }
        cli::Command::Search { root, query } => {
            let checked = jindu::check(&Options {
                root,
                ..Options::default()
            })?;
            for (url, title) in jindu::search_site(&checked.site, &query) {
                say!("{url}\t{title}");
            }
            Ok(())
        }
        cli::Command::Import {
            files,
            into,
            plan,
            plan_dir,
            period,
            period_title,
            dry_run,
        } => {
            let report = jindu::import(&jindu::import::ImportOptions {
                files,
                into,
                plan,
                plan_dir,
                period,
                period_title,
                dry_run,
            })?;
            print_diags(&report.warnings);
            say!("{}", report.summary());
            Ok(())
        }
        cli::Command::Init { dir } => {
            let files = jindu::init::init(&dir)?;
            for f in files {
                say!("created {}", dir.join(f).display());
            }
            say!("next: jindu build --root {}", dir.display());
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    /// Guards the option number against a mimalloc upgrade that reorders the enum: the
    /// purge delay is the option whose default is 1000 (ms); its neighbours are 0 or 1.
    #[test]
    fn the_purge_delay_option_number_is_the_purge_delay() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            let v = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
            assert_eq!(v, 1000);
        }
    }
}
