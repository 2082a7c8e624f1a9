//! Search stage: Site → the search index files, built from the validated model (not by
//! scraping HTML). Matching is exact substring, like Ctrl-F: text is cut into units (one
//! per character, or one per run of ASCII letters and digits, lower-cased; whitespace is a
//! gap), and the index keeps every unit (unigram) with the documents it is in, and every
//! pair of adjacent units (bigram) with its positions. A query of any length then matches
//! exactly where its units occur in a row, by chaining bigram positions. Values from short
//! lists that nearly every document repeats (statuses, period titles, plan names) are kept
//! apart as [`Label`]s: matched by their text, with a list of their documents.
//!
//! Documents are numbered in rank order (newer latest period first, then task order), so a
//! result list is ranked by (field group, document) with no per-task data. A position
//! carries its field group in its high bits (the body at 0, so most positions stay small),
//! so no per-task field bounds are needed either. Per-task facet values are columns in
//! blocks of [`BLOCK`] documents, loaded only for blocks that hold results (all of them
//! only when few, or when the reader asks for the filters).
//!
//! Small postings share shards chosen by a hash of the gram; a large one has its own file,
//! named by its shard, so the browser loads little beyond its query's own grams, and of a
//! long term only the cheapest set of bigrams that covers it. Every file is JavaScript that
//! calls a function, so search also works from `file://`. The same matching runs here
//! ([`Index::query`]), and a plain scan of the text ([`naive_query`]) is the ground truth
//! the index is tested against, in Rust and in the browser.

use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::model::{Site, TaskIdx};
use crate::render::{OutputFile, markdown, routes::Routes};
use std::collections::HashMap;

/// Field groups of a document, in descending weight: a match in the title ranks above
/// one in leaders/units/owners, then in statuses, then in the body.
pub const GROUPS: usize = 4;

/// A position is `((GROUPS - 1 - group) << GROUP_SHIFT) + offset in the group`: the group
/// is in the high bits, the body (group 3, most of the text) at 0 so its positions stay
/// small. A group longer than this many units cannot be indexed (build error).
pub const GROUP_SHIFT: u32 = 24;

/// The group of status labels. It is all listed values ([`Label`]), not in the positional
/// index.
pub const STATUS_GROUP: usize = 2;

/// The body group.
pub const BODY_GROUP: usize = 3;

/// Documents per facet block file.
pub const BLOCK: usize = 256;

/// Postings longer than this (digits) get their own file instead of a shard.
const BIG: usize = 2560;

/// Small postings per shard, about (digits).
const SHARD_BYTES: usize = 10 * 1024;

/// The searchable text of one task, by field group.
#[derive(Debug, Clone)]
pub struct DocText {
    /// Per group (title; leaders, units, owners; statuses; body), its fields, each ending
    /// in a newline (a gap: nothing matches across two fields or two groups).
    pub groups: [String; GROUPS],
    /// Byte ranges of the body that hold listed values (the plan's name, each entry's
    /// period title): the index matches them as [`Label`]s, not by position.
    pub listed: Vec<std::ops::Range<usize>>,
}

impl DocText {
    /// All groups in order: what a result's snippet is cut from.
    pub fn text(&self) -> String {
        self.groups.concat()
    }
}

/// Whitespace of any width separates units and is never part of one.
fn is_gap(c: char) -> bool {
    // Every character above U+3000 (all of CJK) is not whitespace: this runs once per
    // character of the site, and skips the Unicode table lookup for them.
    c <= '\u{3000}' && (c.is_whitespace() || c == '\u{3000}')
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
    let mut groups: [String; GROUPS] = Default::default();
    // The body at its final size (near enough) from the start, not grown field by field:
    // this runs twice per task.
    let body_len: usize = task
        .progress
        .iter()
        .map(|&e| {
            let e = &site.progress[e];
            let opt = |s: &Option<crate::model::text::Text>| s.as_ref().map_or(0, |t| t.len() + 1);
            e.narrative.len() + opt(&e.problems) + opt(&e.next_steps) + 32
        })
        .sum();
    groups[BODY_GROUP].reserve(task.description.len() + body_len + 256);
    let push = |text: &mut String, s: &str| {
        let from = text.len();
        if !s.trim().is_empty() {
            text.push_str(s.trim());
            text.push('\n');
        }
        from..text.len()
    };
    push(&mut groups[0], &task.title);
    for &l in &task.leaders {
        push(&mut groups[1], &site.leaders[l].name);
    }
    for &u in task.units.iter().chain(task.contact_unit.iter()) {
        push(&mut groups[1], &site.units[u].name);
    }
    for o in &task.owners {
        push(&mut groups[1], o);
    }
    for &e in &task.progress {
        push(
            &mut groups[2],
            &site.config.statuses[site.progress[e].status].labels[0],
        );
    }
    let mut listed = Vec::new();
    let body = &mut groups[BODY_GROUP];
    push(body, &markdown::text_text(&task.description));
    listed.push(push(body, &site.plans[task.plan].name));
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
        push(body, s);
    }
    for tag in &task.tags {
        push(body, tag);
    }
    for m in &task.milestones {
        push(body, &m.title);
        if let Some(d) = &m.due {
            push(body, d);
        }
    }
    for &e in &task.progress {
        let e = &site.progress[e];
        listed.push(push(body, &site.periods[e.period].title));
        push(body, &markdown::text_text(&e.narrative));
        for s in [&e.problems, &e.next_steps].into_iter().flatten() {
            push(body, &markdown::text_text(s));
        }
    }
    DocText { groups, listed }
}

/// The terms of a query: whitespace-separated, each as its folded units.
pub fn query_terms(q: &str) -> Vec<Vec<String>> {
    q.split(is_gap)
        .filter(|t| !t.is_empty())
        .map(|t| units(t).into_iter().map(|u| u.key).collect::<Vec<_>>())
        .filter(|t| !t.is_empty())
        .collect()
}

/// Whether a term occurs in a unit sequence (its units in a row, no gap between).
fn occurs_in(doc: &[Unit], term: &[String]) -> bool {
    let n = term.len();
    doc.windows(n).any(|w| {
        w.iter().zip(term).all(|(u, k)| u.key == *k)
            && w.last().map(|l| l.pos) == Some(w[0].pos + n as u32 - 1)
    })
}

/// A result: the task, and the weight group of its best match (0 = title).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// The task.
    pub task: TaskIdx,
    /// 0 title, 1 leaders/units/owners, 2 status, 3 body.
    pub group: usize,
}

/// The key tasks are ranked by after the group: newer latest period, then task order.
/// Index documents are numbered in this order.
fn rank_key(site: &Site, t: TaskIdx) -> (std::cmp::Reverse<Option<usize>>, TaskIdx) {
    let latest = site.tasks[t].latest().map(|e| site.progress[e].period);
    (std::cmp::Reverse(latest), t)
}

/// Orders hits: best group first, then the newer latest period, then the task order.
fn rank(site: &Site, hits: &mut [Hit]) {
    hits.sort_by_key(|h| (h.group, rank_key(site, h.task)));
}

/// Tasks in rank order: document `d` of the index is task `doc_order(site)[d]`.
pub fn doc_order(site: &Site) -> Vec<TaskIdx> {
    let mut order: Vec<TaskIdx> = (0..site.tasks.len()).collect();
    order.sort_by_key(|&t| rank_key(site, t));
    order
}

