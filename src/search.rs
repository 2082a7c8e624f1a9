//! Search stage: Site → the search index files, built from the validated model (not by
//! scraping HTML). Matching is exact substring, like Ctrl-F: text is cut into units (one
//! per character, or one per run of ASCII letters and digits, lower-cased; whitespace is a
//! gap), and the index keeps every unit (unigram) with the documents it is in, and every
//! pair of adjacent units (bigram) with its positions. A query of any length then matches
//! exactly where its units occur in a row, by chaining bigram positions.
//!
//! Postings are sharded by a hash of the gram, so the browser loads only the shards of a
//! query's own grams. Shards, metadata and per-document display text are JavaScript files
//! that call a function, so search also works from `file://`. The same matching runs here
//! ([`Index::query`]), and a plain scan of the text ([`naive_query`]) is the ground truth
//! the index is tested against, in Rust and in the browser.

use crate::model::{Site, TaskIdx};
use crate::render::{OutputFile, markdown, routes::Routes};
use std::collections::{BTreeMap, HashMap};

/// Field groups of a document, in descending weight: a match in the title ranks above
/// one in leaders/units/owners, then in statuses, then in the body.
pub const GROUPS: usize = 4;

/// The searchable text of one task, with the unit position where each field group starts.
#[derive(Debug, Clone)]
pub struct DocText {
    /// Fields joined by newlines (a gap: nothing matches across two fields).
    pub text: String,
    /// Unit positions where groups 1, 2 and 3 start (group 0 starts at 0).
    pub bounds: [u32; GROUPS - 1],
}

/// Whitespace of any width separates units and is never part of one.
fn is_gap(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}'
}

/// The form a character is compared in: full-width ASCII folded to ASCII, ASCII lower-cased.
pub fn fold(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// A unit of text at a position; `start..end` are byte offsets into the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Position: consecutive for adjacent units, with a skipped number at each gap.
    pub pos: u32,
    /// The folded unit (one character, or an ASCII alphanumeric run).
    pub key: String,
    /// Byte offset of its start in the original text.
    pub start: usize,
    /// Byte offset of its end.
    pub end: usize,
}

/// Cuts `text` into units. The browser's `units()` in search.js does the same.
pub fn units(text: &str) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    let mut pos = 0u32;
    let mut run: Option<Unit> = None;
    for (i, c) in text.char_indices() {
        let f = fold(c);
        if f.is_ascii_alphanumeric() {
            match &mut run {
                Some(u) => {
                    u.key.push(f);
                    u.end = i + c.len_utf8();
                }
                None => {
                    run = Some(Unit {
                        pos: 0,
                        key: f.to_string(),
                        start: i,
                        end: i + c.len_utf8(),
                    })
                }
            }
            continue;
        }
        if let Some(mut u) = run.take() {
            u.pos = pos;
            pos += 1;
            out.push(u);
        }
        if is_gap(c) {
            pos += 1;
        } else {
            out.push(Unit {
                pos,
                key: f.to_string(),
                start: i,
                end: i + c.len_utf8(),
            });
            pos += 1;
        }
    }
    if let Some(mut u) = run.take() {
        u.pos = pos;
        out.push(u);
    }
    out
}

/// The searchable text of task `t`.
pub fn doc_text(site: &Site, t: TaskIdx) -> DocText {
    let task = &site.tasks[t];
    let mut text = String::new();
    let mut bounds = [0u32; GROUPS - 1];
    let push = |text: &mut String, s: &str| {
        if !s.trim().is_empty() {
            text.push_str(s.trim());
            text.push('\n');
        }
    };
    push(&mut text, &task.title);
    let next_pos = |text: &str| units(text).last().map_or(0, |u| u.pos + 2);
    bounds[0] = next_pos(&text);
    for &l in &task.leaders {
        push(&mut text, &site.leaders[l].name);
    }
    for &u in task.units.iter().chain(task.contact_unit.iter()) {
        push(&mut text, &site.units[u].name);
    }
    for o in &task.owners {
        push(&mut text, o);
    }
    bounds[1] = next_pos(&text);
    for &e in &task.progress {
        push(
            &mut text,
            &site.config.statuses[site.progress[e].status].labels[0],
        );
    }
    bounds[2] = next_pos(&text);
    push(&mut text, &markdown::to_text(&task.description));
    push(&mut text, &site.plans[task.plan].name);
    for s in [
        &task.section,
        &task.number,
        &task.full_number,
        &task.deadline,
        &task.target,
    ]
    .into_iter()
    .flatten()
    {
        push(&mut text, s);
    }
    for tag in &task.tags {
        push(&mut text, tag);
    }
    for m in &task.milestones {
        push(&mut text, &m.title);
        if let Some(d) = &m.due {
            push(&mut text, d);
        }
    }
    for &e in &task.progress {
        let e = &site.progress[e];
        push(&mut text, &site.periods[e.period].title);
        push(&mut text, &markdown::to_text(&e.narrative));
        for s in [&e.problems, &e.next_steps].into_iter().flatten() {
            push(&mut text, &markdown::to_text(s));
        }
    }
    DocText { text, bounds }
}

