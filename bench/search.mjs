// Search benchmark: per-query transfer and latency in Debian's chromium, and the whole
// index size, on a built site. Usage:
//   node bench/search.mjs OUTPUT_DIR [query ...]
// Transfer counts the search files a query loads with a cold cache (meta, shards, the
// display records of the first page of results), raw and as gzip would send them (each
// file gzipped alone, level 6, as a web server does). Latency is the matching time in the
// page (window.jinduLastQueryMs), once the shards have loaded. A broad query shows a button
// that loads the facet blocks of all its results; "+filters KB" is what pressing it adds.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { serve, launch } from '../tests/browser/harness.mjs';

const dir = path.resolve(process.argv[2] || 'output');
const queries = process.argv.length > 3 ? process.argv.slice(3) : ['江门', '市发展改革局', '谢鸿猷', '按进度完成', '展改', '局', '2020年', '未按进度完成', '老旧小区改造', '发改局'];
const fix = (ms) => (typeof ms === "number" ? ms.toFixed(1) : "-");
const gz = (b) => zlib.gzipSync(b, { level: 6 }).length;

function walk(d) {
  return fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
}
let raw = 0, packed = 0, files = 0;
for (const f of walk(path.join(dir, 'search'))) {
  const b = fs.readFileSync(f);
  raw += b.length; packed += gz(b); files++;
}
const mb = (n) => (n / 1048576).toFixed(1) + ' MB';
console.log(`whole index: ${files} files, ${mb(raw)} raw, ${mb(packed)} gzipped (per file)`);

const server = await serve(dir);
const browser = await launch();
console.log('query\tresults\tfiles\traw KB\tgzip KB\t+filters gzip KB\tcold ms\twarm ms');
for (const q of queries) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const loaded = [];
  page.on('response', async (r) => { if (r.url().includes('/search/')) loaded.push(r.body().then((b) => b).catch(() => Buffer.alloc(0))); });
  await page.goto(server.url + 'search.html?q=' + encodeURIComponent(q));
  await page.waitForFunction((x) => document.documentElement.dataset.searchDone === x, q, { timeout: 120000 });
  const cold = await page.evaluate(() => window.jinduLastQueryMs);
  const n = await page.evaluate(() => { const m = document.querySelector('#search-status').textContent.match(/\d+/); return m ? Number(m[0]) : 0; });
  const bodies = await Promise.all(loaded);
  const r = bodies.reduce((a, b) => a + b.length, 0), g = bodies.reduce((a, b) => a + gz(b), 0);
  let filters = 0;
  if (await page.locator('button.facets-load').count()) {
    const before = loaded.length;
    await page.click('button.facets-load');
    await page.waitForSelector('fieldset.facet', { timeout: 120000 });
    filters = (await Promise.all(loaded.slice(before))).reduce((a, b) => a + gz(b), 0);
  }
  // Warm: the same query again in the page, shards cached.
  const warm = await page.evaluate((x) => window.jinduSearch.run(x).then(() => window.jinduLastQueryMs), q);
  console.log(`${q}\t${n}\t${bodies.length}\t${(r / 1024).toFixed(0)}\t${(g / 1024).toFixed(0)}\t${(filters / 1024).toFixed(0)}\t${fix(cold)}\t${fix(warm)}`);
  await ctx.close();
}
await browser.close();
await server.close();