/// Ground truth: scans every task's text for every term. Slow and obviously right.
pub fn naive_query(site: &Site, q: &str) -> Vec<Hit> {
    Scan::new(site).query(site, q)
}

/// The ground truth with every task's units cut once, for running many queries.
pub struct Scan {
    docs: Vec<[Vec<Unit>; GROUPS]>,
}

impl Scan {
    /// Cuts every task of `site` into units, group by group.
    pub fn new(site: &Site) -> Self {
        let docs = (0..site.tasks.len())
            .map(|t| doc_text(site, t).groups.map(|g| units(&g)))
            .collect();
        Scan { docs }
    }

    /// The tasks where every term of `q` occurs, ranked by the best group any term occurs
    /// in, then as [`rank`] orders them.
    pub fn query(&self, site: &Site, q: &str) -> Vec<Hit> {
        let terms = query_terms(q);
        if terms.is_empty() {
            return Vec::new();
        }
        let mut hits = Vec::new();
        for (t, groups) in self.docs.iter().enumerate() {
            let mut best = GROUPS;
            let all =
                terms.iter().all(
                    |term| match groups.iter().position(|us| occurs_in(us, term)) {
                        Some(g) => {
                            best = best.min(g);
                            true
                        }
                        None => false,
                    },
                );
            if all {
                hits.push(Hit {
                    task: t,
                    group: best,
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

// The posting format. Postings are numbers in digits (`put_num`): what the files hold, so
// a posting is written out as it is kept, with no conversion. Documents come in
// increasing order, each as the gap from the previous one (`doc - prev - 1`, the first
// from -1), and within a document positions come in increasing order.
//
// Unigram, per document: `gap << 2 | best group` (only the rank needs more than the
// document: a one-unit term needs no position; `encode_unigram`).
// Bigram, per document: `gap << 1 | (n > 1)`, then `n - 2` if n > 1, then the first
// position, then `n - 1` position deltas minus one. No terminator: most bigrams occur
// once in a document (`encode_bigram`).

/// Low bits of a posting's per-document header that are not the document gap.
fn header_bits(bigram: bool) -> u32 {
    if bigram { 1 } else { 2 }
}

/// Appends the posting of a unigram's (document, best group) pairs, by document, to `out`.
fn encode_unigram(docs: &[(u32, u32)], out: &mut Vec<u8>) {
    let mut next_doc = 0u32;
    for &(doc, group) in docs {
        put_num(out, ((doc - next_doc) << 2) | group);
        next_doc = doc + 1;
    }
}

/// Appends the posting of a bigram's (document, position) pairs, sorted, to `out`.
fn encode_bigram(pairs: &[(u32, u32)], out: &mut Vec<u8>) {
    let mut next_doc = 0u32;
    let mut rest = pairs;
    while let Some(&(doc, first)) = rest.first() {
        let n = rest.iter().take_while(|p| p.0 == doc).count();
        put_num(out, ((doc - next_doc) << 1) | u32::from(n > 1));
        if n > 1 {
            put_num(out, n as u32 - 2);
        }
        put_num(out, first);
        for w in rest[..n].windows(2) {
            put_num(out, w[1].1 - w[0].1 - 1);
        }
        next_doc = doc + 1;
        rest = &rest[n..];
    }
}

/// The field group of a position.
fn group_of(pos: u32) -> u32 {
    (GROUPS as u32 - 1) - (pos >> GROUP_SHIFT)
}

/// The position of the unit at `offset` in `group`.
fn position(group: usize, offset: u32) -> u32 {
    ((GROUPS - 1 - group) as u32) << GROUP_SHIFT | offset
}

/// A fast hasher for integer gram codes (FNV-style multiply; keys are not adversarial:
/// they come from the site's own content, and a slow hash would dominate indexing).
#[derive(Default, Clone, Copy)]
struct CodeHasher(u64);

impl std::hash::Hasher for CodeHasher {
    fn finish(&self) -> u64 {
        // A product's low bits depend only on the multiplicand's low bits, and the table
        // picks buckets by the low bits: without this rotation every bigram with the same
        // second character fell in one bucket chain (as rustc-hash 2 does, for the same
        // reason). It made indexing several times slower.
        self.0.rotate_left(26)
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

/// Documents per chunk of the index build. Each chunk's gram tables stay small enough to
/// be in cache: with chunks of a quarter of the site per thread, the table lookup per
/// character missed the cache so often that indexing took 2.4x longer at 25,000 tasks.
const CHUNK: usize = 512;

/// The code [`ChunkIndex::cut`] gives whitespace (no unit has it: unit codes are
/// characters, below 0x11_0000, or tokens from [`TOKEN_BASE`] up, far fewer than this).
const GAP: u32 = u32::MAX;

/// Unit codes below this have their chunk's unigram index in a flat table.
const DIRECT: usize = 0x1_0000;

/// Postings of one chunk of documents, keyed by unit codes.
#[derive(Default)]
struct ChunkIndex {
    /// Unit code → index into `unigrams`. A chunk has a few thousand distinct units, so
    /// their postings are built in place.
    uni: CodeMap<u32, u32>,
    /// The same for codes below [`DIRECT`], by code (`u32::MAX`: none yet).
    direct: Vec<u32>,
    /// Unit code of each unit id.
    unigrams: Vec<u32>,
    /// Per unit id: the document it was last seen in (+ 1; 0 for none yet) and its last
    /// position there. Positions come in increasing order within a document, and a
    /// higher position is never in a worse group (see [`GROUP_SHIFT`]), so the last one
    /// decides the unit's group in that document.
    seen: Vec<(u32, u32)>,
    /// (unit id, document, best group), one per unit and document it is in, written when
    /// the unit shows up in a later document (or the chunk ends): in document order for
    /// each unit, sorted by unit when the chunk is done. (A posting per unit, grown as
    /// its documents came, was an allocation and a copy each time it grew.)
    unigram_docs: Vec<(u32, u32, u32)>,
    /// Bigram codes → bigram id (index into `bigrams`, which holds the codes). A chunk has
    /// hundreds of thousands of bigrams: updating a posting per occurrence missed the cache
    /// on most of them, so occurrences are appended to `events` in text order and sorted
    /// by bigram when the chunk is done ([`ChunkIndex::finish`]).
    bi: CodeMap<u64, u32>,
    bigrams: Vec<u64>,
    /// (bigram id, document, position), in document and position order.
    events: Vec<(u32, u32, u32)>,
    tokens: Vec<String>,
    token_ids: CodeMap<String, u32>,
    /// The unit codes of the text being added ([`ChunkIndex::cut`]), kept for its room.
    codes: Vec<u32>,
}

/// A chunk's postings, all in one buffer: a site has millions of (chunk, gram) postings,
/// and a `Vec` each made allocation a tenth of the index build.
struct ChunkPostings {
    tokens: Vec<String>,
    bytes: Vec<u8>,
    /// The chunk's grams by partition ([`PARTS`]), each in the chunk's order.
    parts: Vec<Vec<ChunkGram>>,
}

/// One gram's posting in a chunk: `bytes[start..end]` of its [`ChunkPostings`].
struct ChunkGram {
    /// Unit code, or two (`first << 32 | second`); tokens by the chunk's own numbers.
    code: u64,
    bigram: bool,
    start: u32,
    end: u32,
    /// The last document of the posting (the next chunk's first gap counts from it).
    last: u32,
}

/// Partitions of the joined index. Chunk postings are joined partition by partition, one
/// thread each, so the join runs on every core instead of after each batch of chunks on
/// one (it was 40 % of a 50,000-task index build on its own).
const PARTS: usize = 64;

/// A gram's partition, from what it is (its characters, a token's text), not from how
/// a chunk numbered it: `unit` gives a unit's content hash ([`unit_hash`]).
fn part_of(bigram: bool, code: u64, unit: impl Fn(u32) -> u64) -> usize {
    let h = if bigram {
        unit((code >> 32) as u32).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ unit(code as u32)
    } else {
        unit(code as u32)
    };
    (h.wrapping_mul(0xff51_afd7_ed55_8ccd) >> (64 - PARTS.trailing_zeros())) as usize
}

/// The content hash of each token of a chunk or of the site: FNV-1a of its text.
fn token_hashes(tokens: &[String]) -> Vec<u64> {
    tokens
        .iter()
        .map(|t| {
            t.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            })
        })
        .collect()
}

/// The content hash of a unit code, given its numbering's token hashes.
fn unit_hash(code: u32, tokens: &[u64]) -> u64 {
    match code.checked_sub(TOKEN_BASE) {
        Some(i) => tokens[i as usize],
        None => u64::from(code),
    }
}

impl ChunkIndex {
    /// The index in `unigrams` of unit `code`, added if new. Codes in the Basic
    /// Multilingual Plane (every common Han character) are looked up in a flat table,
    /// without hashing: this runs once per character of the site.
    fn unigram(&mut self, code: u32) -> u32 {
        if self.direct.is_empty() {
            self.direct = vec![u32::MAX; DIRECT];
        }
        let n = self.unigrams.len() as u32;
        let slot = match self.direct.get_mut(code as usize) {
            Some(slot) => slot,
            None => self.uni.entry(code).or_insert(u32::MAX),
        };
        if *slot == u32::MAX {
            *slot = n;
            self.unigrams.push(code);
            self.seen.push((0, 0));
        }
        *slot
    }

    /// Adds the units of `text` to document `doc`, numbered from `base` (same cutting as
    /// [`units`]); units at or past `limit` would leave the group and are not added.
    /// Returns how many positions the text took. Documents come in increasing order, and
    /// a document's texts in increasing position order.
    fn add(&mut self, doc: u32, text: &str, base: u32, limit: u32) -> u32 {
        // First the text's unit codes by position (GAP for whitespace), then its postings
        // from them: two tight loops instead of one that decoded, classified and looked
        // up in turn.
        let mut codes = std::mem::take(&mut self.codes);
        codes.clear();
        self.cut(text, &mut codes);
        let n = codes.len().min(limit as usize);
        let mut prev = GAP;
        for (pos, &code) in codes[..n].iter().enumerate() {
            if code != GAP {
                let pos = base + pos as u32;
                let i = self.unigram(code);
                let seen = &mut self.seen[i as usize];
                if seen.0 != doc + 1 {
                    if seen.0 != 0 {
                        self.unigram_docs.push((i, seen.0 - 1, group_of(seen.1)));
                    }
                    seen.0 = doc + 1;
                }
                seen.1 = pos;
                if prev != GAP {
                    let key = (u64::from(prev) << 32) | u64::from(code);
                    let next = self.bigrams.len() as u32;
                    let id = *self.bi.entry(key).or_insert(next);
                    if id == next {
                        self.bigrams.push(key);
                    }
                    self.events.push((id, doc, pos - 1));
                }
            }
            prev = code;
        }
        let used = codes.len() as u32;
        self.codes = codes;
        used
    }

    /// Appends the unit codes of `text` to `codes`, one per position (as [`units`] cuts
    /// it): a character's folded code, a token's code, or [`GAP`] for whitespace.
    fn cut(&mut self, text: &str, codes: &mut Vec<u32>) {
        let bytes = text.as_bytes();
        let mut run = String::new();
        let mut i = 0;
        while i < bytes.len() {
            let lead = bytes[i];
            // A three-byte character from U+3001 to U+EFFF (common Han characters, CJK
            // punctuation): none folds or is part of a token, and only U+3000 (E3 80 80)
            // is whitespace. Most of a site's text.
            if (0xE3..=0xEE).contains(&lead) {
                let c = (u32::from(lead & 0x0F) << 12)
                    | (u32::from(bytes[i + 1] & 0x3F) << 6)
                    | u32::from(bytes[i + 2] & 0x3F);
                codes.push(if c == 0x3000 { GAP } else { c });
                i += 3;
                continue;
            }
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            i += c.len_utf8();
            let f = fold(c);
            if f.is_ascii_alphanumeric() {
                run.clear();
                run.push(f);
                while let Some(n) = text[i..].chars().next() {
                    let nf = fold(n);
                    if !nf.is_ascii_alphanumeric() {
                        break;
                    }
                    run.push(nf);
                    i += n.len_utf8();
                }
                let next_id = TOKEN_BASE + self.tokens.len() as u32;
                codes.push(match self.token_ids.get(run.as_str()) {
                    Some(&id) => id,
                    None => {
                        self.token_ids.insert(run.clone(), next_id);
                        self.tokens.push(run.clone());
                        next_id
                    }
                });
            } else if is_gap(c) {
                codes.push(GAP);
            } else {
                codes.push(f as u32);
            }
        }
    }

    /// The chunk's tokens and postings, unigrams then bigrams. Bigram events are sorted by
    /// a counting sort on the bigram id, which keeps each bigram's events in document and
    /// position order; each bigram's run is then encoded in one go.
    fn finish(self) -> ChunkPostings {
        let hashes = token_hashes(&self.tokens);
        let mut parts: Vec<Vec<ChunkGram>> = Vec::new();
        parts.resize_with(PARTS, Vec::new);
        let mut push = |code: u64, bigram: bool, start: usize, end: usize, last: u32| {
            let p = part_of(bigram, code, |u| unit_hash(u, &hashes));
            parts[p].push(ChunkGram {
                code,
                bigram,
                start: start as u32,
                end: end as u32,
                last,
            });
        };
        let mut bytes = Vec::with_capacity(self.events.len() * 3);
        // Each unit's last document, then every unit's documents by unit (a counting
        // sort keeps each unit's documents in order).
        let mut unigram_docs = self.unigram_docs;
        for (u, &(doc, pos)) in self.seen.iter().enumerate() {
            if doc != 0 {
                unigram_docs.push((u as u32, doc - 1, group_of(pos)));
            }
        }
        let (by_unit, start) = bucket_sort(
            self.unigrams.len(),
            unigram_docs.iter().map(|d| d.0),
            unigram_docs
                .iter()
                .map(|&(u, doc, group)| (u, (doc, group))),
        );
        drop(unigram_docs);
        for (u, &code) in self.unigrams.iter().enumerate() {
            let docs = &by_unit[start[u]..start[u + 1]];
            let from = bytes.len();
            encode_unigram(docs, &mut bytes);
            let last = docs.last().map_or(0, |d| d.0);
            push(u64::from(code), false, from, bytes.len(), last);
        }
        let (sorted, start) = bucket_sort(
            self.bigrams.len(),
            self.events.iter().map(|e| e.0),
            self.events.iter().map(|&(id, doc, pos)| (id, (doc, pos))),
        );
        drop(self.events);
        for (id, &key) in self.bigrams.iter().enumerate() {
            let pairs = &sorted[start[id]..start[id + 1]];
            let from = bytes.len();
            encode_bigram(pairs, &mut bytes);
            let last = pairs.last().map_or(0, |p| p.0);
            push(key, true, from, bytes.len(), last);
        }
        ChunkPostings {
            tokens: self.tokens,
            bytes,
            parts,
        }
    }
}

/// A stable counting sort of `items` (bucket, value) into `buckets` buckets: the values
/// bucket by bucket, each bucket's in the order they came, and where each bucket starts
/// (`buckets + 1` entries). How a chunk groups its occurrences by gram.
/// `keys` are the items' buckets alone, in the same order (counted first, cheaply).
fn bucket_sort(
    buckets: usize,
    keys: impl Iterator<Item = u32>,
    items: impl Iterator<Item = (u32, (u32, u32))>,
) -> (Vec<(u32, u32)>, Vec<usize>) {
    let mut start = vec![0usize; buckets + 1];
    for b in keys {
        start[b as usize + 1] += 1;
    }
    for i in 1..start.len() {
        start[i] += start[i - 1];
    }
    let mut next = start.clone();
    let mut sorted = vec![(0u32, 0u32); start[buckets]];
    for (b, v) in items {
        let k = &mut next[b as usize];
        sorted[*k] = v;
        *k += 1;
    }
    (sorted, start)
}

/// Decoded unigram postings: (document, best group), by document.
fn decode_unigram(bytes: &[u8]) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let (mut i, mut doc) = (0, 0u32);
    while i < bytes.len() {
        let h = get_num(bytes, &mut i);
        doc += h >> 2;
        out.push((doc, h & 3));
        doc += 1;
    }
    out
}

/// Decoded bigram postings: (document, position), in order.
fn decode_bigram(bytes: &[u8]) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let (mut i, mut doc) = (0, 0u32);
    while i < bytes.len() {
        let h = get_num(bytes, &mut i);
        doc += h >> 1;
        let n = if h & 1 == 1 {
            get_num(bytes, &mut i) + 2
        } else {
            1
        };
        let mut pos = get_num(bytes, &mut i);
        out.push((doc, pos));
        for _ in 1..n {
            pos += get_num(bytes, &mut i) + 1;
            out.push((doc, pos));
        }
        doc += 1;
    }
    out
}

/// Which bigrams of a term of `sizes.len() + 1` units to load: a set that covers every
/// unit (so chaining their positions matches exactly where the term is written) with the
/// least total size. The first and last are always in; between them no two chosen ones
/// may be more than two apart. search.js makes the same choice.
pub fn cover(sizes: &[usize]) -> Vec<usize> {
    let m = sizes.len();
    let mut cost = vec![0usize; m];
    let mut from = vec![usize::MAX; m];
    for i in 0..m {
        cost[i] = sizes[i]
            + match i {
                0 => 0,
                1 => cost[0],
                _ => {
                    // Prefer the longer step on a tie: fewer files.
                    from[i] = if cost[i - 2] <= cost[i - 1] {
                        i - 2
                    } else {
                        i - 1
                    };
                    cost[from[i]]
                }
            };
        if i == 1 {
            from[1] = 0;
        }
    }
    let mut out = vec![m - 1];
    while let Some(&i) = out.last() {
        if from[i] == usize::MAX {
            break;
        }
        out.push(from[i]);
    }
    out.reverse();
    out
}

/// Keeps the (document, position) pairs of `cand` where `list` has (document, position
/// + shift). Both are in order, so this is one merge.
fn keep_followed(cand: &[(u32, u32)], list: &[(u32, u32)], shift: u32) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let mut j = 0;
    for &(d, p) in cand {
        let want = (d, p + shift);
        while j < list.len() && list[j] < want {
            j += 1;
        }
        if j < list.len() && list[j] == want {
            out.push((d, p));
        }
    }
    out
}

/// The listed values of `site` ([`Label`]): statuses, then periods, then plans, each
/// with the documents (numbered by `order`) that hold it.
fn labels(site: &Site, order: &[TaskIdx]) -> Vec<Label> {
    let (ns, np) = (site.config.statuses.len(), site.periods.len());
    let mut docs: Vec<Vec<u32>> = vec![Vec::new(); ns + np + site.plans.len()];
    let mut add = |list: usize, d: u32| {
        if docs[list].last() != Some(&d) {
            docs[list].push(d);
        }
    };
    for (d, &t) in order.iter().enumerate() {
        let d = d as u32;
        for &e in &site.tasks[t].progress {
            let e = &site.progress[e];
            add(e.status, d);
            add(ns + e.period, d);
        }
        add(ns + np + site.tasks[t].plan, d);
    }
    let texts = site
        .config
        .statuses
        .iter()
        .map(|s| (s.labels[0].as_str(), STATUS_GROUP))
        .chain(site.periods.iter().map(|p| (p.title.as_str(), BODY_GROUP)))
        .chain(site.plans.iter().map(|p| (p.name.as_str(), BODY_GROUP)));
    texts
        .zip(docs)
        .map(|((text, group), docs)| Label {
            units: units(text.trim()),
            group: group as u32,
            docs,
        })
        .collect()
}

/// Whether `term` is written in `label` (units of one field): its units in a row.
/// search.js has the same test.
pub fn label_has(label: &[Unit], term: &[String]) -> bool {
    !term.is_empty()
        && label.windows(term.len()).any(|w| {
            w.iter().zip(term).all(|(u, t)| u.key == *t)
                && w[w.len() - 1].pos - w[0].pos + 1 == term.len() as u32
        })
}

/// A gram under integer codes: (is bigram, unit code or `first << 32 | second`), with
/// site-wide token codes ([`Index::tokens`]).
type GramCode = (bool, u64);

/// The built index: gram → postings, over documents in rank order.
pub struct Index {
    /// Per partition ([`PARTS`]), each gram and its encoded postings (the format is above
    /// [`header_bits`]).
    parts: Vec<Vec<(GramCode, Vec<u8>)>>,
    /// Token (ASCII run) `i` has unit code `TOKEN_BASE + i`.
    tokens: Vec<String>,
    /// Document → task ([`doc_order`]).
    pub order: Vec<TaskIdx>,
    /// The listed values: statuses, then periods, then plans.
    pub labels: Vec<Label>,
    /// Gram key → (partition, index), made on the first [`Index::query`] (only the tests
    /// and benchmarks query the index in Rust).
    lookup: std::sync::OnceLock<HashMap<String, (usize, usize)>>,
}

/// The key of a gram as the files and queries write it: a unit, or two joined by a
/// space ([`bigram_key`]); `tokens` names the token codes.
fn gram_key(tokens: &[String], (bigram, code): GramCode) -> String {
    let name = |code: u32| match code.checked_sub(TOKEN_BASE) {
        Some(i) => tokens[i as usize].clone(),
        None => char::from_u32(code).map(String::from).unwrap_or_default(),
    };
    if bigram {
        bigram_key(&name((code >> 32) as u32), &name(code as u32))
    } else {
        name(code as u32)
    }
}

/// One partition of the index as it is joined: chunk postings of its grams appended in
/// document order.
#[derive(Default)]
struct Joined {
    slots: CodeMap<GramCode, u32>,
    /// Each gram, its postings, and their last document.
    grams: Vec<(GramCode, Vec<u8>, u32)>,
}

impl Joined {
    /// Appends partition `p` of each chunk of `parts` (in order), with its tokens renumbered
    /// by `globals`.
    fn add(&mut self, p: usize, parts: &[ChunkPostings], globals: &[Vec<u32>]) {
        for (part, global) in parts.iter().zip(globals) {
            let g = |code: u32| match code.checked_sub(TOKEN_BASE) {
                Some(i) => global[i as usize],
                None => code,
            };
            for cg in &part.parts[p] {
                let bytes = &part.bytes[cg.start as usize..cg.end as usize];
                let code = if cg.bigram {
                    (u64::from(g((cg.code >> 32) as u32)) << 32) | u64::from(g(cg.code as u32))
                } else {
                    u64::from(g(cg.code as u32))
                };
                let key = (cg.bigram, code);
                let n = self.grams.len() as u32;
                let slot = *self.slots.entry(key).or_insert(n);
                if slot == n {
                    self.grams.push((key, bytes.to_vec(), cg.last));
                    continue;
                }
                // The chunk's first document was encoded as a gap from -1; re-base it on
                // the previous chunk's last document.
                let (_, acc, prev_last) = &mut self.grams[slot as usize];
                let bits = header_bits(cg.bigram);
                let mut i = 0;
                let h = get_num(bytes, &mut i);
                let gap = (h >> bits) - (*prev_last + 1);
                put_num(acc, (gap << bits) | (h & ((1 << bits) - 1)));
                acc.extend_from_slice(&bytes[i..]);
                *prev_last = cg.last;
            }
        }
    }
}

/// A value from a short list that documents repeat: a status, a period's title, a plan's
/// name. Every document holds one status and one period title per entry and its plan's
/// name, so their bigrams had the longest postings of the index (a status phrase query
/// loaded most of a megabyte at 25,000 tasks, one for `2020年` 400 KB). They are not in
/// the positional index: a term matches a label when it is written in it ([`label_has`]),
/// and the label lists its documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The label's units, as [`doc_text`] writes it.
    pub units: Vec<Unit>,
    /// The field group it is in: the status group, or the body.
    pub group: u32,
    /// The documents that hold it, in order.
    pub docs: Vec<u32>,
}

impl Index {
    /// Indexes every task of `site`: chunks of documents are indexed in parallel with
    /// integer unit codes (no allocation per character), then their postings are joined in
    /// document order, so the result is the same whatever the thread count.
    pub fn build(site: &Site) -> Result<Self> {
        Self::build_in_chunks(site, CHUNK)
    }

    /// [`Index::build`] with a given number of documents per chunk; the result must not
    /// depend on it (tested), which is what makes the parallel build deterministic.
    pub fn build_in_chunks(site: &Site, chunk: usize) -> Result<Self> {
        use rayon::prelude::*;
        let order = doc_order(site);
        let chunk = chunk.max(1);
        let docs: Vec<u32> = (0..order.len() as u32).collect();
        // Joined postings under integer keys, by partition; tokens get site-wide codes
        // here, as each chunk numbers its own.
        let mut joined: Vec<Joined> = Vec::new();
        joined.resize_with(PARTS, Joined::default);
        let mut tokens: Vec<String> = Vec::new();
        let mut token_ids: CodeMap<String, u32> = CodeMap::default();
        // A few chunks at a time, joined before the next are built, so that chunk
        // postings and joined postings are never all in memory at once.
        let group = chunk.saturating_mul(rayon::current_num_threads().max(1));
        for slice in docs.chunks(group) {
            let parts: Vec<ChunkPostings> = slice
                .par_chunks(chunk)
                .map(|docs| {
                    let mut c = ChunkIndex::default();
                    for &d in docs {
                        let t = order[d as usize];
                        let text = doc_text(site, t);
                        // Body first: positions must come in increasing order. Listed
                        // values are cut out (each is a whole field, between gaps).
                        for g in (0..GROUPS).rev().filter(|&g| g != STATUS_GROUP) {
                            let field = &text.groups[g];
                            let cut: &[std::ops::Range<usize>] =
                                if g == BODY_GROUP { &text.listed } else { &[] };
                            let mut used = 0u32;
                            let mut from = 0;
                            let ends = field.len()..field.len();
                            for r in cut.iter().chain(std::iter::once(&ends)) {
                                let part = &field[from..r.start];
                                from = r.end;
                                let limit = (1u32 << GROUP_SHIFT).saturating_sub(used);
                                used = used.saturating_add(c.add(
                                    d,
                                    part,
                                    position(g, 0) + used,
                                    limit,
                                ));
                                if used >= 1 << GROUP_SHIFT {
                                    return Err(too_long(site, t));
                                }
                            }
                        }
                    }
                    Ok(c.finish())
                })
                .collect::<Result<_>>()?;
            // Site-wide token codes, chunk by chunk in order (so the same whatever the
            // chunk size), then each partition joins its grams from every chunk.
            let globals: Vec<Vec<u32>> = parts
                .iter()
                .map(|part| {
                    part.tokens
                        .iter()
                        .map(|t| match token_ids.get(t.as_str()) {
                            Some(&id) => id,
                            None => {
                                let id = TOKEN_BASE + tokens.len() as u32;
                                token_ids.insert(t.clone(), id);
                                tokens.push(t.clone());
                                id
                            }
                        })
                        .collect()
                })
                .collect();
            joined
                .par_iter_mut()
                .enumerate()
                .for_each(|(p, j)| j.add(p, &parts, &globals));
        }
        let labels = labels(site, &order);
        Ok(Index {
            parts: joined
                .into_iter()
                .map(|j| j.grams.into_iter().map(|(k, b, _)| (k, b)).collect())
                .collect(),
            tokens,
            order,
            labels,
            lookup: std::sync::OnceLock::new(),
        })
    }

    /// The key of a gram ([`gram_key`]).
    fn key(&self, code: GramCode) -> String {
        gram_key(&self.tokens, code)
    }

    /// Every gram's key and postings, sorted by key: what two indexes of the same site
    /// must agree on, whatever their chunking.
    pub fn postings(&self) -> Vec<(String, &[u8])> {
        let mut all: Vec<(String, &[u8])> = self
            .parts
            .iter()
            .flatten()
            .map(|(k, b)| (self.key(*k), b.as_slice()))
            .collect();
        all.sort_unstable();
        all
    }

    /// The postings of the gram with key `k` (empty if none).
    fn get(&self, k: &str) -> &[u8] {
        let lookup = self.lookup.get_or_init(|| {
            let mut m = HashMap::new();
            for (p, part) in self.parts.iter().enumerate() {
                for (i, (code, _)) in part.iter().enumerate() {
                    m.insert(self.key(*code), (p, i));
                }
            }
            m
        });
        lookup
            .get(k)
            .map_or(&[][..], |&(p, i)| self.parts[p][i].1.as_slice())
    }

    /// Runs a query against the index, as the browser does.
    pub fn query(&self, q: &str) -> Vec<Hit> {
        let terms = query_terms(q);
        if terms.is_empty() {
            return Vec::new();
        }
        let mut best: Option<Vec<(u32, u32)>> = None;
        for term in &terms {
            let found = self.term(term);
            best = Some(match best {
                None => found,
                Some(prev) => {
                    let mut out = Vec::new();
                    let mut j = 0;
                    for (d, g) in prev {
                        while j < found.len() && found[j].0 < d {
                            j += 1;
                        }
                        if j < found.len() && found[j].0 == d {
                            out.push((d, g.min(found[j].1)));
                        }
                    }
                    out
                }
            });
        }
        let mut hits = best.unwrap_or_default();
        hits.sort_by_key(|&(d, g)| (g, d));
        hits.into_iter()
            .map(|(d, g)| Hit {
                task: self.order[d as usize],
                group: g as usize,
            })
            .collect()
    }

    /// Documents where `term` occurs, with the best group it occurs in, by document.
    fn term(&self, term: &[String]) -> Vec<(u32, u32)> {
        let get = |k: &str| self.get(k);
        if term.len() == 1 {
            return self.with_labels(term, decode_unigram(get(&term[0])));
        }
        let keys: Vec<String> = term.windows(2).map(|w| bigram_key(&w[0], &w[1])).collect();
        let sizes: Vec<usize> = keys.iter().map(|k| get(k).len()).collect();
        let chosen = cover(&sizes);
        let mut cand = decode_bigram(get(&keys[chosen[0]]));
        for &c in &chosen[1..] {
            cand = keep_followed(&cand, &decode_bigram(get(&keys[c])), c as u32);
        }
        // Positions are in order within a document, and the last is in the best group.
        let mut out: Vec<(u32, u32)> = Vec::new();
        for (d, p) in cand {
            match out.last_mut() {
                Some(last) if last.0 == d => last.1 = group_of(p),
                _ => out.push((d, group_of(p))),
            }
        }
        self.with_labels(term, out)
    }

    /// Adds to `found` (document, best group), by document, the documents of every label
    /// that has `term`, in the label's group.
    fn with_labels(&self, term: &[String], mut found: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
        for label in &self.labels {
            if !label_has(&label.units, term) {
                continue;
            }
            let mut merged = Vec::with_capacity(found.len() + label.docs.len());
            let mut j = 0;
            for &d in &label.docs {
                while j < found.len() && found[j].0 < d {
                    merged.push(found[j]);
                    j += 1;
                }
                if j < found.len() && found[j].0 == d {
                    merged.push((d, found[j].1.min(label.group)));
                    j += 1;
                } else {
                    merged.push((d, label.group));
                }
            }
            merged.extend_from_slice(&found[j..]);
            found = merged;
        }
        found
    }
}

fn too_long(site: &Site, t: TaskIdx) -> Error {
    let task = &site.tasks[t];
    Error::Content(vec![Diagnostic::error(
        task.source.clone(),
        format!(
            "task {} has a field group too long to index for search (over {} characters)",
            task.id,
            (1u32 << GROUP_SHIFT) - 1
        ),
        "split the task, or move most of its text to a linked document",
    )])
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
    let mut out = String::with_capacity(s.len() + 8);
    out.push('"');
    push_json_chars(&mut out, s);
    out.push('"');
    out
}

/// The inside of [`json_str`]: `s` escaped, appended to `out` (so that several texts can
/// make one literal without being joined first).
fn push_json_chars(out: &mut String, s: &str) {
    // Copy the runs between characters that need escaping whole: a display record holds
    // a task's whole text, with a newline between fields. The characters escaped are
    // ASCII or U+2028/U+2029 (bytes E2 80 A8/A9), so a byte match never splits one; the
    // scan for the next candidate tests each byte on its own (no chain of loads).
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while let Some(k) = bytes[i..].iter().position(|&b| JSON_LOOK[usize::from(b)]) {
        i += k;
        let b = bytes[i];
        let rep = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'<' => "\\u003c",
            0xE2 if bytes.get(i + 1) == Some(&0x80)
                && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)) =>
            {
                if bytes[i + 2] == 0xA8 {
                    "\\u2028"
                } else {
                    "\\u2029"
                }
            }
            0xE2 => {
                i += 1;
                continue;
            }
            _ => {
                out.push_str(&s[start..i]);
                out.push_str(&format!("\\u{b:04x}"));
                i += 1;
                start = i;
                continue;
            }
        };
        out.push_str(&s[start..i]);
        out.push_str(rep);
        i += if b == 0xE2 { 3 } else { 1 };
        start = i;
    }
    out.push_str(&s[start..]);
}

