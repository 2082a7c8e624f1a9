// jindu search: exact substring search over a sharded index (see src/search.rs, which
// builds the index and holds the same matching logic; keep the two in step).
// No framework, no network beyond this site's own files. Index files are loaded as
// scripts, not with fetch, so the search also works when the site is opened from disk.
(function () {
  'use strict';
  var GAP = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
  var PAGE = 20;
  var meta = null, shards = {}, docs = {}, loading = {};
  var S = document.getElementById('search-strings').dataset;

  window.jindu_meta = function (m) { meta = m; };
  window.jindu_shard = function (n, g) { shards[n] = g; };
  window.jindu_doc = function (i, d) { docs[i] = d; };

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

  function bytes(b64) {
    var s = atob(b64), a = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);
    return a;
  }
  // Postings: Map doc -> positions (unigrams: [first position]).
  function decode(key, bigram) {
    var g = shards[shardOf(key)], out = new Map();
    if (!g || !Object.prototype.hasOwnProperty.call(g, key)) return out;
    var b = bytes(g[key]), i = 0, doc = -1;
    function varint() { var v = 0, shift = 0, x; do { x = b[i++]; v += (x & 0x7f) * Math.pow(2, shift); shift += 7; } while (x >= 0x80); return v; }
    while (i < b.length) {
      doc = varint() + doc + 1;
      if (bigram) {
        var pos = 0, list = [], v;
        while ((v = varint()) !== 0) { pos += v - 1; list.push(pos); }
        out.set(doc, list);
      } else {
        out.set(doc, [varint()]);
      }
    }
    return out;
  }
  function gramsOf(term) {
    if (term.length === 1) return [term[0]];
    var g = [];
    for (var i = 0; i + 1 < term.length; i++) g.push(term[i] + ' ' + term[i + 1]);
    return g;
  }
  // Same as Index::term: doc -> first matching position.
  function matchTerm(term) {
    var out = new Map();
    if (term.length === 1) { decode(term[0], false).forEach(function (p, d) { out.set(d, p[0]); }); return out; }
    var lists = gramsOf(term).map(function (k) { return decode(k, true); });
    var has = function (list, x) {
      var lo = 0, hi = list.length - 1;
      while (lo <= hi) { var mid = (lo + hi) >> 1; if (list[mid] === x) return true; if (list[mid] < x) lo = mid + 1; else hi = mid - 1; }
      return false;
    };
    lists[0].forEach(function (starts, doc) {
      var rest = [];
      for (var k = 1; k < lists.length; k++) { var l = lists[k].get(doc); if (!l) return; rest.push(l); }
      for (var j = 0; j < starts.length; j++) {
        var p = starts[j], ok = true;
        for (var r = 0; r < rest.length && ok; r++) ok = has(rest[r], p + r + 1);
        if (ok) { out.set(doc, p); return; }
      }
    });
    return out;
  }
  function groupOf(doc, pos) {
    var d = meta.docs[doc], g = 0;
    for (var k = 6; k <= 8; k++) if (pos >= d[k]) g++;
    return g;
  }
  // Same as Index::query + rank: best field group, newer latest period, task order.
  function query(q) {
    var ts = terms(q);
    if (!ts.length) return [];
    var best = null;
    ts.forEach(function (t) {
      var found = matchTerm(t);
      if (best === null) { best = found; return; }
      var next = new Map();
      best.forEach(function (p, d) { if (found.has(d)) next.set(d, Math.min(p, found.get(d))); });
      best = next;
    });
    var hits = [];
    best.forEach(function (p, d) { hits.push({ doc: d, group: groupOf(d, p) }); });
    hits.sort(function (a, b) {
      return a.group - b.group || meta.docs[b.doc][2] - meta.docs[a.doc][2] || a.doc - b.doc;
    });
    return hits;
  }

  // Facets: [name, values of a doc, label of a value].
  var FACETS = [
    ['plan', function (d) { return [d[0]]; }, function (v) { return meta.plans[v]; }],
    ['period', function (d) { return d[3]; }, function (v) { return meta.periods[v]; }],
    ['leader', function (d) { return d[4]; }, function (v) { return meta.leaders[v]; }],
    ['unit', function (d) { return d[5]; }, function (v) { return meta.units[v]; }],
    ['status', function (d) { return [d[1]]; }, function (v) { return v < 0 ? S.unreported : meta.statuses[v][1]; }],
  ];
  var selected = {};
  function passes(doc, except) {
    var d = meta.docs[doc];
    return FACETS.every(function (f) {
      var sel = selected[f[0]];
      if (f[0] === except || !sel || !sel.size) return true;
      return f[1](d).some(function (v) { return sel.has(v); });
    });
  }

  var hits = [], shown = 0;
  var $ = function (id) { return document.getElementById(id); };
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }

  function renderFacets() {
    var box = $('search-facets');
    box.textContent = '';
    FACETS.forEach(function (f) {
      var counts = new Map();
      hits.forEach(function (h) { if (passes(h.doc, f[0])) f[1](meta.docs[h.doc]).forEach(function (v) { counts.set(v, (counts.get(v) || 0) + 1); }); });
      if (!counts.size) return;
      var fs = el('fieldset', 'facet'), lg = el('legend', null, S[f[0]]);
      fs.appendChild(lg);
      Array.from(counts.entries()).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; }).slice(0, 12).forEach(function (e) {
        var id = 'f-' + f[0] + '-' + e[0], lab = el('label'), cb = el('input');
        cb.type = 'checkbox'; cb.id = id; cb.value = e[0];
        cb.checked = !!(selected[f[0]] && selected[f[0]].has(e[0]));
        cb.addEventListener('change', function () {
          var set = selected[f[0]] || (selected[f[0]] = new Set());
          if (cb.checked) set.add(e[0]); else set.delete(e[0]);
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

  function visible() { return hits.filter(function (h) { return passes(h.doc); }); }

  function show(reset) {
    var list = visible(), ol = $('search-results'), ts = terms(currentQuery);
    if (reset) { ol.textContent = ''; shown = 0; renderFacets(); }
    $('search-status').textContent = list.length ? S.results.replace('N', list.length) : S.none;
    var page = list.slice(shown, shown + PAGE);
    shown += page.length;
    $('search-more').hidden = shown >= list.length;
    return Promise.all(page.map(function (h) { return load('search/d/' + h.doc + '.js'); })).then(function () {
      page.forEach(function (h) {
        var d = docs[h.doc], m = meta.docs[h.doc], li = el('li', 'result'), h3 = el('h2'), a = el('a', null, d.t);
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

  var currentQuery = '';
  function run(q) {
    currentQuery = q;
    selected = {};
    $('search-status').textContent = S.loading;
    var ts = terms(q), keys = [];
    ts.forEach(function (t) { keys = keys.concat(gramsOf(t)); });
    return load('search/meta.js').then(function () {
      var need = {};
      keys.forEach(function (k) { need[shardOf(k)] = true; });
      return Promise.all(Object.keys(need).map(function (n) { return load('search/i/' + n + '.js'); }));
    }).then(function () {
      var t0 = performance.now();
      hits = query(q);
      window.jinduLastQueryMs = performance.now() - t0;
      $('search-body').hidden = false;
      return show(true);
    }).then(function () {
      document.documentElement.dataset.searchDone = q;
    }).catch(function () {
      $('search-status').textContent = S.error;
      document.documentElement.dataset.searchDone = q;
    });
  }

  $('search-more').addEventListener('click', function () { show(false); });
  var q = new URLSearchParams(location.search).get('q') || '';
  $('search-q').value = q;
  if (q.trim()) run(q);
  window.jinduSearch = { query: function (x) { return hits.length && x === currentQuery ? hits : null; }, run: run };
})();