/// The terms of a query: whitespace-separated, each as its folded units.
pub fn query_terms(q: &str) -> Vec<Vec<String>> {
    q.split(is_gap)
        .filter(|t| !t.is_empty())
        .map(|t| units(t).into_iter().map(|u| u.key).collect::<Vec<_>>())
        .filter(|t| !t.is_empty())
        .collect()
}

/// Where a term matches in a unit sequence: the positions of its first unit.
fn find_in(doc: &[Unit], term: &[String]) -> Option<u32> {
    let n = term.len();
    doc.windows(n)
        .find(|w| {
            w.iter().zip(term).all(|(u, k)| u.key == *k)
                && w.last().map(|l| l.pos) == Some(w[0].pos + n as u32 - 1)
        })
        .map(|w| w[0].pos)
}

/// A result: the task, and the weight group of its best match (0 = title).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// The task.
    pub task: TaskIdx,
    /// 0 title, 1 leaders/units/owners, 2 status, 3 body.
    pub group: usize,
}

fn group_of(bounds: &[u32; GROUPS - 1], pos: u32) -> usize {
    bounds.iter().take_while(|b| pos >= **b).count()
}

/// Orders hits: best group first, then the newer latest period, then the task order.
fn rank(site: &Site, hits: &mut [Hit]) {
    let latest = |t: TaskIdx| site.tasks[t].latest().map(|e| site.progress[e].period);
    hits.sort_by_key(|h| (h.group, std::cmp::Reverse(latest(h.task)), h.task));
}

/// Ground truth: scans every task's text for every term. Slow and obviously right.
pub fn naive_query(site: &Site, q: &str) -> Vec<Hit> {
    Scan::new(site).query(site, q)
}

/// The ground truth with every task's units cut once, for running many queries.
pub struct Scan {
    docs: Vec<(Vec<Unit>, [u32; GROUPS - 1])>,
}

impl Scan {
    /// Cuts every task of `site` into units.
    pub fn new(site: &Site) -> Self {
        let docs = (0..site.tasks.len())
            .map(|t| {
                let d = doc_text(site, t);
                (units(&d.text), d.bounds)
            })
            .collect();
        Scan { docs }
    }

    /// The tasks where every term of `q` occurs, ranked as the index ranks them.
    pub fn query(&self, site: &Site, q: &str) -> Vec<Hit> {
        let terms = query_terms(q);
        if terms.is_empty() {
            return Vec::new();
        }
        let mut hits = Vec::new();
        for (t, (us, bounds)) in self.docs.iter().enumerate() {
            let mut best = u32::MAX;
            let all = terms.iter().all(|term| match find_in(us, term) {
                Some(p) => {
                    best = best.min(p);
                    true
                }
                None => false,
            });
            if all {
                hits.push(Hit {
                    task: t,
                    group: group_of(bounds, best),
                });
            }
        }
        rank(site, &mut hits);
        hits
    }
}

/// A gram's key: a unit, or two adjacent units joined by a space.
fn bigram_key(a: &str, b: &str) -> String {
    let mut k = String::with_capacity(a.len() + b.len() + 1);
    k.push_str(a);
    k.push(' ');
    k.push_str(b);
    k
}

fn put_varint(buf: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        buf.push((v as u8) | 0x80);
        v >>= 7;
    }
    buf.push(v as u8);
}