/// The bytes [`json_str`] must look at: controls, `"`, `\\`, `<`, and the first byte of
/// U+2028/U+2029.
const JSON_LOOK: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = b < 0x20 || matches!(b as u8, b'"' | b'\\' | b'<' | 0xE2);
        b += 1;
    }
    t
};

const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Appends `v` as base-32 digits, least significant first: the first 32 characters of
/// [`DIGITS`] end a number, the last 32 continue it. Unlike base64 over bytes, each number
/// starts on a character, so repeated numbers are repeated strings that gzip finds.
fn put_digits(out: &mut String, mut v: u32) {
    while v >= 32 {
        out.push(DIGITS[32 + (v & 31) as usize] as char);
        v >>= 5;
    }
    out.push(DIGITS[v as usize] as char);
}

/// [`put_digits`] into bytes: how postings are kept and built. Digits are ASCII, so a
/// posting goes into a file as it is (no UTF-8 check, no conversion).
fn put_num(out: &mut Vec<u8>, mut v: u32) {
    while v >= 32 {
        out.push(DIGITS[32 + (v & 31) as usize]);
        v >>= 5;
    }
    out.push(DIGITS[v as usize]);
}

/// The value of each digit of [`DIGITS`] (0..64; other bytes never occur in a posting).
const DIGIT_VALUE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 64 {
        t[DIGITS[i] as usize] = i as u8;
        i += 1;
    }
    t
};

