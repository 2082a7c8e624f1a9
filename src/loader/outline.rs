//! A position index for block-style YAML. serde_yaml reports where a parse fails but not
//! where a well-formed value sits, and validation needs that to put `path:line:col` on
//! "unknown status" or "invalid date". The outline scans the lines once and maps key paths
//! such as `progress.1.status` to the line and column of the key.

use std::collections::BTreeMap;

/// Key paths of one YAML document and where each key is written.
///
/// Every content file keeps its outline until validation ends, so at 50,000 tasks there
/// are a few million keys alive at once: they are stored in one string per file with a
/// sorted table of 16-byte entries, not as a map of small strings (which took about a
/// sixth of `check`'s peak memory).
#[derive(Debug, Default, Clone)]
pub struct Outline {
    /// The key paths, one after another.
    paths: String,
    /// (start, end) of a path in `paths`, and its (line, column), both 1-based; sorted by
    /// path.
    keys: Vec<(u32, u32, u32, u32)>,
    /// Keys written a second time in the same mapping, for "duplicate field" errors.
    repeats: Vec<(String, (usize, usize))>,
}

struct Frame {
    indent: usize,
    segment: String,
    is_item: bool,
    next_item: usize,
}

impl Outline {
    /// Scans `yaml`, whose first line is line `first_line` of its file.
    pub fn scan(yaml: &str, first_line: usize) -> Self {
        let mut keys = BTreeMap::new();
        let mut repeats = Vec::new();
        let mut stack: Vec<Frame> = Vec::new();
        let mut top_items = 0usize;
        let mut block_scalar_indent: Option<usize> = None;
        for (n, raw) in yaml.lines().enumerate() {
            let line_no = first_line + n;
            let indent = raw.len() - raw.trim_start_matches(' ').len();
            let content = &raw[indent..];
            if content.trim().is_empty() {
                continue;
            }
            if let Some(bi) = block_scalar_indent {
                if indent > bi {
                    continue;
                }
                block_scalar_indent = None;
            }
            if content.starts_with('#') {
                continue;
            }
            let (mut col, mut rest) = (indent, content);
            // Sequence items, possibly several on one line ("- - a").
            while rest == "-" || rest.starts_with("- ") {
                while stack
                    .last()
                    .is_some_and(|f| f.indent > col || (f.is_item && f.indent == col))
                {
                    stack.pop();
                }
                let index = match stack.last_mut() {
                    Some(owner) => {
                        owner.next_item += 1;
                        owner.next_item - 1
                    }
                    None => {
                        top_items += 1;
                        top_items - 1
                    }
                };
                stack.push(Frame {
                    indent: col,
                    segment: index.to_string(),
                    is_item: true,
                    next_item: 0,
                });
                let path = join(&stack);
                keys.entry(path).or_insert((line_no, col + 1));
                let after = rest[1..].trim_start_matches(' ');
                col += rest.len() - after.len();
                rest = after;
            }
            let Some(key) = key_of(rest) else { continue };
            while stack.last().is_some_and(|f| f.indent >= col) {
                stack.pop();
            }
            stack.push(Frame {
                indent: col,
                segment: key.to_string(),
                is_item: false,
                next_item: 0,
            });
            let path = join(&stack);
            match keys.entry(path) {
                std::collections::btree_map::Entry::Occupied(e) => {
                    repeats.push((e.key().clone(), (line_no, col + 1)))
                }
                std::collections::btree_map::Entry::Vacant(e) => {
                    e.insert((line_no, col + 1));
                }
            }
            let value = rest[key.len() + 1..].trim();
            if value.starts_with('|') || value.starts_with('>') {
                block_scalar_indent = Some(col);
            }
        }
        let mut paths = String::with_capacity(keys.keys().map(String::len).sum());
        let keys = keys
            .into_iter()
            .map(|(k, (line, col))| {
                let start = paths.len() as u32;
                paths.push_str(&k);
                (start, paths.len() as u32, line as u32, col as u32)
            })
            .collect();
        Outline {
            paths,
            keys,
            repeats,
        }
    }

    fn path(&self, e: &(u32, u32, u32, u32)) -> &str {
        &self.paths[e.0 as usize..e.1 as usize]
    }

    fn get(&self, path: &str) -> Option<(usize, usize)> {
        self.keys
            .binary_search_by(|e| self.path(e).cmp(path))
            .ok()
            .map(|i| (self.keys[i].2 as usize, self.keys[i].3 as usize))
    }

    /// Where `path` is written; for a path that is not (a default, or a flow value), the
    /// nearest written ancestor; (first line, 1) when nothing matches.
    pub fn locate(&self, path: &str) -> Option<(usize, usize)> {
        let mut p = path;
        loop {
            if let Some(pos) = self.get(p) {
                return Some(pos);
            }
            match p.rfind('.') {
                Some(i) => p = &p[..i],
                None => return None,
            }
        }
    }

    /// Where key `name` is written a second time in one mapping, if it is.
    pub fn repeat_of(&self, name: &str) -> Option<(usize, usize)> {
        self.repeats
            .iter()
            .find(|(p, _)| p == name || p.ends_with(&format!(".{name}")))
            .map(|(_, pos)| *pos)
    }

    /// Every key path with its position, in path order.
    pub fn keys(&self) -> impl Iterator<Item = (&str, (usize, usize))> {
        self.keys
            .iter()
            .map(|e| (self.path(e), (e.2 as usize, e.3 as usize)))
    }
}

fn join(stack: &[Frame]) -> String {
    let mut s = String::new();
    for f in stack {
        if !s.is_empty() {
            s.push('.');
        }
        s.push_str(&f.segment);
    }
    s
}

/// The plain key at the start of `s` (`title: x` → `title`), if the line is a mapping entry.
fn key_of(s: &str) -> Option<&str> {
    let end = s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))?;
    if end == 0 || !s[end..].starts_with(':') {
        return None;
    }
    let after = &s[end + 1..];
    (after.is_empty() || after.starts_with(' ') || after.starts_with('\t')).then_some(&s[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "title: a\nprogress:\n  - period: p1\n    status: x\n    narrative: |\n      note: not a key\n  - period: p2\n    status: y\nunits:\n- a\n- b\n";

    #[test]
    fn locates_nested_keys_in_sequences() {
        let o = Outline::scan(DOC, 2);
        assert_eq!(o.locate("title"), Some((2, 1)));
        assert_eq!(o.locate("progress.0.status"), Some((5, 5)));
        assert_eq!(o.locate("progress.1.status"), Some((9, 5)));
        assert_eq!(o.locate("units.1"), Some((12, 1)));
    }

    #[test]
    fn ignores_lines_inside_block_scalars() {
        let o = Outline::scan(DOC, 1);
        assert!(o.keys().all(|(k, _)| !k.ends_with("note")));
    }

    #[test]
    fn falls_back_to_the_nearest_ancestor() {
        let o = Outline::scan(DOC, 1);
        assert_eq!(o.locate("progress.1.updated"), o.locate("progress.1"));
        assert_eq!(o.locate("nothing"), None);
    }

    #[test]
    fn numbers_top_level_list_items() {
        let o = Outline::scan("- id: a\n  title: A\n- id: b\n", 1);
        assert_eq!(o.locate("1.id"), Some((3, 3)));
        assert_eq!(o.locate("0.title"), Some((2, 3)));
    }
}