fn get_varint(buf: &[u8], i: &mut usize) -> u32 {
    let mut v = 0u32;
    let mut shift = 0;
    loop {
        let b = buf[*i];
        *i += 1;
        v |= u32::from(b & 0x7F) << shift;
        if b < 0x80 {
            return v;
        }
        shift += 7;
    }
}

/// Postings being built: documents in increasing order, delta-encoded.
#[derive(Default)]
struct Posting {
    bytes: Vec<u8>,
    last_doc: Option<u32>,
    last_pos: u32,
}

impl Posting {
    /// Unigram: (doc delta, first position) once per document.
    fn add_unigram(&mut self, doc: u32, pos: u32) {
        if self.last_doc == Some(doc) {
            return;
        }
        put_varint(&mut self.bytes, doc - self.last_doc.map_or(0, |d| d + 1));
        put_varint(&mut self.bytes, pos);
        self.last_doc = Some(doc);
    }

    /// Bigram: per document, doc delta, then position deltas + 1, then 0.
    fn add_bigram(&mut self, doc: u32, pos: u32) {
        if self.last_doc != Some(doc) {
            if self.last_doc.is_some() {
                self.bytes.push(0);
            }
            put_varint(&mut self.bytes, doc - self.last_doc.map_or(0, |d| d + 1));
            self.last_doc = Some(doc);
            self.last_pos = 0;
            put_varint(&mut self.bytes, pos + 1);
        } else {
            put_varint(&mut self.bytes, pos - self.last_pos + 1);
        }
        self.last_pos = pos;
    }

    fn finish(mut self, bigram: bool) -> Vec<u8> {
        if bigram && self.last_doc.is_some() {
            self.bytes.push(0);
        }
        self.bytes
    }
}

/// A fast hasher for integer gram codes (FNV-style multiply; keys are not adversarial:
/// they come from the site's own content, and a slow hash would dominate indexing).
#[derive(Default, Clone, Copy)]
struct CodeHasher(u64);

impl std::hash::Hasher for CodeHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_u32(&mut self, v: u32) {
        self.write_u64(u64::from(v));
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

type CodeMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<CodeHasher>>;

/// Code of a character unit: the folded char; ASCII runs get codes above char space.
const TOKEN_BASE: u32 = 0x11_0000;

/// Postings of one chunk of tasks, keyed by unit codes.
#[derive(Default)]
struct ChunkIndex {
    uni: CodeMap<u32, Posting>,
    bi: CodeMap<u64, Posting>,
    tokens: Vec<String>,
    token_ids: HashMap<String, u32>,
}

impl ChunkIndex {
    /// Adds the units of `text` as document `doc` (same cutting as [`units`]).
    fn add(&mut self, doc: u32, text: &str) {
        let mut pos = 0u32;
        let mut prev: Option<(u32, u32)> = None;
        let mut run = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let f = fold(c);
            let code = if f.is_ascii_alphanumeric() {
                run.clear();
                run.push(f);
                while let Some(&n) = chars.peek() {
                    let nf = fold(n);
                    if !nf.is_ascii_alphanumeric() {
                        break;
                    }
                    run.push(nf);
                    chars.next();
                }
                let next_id = TOKEN_BASE + self.tokens.len() as u32;
                match self.token_ids.get(run.as_str()) {
                    Some(&id) => id,
                    None => {
                        self.token_ids.insert(run.clone(), next_id);
                        self.tokens.push(run.clone());
                        next_id
                    }
                }
            } else if is_gap(c) {
                pos += 1;
                prev = None;
                continue;
            } else {
                f as u32
            };
            self.uni.entry(code).or_default().add_unigram(doc, pos);
            if let Some((p, pc)) = prev.filter(|(p, _)| p + 1 == pos) {
                self.bi
                    .entry((u64::from(pc) << 32) | u64::from(code))
                    .or_default()
                    .add_bigram(doc, p);
            }
            prev = Some((pos, code));
            pos += 1;
        }
    }

    fn key(&self, code: u32) -> String {
        if code >= TOKEN_BASE {
            self.tokens[(code - TOKEN_BASE) as usize].clone()
        } else {
            char::from_u32(code).map(String::from).unwrap_or_default()
        }
    }