/// Reads the number [`put_num`] wrote at `*i`, and moves `*i` past it.
fn get_num(buf: &[u8], i: &mut usize) -> u32 {
    let mut v = 0u32;
    let mut shift = 0;
    loop {
        let d = DIGIT_VALUE[usize::from(buf[*i])];
        *i += 1;
        v |= u32::from(d & 31) << shift;
        if d < 32 {
            return v;
        }
        shift += 5;
    }
}

/// A gram's postings in its shard: written there, or in a file of its own.
enum Entry {
    Inline(Vec<u8>),
    /// Index into [`SearchFiles::big`], and its size in digits.
    Own(usize, usize),
}

/// The index laid out as files under `search/`: `meta.js` (dictionaries), `i/<n>.js`
/// (shards of small postings, and where the large ones are), `p/<n>.js` (one large
/// posting), `f/<b>.js` (facet values of a block of documents), `d/<n>.js` (a document's
/// display record). Each file is made on demand, so the output stage can write them in
/// bounded batches.
pub struct SearchFiles {
    /// Document → task.
    order: Vec<TaskIdx>,
    /// The grams of each shard, sorted by key (moved out of the index, not copied: on a
    /// large site they are most of the build's memory).
    shards: Vec<Vec<(String, Entry)>>,
    /// Large postings, in key order.
    big: Vec<Vec<u8>>,
    /// The listed values' documents ([`Index::labels`]).
    label_docs: Vec<Vec<u32>>,
}

