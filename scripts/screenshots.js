#!/usr/bin/env node
/* global require, __dirname, process, console, URL, document */
/* The pane screenshots in docs/addin/ (register, progress, title-search, fees, signoff), remade from the
 * current pane: builds the preview (the pane on an in-memory 40-unit register, as the browser
 * test runs it), drives it in headless Chromium and saves the pane alone, 360 px wide, as PNG.
 *   npm run screenshots [-- OUT_DIR]      (CHROMIUM_PATH, default /usr/bin/chromium)
 * Nothing is fetched from outside 127.0.0.1.                                                 */
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const repoRoot = path.resolve(__dirname, '..');
const outDir = path.resolve(process.argv[2] || path.join(repoRoot, 'docs', 'addin'));
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.png': 'image/png', '.map': 'application/json' };

function buildPreview(dir) {
  const webpack = path.join(repoRoot, 'node_modules/webpack/bin/webpack.js');
  const r = spawnSync(process.execPath, [webpack, '--mode', 'development', '--env', 'preview', '--env', `out=${dir}`], { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`preview build failed:\n${r.stdout}\n${r.stderr}`);
}

function serve(dir) {
  const server = http.createServer((req, res) => {
    const file = path.join(dir, path.normalize(decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname)).replace(/^[/\\]+/, '') || 'index.html');
    if (!file.startsWith(dir) || !fs.existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The pane's content (not the empty pane below it), at most the window's height. */
async function shoot(page, name) {
  await page.getByTestId('task').waitFor({ state: 'detached' });
  const box = await page.getByTestId('app-title').evaluate((title) => {
    const pane = document.querySelector('[data-testid="pane"]').getBoundingClientRect();
    const content = title.parentElement.parentElement.getBoundingClientRect();
    // clientWidth: without the preview's border between the pane and the workbook.
    return { x: pane.x, y: pane.y, width: document.querySelector('[data-testid="pane"]').clientWidth, height: Math.min(content.bottom + 8, pane.bottom) - pane.y };
  });
  await page.screenshot({ path: path.join(outDir, name), clip: box });
  console.log(`${path.relative(repoRoot, path.join(outDir, name))}: ${Math.round(box.width)} × ${Math.round(box.height)}`);
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjie-shots-'));
  buildPreview(dir);
  const server = await serve(dir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  try {
    fs.mkdirSync(outDir, { recursive: true });
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
    await page.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
    await page.goto(`http://127.0.0.1:${server.address().port}/index.html?units=40`);
    await page.getByTestId('register-location').waitFor();

    await page.getByTestId('register-validate').click();
    await page.getByTestId('issue-counts').waitFor();
    await shoot(page, 'register.png');

    await page.getByTestId('tab-progress').click();
    await page.getByTestId('progress-week').fill('2026-W47');
    await page.getByTestId('progress-generate').click();
    await page.getByTestId('progress-done').waitFor();
    await shoot(page, 'progress.png');

    await page.getByTestId('tab-title').click();
    await page.getByTestId('title-create').click();
    await page.getByTestId('title-done').waitFor();
    await page.getByTestId('title-validate').click();
    await page.getByTestId('tabpanel-title').getByTestId('issue-counts').waitFor();
    await shoot(page, 'title-search.png');

    await page.getByTestId('tab-fees').click();
    await page.getByTestId('fees-compute').click();
    await page.getByTestId('fees-underpaid').waitFor();
    await shoot(page, 'fees.png');

    await page.getByTestId('tab-signoff').click();
    await page.getByTestId('panel-signoff').locator('input[type=checkbox]').first().waitFor();
    await shoot(page, 'signoff.png');
  } finally {
    await browser.close();
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