    /// (gram key, is bigram, postings).
    fn into_postings(mut self) -> Vec<(String, bool, Posting)> {
        let uni = std::mem::take(&mut self.uni);
        let bi = std::mem::take(&mut self.bi);
        let mut out = Vec::with_capacity(uni.len() + bi.len());
        for (code, p) in uni {
            out.push((self.key(code), false, p));
        }
        for (codes, p) in bi {
            let (a, b) = ((codes >> 32) as u32, codes as u32);
            out.push((bigram_key(&self.key(a), &self.key(b)), true, p));
        }
        out
    }
}

/// Decoded postings: doc → positions (unigrams: the first position only).
fn decode(bytes: &[u8], bigram: bool) -> BTreeMap<u32, Vec<u32>> {
    let mut out = BTreeMap::new();
    let mut i = 0;
    let mut doc: Option<u32> = None;
    while i < bytes.len() {
        let d = get_varint(bytes, &mut i) + doc.map_or(0, |d| d + 1);
        doc = Some(d);
        if bigram {
            let mut pos = 0;
            let mut list = Vec::new();
            loop {
                let v = get_varint(bytes, &mut i);
                if v == 0 {
                    break;
                }
                pos += v - 1;
                list.push(pos);
            }
            out.insert(d, list);
        } else {
            out.insert(d, vec![get_varint(bytes, &mut i)]);
        }
    }
    out
}

/// The built index: gram → postings, and each task's field bounds.
pub struct Index {
    /// Gram key → encoded postings.
    pub grams: HashMap<String, Vec<u8>>,
    /// Per task, the field-group bounds.
    pub bounds: Vec<[u32; GROUPS - 1]>,
}

impl Index {
    /// Indexes every task of `site`: chunks of tasks are indexed in parallel with integer
    /// unit codes (no allocation per character), then their postings are joined in task
    /// order, so the result is the same whatever the thread count.
    pub fn build(site: &Site) -> Self {
        let chunk = site
            .tasks
            .len()
            .div_ceil(rayon::current_num_threads().max(1) * 4)
            .max(256);
        Self::build_in_chunks(site, chunk)
    }

    /// [`Index::build`] with a given number of tasks per chunk; the result must not depend
    /// on it (tested), which is what makes the parallel build deterministic.
    pub fn build_in_chunks(site: &Site, chunk: usize) -> Self {
        use rayon::prelude::*;
        let n = site.tasks.len();
        let chunk = chunk.max(1);
        let tasks: Vec<usize> = (0..n).collect();
        let mut grams: HashMap<String, (Vec<u8>, u32)> = HashMap::new();
        let mut bounds = Vec::with_capacity(n);
        // A few chunks at a time, merged before the next are built, so that chunk
        // postings and merged postings are never all in memory at once.
        let group = chunk.saturating_mul(rayon::current_num_threads().max(1));
        for slice in tasks.chunks(group) {
            let parts: Vec<(ChunkIndex, Vec<[u32; GROUPS - 1]>)> = slice
                .par_chunks(chunk)
                .map(|tasks| {
                    let mut c = ChunkIndex::default();
                    let mut bounds = Vec::with_capacity(tasks.len());
                    for &t in tasks {
                        let d = doc_text(site, t);
                        c.add(t as u32, &d.text);
                        bounds.push(d.bounds);
                    }
                    (c, bounds)
                })
                .collect();
            for (c, b) in parts {
                bounds.extend(b);
                for (key, bigram, p) in c.into_postings() {
                    let last = p.last_doc.unwrap_or(0);
                    let bytes = p.finish(bigram);
                    match grams.get_mut(&key) {
                        None => {
                            grams.insert(key, (bytes, last));
                        }
                        Some((acc, prev_last)) => {
                            // The chunk's first doc was encoded from 0; re-base it on the
                            // previous chunk's last doc.
                            let mut i = 0;
                            let first = get_varint(&bytes, &mut i);
                            put_varint(acc, first - (*prev_last + 1));
                            acc.extend_from_slice(&bytes[i..]);
                            *prev_last = last;
                        }
                    }
                }
            }
        }
        let grams = grams.into_iter().map(|(k, (b, _))| (k, b)).collect();
        Index { grams, bounds }
    }

