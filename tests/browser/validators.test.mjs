// Real third-party validators over the built sites, no network:
// - the W3C Nu HTML checker (vnu-jar, run with Java) over every page: 0 errors;
// - axe-core injected into Debian's chromium over the index, a task, a leader, a unit, a
//   period, a summary table and the search page, at desktop (1280px) and phone (375px)
//   widths: 0 serious or critical violations;
// - a link check over the whole output: every internal link, script, stylesheet and
//   CSS url() resolves to a file.
// Besides the example site (output/), it builds two fixture sites with the release binary:
// the hostile-values fixture (escaped markup must still be valid HTML) and `basic`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { serve, launch, site, repo } from './harness.mjs';

const require = createRequire(import.meta.url);
const vnuJar = path.join(repo, 'node_modules/vnu-jar/build/dist/vnu.jar');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const bin = process.env.JINDU_BIN || path.join(repo, 'target/release/jindu');

/** Copies a folder tree. */
function copy(from, to) {
  fs.cpSync(from, to, { recursive: true });
}

/** Builds tests/fixtures/invalid/<case> over _base (as tests/diagnostics.rs does) into a temp folder. */
function buildFixture(name, overlayCase) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `jindu-validators-${name}-`));
  const root = path.join(tmp, 'site');
  if (overlayCase) {
    copy(path.join(repo, 'tests/fixtures/invalid/_base'), root);
    copy(path.join(repo, 'tests/fixtures/invalid', overlayCase), root);
    fs.rmSync(path.join(root, 'expected.txt'));
  } else {
    copy(path.join(repo, 'tests/fixtures', name), root);
  }
  const out = path.join(tmp, 'out');
  execFileSync(bin, ['build', '--root', root, '--output', out], { stdio: 'pipe', timeout: 120_000 });
  return { tmp, out };
}

let built = [];
before(() => {
  built = [buildFixture('basic'), buildFixture('hostile', 'hostile_markup_accepted')];
});
after(() => {
  for (const b of built) fs.rmSync(b.tmp, { recursive: true, force: true });
});

function htmlFiles(dir) {
  return fs.readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith('.html'))
    .map((f) => path.join(dir, f));
}

/** Runs vnu over the folders `dirs` (one JVM); returns its errors as "file:line: message". */
function vnuErrors(...dirs) {
  let stderr = '';
  try {
    execFileSync('java', ['-Xss8m', '-jar', vnuJar, '--errors-only', '--skip-non-html', '--format', 'json', ...dirs], {
      stdio: 'pipe', timeout: 300_000, maxBuffer: 64 << 20,
    });
  } catch (e) {
    stderr = e.stderr?.toString() || '';
    if (!stderr.trim().startsWith('{')) throw e;
  }
  if (!stderr.trim()) return [];
  const { messages } = JSON.parse(stderr);
  return messages
    .filter((m) => m.type === 'error' || m.subType === 'fatal')
    .map((m) => `${decodeURIComponent(new URL(m.url).pathname)}:${m.lastLine}: ${m.message}`);
}

test('vnu: every page of the example site has 0 errors', () => {
  const pages = htmlFiles(site);
  assert.ok(pages.length > 50, `${pages.length} pages in ${site}`);
  const errors = vnuErrors(site);
  console.log(`vnu: ${pages.length} pages of the example site, ${errors.length} errors`);
  assert.deepEqual(errors, []);
});

test('vnu: every page of the basic and hostile-values fixture sites has 0 errors', () => {
  const errors = vnuErrors(...built.map((b) => b.out));
  const pages = built.reduce((n, b) => n + htmlFiles(b.out).length, 0);
  console.log(`vnu: ${pages} pages of the basic and hostile-values sites, ${errors.length} errors`);
  assert.deepEqual(errors, []);
});

