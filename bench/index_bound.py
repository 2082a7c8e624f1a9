#!/usr/bin/env python3
"""A lower bound on the size of any exact search index of a built site, for bench/README.

    python3 bench/index_bound.py OUTPUT_DIR

Reads every display record (OUTPUT_DIR/search/d/<n>.js: one task's searchable text) and
prints how many (bigram, document) and (unit, document) pairs the site has, and the
entropy bound Σ log2 C(N, df) over the distinct bigrams and units: the fewest bytes in
which an index that answers every one- and two-unit query exactly can hold its
document sets when it codes each gram's documents on its own (as a sharded index must,
so that a query loads only its own grams). Then the same bound for the bigrams'
positions: Σ log2 C(S, n) over each (bigram, document) pair, with S the document's
bigram slots and n the bigram's occurrences in it, the fewest bytes for the positions
when each posting knows only its count and its document's length. It counts the listed
values (statuses, period titles, plan names) as positions, which jindu keeps apart
(about a twentieth of the text). Ranking data and the text for snippets come on top. Units are cut as jindu cuts them: one per character, one per
run of ASCII letters and digits (lower-cased), whitespace a gap.

Standard library only; about 20 s for 25,000 tasks.
"""

import collections
import json
import math
import os
import re
import sys


def log2_binomial(n, k):
    return (math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)) / math.log(2)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    folder = os.path.join(sys.argv[1], "search", "d")
    files = os.listdir(folder)
    n = len(files)
    unit_df = collections.Counter()
    bigram_df = collections.Counter()
    chars = 0
    position_bits = 0.0
    cut = re.compile(r"[0-9a-z]+|\s|.", re.S)
    for name in files:
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            script = f.read()
        record = json.loads(script[script.index(",") + 1 : script.rindex(")")])
        text = record["x"].lower()
        chars += len(text)
        units, bigrams, prev = set(), collections.Counter(), None
        slots = 0
        for u in cut.findall(text):
            if u.isspace():
                prev = None
                continue
            units.add(u)
            if prev is not None:
                bigrams[(prev, u)] += 1
                slots += 1
            prev = u
        unit_df.update(units)
        bigram_df.update(bigrams.keys())
        position_bits += sum(log2_binomial(slots, k) for k in bigrams.values())
    bound = lambda df: sum(log2_binomial(n, k) for k in df.values()) / 8 / 1e6
    print(f"documents {n}, characters {chars}")
    print(f"distinct bigrams {len(bigram_df)}, (bigram, document) pairs {sum(bigram_df.values())}")
    print(f"bound for the bigram document sets: {bound(bigram_df):.1f} MB")
    print(f"bound for the unit document sets: {bound(unit_df):.1f} MB")
    print(f"bound for the bigram positions: {position_bits / 8 / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