    /// Runs a query against the index, as the browser does.
    pub fn query(&self, site: &Site, q: &str) -> Vec<Hit> {
        let terms = query_terms(q);
        if terms.is_empty() {
            return Vec::new();
        }
        let mut best: Option<BTreeMap<u32, u32>> = None;
        for term in &terms {
            let found = self.term(term);
            best = Some(match best {
                None => found,
                Some(prev) => prev
                    .into_iter()
                    .filter_map(|(d, p)| found.get(&d).map(|q| (d, p.min(*q))))
                    .collect(),
            });
        }
        let mut hits: Vec<Hit> = best
            .unwrap_or_default()
            .into_iter()
            .map(|(d, p)| Hit {
                task: d as usize,
                group: group_of(&self.bounds[d as usize], p),
            })
            .collect();
        rank(site, &mut hits);
        hits
    }

    /// Documents where `term` occurs, with its first position.
    fn term(&self, term: &[String]) -> BTreeMap<u32, u32> {
        if term.len() == 1 {
            return self
                .grams
                .get(&term[0])
                .map(|b| decode(b, false))
                .unwrap_or_default()
                .into_iter()
                .map(|(d, p)| (d, p[0]))
                .collect();
        }
        let lists: Vec<BTreeMap<u32, Vec<u32>>> = term
            .windows(2)
            .map(|w| {
                self.grams
                    .get(&bigram_key(&w[0], &w[1]))
                    .map(|b| decode(b, true))
                    .unwrap_or_default()
            })
            .collect();
        let mut out = BTreeMap::new();
        'docs: for (doc, starts) in &lists[0] {
            let mut rest = Vec::new();
            for l in &lists[1..] {
                match l.get(doc) {
                    Some(p) => rest.push(p),
                    None => continue 'docs,
                }
            }
            if let Some(p) = starts.iter().find(|&&p| {
                rest.iter()
                    .enumerate()
                    .all(|(i, l)| l.binary_search(&(p + i as u32 + 1)).is_ok())
            }) {
                out.insert(*doc, *p);
            }
        }
        out
    }
}

/// FNV-1a, 32 bits, over UTF-8: the shard of a gram. search.js computes the same.
pub fn shard_of(key: &str, shards: u32) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in key.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h % shards
}