impl SearchFiles {
    /// Lays out `index`: postings over [`BIG`] digits get their own file; the others share
    /// shards of about [`SHARD_BYTES`].
    pub fn new(index: Index) -> Self {
        use rayon::prelude::*;
        let Index {
            parts,
            tokens,
            order,
            labels,
            ..
        } = index;
        let total: usize = parts
            .iter()
            .flatten()
            .map(|(_, v)| v.len())
            .filter(|&n| n <= BIG)
            .sum();
        let count = (total / SHARD_BYTES).max(16).next_power_of_two() as u32;
        // Each gram's key and shard, on every core: this runs beside the pages.
        let named: Vec<Vec<(u32, String, Vec<u8>)>> = parts
            .into_par_iter()
            .map(|part| {
                part.into_iter()
                    .map(|(code, v)| {
                        let k = gram_key(&tokens, code);
                        (shard_of(&k, count), k, v)
                    })
                    .collect()
            })
            .collect();
        let mut shards: Vec<Vec<(String, Entry)>> = Vec::new();
        shards.resize_with(count as usize, Vec::new);
        let mut big = Vec::new();
        for (shard, k, v) in named.into_iter().flatten() {
            if v.len() > BIG {
                big.push((shard, k, v));
            } else {
                shards[shard as usize].push((k, Entry::Inline(v)));
            }
        }
        big.par_sort_unstable_by(|a, b| a.1.cmp(&b.1));
        let mut own = Vec::with_capacity(big.len());
        for (i, (shard, k, v)) in big.into_iter().enumerate() {
            shards[shard as usize].push((k, Entry::Own(i, v.len())));
            own.push(v);
        }
        shards
            .par_iter_mut()
            .for_each(|s| s.sort_unstable_by(|a, b| a.0.cmp(&b.0)));
        SearchFiles {
            order,
            shards,
            big: own,
            label_docs: labels.into_iter().map(|l| l.docs).collect(),
        }
    }

