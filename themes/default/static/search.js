// jindu search: exact substring search over a sharded index (see src/search.rs, which
// builds the index and holds the same matching logic; keep the two in step).
// No framework, no network beyond this site's own files. Index files are loaded as
// scripts, not with fetch, so the search also works when the site is opened from disk.
(function () {
  'use strict';
  var GAP = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
  var PAGE = 20;
  // Facet counts need the facet block of every result; a query whose results fall in more
  // blocks than this shows a button that loads them, instead of loading them all at once
  // (at 25,000 tasks a result list that touches every block means about 200 KB).
  var FACET_BLOCKS = window.jinduFacetBlocks != null ? window.jinduFacetBlocks : 8;
  var meta = null, shards = {}, postings = {}, blocks = {}, docs = {}, labelDocs = {}, labels = null, loading = {};
  var S = document.getElementById('search-strings').dataset;

  window.jindu_meta = function (m) { meta = m; };
  window.jindu_shard = function (n, g) { shards[n] = g; };
  window.jindu_posting = function (n, p) { postings[n] = p; };
  window.jindu_facets = function (b, f) { blocks[b] = decodeBlock(b, f); };
  window.jindu_doc = function (i, d) { docs[i] = d; };
  window.jindu_label = function (n, s) { labelDocs[n] = decodeDocs(s); };

  function load(src) {
    if (!loading[src]) {
      loading[src] = new Promise(function (resolve, reject) {
        var s = document.createElement('script');
        s.src = src;
        s.onload = resolve;
        s.onerror = function () { reject(new Error('cannot load ' + src)); };
        document.head.appendChild(s);
      });
    }
    return loading[src];
  }
  function loadAll(srcs) { return Promise.all(srcs.map(load)); }

  // Same as search::fold: full-width ASCII to ASCII, ASCII lower case.
  function fold(c) {
    var cp = c.codePointAt(0);
    if (cp >= 0xff01 && cp <= 0xff5e) c = String.fromCodePoint(cp - 0xfee0);
    return c >= 'A' && c <= 'Z' ? c.toLowerCase() : c;
  }
  function isAlnum(c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

  // Same as search::units: {pos, key, start, end} with string (UTF-16) offsets.
  function units(text) {
    var out = [], pos = 0, run = null, i = 0;
    for (var c of text) {
      var f = fold(c), len = c.length;
      if (isAlnum(f)) {
        if (run) { run.key += f; run.end = i + len; } else { run = { key: f, start: i, end: i + len }; }
      } else {
        if (run) { run.pos = pos++; out.push(run); run = null; }
        if (GAP.test(c)) pos++; else out.push({ pos: pos++, key: f, start: i, end: i + len });
      }
      i += len;
    }
    if (run) { run.pos = pos; out.push(run); }
    return out;
  }

  function terms(q) {
    return q.split(GAP).filter(Boolean).map(function (t) { return units(t).map(function (u) { return u.key; }); })
      .filter(function (t) { return t.length > 0; });
  }

  function fnv(key) {
    var h = 0x811c9dc5, b = new TextEncoder().encode(key);
    for (var i = 0; i < b.length; i++) { h ^= b[i]; h = Math.imul(h, 0x01000193) >>> 0; }
    return h;
  }
  function shardOf(key) { return fnv(key) % meta.shards; }

  // Same as search::put_digits: base-32 digits, least significant first; the first 32
  // characters of the alphabet end a number, the last 32 continue it.
  var DIGIT = new Int8Array(128).fill(-1);
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach(function (c, i) { DIGIT[c.charCodeAt(0)] = i; });
  function reader(s) {
    var i = 0;
    return {
      more: function () { return i < s.length; },
      next: function () {
        var v = 0, mul = 1, d;
        while ((d = DIGIT[s.charCodeAt(i++)]) >= 32) { v += (d - 32) * mul; mul *= 32; }
        return v + d * mul;
      },
    };
  }
  // A gram's entry in its shard: its digits, or [file, size] when it has a file of its own.
  function entry(key) {
    var g = shards[shardOf(key)];
    return g && Object.prototype.hasOwnProperty.call(g, key) ? g[key] : '';
  }
  function size(key) { var e = entry(key); return typeof e === 'string' ? e.length : e[1]; }
  function digits(key) { var e = entry(key); return typeof e === 'string' ? e : postings[e[0]]; }
  function fileOf(key) { var e = entry(key); return typeof e === 'string' ? null : 'search/p/' + e[0] + '.js'; }

  // Same as search::decode_unigram: [docs, best groups]. A posting holds at most one
  // number per character, so typed arrays of its length hold it (fast: no growing).
  function decodeUnigram(s) {
    var r = reader(s), docs = new Int32Array(s.length), groups = new Int8Array(s.length), n = 0, doc = 0;
    while (r.more()) { var h = r.next(); doc += Math.floor(h / 4); docs[n] = doc; groups[n++] = h % 4; doc++; }
    return [docs.subarray(0, n), groups.subarray(0, n)];
  }
  // Same as SearchFiles::label_file: documents as gaps.
  function decodeDocs(s) {
    var r = reader(s), out = [], doc = 0;
    while (r.more()) { doc += r.next(); out.push(doc); doc++; }
    return out;
  }
  // Same as search::labels: the listed values (statuses, then periods, then plans), as
  // [units, group]. Their documents are in search/l/<n>.js.
  function allLabels() {
    if (!labels) {
      labels = meta.statuses.map(function (st) { return [units(st[1].trim()), meta.statusGroup]; })
        .concat(meta.periods.map(function (p) { return [units(p.trim()), meta.bodyGroup]; }))
        .concat(meta.plans.map(function (p) { return [units(p.trim()), meta.bodyGroup]; }));
    }
    return labels;
  }
  // Same as search::label_has: whether units `us` have the term (its units in a row).
  function hasTerm(us, term) {
    for (var i = 0; i + term.length <= us.length; i++) {
      var ok = true;
      for (var k = 0; ok && k < term.length; k++) ok = us[i + k].key === term[k];
      if (ok && us[i + term.length - 1].pos - us[i].pos + 1 === term.length) return true;
    }
    return false;
  }
  // The labels that have the term.
  function labelsOf(term) {
    var out = [];
    allLabels().forEach(function (l, n) { if (hasTerm(l[0], term)) out.push(n); });
    return out;
  }
  // Whether every gram of a term is in the index (its shard is loaded): if one is not, the
  // term occurs nowhere in the indexed text, and none of its postings need loading.
  function indexed(term) {
    return (term.length === 1 ? [term[0]] : bigrams(term)).every(function (k) { return size(k) > 0; });
  }
  // Same as search::decode_bigram: [docs, positions], in order.
  function decodeBigram(s) {
    var r = reader(s), docs = new Int32Array(s.length), pos = new Int32Array(s.length), m = 0, doc = 0;
    while (r.more()) {
      var h = r.next();
      doc += Math.floor(h / 2);
      var n = h % 2 ? r.next() + 2 : 1, p = r.next();
      docs[m] = doc; pos[m++] = p;
      for (var k = 1; k < n; k++) { p += r.next() + 1; docs[m] = doc; pos[m++] = p; }
      doc++;
    }
    return [docs.subarray(0, m), pos.subarray(0, m)];
  }
  function bigrams(term) {
    var g = [];
    for (var i = 0; i + 1 < term.length; i++) g.push(term[i] + ' ' + term[i + 1]);
    return g;
  }
  // Same as search::cover: the cheapest set of bigrams covering every unit of a term.
  function cover(sizes) {
    var m = sizes.length, cost = [], from = [];
    for (var i = 0; i < m; i++) {
      if (i === 0) { cost[0] = sizes[0]; from[0] = -1; } else if (i === 1) { cost[1] = sizes[1] + cost[0]; from[1] = 0; } else {
        from[i] = cost[i - 2] <= cost[i - 1] ? i - 2 : i - 1;
        cost[i] = sizes[i] + cost[from[i]];
      }
    }
    var out = [m - 1];
    while (from[out[out.length - 1]] >= 0) out.push(from[out[out.length - 1]]);
    return out.reverse();
  }
  // The grams a term reads: its unit, or the bigrams of its cover.
  function gramsOf(term) {
    if (term.length === 1) return [term[0]];
    var keys = bigrams(term), chosen = cover(keys.map(size));
    return chosen.map(function (c) { return keys[c]; });
  }
  function groupOf(pos) { return 3 - Math.floor(pos / Math.pow(2, meta.shift)); }
  // Same as Index::term: [docs, best groups], by document.
  function matchTerm(term) { return withLabels(term, indexed(term) ? matchIndexed(term) : [[], []]); }
  // Same as Index::with_labels: adds the documents of the labels that have the term, in
  // the label's group.
  function withLabels(term, found) {
    var ls = labelsOf(term);
    if (!ls.length) return found;
    // Best group per document (255: none), so that many labels (every period and plan
    // with 2020年 in its name) cost one pass over the documents, not a merge each.
    var best = new Uint8Array(meta.docs).fill(255), fd = found[0], fg = found[1], i, k;
    for (i = 0; i < fd.length; i++) best[fd[i]] = fg[i];
    ls.forEach(function (n) {
      var list = labelDocs[n], g = allLabels()[n][1];
      for (k = 0; k < list.length; k++) if (g < best[list[k]]) best[list[k]] = g;
    });
    var nd = [], ng = [];
    for (var d = 0; d < best.length; d++) if (best[d] !== 255) { nd.push(d); ng.push(best[d]); }
    return [nd, ng];
  }
  function matchIndexed(term) {
    if (term.length === 1) return decodeUnigram(digits(term[0]));
    var keys = bigrams(term), chosen = cover(keys.map(size));
    var cand = decodeBigram(digits(keys[chosen[0]]));
    for (var c = 1; c < chosen.length; c++) {
      var list = decodeBigram(digits(keys[chosen[c]])), shift = chosen[c], ld = list[0], lp = list[1];
      var cd = cand[0], cp = cand[1], nd = new Int32Array(cd.length), np = new Int32Array(cd.length), n = 0, j = 0;
      for (var i = 0; i < cd.length; i++) {
        var d = cd[i], p = cp[i] + shift;
        while (j < ld.length && (ld[j] < d || (ld[j] === d && lp[j] < p))) j++;
        if (j < ld.length && ld[j] === d && lp[j] === p) { nd[n] = d; np[n++] = cp[i]; }
      }
      cand = [nd.subarray(0, n), np.subarray(0, n)];
    }
    var docs = [], groups = [];
    for (var k = 0; k < cand[0].length; k++) {
      var g = groupOf(cand[1][k]);
      if (docs.length && docs[docs.length - 1] === cand[0][k]) groups[groups.length - 1] = g; else { docs.push(cand[0][k]); groups.push(g); }
    }
    return [docs, groups];
  }
  // Same as Index::query: documents where every term occurs, by best group, then document
  // (documents are numbered in rank order: newer latest period, then task order).
  function query(q) {
    var ts = terms(q);
    if (!ts.length) return [];
    var best = null;
    ts.forEach(function (t) {
      var found = matchTerm(t);
      if (best === null) { best = found; return; }
      var nd = [], ng = [], j = 0, fd = found[0];
      for (var i = 0; i < best[0].length; i++) {
        var d = best[0][i];
        while (j < fd.length && fd[j] < d) j++;
        if (j < fd.length && fd[j] === d) { nd.push(d); ng.push(Math.min(best[1][i], found[1][j])); }
      }
      best = [nd, ng];
    });
    var hits = [];
    for (var i = 0; i < best[0].length; i++) hits.push({ doc: best[0][i], group: best[1][i] });
    hits.sort(function (a, b) { return a.group - b.group || a.doc - b.doc; });
    return hits;
  }

  // Same as SearchFiles::facet_file: per document of the block, [plan, latest status
  // (-1: none), latest period (-1: none), periods, leaders, units].
  function decodeBlock(b, s) {
    var r = reader(s), n = Math.min(meta.block, meta.docs - b * meta.block), rows = [], k;
    for (k = 0; k < n; k++) rows.push([r.next()]);
    for (k = 0; k < n; k++) rows[k].push(r.next() - 1);
    for (k = 0; k < n; k++) rows[k].push(r.next() - 1);
    for (var col = 0; col < 3; col++) {
      for (k = 0; k < n; k++) { var c = r.next(), list = []; while (c--) list.push(r.next()); rows[k].push(list); }
    }
    return rows;
  }
  function facetsOf(doc) { return blocks[Math.floor(doc / meta.block)][doc % meta.block]; }

  // Facets: [name (also its URL parameter), values of a doc, label of a value, every value].
  function upTo(n, from) { var out = []; for (var v = from; v < n; v++) out.push(v); return out; }
  var FACETS = [
    ['plan', function (d) { return [d[0]]; }, function (v) { return meta.plans[v]; }, function () { return upTo(meta.plans.length, 0); }],
    ['period', function (d) { return d[3]; }, function (v) { return meta.periods[v]; }, function () { return upTo(meta.periods.length, 0); }],
    ['leader', function (d) { return d[4]; }, function (v) { return meta.leaders[v]; }, function () { return upTo(meta.leaders.length, 0); }],
    ['unit', function (d) { return d[5]; }, function (v) { return meta.units[v]; }, function () { return upTo(meta.units.length, 0); }],
    ['status', function (d) { return [d[1]]; }, function (v) { return v < 0 ? S.unreported : meta.statuses[v][1]; }, function () { return upTo(meta.statuses.length, -1); }],
  ];
  var selected = {};
  function anySelected() { return Object.keys(selected).some(function (k) { return selected[k].size; }); }

  // Filters are kept in the URL beside the query (?q=局&leader=谢鸿猷&status=未按进度完成),
  // by the names the page shows, so that a shared link keeps its meaning when a rebuild
  // numbers the values differently. A name the site does not have selects nothing.
  function filtersOf(params) {
    var out = {};
    FACETS.forEach(function (f) { var names = params.getAll(f[0]); if (names.length) out[f[0]] = names; });
    return out;
  }
  function select(filters) {
    selected = {};
    FACETS.forEach(function (f) {
      var names = filters[f[0]];
      if (!names) return;
      var set = new Set(f[3]().filter(function (v) { return names.indexOf(f[2](v)) >= 0; }));
      if (set.size) selected[f[0]] = set;
    });
  }
  function keepInUrl() {
    var p = new URLSearchParams();
    p.set('q', currentQuery);
    FACETS.forEach(function (f) {
      var sel = selected[f[0]];
      if (sel) Array.from(sel).sort(function (a, b) { return a - b; }).forEach(function (v) { p.append(f[0], f[2](v)); });
    });
    // Some browsers refuse to change the URL of a page opened from a file: the filters
    // still apply, only the address does not show them.
    try { history.replaceState(null, '', '?' + p.toString()); } catch (e) { /* see above */ }
  }
  function passes(doc, except) {
    if (!Object.keys(selected).some(function (k) { return k !== except && selected[k].size; })) return true;
    var d = facetsOf(doc);
    return FACETS.every(function (f) {
      var sel = selected[f[0]];
      if (f[0] === except || !sel || !sel.size) return true;
      return f[1](d).some(function (v) { return sel.has(v); });
    });
  }

  var hits = [], shown = 0;
  var $ = function (id) { return document.getElementById(id); };
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }

  // The facet blocks of every result.
  function facetFiles() {
    var need = {};
    hits.forEach(function (h) { need[Math.floor(h.doc / meta.block)] = true; });
    return Object.keys(need).map(function (b) { return 'search/f/' + b + '.js'; });
  }
  function renderFacets() {
    var box = $('search-facets');
    box.textContent = '';
    var files = facetFiles();
    if (!files.every(function (f) { return loading[f]; })) {
      var more = el('button', 'facets-load', S.show_filters);
      more.type = 'button';
      more.addEventListener('click', function () {
        more.disabled = true;
        loadAll(files).then(function () { renderFacets(); var first = box.querySelector('input'); if (first) first.focus(); });
      });
      box.appendChild(more);
      return;
    }
    FACETS.forEach(function (f) {
      var counts = new Map(), sel = selected[f[0]];
      hits.forEach(function (h) { if (passes(h.doc, f[0])) f[1](facetsOf(h.doc)).forEach(function (v) { counts.set(v, (counts.get(v) || 0) + 1); }); });
      var shownValues = Array.from(counts.entries()).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; }).slice(0, 12);
      // A selected value is always listed, so that it can be cleared, even when other
      // filters leave it outside the twelve largest or with no result.
      if (sel) {
        Array.from(sel).sort(function (a, b) { return a - b; }).forEach(function (v) {
          if (!shownValues.some(function (e) { return e[0] === v; })) shownValues.push([v, counts.get(v) || 0]);
        });
      }
      if (!shownValues.length) return;
      var fs = el('fieldset', 'facet'), lg = el('legend', null, S[f[0]]);
      fs.appendChild(lg);
      shownValues.forEach(function (e) {
        var id = 'f-' + f[0] + '-' + e[0], lab = el('label'), cb = el('input');
        cb.type = 'checkbox'; cb.id = id; cb.value = e[0];
        cb.checked = !!(selected[f[0]] && selected[f[0]].has(e[0]));
        cb.addEventListener('change', function () {
          var set = selected[f[0]] || (selected[f[0]] = new Set());
          if (cb.checked) set.add(e[0]); else set.delete(e[0]);
          keepInUrl();
          show(true);
          var again = document.getElementById(id); if (again) again.focus();
        });
        lab.htmlFor = id;
        lab.appendChild(cb);
        lab.appendChild(document.createTextNode(' ' + f[2](e[0]) + ' (' + e[1] + ')'));
        fs.appendChild(lab);
      });
      box.appendChild(fs);
    });
  }

  function snippet(text, ts) {
    var us = units(text), at = null;
    for (var i = 0; i < us.length && at === null; i++) {
      for (var t = 0; t < ts.length; t++) {
        var term = ts[t], ok = i + term.length <= us.length;
        for (var k = 0; ok && k < term.length; k++) ok = us[i + k].key === term[k] && us[i + k].pos === us[i].pos + k;
        if (ok) { at = [us[i].start, us[i + term.length - 1].end]; break; }
      }
    }
    var p = el('p', 'snippet');
    if (!at) { p.textContent = text.slice(0, 80).replace(/\n/g, ' '); return p; }
    var from = Math.max(0, at[0] - 40), to = Math.min(text.length, at[1] + 60);
    p.appendChild(document.createTextNode((from > 0 ? '…' : '') + text.slice(from, at[0]).replace(/\n/g, ' ')));
    p.appendChild(el('mark', null, text.slice(at[0], at[1])));
    p.appendChild(document.createTextNode(text.slice(at[1], to).replace(/\n/g, ' ') + (to < text.length ? '…' : '')));
    return p;
  }

  // Browse pages whose name has every term of the query (a leader, unit, plan or period
  // written in full or in part), linked above the results: the results are tasks, and a
  // reader who types a name often wants its page. [facet (for its heading), folder and
  // meta field, index in meta.pages], in the order shown.
  var PAGE_KINDS = [['leader', 'leaders', 2], ['unit', 'units', 3], ['plan', 'plans', 0], ['period', 'periods', 1]];
  var PAGE_LINKS = 8, nameUnits = {};
  function renderPages(ts) {
    var box = $('search-pages');
    box.textContent = '';
    PAGE_KINDS.forEach(function (k) {
      var names = meta[k[1]];
      var us = nameUnits[k[0]] || (nameUnits[k[0]] = names.map(function (n) { return units(n.trim()); }));
      var found = [];
      names.forEach(function (n, i) { if (ts.every(function (t) { return hasTerm(us[i], t); })) found.push(i); });
      if (!found.length) return;
      // The name that is the query first, then names that begin with it, then list order.
      var whole = ts.map(function (t) { return t.join(''); }).join(''), rank = function (i) {
        var key = us[i].map(function (u) { return u.key; }).join('');
        return key === whole ? 0 : key.indexOf(whole) === 0 ? 1 : 2;
      };
      found.sort(function (a, b) { return rank(a) - rank(b) || a - b; });
      var p = el('p', null, S[k[0]] + '：');
      found.slice(0, PAGE_LINKS).forEach(function (i, j) {
        if (j) p.appendChild(document.createTextNode('、'));
        var a = el('a', null, names[i]);
        a.href = meta.pages[k[2]][i] || k[1] + '/' + names[i] + '.html';
        p.appendChild(a);
      });
      if (found.length > PAGE_LINKS) p.appendChild(document.createTextNode(' ' + S.pages_more.replace('N', found.length)));
      box.appendChild(p);
    });
    box.hidden = !box.firstChild;
  }

  function visible() { return hits.filter(function (h) { return passes(h.doc); }); }

  function show(reset) {
    var list = visible(), ol = $('search-results'), ts = terms(currentQuery);
    if (reset) { ol.textContent = ''; shown = 0; renderFacets(); }
    $('search-status').textContent = list.length ? S.results.replace('N', list.length) : S.none;
    var page = list.slice(shown, shown + PAGE);
    shown += page.length;
    $('search-more').hidden = shown >= list.length;
    return Promise.all(page.map(function (h) {
      return Promise.all([load('search/d/' + h.doc + '.js'), load('search/f/' + Math.floor(h.doc / meta.block) + '.js')]);
    })).then(function () {
      page.forEach(function (h) {
        var d = docs[h.doc], m = facetsOf(h.doc), li = el('li', 'result'), h3 = el('h2'), a = el('a', null, d.t);
        a.href = d.u; h3.appendChild(a); li.appendChild(h3);
        var info = el('p', 'meta');
        if (m[1] >= 0) { var st = meta.statuses[m[1]], b = el('span', 'badge st-' + st[0], st[1]); b.style.setProperty('--c', st[2]); info.appendChild(b); info.appendChild(document.createTextNode(' ')); }
        var parts = [];
        if (m[5].length) parts.push(meta.units[m[5][0]]);
        if (m[4].length) parts.push(m[4].map(function (l) { return meta.leaders[l]; }).join('、'));
        if (m[2] >= 0) parts.push(meta.periods[m[2]]);
        parts.push(meta.plans[m[0]]);
        info.appendChild(document.createTextNode(parts.join(' · ')));
        li.appendChild(info);
        li.appendChild(snippet(d.x, ts));
        ol.appendChild(li);
      });
    });
  }

  var currentQuery = '', pageTitle = document.title;
  // Runs a query with filters ({facet name: [value names]}, as in the URL).
  function run(q, filters) {
    currentQuery = q;
    // The query in the title too, for the tab, the history and bookmarks.
    document.title = q.trim() + ' · ' + pageTitle;
    selected = {};
    $('search-status').textContent = S.loading;
    var ts = terms(q);
    return load('search/meta.js').then(function () {
      select(filters || {});
      var need = {};
      ts.forEach(function (t) { (t.length === 1 ? [t[0]] : bigrams(t)).forEach(function (k) { need[shardOf(k)] = true; }); });
      return loadAll(Object.keys(need).map(function (n) { return 'search/i/' + n + '.js'; }));
    }).then(function () {
      var files = [];
      ts.forEach(function (t) {
        if (indexed(t)) gramsOf(t).forEach(function (k) { var f = fileOf(k); if (f) files.push(f); });
        labelsOf(t).forEach(function (n) { files.push('search/l/' + n + '.js'); });
      });
      return loadAll(files);
    }).then(function () {
      var t0 = performance.now();
      hits = query(q);
      window.jinduLastQueryMs = performance.now() - t0;
      // The facets of the first page of results are needed to show them; those of all
      // results for the counts, loaded here when they are few, and for filtering, so
      // always when the URL names a filter.
      var files = facetFiles(), first = {};
      hits.slice(0, PAGE).forEach(function (h) { first['search/f/' + Math.floor(h.doc / meta.block) + '.js'] = true; });
      return loadAll(files.length <= FACET_BLOCKS || anySelected() ? files : Object.keys(first));
    }).then(function () {
      $('search-body').hidden = false;
      renderPages(ts);
      return show(true);
    }).then(function () {
      document.documentElement.dataset.searchDone = q;
    }).catch(function (e) {
      if (window.console) console.error(e);
      $('search-status').textContent = S.error;
      document.documentElement.dataset.searchDone = q;
    });
  }

  // The next page of results; focus moves to its first result, so that a keyboard user
  // goes on reading where the list grew instead of staying on the button below it.
  $('search-more').addEventListener('click', function () {
    var before = $('search-results').children.length;
    show(false).then(function () {
      var next = $('search-results').children[before];
      if (next) next.querySelector('a').focus();
    });
  });
  var params = new URLSearchParams(location.search), q = params.get('q') || '';
  $('search-q').value = q;
  if (q.trim()) run(q, filtersOf(params));
  window.jinduSearch = { query: function (x) { return hits.length && x === currentQuery ? hits : null; }, run: run };
})();