/** Internal link targets of a page or stylesheet, resolved to files under `root`. */
function targets(root, file) {
  const text = fs.readFileSync(file, 'utf8');
  const urls = [];
  if (file.endsWith('.html')) {
    for (const m of text.matchAll(/<[a-zA-Z][^>]*>/g)) {
      for (const a of m[0].matchAll(/\s(?:href|src|action)="([^"]*)"/g)) urls.push(a[1]);
    }
  } else if (file.endsWith('.css')) {
    for (const m of text.matchAll(/url\(\s*['"]?([^'")]+)['"]?\s*\)/g)) urls.push(m[1]);
  }
  return urls
    .map((u) => u.replaceAll('&amp;', '&'))
    .filter((u) => u && !u.startsWith('#') && !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(u) && !u.startsWith('//'))
    .map((u) => {
      const clean = decodeURIComponent(u.split(/[?#]/)[0]);
      let p = path.resolve(path.dirname(file), clean);
      if (clean.endsWith('/') || clean === '') p = path.join(p, 'index.html');
      return { u, p, inside: p.startsWith(path.resolve(root) + path.sep) };
    });
}

test('link check: every internal link and asset of every built site resolves', () => {
  for (const root of [site, ...built.map((b) => b.out)]) {
    const files = fs.readdirSync(root, { recursive: true })
      .filter((f) => f.endsWith('.html') || f.endsWith('.css'))
      .map((f) => path.join(root, f));
    const broken = [];
    let count = 0;
    for (const f of files) {
      for (const t of targets(root, f)) {
        count++;
        if (!t.inside || !fs.existsSync(t.p) || fs.statSync(t.p).isDirectory()) {
          broken.push(`${path.relative(root, f)}: ${t.u}`);
        }
      }
    }
    console.log(`links: ${count} internal links and assets in ${files.length} files of ${root}, ${broken.length} broken`);
    assert.ok(count > 100);
    assert.deepEqual(broken, []);
  }
});

/** The first page in a folder of the site, e.g. the first leader. */
function first(dir) {
  const names = fs.readdirSync(path.join(site, dir)).filter((f) => f.endsWith('.html')).sort();
  assert.ok(names.length > 0, `no pages in ${dir}`);
  return `${dir}/${names[0]}`;
}

function tablePage() {
  const dir = path.join(site, 'periods');
  for (const sub of fs.readdirSync(dir).sort()) {
    const full = path.join(dir, sub);
    if (fs.statSync(full).isDirectory()) {
      const t = fs.readdirSync(full).filter((f) => f.endsWith('.html')).sort()[0];
      if (t) return `periods/${sub}/${t}`;
    }
  }
  return null;
}

let server, browser;
test('axe-core: 0 serious or critical violations on key pages at desktop and phone widths', async (t) => {
  server = await serve(site);
  browser = await launch();
  try {
    const pages = ['index.html', 'tasks/2020-livelihood-01.html', first('leaders'), first('units'), first('periods'), tablePage(), '404.html'];
    if (fs.existsSync(path.join(site, 'search.html'))) pages.push('search.html');
    const report = [];
    const failures = [];
    for (const width of [1280, 375]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      for (const p of pages.filter(Boolean)) {
        const resp = await page.goto(server.url + encodeURI(p));
        assert.equal(resp.status(), 200, p);
        await page.addScriptTag({ content: axeSource });
        const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
        const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        report.push(`${width}px ${p}: ${result.violations.length} violations (${bad.length} serious/critical)${result.violations.length ? ': ' + result.violations.map((v) => `${v.id}[${v.impact}]×${v.nodes.length}`).join(', ') : ''}`);
        for (const v of bad) {
          failures.push(`${width}px ${p}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
        }
      }
      await context.close();
    }
    console.log(report.join('\n'));
    assert.deepEqual(failures, []);
  } finally {
    await browser?.close();
    await server?.close();
  }
});

test('search data built from hostile content runs as data only', async () => {
  const vm = await import('node:vm');
  const hostile = built[1].out;
  const dir = path.join(hostile, 'search');
  if (!fs.existsSync(dir)) return;
  let calls = 0;
  const alerts = [];
  for (const f of fs.readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.js'))) {
    const code = fs.readFileSync(path.join(dir, f), 'utf8');
    const ctx = { alert: (x) => alerts.push(x) };
    for (const name of new Set(code.match(/\bjindu_\w+/g) || [])) ctx[name] = () => { calls++; };
    vm.runInNewContext(code, ctx, { timeout: 5000 });
  }
  assert.ok(calls > 0);
  assert.deepEqual(alerts, []);
});
