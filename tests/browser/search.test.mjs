// The search page in chromium over the built example site: for a suite of queries of
// every kind, the results shown are exactly those of `jindu search` (the plain-scan ground
// truth in Rust), in the same order; facets filter; ?q= is kept; it works from the
// keyboard, without a server (file://), and says so without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, site, repo } from './harness.mjs';

const BIN = process.env.JINDU_BIN || path.join(repo, 'target/release/jindu');
const SITE_ROOT = process.env.JINDU_ROOT || repo;
const QUERIES = [
  '江海区', '市发展改革局', '谢鸿猷', '展改', '发改局', '局', '按进度完成', '已完成',
  '2020年', '老旧小区', '各市（区）政府', '各市(区)政府', '按进度 民政', '雪亮', '江门',
  '垃圾分类', '99.7%', '市卫生健康局 妇联', 'zz不存在',
  // Status labels are matched apart from the text index: inside a label, a single
  // character, and with a term from the text.
  '进度完', '完', '暂缓', '未按 局',
  // So are period titles and plan names.
  '1-9月', '民生实事', '重点工作 2018年', '年1',
];

function truth(q) {
  const out = execFileSync(BIN, ['search', '--root', SITE_ROOT, q], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean).map((l) => l.split('\t')[0]);
}

let server, browser;
before(async () => { server = await serve(site); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** The built site's search/meta.js, as data. */
function readMeta() {
  return JSON.parse(fs.readFileSync(path.join(site, 'search/meta.js'), 'utf8').replace(/^jindu_meta\(/, '').replace(/\);?\s*$/, ''));
}

async function results(page, base, q) {
  return resultsAt(page, base + 'search.html?q=' + encodeURIComponent(q), q);
}

/** Opens a search page URL whose query is `q` and waits for its search to end. */
async function openAt(page, url, q) {
  await page.goto(url);
  await page.waitForFunction((x) => document.documentElement.dataset.searchDone === x, q);
}

/** Opens a search page URL whose query is `q` and returns every result's link, pressing
 *  "more" until all are shown. */
async function resultsAt(page, url, q) {
  await openAt(page, url, q);
  while (await page.locator('#search-more').isVisible()) {
    const n = await page.locator('#search-results li').count();
    await page.click('#search-more');
    await page.waitForFunction((k) => document.querySelectorAll('#search-results li').length > k, n);
  }
  return page.$$eval('#search-results li h2 a', (as) => as.map((a) => a.getAttribute('href')));
}

test('every query of the suite shows exactly the ground-truth results, in order', async () => {
  const page = await browser.newPage();
  let total = 0;
  for (const q of QUERIES) {
    const expected = truth(q);
    total += expected.length;
    assert.deepEqual(await results(page, server.url, q), expected, q);
    const ms = await page.evaluate(() => window.jinduLastQueryMs);
    assert.ok(ms < 50, `${q}: ${ms} ms`);
  }
  assert.ok(total > 50, 'the suite finds things');
  await page.close();
});

test('the title names the query, and "more results" moves focus to the first new result', async () => {
  const page = await browser.newPage();
  await openAt(page, server.url + 'search.html?q=' + encodeURIComponent('局'), '局');
  assert.ok((await page.title()).startsWith('局 · '), await page.title());
  const first = await page.locator('#search-results li').count();
  assert.ok(await page.locator('#search-more').isVisible(), 'the example site has more than a page of 局');
  await page.focus('#search-more');
  await page.keyboard.press('Enter');
  await page.waitForFunction((k) => document.querySelectorAll('#search-results li').length > k, first);
  await page.waitForFunction(() => document.activeElement.closest('#search-results'));
  const focused = await page.evaluate(() => {
    const li = document.activeElement.closest('li');
    return Array.prototype.indexOf.call(li.parentNode.children, li);
  });
  assert.equal(focused, first, 'the first result of the new page has focus');
  await page.close();
});

test('a query with no match says so', async () => {
  const page = await browser.newPage();
  assert.deepEqual(await results(page, server.url, '发改局'), []);
  assert.match(await page.textContent('#search-status'), /没有找到/);
  await page.close();
});

test('facets count the results and filter them', async () => {
  const page = await browser.newPage();
  const all = await results(page, server.url, '局');
  const status = await page.textContent('#search-status');
  assert.ok(status.includes(String(all.length)), status);
  const leaders = page.locator('fieldset.facet', { hasText: '分管领导' }).locator('label');
  const first = (await leaders.first().textContent()).trim();
  const [, name, count] = first.match(/^(.+) \((\d+)\)$/);
  await leaders.first().locator('input').check();
  await page.waitForFunction((n) => document.querySelector('#search-status').textContent.includes(n), count);
  while (await page.locator('#search-more').isVisible()) await page.click('#search-more');
  const metas = await page.$$eval('#search-results li .meta', (ps) => ps.map((p) => p.textContent));
  assert.equal(metas.length, Number(count));
  for (const m of metas) assert.ok(m.includes(name), `${m} lacks ${name}`);
  await page.close();
});

test('filters are kept in the URL: a shared link shows the same filtered results', async () => {
  const metas = (page) => page.$$eval('#search-results li .meta', (ps) => ps.map((p) => p.textContent));
  const page = await browser.newPage();
  const all = await results(page, server.url, '局');
  // Leaders, because a result's line shows all of them (of its units only the lead one).
  const leaders = page.locator('fieldset.facet', { hasText: '分管领导' }).locator('label');
  const [, leader, count] = (await leaders.nth(1).textContent()).trim().match(/^(.+) \((\d+)\)$/);
  await leaders.nth(1).locator('input').check();
  await page.waitForFunction((n) => document.querySelector('#search-status').textContent.includes(n), count);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('q'), '局');
  assert.deepEqual(url.searchParams.getAll('leader'), [leader]);
  while (await page.locator('#search-more').isVisible()) await page.click('#search-more');
  const filtered = await page.$$eval('#search-results li h2 a', (as) => as.map((a) => a.getAttribute('href')));
  assert.equal(filtered.length, Number(count));
  assert.ok(filtered.length < all.length, 'the filter leaves some results out');
  assert.deepEqual(filtered, all.filter((u) => filtered.includes(u)), 'in the order of the unfiltered results');
  for (const m of await metas(page)) assert.ok(m.includes(leader), `${m} lacks ${leader}`);

  // The same URL in a new page: the filter is applied and shown checked.
  const shared = await browser.newPage();
  assert.deepEqual(await resultsAt(shared, server.url + 'search.html' + url.search, '局'), filtered);
  const box = shared.locator('fieldset.facet', { hasText: '分管领导' }).locator('label', { hasText: leader }).locator('input');
  assert.ok(await box.isChecked());
  // Clearing it brings every result back and takes it out of the URL.
  await box.uncheck();
  await shared.waitForFunction((n) => document.querySelector('#search-status').textContent.includes(n), String(all.length));
  assert.deepEqual(new URL(shared.url()).searchParams.getAll('leader'), []);
  await shared.close();

  // A filter on a value outside the twelve listed is still listed, checked, so that it
  // can be cleared.
  const listed = (await leaders.allTextContents()).map((l) => l.trim().replace(/ \(\d+\)$/, ''));
  const meta = readMeta();
  const other = meta.leaders.find((l) => !listed.includes(l));
  assert.ok(other && listed.length === 12, 'the example site has leaders outside the twelve listed');
  const rare = await browser.newPage();
  const rareResults = await resultsAt(rare, server.url + 'search.html?q=%E5%B1%80&leader=' + encodeURIComponent(other), '局');
  const rareBox = rare.locator('fieldset.facet', { hasText: '分管领导' }).locator('label', { hasText: other });
  assert.equal(await rareBox.count(), 1, `${other} is listed`);
  assert.ok(await rareBox.locator('input').isChecked());
  assert.match(await rareBox.textContent(), new RegExp(`\\(${rareResults.length}\\)$`));
  for (const m of await metas(rare)) assert.ok(m.includes(other), `${m} lacks ${other}`);
  await rare.close();

  // A name the site does not have filters nothing out.
  const stale = await browser.newPage();
  assert.deepEqual(await resultsAt(stale, server.url + 'search.html?q=%E5%B1%80&unit=' + encodeURIComponent('不存在的单位'), '局'), all);
  await stale.close();
  await page.close();
});

test('names written in the query link their browse pages above the results', async () => {
  const meta = readMeta();
  // Full-width ASCII as ASCII, lower case: the folding search applies (src/search.rs).
  const fold = (x) => x.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).toLowerCase();
  const kinds = [['分管领导', 'leaders'], ['责任单位', 'units'], ['工作计划', 'plans'], ['报告期', 'periods']];
  const page = await browser.newPage();
  let linked = 0;
  for (const q of QUERIES) {
    await openAt(page, server.url + 'search.html?q=' + encodeURIComponent(q), q);
    const terms = fold(q).split(/\s+/).filter(Boolean), whole = terms.join('');
    const expected = [];
    for (const [label, dir] of kinds) {
      const names = meta[dir].map((n) => fold(n).replace(/\s+/g, ''));
      const rank = (i) => (names[i] === whole ? 0 : names[i].startsWith(whole) ? 1 : 2);
      const found = names.map((_, i) => i).filter((i) => terms.every((t) => names[i].includes(t)));
      found.sort((a, b) => rank(a) - rank(b) || a - b);
      if (found.length) expected.push({ label, names: found.slice(0, 8).map((i) => meta[dir][i]), count: found.length });
    }
    const shown = await page.$$eval('#search-pages p', (ps) => ps.map((p) => ({
      text: p.textContent,
      links: Array.from(p.querySelectorAll('a')).map((a) => [a.textContent, a.getAttribute('href')]),
    })));
    assert.deepEqual(shown.map((l) => l.text.split('：')[0]), expected.map((e) => e.label), q);
    shown.forEach((l, k) => {
      assert.deepEqual(l.links.map((a) => a[0]), expected[k].names, q);
      if (expected[k].count > 8) assert.ok(l.text.endsWith(`等 ${expected[k].count} 个`), l.text);
      for (const [, href] of l.links) {
        assert.ok(fs.existsSync(path.join(site, decodeURIComponent(href))), `${q}: ${href} is a page of the site`);
        linked++;
      }
    });
  }
  assert.ok(linked > 10, 'the suite links pages');
  // Following a link opens that name's page.
  await results(page, server.url, '市发展改革局');
  await page.click('#search-pages a');
  await page.waitForURL(/units\//);
  assert.ok((await page.textContent('h1')).includes('市发展改革局'));
  await page.close();
});

test('a query with results in many facet blocks loads the facets only when asked, with the same counts', async () => {
  const labels = (page) => page.$$eval('fieldset.facet label', (ls) => ls.map((l) => l.textContent.trim()));
  const eager = await browser.newPage();
  await results(eager, server.url, '工作');
  const expected = await labels(eager);
  assert.ok(expected.length > 3, 'the query has facets');
  await eager.close();

  const page = await browser.newPage();
  // Treat every result list as broad: the example site has too few tasks to be one.
  await page.addInitScript(() => { window.jinduFacetBlocks = 0; });
  const facetFiles = () => page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('/search/f/')).length);
  await page.goto(server.url + 'search.html?q=' + encodeURIComponent('工作'));
  await page.waitForFunction(() => document.documentElement.dataset.searchDone === '工作');
  assert.equal(await page.locator('fieldset.facet').count(), 0);
  const before = await facetFiles();
  assert.equal(before, 1, 'only the block of the first page of results');
  await page.focus('button.facets-load');
  await page.keyboard.press('Enter');
  await page.waitForSelector('fieldset.facet');
  assert.deepEqual(await labels(page), expected);
  assert.ok((await facetFiles()) > before);
  assert.equal(await page.evaluate(() => document.activeElement.type), 'checkbox');
  await page.close();
});