/// JSON string literal, safe inside a script file.
fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let plain = |c: char| c >= ' ' && !matches!(c, '"' | '\\' | '<' | '\u{2028}' | '\u{2029}');
    if s.chars().all(plain) {
        out.push_str(s);
        out.push('"');
        return out;
    }
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '<' => out.push_str("\\u003c"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn list(items: impl Iterator<Item = usize>) -> String {
    let v: Vec<String> = items.map(|i| i.to_string()).collect();
    format!("[{}]", v.join(","))
}

/// The index laid out as files under `search/`: `meta.js` (dictionaries, per-task facets
/// and bounds), `i/<n>.js` (postings shards), `d/<n>.js` (each task's display record).
/// Each file is made on demand, so the output stage can write them in bounded batches.
pub struct SearchFiles {
    /// Per task, the field-group bounds.
    bounds: Vec<[u32; GROUPS - 1]>,
    /// The grams of each shard with their postings, sorted by key (moved out of the
    /// index, not copied: on a large site they are most of the build's memory).
    shards: Vec<Vec<(String, Vec<u8>)>>,
}

impl SearchFiles {
    /// Shards `index` so that a shard holds about 24 KB of postings.
    pub fn new(index: Index) -> Self {
        let total: usize = index.grams.values().map(Vec::len).sum();
        let count = (total / (24 * 1024)).max(16).next_power_of_two() as u32;
        let mut shards: Vec<Vec<(String, Vec<u8>)>> = vec![Vec::new(); count as usize];
        for (k, v) in index.grams {
            shards[shard_of(&k, count) as usize].push((k, v));
        }
        for s in &mut shards {
            s.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        }
        SearchFiles {
            bounds: index.bounds,
            shards,
        }
    }

    /// How many shard files there are.
    pub fn shard_count(&self) -> usize {
        self.shards.len()
    }

    /// `search/i/<n>.js`.
    pub fn shard_file(&self, n: usize) -> OutputFile {
        let body: Vec<String> = self.shards[n]
            .iter()
            // base64 never needs escaping inside a JSON string.
            .map(|(k, v)| format!("{}:\"{}\"", json_str(k), base64(v)))
            .collect();
        OutputFile {
            path: format!("search/i/{n}.js"),
            bytes: format!("jindu_shard({n},{{{}}});\n", body.join(",")).into_bytes(),
        }
    }

    /// `search/meta.js`.
    pub fn meta_file(&self, s: &Site) -> OutputFile {
        let names = |v: Vec<&str>| {
            format!(
                "[{}]",
                v.iter().map(|n| json_str(n)).collect::<Vec<_>>().join(",")
            )
        };
        let statuses: Vec<String> = s
            .config
            .statuses
            .iter()
            .map(|st| {
                format!(
                    "[{},{},{}]",
                    json_str(&st.key),
                    json_str(&st.labels[0]),
                    json_str(&st.colour)
                )
            })
            .collect();
        let docs: Vec<String> = s
            .tasks
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let latest = t.latest().map(|e| &s.progress[e]);
                let b = self.bounds[i];
                let mut periods: Vec<usize> =
                    t.progress.iter().map(|&e| s.progress[e].period).collect();
                periods.sort();
                format!(
                    "[{},{},{},{},{},{},{},{},{}]",
                    t.plan,
                    latest.map_or(-1, |e| e.status as i64),
                    latest.map_or(-1, |e| e.period as i64),
                    list(periods.into_iter()),
                    list(t.leaders.iter().copied()),
                    list(t.units.iter().copied()),
                    b[0],
                    b[1],
                    b[2]
                )
            })
            .collect();
        let meta = format!(
            "jindu_meta({{\"shards\":{},\"plans\":{},\"periods\":{},\"statuses\":[{}],\"leaders\":{},\"units\":{},\"docs\":[{}]}});\n",
            self.shards.len(),
            names(s.plans.iter().map(|p| p.name.as_str()).collect()),
            names(s.periods.iter().map(|p| p.title.as_str()).collect()),
            statuses.join(","),
            names(s.leaders.iter().map(|l| l.name.as_str()).collect()),
            names(s.units.iter().map(|u| u.name.as_str()).collect()),
            docs.join(",")
        );
        OutputFile {
            path: "search/meta.js".into(),
            bytes: meta.into_bytes(),
        }
    }

    /// `search/d/<i>.js`: what a result shows (URL, title, the text for the snippet).
    pub fn doc_file(&self, s: &Site, routes: &Routes, i: TaskIdx) -> OutputFile {
        let text = doc_text(s, i).text;
        let rec = format!(
            "jindu_doc({i},{{\"u\":{},\"t\":{},\"x\":{}}});\n",
            json_str(&routes.tasks[i]),
            json_str(&s.tasks[i].title),
            json_str(&text)
        );
        OutputFile {
            path: format!("search/d/{i}.js"),
            bytes: rec.into_bytes(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_characters_and_ascii_runs_with_gaps() {
        let u = units("2018年 ABC，市Ｘ局");
        let keys: Vec<_> = u.iter().map(|u| (u.pos, u.key.as_str())).collect();
        assert_eq!(
            keys,
            vec![
                (0, "2018"),
                (1, "年"),
                (3, "abc"),
                (4, ","),
                (5, "市"),
                (6, "x"),
                (7, "局")
            ]
        );
    }

    #[test]
    fn full_width_and_half_width_brackets_match_each_other() {
        assert_eq!(query_terms("各市(区)"), query_terms("各市（区）"));
    }

    #[test]
    fn postings_round_trip() {
        let mut p = Posting::default();
        for (d, pos) in [(0, 3), (0, 9), (2, 1), (7, 0), (7, 200)] {
            p.add_bigram(d, pos);
        }
        let m = decode(&p.finish(true), true);
        assert_eq!(m[&0], vec![3, 9]);
        assert_eq!(m[&2], vec![1]);
        assert_eq!(m[&7], vec![0, 200]);
    }

    #[test]
    fn base64_matches_the_standard_alphabet() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
    }
}
