// Shared by the browser tests: builds nothing itself; serves a built site folder on
// 127.0.0.1 and launches Debian's chromium through playwright-core (no browser download).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json', '.xml': 'application/xml', '.txt': 'text/plain' };

/** Serves `root` on a free port of 127.0.0.1; resolves to { url, close }. */
export function serve(root) {
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (p.endsWith('/')) p += 'index.html';
    const file = path.join(root, p);
    if (!file.startsWith(path.resolve(root)) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404, { 'content-type': TYPES['.html'] });
      res.end(fs.existsSync(path.join(root, '404.html')) ? fs.readFileSync(path.join(root, '404.html')) : 'not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    resolve({ url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) });
  }));
}

/** Launches chromium as this machine allows (headless, no sandbox as root, no background
 *  network: the machine has none, and the site must not need any). */
export async function launch() {
  // Chromium in a container now and then exits while starting ("Target page, context or
  // browser has been closed" before any page exists; seen once in a full run on this
  // machine). That is the machine, not the site: try again, up to three times, and say so.
  for (let attempt = 1; ; attempt++) {
    try {
      return await chromium.launch({
        executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
    } catch (e) {
      if (attempt >= 3) throw e;
      console.error(`chromium did not start (attempt ${attempt}): ${String(e.message).split('\n')[0]}; retrying`);
    }
  }
}

/** The repository root. */
export const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** The example site built by `cargo run --release -- build` (scripts/test.sh builds it first). */
export const site = process.env.JINDU_SITE || path.join(repo, 'output');