test('the search box on every page works from the keyboard and keeps ?q=', async () => {
  const page = await browser.newPage();
  await page.goto(server.url + 'tasks/2020-livelihood-01.html');
  await page.focus('#searchbox-q');
  await page.keyboard.type('谢鸿猷');
  await page.keyboard.press('Enter');
  await page.waitForURL(/search\.html\?q=/);
  assert.equal(new URL(page.url()).searchParams.get('q'), '谢鸿猷');
  await page.waitForFunction(() => document.documentElement.dataset.searchDone === '谢鸿猷');
  assert.equal(await page.inputValue('#search-q'), '谢鸿猷');
  // Tab from the query field reaches the search button, then the first facet or result.
  await page.focus('#search-q');
  let reached = null;
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => (document.activeElement.closest('#search-results') ? document.activeElement.getAttribute('href') : null));
  }
  assert.ok(reached, 'a result link is reachable with Tab');
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.pathname.endsWith(reached.replace(/^.*\//, '')) || u.href.includes(encodeURI(reached)));
  await page.close();
});

test('search works when the site is opened from local files', async () => {
  const page = await browser.newPage();
  const base = 'file://' + site + '/';
  assert.deepEqual(await results(page, base, '江海区'), truth('江海区'));
  await page.close();
});

test('without JavaScript the page says so and links to the browse pages', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(server.url + 'search.html?q=江门');
  const text = await page.textContent('main');
  assert.match(text, /需要启用 JavaScript/);
  assert.ok((await page.locator('main noscript').innerHTML()).includes('index.html'));
  await ctx.close();
});
