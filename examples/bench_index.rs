//! Times the search index build on a site, apart from the rest of the build:
//! `cargo run --release --example bench_index -- SITE_DIR [RUNS]`. Set RAYON_NUM_THREADS=1
//! to measure CPU cost rather than parallel speed-up.
#![allow(clippy::print_stdout)]

/// The allocator `jindu` itself uses, so the times are the build's (run with
/// MIMALLOC_PURGE_DELAY=-1 for its purge setting too).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = args.next().expect("usage: bench_index SITE_DIR [RUNS]");
    let runs: usize = args
        .next()
        .map_or(3, |s| s.parse().expect("RUNS is a number"));
    let opts = jindu::Options {
        root: root.into(),
        ..Default::default()
    };
    let checked = jindu::check(&opts).expect("the site checks");
    let site = &checked.site;
    let mut best = [f64::MAX; 4];
    for _ in 0..runs {
        let t = std::time::Instant::now();
        let mut chars = 0usize;
        for task in 0..site.tasks.len() {
            chars += jindu::search::doc_text(site, task)
                .groups
                .iter()
                .map(String::len)
                .sum::<usize>();
        }
        let text = t.elapsed().as_secs_f64();
        let t = std::time::Instant::now();
        let index = jindu::search::Index::build(site).expect("index builds");
        let build = t.elapsed().as_secs_f64();
        let t = std::time::Instant::now();
        let files = jindu::search::SearchFiles::new(index);
        let layout = t.elapsed().as_secs_f64();
        // The shard and posting files' bytes, made on every core as the output stage
        // does (not written): where the postings are copied into the files.
        let t = std::time::Instant::now();
        use rayon::prelude::*;
        let bytes: usize = (0..files.shard_count())
            .into_par_iter()
            .map(|n| files.shard_file(n).bytes.len())
            .chain(
                (0..files.posting_count())
                    .into_par_iter()
                    .map(|n| files.posting_file(n).bytes.len()),
            )
            .sum();
        let postings = t.elapsed().as_secs_f64();
        std::hint::black_box((&files, chars, bytes));
        for (b, v) in best.iter_mut().zip([text, build, layout, postings]) {
            *b = b.min(v);
        }
    }
    println!(
        "doc text {:.3} s, index build {:.3} s, file layout {:.3} s, posting files {:.3} s \
         (best of {runs})",
        best[0], best[1], best[2], best[3]
    );
}