    /// How many shard files there are.
    pub fn shard_count(&self) -> usize {
        self.shards.len()
    }

    /// How many large-posting files there are.
    pub fn posting_count(&self) -> usize {
        self.big.len()
    }

    /// How many label files there are ([`Label`]: statuses, periods, plans).
    pub fn label_count(&self) -> usize {
        self.label_docs.len()
    }

    /// The documents of label `n`: `jindu_label(n, "…")`, each as the gap from the
    /// previous one (`doc - prev - 1`), in digits.
    pub fn label_file(&self, n: usize) -> OutputFile {
        let mut out = String::new();
        let mut next = 0;
        for &d in &self.label_docs[n] {
            put_digits(&mut out, d - next);
            next = d + 1;
        }
        OutputFile {
            path: format!("search/l/{n}.js"),
            bytes: format!("jindu_label({n},\"{out}\");\n").into_bytes(),
        }
    }

    /// How many facet block files there are.
    pub fn block_count(&self) -> usize {
        self.order.len().div_ceil(BLOCK)
    }

    /// How many documents (display records) there are.
    pub fn doc_count(&self) -> usize {
        self.order.len()
    }

    /// `search/i/<n>.js`: each gram's digits, or `[file, size]` for a large one.
    pub fn shard_file(&self, n: usize) -> OutputFile {
        let mut out = format!("jindu_shard({n},{{").into_bytes();
        for (j, (k, e)) in self.shards[n].iter().enumerate() {
            if j > 0 {
                out.push(b',');
            }
            out.extend_from_slice(json_str(k).as_bytes());
            match e {
                // Digits never need escaping inside a JSON string.
                Entry::Inline(v) => {
                    out.extend_from_slice(b":\"");
                    out.extend_from_slice(v);
                    out.push(b'"');
                }
                Entry::Own(i, size) => out.extend_from_slice(format!(":[{i},{size}]").as_bytes()),
            }
        }
        out.extend_from_slice(b"});\n");
        OutputFile {
            path: format!("search/i/{n}.js"),
            bytes: out,
        }
    }

    /// `search/p/<n>.js`: one large posting.
    pub fn posting_file(&self, n: usize) -> OutputFile {
        let mut out = format!("jindu_posting({n},\"").into_bytes();
        out.extend_from_slice(&self.big[n]);
        out.extend_from_slice(b"\");\n");
        OutputFile {
            path: format!("search/p/{n}.js"),
            bytes: out,
        }
    }

    /// `search/meta.js`: what every query needs: counts, the names facets show, and the
    /// browse pages of those names, which the search page links when a query is written
    /// in a name. A page is listed only where its path is not `<folder>/<name>.html`, the
    /// path of most Chinese names, so that meta.js (loaded by every query) stays small.
    pub fn meta_file(&self, s: &Site, routes: &Routes) -> OutputFile {
        let names = |v: &[&str]| {
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
        let plans: Vec<&str> = s.plans.iter().map(|p| p.name.as_str()).collect();
        let periods: Vec<&str> = s.periods.iter().map(|p| p.title.as_str()).collect();
        let leaders: Vec<&str> = s.leaders.iter().map(|l| l.name.as_str()).collect();
        let units: Vec<&str> = s.units.iter().map(|u| u.name.as_str()).collect();
        let pages = [
            ("plans", &plans, &routes.plans),
            ("periods", &periods, &routes.periods),
            ("leaders", &leaders, &routes.leaders),
            ("units", &units, &routes.units),
        ]
        .map(|(dir, names, paths)| {
            let odd: Vec<String> = names
                .iter()
                .zip(paths)
                .enumerate()
                .filter(|(_, (name, path))| **path != format!("{dir}/{name}.html"))
                .map(|(i, (_, path))| format!("\"{i}\":{}", json_str(path)))
                .collect();
            format!("{{{}}}", odd.join(","))
        });
        let meta = format!(
            "jindu_meta({{\"shards\":{},\"docs\":{},\"block\":{BLOCK},\"shift\":{GROUP_SHIFT},\"statusGroup\":{STATUS_GROUP},\"bodyGroup\":{BODY_GROUP},\"plans\":{},\"periods\":{},\"statuses\":[{}],\"leaders\":{},\"units\":{},\"pages\":[{}]}});\n",
            self.shards.len(),
            self.order.len(),
            names(&plans),
            names(&periods),
            statuses.join(","),
            names(&leaders),
            names(&units),
            pages.join(","),
        );
        OutputFile {
            path: "search/meta.js".into(),
            bytes: meta.into_bytes(),
        }
    }

    /// `search/f/<b>.js`: the facet values of documents `b * BLOCK ..`, as columns of
    /// digits: plan; latest status + 1 (0: none); latest period + 1; then for periods,
    /// leaders and units, a count and the values.
    pub fn facet_file(&self, s: &Site, b: usize) -> OutputFile {
        let docs = &self.order[b * BLOCK..((b + 1) * BLOCK).min(self.order.len())];
        let mut out = String::new();
        let latest = |t: TaskIdx| s.tasks[t].latest().map(|e| &s.progress[e]);
        for &t in docs {
            put_digits(&mut out, s.tasks[t].plan as u32);
        }
        for &t in docs {
            put_digits(&mut out, latest(t).map_or(0, |e| e.status as u32 + 1));
        }
        for &t in docs {
            put_digits(&mut out, latest(t).map_or(0, |e| e.period as u32 + 1));
        }
        let put_list = |out: &mut String, v: &[usize]| {
            put_digits(out, v.len() as u32);
            for &x in v {
                put_digits(out, x as u32);
            }
        };
        for &t in docs {
            let mut periods: Vec<usize> = s.tasks[t]
                .progress
                .iter()
                .map(|&e| s.progress[e].period)
                .collect();
            periods.sort();
            put_list(&mut out, &periods);
        }
        for &t in docs {
            put_list(&mut out, &s.tasks[t].leaders);
        }
        for &t in docs {
            put_list(&mut out, &s.tasks[t].units);
        }
        OutputFile {
            path: format!("search/f/{b}.js"),
            bytes: format!("jindu_facets({b},\"{out}\");\n").into_bytes(),
        }
    }

    /// `search/d/<n>.js`: what document `n` shows as a result (URL, title, the text for
    /// the snippet).
    pub fn doc_file(&self, s: &Site, routes: &Routes, n: usize) -> OutputFile {
        let t = self.order[n];
        let text = doc_text(s, t);
        // Made in one buffer, the groups escaped one after the other: there is one record
        // per task, each with the task's whole text.
        let size: usize = text.groups.iter().map(String::len).sum();
        let mut rec = String::with_capacity(size + size / 16 + 256);
        rec.push_str(&format!(
            "jindu_doc({n},{{\"u\":{},\"t\":{},\"x\":\"",
            json_str(&routes.tasks[t]),
            json_str(&s.tasks[t].title),
        ));
        for g in &text.groups {
            push_json_chars(&mut rec, g);
        }
        rec.push_str("\"});\n");
        OutputFile {
            path: format!("search/d/{n}.js"),
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
    fn bigram_postings_round_trip() {
        let pairs = [
            (0, 3),
            (0, 9),
            (2, 1),
            (7, 0),
            (7, 200),
            (7, 201),
            (9, 1 << 25),
        ];
        let mut bytes = Vec::new();
        encode_bigram(&pairs, &mut bytes);
        let got = decode_bigram(&bytes);
        assert_eq!(
            got,
            vec![
                (0, 3),
                (0, 9),
                (2, 1),
                (7, 0),
                (7, 200),
                (7, 201),
                (9, 1 << 25)
            ]
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]
        /// The index build cuts text into the same units, at the same positions, as
        /// [`units`] (which search.js mirrors), for every kind of character: Han and CJK
        /// punctuation (the fast path), the ideographic space, full-width letters and
        /// digits, ASCII runs, other whitespace, two- and four-byte characters.
        #[test]
        fn the_index_cuts_text_as_units_does(
            s in "([进度局，、\u{3000}\u{3001}\u{2fff}\u{efff}\u{f000}Ｊｉ０９ＡZa9 \t\néß😀（）-]){0,40}"
        ) {
            let mut c = ChunkIndex::default();
            let mut codes = Vec::new();
            c.cut(&s, &mut codes);
            let want = units(&s);
            let gaps = s.chars().filter(|&ch| is_gap(ch)).count();
            proptest::prop_assert_eq!(codes.len(), want.len() + gaps);
            for u in &want {
                let code = codes[u.pos as usize];
                let key = match code.checked_sub(TOKEN_BASE) {
                    Some(i) => c.tokens[i as usize].clone(),
                    None => char::from_u32(code).unwrap().to_string(),
                };
                proptest::prop_assert_eq!(&key, &u.key);
            }
            let unit_positions: std::collections::HashSet<u32> = want.iter().map(|u| u.pos).collect();
            for (p, &code) in codes.iter().enumerate() {
                proptest::prop_assert_eq!(code == GAP, !unit_positions.contains(&(p as u32)));
            }
        }
    }

    #[test]
    fn unigram_postings_keep_the_best_group_of_each_document() {
        let mut c = ChunkIndex::default();
        // Documents 0, 4 and 5; in document 0 the unit is in the body, then in group 1.
        for (d, texts) in [(0, &[(3, 5), (1, 0)][..]), (4, &[(3, 2)]), (5, &[(0, 1)])] {
            for &(g, off) in texts {
                c.add(d, "进", position(g, off), u32::MAX);
            }
        }
        c.add(6, "度", 0, u32::MAX);
        let chunk = c.finish();
        let x = chunk
            .parts
            .iter()
            .flatten()
            .find(|g| !g.bigram && g.code == u64::from(u32::from('进')))
            .unwrap();
        let bytes = &chunk.bytes[x.start as usize..x.end as usize];
        assert_eq!(decode_unigram(bytes), vec![(0, 1), (4, 3), (5, 0)]);
        assert_eq!(x.last, 5);
    }

    /// [`json_str`] character by character: slower, but reads as the escaping rules.
    fn json_str_by_chars(s: &str) -> String {
        let mut out = String::from("\"");
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

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// The run-copying escaper gives what the rules give, for every character it
        /// treats specially and their UTF-8 neighbours (U+2027, U+202A, U+20AC share bytes).
        #[test]
        fn json_str_escapes_as_the_rules_say(
            s in "([进度\"\\\\<>\n\r\t\u{0}\u{1f}\u{7f}\u{2028}\u{2029}\u{2027}\u{202a}\u{20ac}€a ]){0,40}"
        ) {
            proptest::prop_assert_eq!(json_str(&s), json_str_by_chars(&s));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]
        /// A posting's bytes are the numbers' digits as `put_digits` writes them in label
        /// and facet files, they read back with `get_num`, and they decode (as search.js
        /// reads digits) to the same numbers.
        #[test]
        fn posting_digits_are_the_numbers_digits(
            vs in proptest::collection::vec(
                proptest::prop_oneof![0u32..32, 32u32..128, 128u32..1 << 14, proptest::prelude::any::<u32>()],
                0..64,
            )
        ) {
            let mut bytes = Vec::new();
            let mut want = String::new();
            for &v in &vs {
                put_num(&mut bytes, v);
                put_digits(&mut want, v);
            }
            proptest::prop_assert_eq!(&bytes[..], want.as_bytes());
            let mut i = 0;
            let mut read = Vec::new();
            while i < bytes.len() {
                read.push(get_num(&bytes, &mut i));
            }
            proptest::prop_assert_eq!(&read, &vs);
            let (mut back, mut v, mut shift) = (Vec::new(), 0u64, 0);
            for c in want.bytes() {
                let d = DIGITS.iter().position(|&x| x == c).unwrap() as u64;
                v |= (d & 31) << shift;
                shift += 5;
                if d < 32 {
                    back.push(v as u32);
                    (v, shift) = (0, 0);
                }
            }
            proptest::prop_assert_eq!(back, vs);
        }
    }

    #[test]
    fn numbers_take_a_digit_per_five_bits() {
        let mut d = Vec::new();
        for v in [0, 1, 31, 32] {
            put_num(&mut d, v);
        }
        assert_eq!(d, b"ABfgB");
        // Each number alone, at every length in bits, and back.
        for bits in 0..=32u32 {
            for v in [(1u64 << bits) - 1, 1u64 << bits] {
                let Ok(v) = u32::try_from(v) else { continue };
                let mut one = Vec::new();
                put_num(&mut one, v);
                assert_eq!(
                    one.len(),
                    (32 - (v | 1).leading_zeros() as usize).div_ceil(5)
                );
                let mut i = 0;
                assert_eq!(get_num(&one, &mut i), v);
                assert_eq!(i, one.len());
            }
        }
    }

    #[test]
    fn cover_takes_the_ends_and_the_cheaper_middle() {
        assert_eq!(cover(&[5]), vec![0]);
        assert_eq!(cover(&[5, 1]), vec![0, 1]);
        assert_eq!(cover(&[1, 100, 1, 1]), vec![0, 2, 3]);
        assert_eq!(cover(&[1, 1, 100, 1]), vec![0, 1, 3]);
        assert_eq!(cover(&[1, 100, 100, 1]), vec![0, 1, 3]);
    }
}
