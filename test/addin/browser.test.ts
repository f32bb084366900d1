/**
 * The task pane in headless Chromium against the in-memory workbook (the preview build):
 * register → validate → progress → title search → fees, asserting what the pane shows and
 * what the workbook holds. Nothing may be fetched from outside 127.0.0.1. Screenshots go to
 * test-artifacts/addin/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(__dirname, '../..');
const artifacts = path.join(repoRoot, 'test-artifacts', 'addin');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let outDir = '';
let server: http.Server;
let base = '';
let browser: Browser;
const outside: string[] = [];

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.png': 'image/png', '.map': 'application/json' };

beforeAll(async () => {
  outDir = mkdtempSync(path.join(tmpdir(), 'anjie-pane-'));
  const build = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/webpack/bin/webpack.js'), '--mode', 'development', '--env', 'preview', '--env', `out=${outDir}`], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`preview build failed:\n${build.stdout}\n${build.stderr}`);
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const file = path.join(outDir, path.normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '') || 'index.html');
    if (!file.startsWith(outDir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (Debian: apt-get install chromium)`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  mkdirSync(artifacts, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r) : r(null)));
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

async function open(query: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === '127.0.0.1') return route.continue();
    outside.push(u.href);
    return route.abort();
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/index.html${query}`);
  await page.getByTestId('app-title').waitFor();
  (page as Page & { errors: string[] }).errors = errors;
  return page;
}

/** Reads the in-memory workbook inside the page. */
function workbook<T>(page: Page, fn: string): Promise<T> {
  return page.evaluate(`(() => { const fake = window.__anjie.fake; ${fn} })()`) as Promise<T>;
}

async function idle(page: Page): Promise<void> {
  await page.getByTestId('task').waitFor({ state: 'detached' });
}

type Held = { __anjie: { host: { run: (...args: unknown[]) => Promise<unknown> } }; __release?: () => void };

/** Holds the pane's Excel batches until release(): the running task stays on screen to be read. */
async function holdExcel(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as Held;
    const host = w.__anjie.host;
    const run = host.run;
    const gate = new Promise<void>((resolve) => {
      w.__release = () => {
        host.run = run;
        resolve();
      };
    });
    host.run = (...args: unknown[]) => gate.then(() => run(...args));
  });
}

async function release(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as Held).__release!());
  await idle(page);
}

/** What a running task says it is doing, read while the task is held. */
async function busyLabel(page: Page, button: string): Promise<string> {
  await holdExcel(page);
  await page.getByTestId(button).click();
  const label = (await page.getByTestId('task').locator('span').first().textContent()) ?? '';
  await release(page);
  return label.trim();
}

/** The data-testid of the live region (aria-live) an element is in, its politeness, or null when it is in none. */
function liveRegionOf(page: Page, testId: string, nth = 0): Promise<{ id: string | null; live: string | null; role: string | null } | null> {
  return page
    .getByTestId(testId)
    .nth(nth)
    .evaluate((e) => {
      const r = e.closest('[aria-live]');
      return r && { id: r.getAttribute('data-testid'), live: r.getAttribute('aria-live'), role: r.getAttribute('role') };
    });
}

describe('task pane in a browser (in-memory Excel)', () => {
  it('says what a run is doing, has screen readers read its result, and a new run replaces the last one’s result', async () => {
    const page = await open('?units=40');
    await page.getByTestId('register-location').waitFor();
    // 台账: the region is there, empty, before anything ran (one created with its text is often not read).
    const region = page.getByTestId('register-result');
    expect(await region.evaluate((e) => [e.getAttribute('role'), e.getAttribute('aria-live'), e.textContent])).toEqual(['status', 'polite', '']);
    await region.evaluate((e) => ((e as HTMLElement).dataset.mounted = 'before the run'));
    expect(await busyLabel(page, 'register-validate')).toBe('正在校验台账并标出问题单元格…');
    expect(await region.evaluate((e) => (e as HTMLElement).dataset.mounted)).toBe('before the run');
    // The summary and the counts are read out; the problems themselves are not, one by one.
    expect(await liveRegionOf(page, 'register-summary')).toEqual({ id: 'register-result', live: 'polite', role: 'status' });
    expect(await liveRegionOf(page, 'issue-counts')).toEqual({ id: 'register-result', live: 'polite', role: 'status' });
    expect(await liveRegionOf(page, 'issue')).toBeNull();

    // 进度表: written, then a run for a week that does not exist fails: its error replaces the 已生成 line.
    await page.getByTestId('tab-progress').click();
    await page.getByTestId('progress-week').fill('2026-W47');
    expect(await busyLabel(page, 'progress-generate')).toBe('正在写入进度表…');
    expect(await liveRegionOf(page, 'progress-done')).toEqual({ id: 'progress-result', live: 'polite', role: 'status' });
    // Typing is not read out.
    expect(await liveRegionOf(page, 'progress-week')).toBeNull();
    await page.getByTestId('progress-week').fill('2026-W99');
    await page.getByTestId('progress-generate').click();
    await idle(page);
    await expect(page.getByTestId('error').textContent()).resolves.toContain('2026 年没有第 99 周');
    expect(await page.getByTestId('progress-done').count()).toBe(0);
    expect(await liveRegionOf(page, 'error')).toEqual({ id: 'run-outcome', live: 'polite', role: 'status' });

    // 查册: validating replaces what creating said.
    await page.getByTestId('tab-title').click();
    expect(await busyLabel(page, 'title-create')).toBe('正在创建查册表和查册汇总…');
    await page.getByTestId('title-done').waitFor();
    expect(await busyLabel(page, 'title-validate')).toBe('正在校验填好的查册表…');
    expect(await page.getByTestId('title-done').count()).toBe(0);
    expect(await liveRegionOf(page, 'issue-counts', 1)).toEqual({ id: 'title-result', live: 'polite', role: 'status' });

    // 费用: the totals are read out, not the 少收 list. A 住宅 without 家庭住房套数 has a deed tax that cannot be computed.
    await workbook(
      page,
      `const s = fake.sheet('按揭台账'); const h = s.rows[0].map((c) => c && c.v); const r = s.rows.findIndex((row, i) => i > 0 && row && row[h.indexOf('用途')]?.v === '住宅'); s.ensure(r, h.indexOf('家庭住房套数')).v = '';`,
    );
    await page.getByTestId('tab-fees').click();
    expect(await busyLabel(page, 'fees-compute')).toBe('正在计算费用并写入费用台账…');
    // Its heading is a finished sentence, as the other panels' are, in either language.
    await expect(page.getByTestId('fees-problems-head').textContent()).resolves.toMatch(/^无法计算的费用与台账错误、警告：.*改正台账后重新计算。$/);
    await page.getByTestId('lang-switch').click();
    await expect(page.getByTestId('fees-problems-head').textContent()).resolves.toMatch(/^Fees that could not be computed.*Correct the register and compute again\.$/);
    await page.getByTestId('lang-switch').click();
    expect(await liveRegionOf(page, 'fees-done')).toEqual({ id: 'fees-result', live: 'polite', role: 'status' });
    expect(await liveRegionOf(page, 'fees-underpaid-head')).toEqual({ id: 'fees-balances', live: 'polite', role: 'status' });
    expect(await liveRegionOf(page, 'underpaid')).toBeNull();

    // 签核: signed, verified, then a signature refused: neither 已签核 nor 签核有效 stays beside the refusal.
    await page.getByTestId('tab-signoff').click();
    await page.getByTestId('signoff-name').fill('李专员');
    await page.getByTestId('signoff-sign').click();
    await idle(page);
    await page.getByTestId('signoff-reason').fill('两户资料待补');
    expect(await busyLabel(page, 'signoff-sign')).toBe('正在签核并保护工作表…');
    await page.getByTestId('signoff-message').waitFor();
    expect(await busyLabel(page, 'signoff-verify')).toBe('正在核验签名…');
    expect(await page.getByTestId('signoff-message').count()).toBe(0);
    expect(await liveRegionOf(page, 'signoff-intact')).toEqual({ id: 'signoff-verify-result', live: 'polite', role: 'status' });
    await page.getByTestId('signoff-name').fill('王经理');
    await page.getByTestId('signoff-sign').click();
    await idle(page);
    await expect(page.getByTestId('error').textContent()).resolves.toContain('不能签核');
    expect(await page.getByTestId('signoff-intact').count()).toBe(0);
    expect(await page.getByTestId('signoff-message').count()).toBe(0);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('validates the register, writes progress, title-search and fee sheets, all in Chinese', async () => {
    const page = await open('?units=40');
    // 台账: the register is found; validation lists the planted problems and highlights their cells.
    await expect(page.getByTestId('app-title').textContent()).resolves.toBe('安杰按揭助手');
    await page.getByTestId('register-location').waitFor();
    await expect(page.getByTestId('register-location').textContent()).resolves.toContain('按揭台账');
    await page.getByTestId('register-validate').click();
    await idle(page);
    await page.getByTestId('issues').waitFor();
    const issueCells = await page.getByTestId('issue').evaluateAll((els) => els.map((e) => e.getAttribute('data-cell')).filter(Boolean));
    expect(issueCells.length).toBeGreaterThanOrEqual(3);
    expect(await page.getByTestId('issue-counts').textContent()).toMatch(/\d+ 错误/);
    const filled = await workbook<string[]>(
      page,
      `const s = fake.sheet('按揭台账'); const out = []; s.rows.forEach((row, r) => row && row.forEach((c, k) => c && c.fill && out.push('按揭台账!' + fake.colLetter(k) + (r + 1)))); return out;`,
    );
    expect(new Set(filled)).toEqual(new Set(issueCells));
    await page.screenshot({ path: path.join(artifacts, '1-register-validate.png') });

    // Tabbing from 校验台账 reaches the first problem, and its focus ring shows where the keyboard is.
    await page.getByTestId('register-validate').focus();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const e = document.activeElement as HTMLElement;
      return { id: e.getAttribute('data-testid'), outline: getComputedStyle(e).outlineStyle };
    });
    expect(focused.id).toBe('issue');
    expect(focused.outline).not.toBe('none');

    // Clicking an issue selects its cell.
    await page.getByTestId('issue').first().click();
    await idle(page);
    const sel = await workbook<{ row: number; col: number }>(page, `return fake.state.selection.box;`);
    expect(`按揭台账!${String.fromCharCode(65 + sel.col)}${sel.row + 1}`).toBe(issueCells[0]);

    // 进度表: this week by default; generate.
    await page.getByTestId('tab-progress').click();
    await page.getByTestId('progress-week').waitFor();
    expect(await page.getByTestId('progress-week').inputValue()).toMatch(/^\d{4}-W\d{2}$/);
    await page.getByTestId('progress-week').fill('2026-W47');
    await page.getByTestId('progress-generate').click();
    await idle(page);
    await expect(page.getByTestId('progress-done').textContent()).resolves.toContain('按揭进度表');
    // What was written and the next step (signing), not the add-in's round-trip count.
    await expect(page.getByTestId('progress-done').textContent()).resolves.toMatch(/^已生成进度表：按揭进度表（滨江花园，2026-W47，\d+ 行）。请核对后到“签核”页签核/);
    const progressTitle = await workbook<string>(page, `return String(fake.sheet('按揭进度表').cell(0, 0).v);`);
    expect(progressTitle).toContain('2026-W47');
    await expect(page.locator('[data-testid="sheet-table"][data-sheet="按揭进度表"]').textContent()).resolves.toContain('合计');
    await page.screenshot({ path: path.join(artifacts, '2-progress.png') });

    // 查册: all units past 抵押登记 (the default stage). The other scope is in the text colour too, not greyed as if it could not be chosen.
    await page.getByTestId('tab-title').click();
    const scopeColor = (id: string) => page.getByTestId(id).evaluate((e) => getComputedStyle(e.closest('.fui-Radio')!.querySelector('label')!).color);
    expect(await scopeColor('title-scope-selected')).toBe(await scopeColor('title-scope-stage'));
    await page.getByTestId('title-create').click();
    await idle(page);
    await expect(page.getByTestId('title-done').textContent()).resolves.toMatch(/^已创建查册表：\d+ 张，汇总见“查册汇总”。在各户查册表中填好查册结果后，点“校验查册表”。$/);
    const names = await workbook<string[]>(page, `return fake.sheetNames();`);
    expect(names).toContain('查册汇总');
    expect(names.filter((n) => /^\d+-\d+-\d+$/.test(n)).length).toBeGreaterThan(0);
    await page.getByTestId('title-validate').click();
    await idle(page);
    await page.screenshot({ path: path.join(artifacts, '3-title-search.png') });

    // A look at 签核 before the fee sheets exist: on coming back they are ticked (checked below).
    await page.getByTestId('tab-signoff').click();
    await page.getByTestId('panel-signoff').locator('input[type=checkbox]').first().waitFor();

    // 费用: compute for the first city; the underpaid list is shown and written.
    await page.getByTestId('tab-fees').click();
    await page.getByTestId('fees-compute').click();
    await idle(page);
    await page.getByTestId('fees-underpaid').waitFor();
    const underpaid = await page.getByTestId('underpaid').count();
    expect(underpaid).toBeGreaterThan(0);
    const balances = await workbook<number>(page, `return fake.sheet('少收名单').rows.length;`);
    expect(balances).toBeGreaterThan(underpaid);
    // How many, how much (¥, thousands separators) and on which sheet.
    const head = (await page.getByTestId('fees-underpaid-head').textContent()) ?? '';
    expect(head).toMatch(/^少收 \d+ 户，合计 ¥\d{1,3}(,\d{3})*\.\d{2}，需通知买受人补缴，见工作表“少收名单”。$/);
    expect(head).toContain(`少收 ${underpaid} 户`);
    // Clicking a buyer goes to the row on 少收名单.
    const target = await page.getByTestId('underpaid').nth(1).locator('button').getAttribute('data-cell');
    expect(target).toMatch(/^少收名单!C\d+$/);
    await page.getByTestId('underpaid').nth(1).locator('button').click();
    await idle(page);
    const at = await workbook<{ sheet: string; row: number; col: number }>(page, `const s = fake.state.selection; return { sheet: fake.state.sheets.find((x) => x.id === s.sheetId).name, row: s.box.row, col: s.box.col };`);
    expect(`${at.sheet}!${String.fromCharCode(65 + at.col)}${at.row + 1}`).toBe(target);
    await page.screenshot({ path: path.join(artifacts, '4-fees.png') });
    // Computed for Guangzhou, the tab opens on Guangzhou next time (the workbook remembers its city).
    await page.getByTestId('fees-city').selectOption('guangzhou');
    await page.getByTestId('fees-compute').click();
    await idle(page);
    // Collected at Beijing's rates, Guangzhou's are lower: the pane says who is owed a refund, and where.
    await expect(page.getByTestId('fees-overpaid').textContent()).resolves.toMatch(/^多收 \d+ 户，需办理退还，见工作表“多收名单”。$/);
    await page.getByTestId('tab-title').click();
    // The tab left keeps what it showed: 查册's last result (the validation's) is still there, and so is 费用's on coming back.
    await expect(page.getByTestId('tabpanel-title').getByTestId('issue-counts').textContent()).resolves.toMatch(/^\d+ 错误/);
    await page.getByTestId('tab-fees').click();
    await expect.poll(() => page.getByTestId('fees-city').inputValue()).toBe('guangzhou');
    await expect(page.getByTestId('fees-overpaid').textContent()).resolves.toMatch(/^多收 \d+ 户，需办理退还/);

    // 签核: the sign-off panel (issue 8) loads in its tab.
    await page.getByTestId('tab-signoff').click();
    await page.getByTestId('panel-signoff').waitFor();
    // With every sheet unticked there is nothing to sign: the button is off and the pane says why.
    await page.getByTestId('signoff-name').fill('王经理');
    const boxes = page.getByTestId('panel-signoff').locator('input[type=checkbox]');
    await boxes.first().waitFor();
    expect(await boxes.count()).toBeGreaterThan(1);
    // Ticked at first: the reports, not the register the desk keeps editing (signing protects it).
    const ticked = new Map(await boxes.evaluateAll((els) => els.map((e) => [e.closest('.fui-Checkbox')?.textContent ?? '', (e as HTMLInputElement).checked] as [string, boolean])));
    // The per-unit 查册表 under one box, 各户查册表（n 张）, not one box each.
    const unitSheets = names.filter((n) => /^\d+-\d+-\d+$/.test(n));
    expect([ticked.get('按揭台账'), ticked.get('按揭进度表'), ticked.get('费用台账'), ticked.get(`各户查册表（${unitSheets.length} 张）`), ticked.has('1-1-201')]).toEqual([false, true, true, false, false]);
    for (const box of await boxes.all()) await box.uncheck();
    expect(await page.getByTestId('signoff-sign').isDisabled()).toBe(true);
    await page.getByTestId('signoff-none-chosen').waitFor();
    await boxes.nth(1).check();
    // An unticked sheet's name is in the same text colour as a ticked one's: Fluent's grey read as "cannot be chosen".
    const labelColor = (k: number) => boxes.nth(k).evaluate((e) => getComputedStyle(e.closest('.fui-Checkbox')!.querySelector('label')!).color);
    expect(await labelColor(0)).toBe(await labelColor(1));
    expect(await page.getByTestId('signoff-sign').isEnabled()).toBe(true);
    expect(await page.getByTestId('signoff-none-chosen').count()).toBe(0);

    // Back on 台账, the validation's problem list is as it was left.
    await page.getByTestId('tab-register').click();
    expect(await page.getByTestId('tabpanel-register').getByTestId('issue').evaluateAll((els) => els.map((e) => e.getAttribute('data-cell')).filter(Boolean))).toEqual(issueCells);

    expect(await page.getByTestId('error').count()).toBe(0);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    expect(outside).toEqual([]);
    await page.close();
  });

  it('refuses to sign a register with errors even when nobody validated it in the pane, and lists them', async () => {
    const page = await open('?units=40');
    await page.getByTestId('tab-signoff').click();
    await page.getByTestId('signoff-name').fill('王经理');
    await page.getByTestId('signoff-sign').click();
    await idle(page);
    const refused = await page.getByTestId('error').textContent();
    const n = refused?.match(/仍有 (\d+) 个校验错误，不能签核/)?.[1];
    expect(Number(n), refused ?? '').toBeGreaterThan(0);
    // It says where the errors are listed and how to sign anyway, and the keyboard is on that field.
    expect(refused).toContain('这些错误列在“台账”页');
    expect(refused).toContain('请在下方“仍要签核的原因”栏写明原因');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('signoff-reason');
    // The reason field appears, with the count the check found (said once); the 台账 tab lists the errors.
    await page.getByTestId('signoff-reason').waitFor();
    await expect(page.getByTestId('panel-signoff').textContent()).resolves.toContain(`${n} 个校验错误未解决，请写明仍要签核的原因（必填，记入签核记录）`);
    await page.getByTestId('tab-register').click();
    expect(await page.getByTestId('issue').count()).toBeGreaterThanOrEqual(Number(n));
    await page.getByTestId('tab-signoff').click();
    await page.getByTestId('signoff-name').fill('王经理');
    const records = await workbook<number>(page, `return fake.sheetNames().filter((n) => n.startsWith('_anjie')).length;`);
    expect(records).toBe(0);
    // With a reason recorded, the manager may sign anyway.
    await page.getByTestId('signoff-reason').fill('两户资料待补，经理已知悉');
    await page.getByTestId('signoff-sign').click();
    await idle(page);
    await page.getByTestId('signoff-message').waitFor();
    // The next signature is someone else's: the signer's name and override reason are not left for the next one to sign under.
    expect(await page.getByTestId('signoff-name').inputValue()).toBe('');
    expect(await page.getByTestId('signoff-reason').inputValue()).toBe('');
    expect(await page.getByTestId('signoff-sign').isDisabled()).toBe(true);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('says on the 签核 button, before it is pressed, that the register has errors open, and offers the reason field to sign anyway', async () => {
    const page = await open('?units=40');
    await page.getByTestId('tab-signoff').click();
    const button = page.getByTestId('signoff-sign');
    // Nobody validated in the pane: the panel reads the register itself, as 签核 does when pressed.
    await expect.poll(() => button.textContent(), { timeout: 10_000 }).toMatch(/^签核（台账有 \d+ 个错误）$/);
    const n = Number((await button.textContent())!.match(/(\d+) 个错误/)![1]);
    await page.getByTestId('signoff-name').fill('王经理');
    expect(await button.isEnabled()).toBe(true);
    expect(await page.getByTestId('signoff-reason').isVisible()).toBe(true);
    // A screen reader hears where the errors are and how to sign anyway, with the button.
    const described = await button.evaluate((e) => document.getElementById(e.getAttribute('aria-describedby') ?? '')?.textContent ?? '');
    expect(described).toContain(`台账有 ${n} 个校验错误`);
    expect(described).toContain('“台账”页');
    expect(described).toContain('仍要签核的原因');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => button.textContent()).toBe(`Sign (the register has ${n} errors)`);
    await page.getByTestId('lang-switch').click();
    // The count is the one 校验台账 finds on the 台账 tab.
    await page.getByTestId('tab-register').click();
    await page.getByTestId('register-validate').click();
    await idle(page);
    expect(await page.getByTestId('issue-counts').textContent()).toMatch(new RegExp(`^${n} 错误`));
    // With a reason, the manager signs over them.
    await page.getByTestId('tab-signoff').click();
    await page.getByTestId('signoff-reason').fill('两户资料待补，经理已知悉');
    await button.click();
    await idle(page);
    await expect(page.getByTestId('signoff-message').textContent()).resolves.toContain('王经理');
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('says what a running task is doing in the language the pane is switched to while it runs', async () => {
    const page = await open('?units=20');
    await page.getByTestId('register-location').waitFor();
    await holdExcel(page);
    await page.getByTestId('register-validate').click();
    const label = page.getByTestId('task').locator('span').first();
    const bar = page.getByTestId('task').getByRole('progressbar');
    await expect.poll(() => label.textContent()).toBe('正在校验台账并标出问题单元格…');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => label.textContent()).toBe('Validating the register and marking problem cells…');
    expect(await bar.getAttribute('aria-label')).toBe('Validating the register and marking problem cells…');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => label.textContent()).toBe('正在校验台账并标出问题单元格…');
    await release(page);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('signs as 制表 then 审核, refuses to overwrite the signed fee sheets until asked, verifies, and unseals', async () => {
    const page = await open('?units=200');
    const errors = (page as Page & { errors: string[] }).errors;
    await page.getByTestId('tab-fees').click();
    await page.getByTestId('fees-compute').click();
    await idle(page);
    // A long 少收名单 is not all listed in the pane: the rest are on the sheet, and the pane says how many.
    await page.getByTestId('fees-underpaid-head').waitFor();
    const owed = Number((await page.getByTestId('fees-underpaid-head').textContent())?.match(/^少收 (\d+) 户/)?.[1]);
    expect(owed).toBeGreaterThan(50);
    expect(await page.getByTestId('underpaid').count()).toBe(50);
    await expect(page.getByTestId('underpaid-more').textContent()).resolves.toBe(`… 另有 ${owed - 50} 户，见工作表“少收名单”`);

    await page.getByTestId('tab-signoff').click();
    await page.getByTestId('signoff-name').fill('李专员');
    await page.getByTestId('signoff-sign').click();
    await idle(page);
    await page.getByTestId('signoff-reason').fill('两户资料待补');
    await page.getByTestId('signoff-sign').click();
    await idle(page);
    await expect(page.getByTestId('signoff-message').textContent()).resolves.toContain('制表 李专员');
    await expect(page.getByTestId('signoff-scope').textContent()).resolves.toMatch(/^签核范围：.*费用台账.*（签字栏除外）$/);
    // The manager signs 审核 under his own name and reason.
    await page.getByTestId('signoff-name').fill('王经理');
    await page.getByTestId('signoff-reason').fill('已核对，资料补齐后更正');
    await page.getByTestId('signoff-sign').click();
    await idle(page);
    await expect(page.getByTestId('signoff-message').textContent()).resolves.toContain('审核 王经理');
    const active = await page.getByTestId('signoff-record').allTextContents();
    expect(active.slice(0, 2)).toEqual([expect.stringMatching(/^制表 李专员 .*两户资料待补$/), expect.stringMatching(/^审核 王经理 .*已核对，资料补齐后更正$/)]);
    await page.getByTestId('signoff-verify').click();
    await idle(page);
    await page.getByTestId('signoff-intact').waitFor();

    // Computing the fees again would overwrite signed sheets: refused, and the pane offers the explicit choice.
    await page.getByTestId('tab-fees').click();
    await page.getByTestId('fees-city').selectOption('guangzhou');
    await page.getByTestId('fees-compute').click();
    await idle(page);
    await expect(page.getByTestId('error').textContent()).resolves.toContain('已签核');
    await page.getByTestId('fees-overwrite-signed').check();
    await page.getByTestId('fees-compute').click();
    await idle(page);
    expect(await page.getByTestId('error').count()).toBe(0);

    await page.getByTestId('tab-signoff').click();
    await page.getByTestId('signoff-verify').click();
    await idle(page);
    await page.getByTestId('signoff-changed').waitFor();
    expect(await page.getByTestId('signoff-change').count()).toBeGreaterThan(0);
    await expect(page.getByTestId('signoff-unseal-what').textContent()).resolves.toContain('撤销后，当前全部签核失效');
    await page.getByTestId('signoff-unseal-name').fill('王经理');
    await page.getByTestId('signoff-unseal-reason').fill('按广州费率重算');
    await page.getByTestId('signoff-unseal').click();
    await idle(page);
    await page.getByTestId('signoff-unsigned').waitFor();
    // The unsealed records still show their roles (an outline badge in 'subtle' was white on white).
    const badges = await page.getByTestId('signoff-record').evaluateAll((els) =>
      els.map((e) => {
        const b = e.querySelector('.fui-Badge') as HTMLElement;
        return { text: b.textContent, color: getComputedStyle(b).color };
      }),
    );
    expect(badges.map((b) => b.text)).toEqual(['制表', '审核']);
    for (const b of badges) expect(b.color).not.toMatch(/^rgb\(255, 255, 255\)$/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says a register the person protected is protected, not signed, and how to get its cells marked', async () => {
    const page = await open('?units=20');
    await page.getByTestId('register-location').waitFor();
    await workbook(page, `fake.sheet('按揭台账').protection = { protected: true, password: null };`);
    await page.getByTestId('register-validate').click();
    await idle(page);
    const summary = (await page.getByTestId('register-summary').textContent()) ?? '';
    expect(summary).toContain('受保护的工作表');
    expect(summary).toContain('撤销工作表保护后再校验');
    expect(summary).not.toContain('受保护（已签核）');
    await page.close();
  });

  it('offers 覆盖已签核 for a signed 查册表 of the old layout, which 校验查册表 names, and 创建查册表 rewrites it once ticked', async () => {
    const page = await open('?units=20');
    const errors = (page as Page & { errors: string[] }).errors;
    await page.getByTestId('tab-title').click();
    await page.getByTestId('title-create').click();
    await idle(page);
    const unit = await workbook<string>(page, `return fake.sheetNames().find((n) => /^\\d+-\\d+-\\d+$/.test(n));`);
    expect(unit).toBeTruthy();
    // As the pane made it before: 5 rows for 权利限制 (7 of its 12 taken out, what was below them moved up).
    await workbook(
      page,
      `const s = fake.sheet(${JSON.stringify(unit)}); const cut = s.rows.findIndex((r) => r && r[0] && r[0].v === '序号') + 6; const n = 7;
       s.rows.splice(cut, n); const up = (b) => { if (b.row >= cut + n) b.row -= n; };
       s.merges.forEach(up); s.validations.forEach((v) => up(v.box)); s.conditionalFormats.forEach((c) => up(c.box));
       s.rowHeights = new Map([...s.rowHeights].filter(([r]) => r < cut || r >= cut + n).map(([r, h]) => [r >= cut ? r - n : r, h]));`,
    );
    const tableRows = () => workbook<number>(page, `const s = fake.sheet(${JSON.stringify(unit)}); const at = (l) => s.rows.findIndex((r) => r && r[0] && r[0].v === l); return at('结论：') - at('序号') - 2;`);
    expect(await tableRows()).toBe(5);

    // The manager signs that sheet alone.
    await page.getByTestId('tab-signoff').click();
    await page.getByTestId('signoff-name').fill('王经理');
    const boxes = page.getByTestId('panel-signoff').getByRole('checkbox');
    // The per-unit 查册表 are one box (各户查册表): opened to tick this one alone.
    await page.getByTestId('signoff-group-toggle').click();
    await page.getByTestId('panel-signoff').getByRole('checkbox', { name: unit, exact: true }).waitFor({ state: 'attached' });
    await page.waitForTimeout(300); // the sheets it reads on opening tick the reports; then the choice is the person's
    const labels = await boxes.evaluateAll((els) => els.map((e) => e.closest('.fui-Checkbox')?.textContent ?? ''));
    for (let i = 0; i < labels.length; i++) if (!labels[i].startsWith('各户查册表')) await boxes.nth(i).setChecked(labels[i] === unit);
    await page.getByTestId('signoff-sign').click();
    await idle(page);
    // Signing over the sample's open problems takes a reason.
    if (await page.getByTestId('signoff-reason').count()) {
      await page.getByTestId('signoff-reason').fill('旧表，待补查');
      await page.getByTestId('signoff-sign').click();
      await idle(page);
    }
    await expect(page.getByTestId('signoff-message').textContent()).resolves.toContain('王经理');

    // 校验查册表 says it is old and signed, and the choice to overwrite it is there to tick.
    await page.getByTestId('tab-title').click();
    await page.getByTestId('title-validate').click();
    await idle(page);
    expect(await page.getByTestId('title-notice').allTextContents()).toContain(`以下旧版查册表已签核，已照常校验；“创建查册表”不会重写已签核的表，如需更多行，请勾选“覆盖已签核”后再生成（须重新签核）：${unit}`);
    expect(await page.getByTestId('title-overwrite-signed').count()).toBe(1);
    // Created without it ticked: the sheet is left, and the choice is still offered.
    await page.getByTestId('title-create').click();
    await idle(page);
    expect(await page.getByTestId('title-notice').allTextContents()).toContain(`以下旧版查册表已签核，未重写，权利限制仍只有 5 行；如需更多行，请勾选“覆盖已签核”后再生成：${unit}`);
    expect(await tableRows()).toBe(5);
    expect(await page.getByTestId('title-overwrite-signed').count()).toBe(1);
    await page.getByTestId('title-overwrite-signed').check();
    await page.getByTestId('title-create').click();
    await idle(page);
    expect(await page.getByTestId('title-notice').allTextContents()).toContain(`权利限制行数不够的旧版查册表已按现行格式重写（所填内容不变）：${unit}`);
    expect(await tableRows()).toBe(12);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('offers the per-unit 查册表 as one choice, 各户查册表（n 张）, ticking all or some of them, opened to tick single ones, and signs what is ticked', async () => {
    const page = await open('?units=240');
    // A 查册表 for each of the 240 units, in short (the 查册 tab takes a minute for so many here): what tells one is the 房号： in column A.
    const units = await workbook<string[]>(
      page,
      `const names = Array.from({ length: 240 }, (_, k) => '1-' + (1 + Math.floor(k / 60)) + '-' + (201 + (k % 60)));
       for (const n of names) fake.seed(n, { row: 0, col: 0 }, [['查册表'], ['项目：', '滨江花园'], ['房号：', n], ['结论：', '正常']]);
       fake.seed('查册汇总', { row: 0, col: 0 }, [['查册汇总'], ['序号', '房号']]);
       return names;`,
    );
    const others = (await workbook<string[]>(page, `return fake.state.sheets.filter((s) => s.visibility === 'Visible').map((s) => s.name);`)).filter((n) => !units.includes(n));

    await page.getByTestId('tab-signoff').click();
    await page.getByTestId('signoff-name').fill('王经理');
    const panel = page.getByTestId('panel-signoff');
    const group = panel.getByRole('checkbox', { name: `各户查册表（${units.length} 张）`, exact: true });
    await group.waitFor();
    // One box for them all beside one per other sheet; the 签核 button within the window, not thousands of pixels below.
    expect(await panel.getByRole('checkbox').count()).toBe(others.length + 1);
    expect(await panel.getByRole('checkbox', { name: units[0], exact: true }).count()).toBe(0);
    expect(await page.getByTestId('signoff-sign').evaluate((e) => e.getBoundingClientRect().bottom)).toBeLessThan(3000);
    const tri = () => group.evaluate((e) => ((e as HTMLInputElement).indeterminate ? 'mixed' : (e as HTMLInputElement).checked));
    // Not ticked at first, as before (signing protects them); the keyboard ticks all of them.
    expect(await tri()).toBe(false);
    await group.focus();
    await page.keyboard.press('Space');
    expect(await tri()).toBe(true);
    // Opened by the keyboard (shut at first), one box per unit, every one ticked; one unticked makes the group mixed.
    const more = page.getByTestId('signoff-group-toggle');
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    await more.focus();
    await page.keyboard.press('Enter');
    expect(await more.getAttribute('aria-expanded')).toBe('true');
    const list = page.locator(`[id="${await more.getAttribute('aria-controls')}"]`);
    const single = list.getByRole('checkbox');
    expect(await single.evaluateAll((els) => els.map((e) => e.closest('.fui-Checkbox')?.textContent ?? ''))).toEqual(units);
    expect(await single.evaluateAll((els) => els.every((e) => (e as HTMLInputElement).checked))).toBe(true);
    await list.getByRole('checkbox', { name: units[1], exact: true }).uncheck();
    expect(await tri()).toBe('mixed');
    // Mixed, the group ticks all again; ticked, it unticks all; the one unticked again, mixed.
    await group.click();
    expect(await tri()).toBe(true);
    await group.click();
    expect(await tri()).toBe(false);
    expect(await single.evaluateAll((els) => els.some((e) => (e as HTMLInputElement).checked))).toBe(false);
    await group.click();
    await list.getByRole('checkbox', { name: units[1], exact: true }).uncheck();

    // What is signed is what is ticked: the sheets ticked as the panel opened, and every unit but one.
    const ticked = await panel.getByRole('checkbox').evaluateAll((els) => els.filter((e) => (e as HTMLInputElement).checked).map((e) => e.closest('.fui-Checkbox')?.textContent ?? ''));
    const chosen = ticked.filter((label) => !label.startsWith('各户查册表'));
    expect(chosen.filter((n) => units.includes(n))).toEqual(units.filter((n) => n !== units[1]));
    await page.getByTestId('signoff-sign').click();
    await idle(page);
    if (await page.getByTestId('signoff-reason').count()) {
      await page.getByTestId('signoff-reason').fill('已核对查册结果');
      await page.getByTestId('signoff-sign').click();
      await idle(page);
    }
    await expect(page.getByTestId('signoff-message').textContent()).resolves.toContain('王经理');
    const scope = ((await page.getByTestId('signoff-scope').textContent()) ?? '').replace(/^签核范围：/, '').replace(/（签字栏除外）$/, '');
    expect(new Set(scope.split('、'))).toEqual(new Set(chosen));
    expect(await workbook<boolean>(page, `return fake.sheet(${JSON.stringify(units[1])}).protection.protected;`)).toBe(false);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('fits its five tabs on one row of a 350 px pane, in English and in Chinese', async () => {
    const page = await open('?units=20&lang=en-US');
    await page.getByTestId('pane').evaluate((e) => Object.assign((e as HTMLElement).style, { width: '350px', flex: '0 0 350px' }));
    const tabs = page.getByTestId('pane').getByRole('tab');
    const rows = () => tabs.evaluateAll((els) => new Set(els.map((e) => Math.round(e.getBoundingClientRect().top))).size);
    const fontSize = () => tabs.first().locator('span').first().evaluate((e) => getComputedStyle(e).fontSize);
    expect(await tabs.evaluateAll((els) => els.map((e) => e.querySelector('.fui-Tab__content')?.textContent))).toEqual(['Register', 'Progress', 'Titles', 'Fees', 'Sign-off']);
    expect(await rows()).toBe(1);
    await page.getByTestId('lang-switch').click();
    await expect(page.getByTestId('app-title').textContent()).resolves.toBe('安杰按揭助手');
    expect(await rows()).toBe(1);
    // The Chinese labels keep their size: only the English ones were made smaller to fit.
    expect(await fontSize()).toBe('14px');
    await page.close();
  });

  it('starts in English when Office is English, creates a register in an empty workbook, and switches to Chinese', async () => {
    const page = await open('?empty=1&lang=en-US');
    await expect(page.getByTestId('app-title').textContent()).resolves.toBe('Anjie mortgage desk');
    await page.getByTestId('register-none').waitFor();
    await page.getByTestId('register-create').click();
    await idle(page);
    // The new register (English headers) is found again by its header row.
    await page.getByTestId('register-location').waitFor();
    await expect(page.getByTestId('register-location').textContent()).resolves.toContain('Register');
    // The pressed button is gone with the register made: the keyboard is on the next step, 校验台账, not lost to the page.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('register-validate');
    const sheet = await workbook<{ validations: number; frozen: number; tables: string[] }>(
      page,
      `const s = fake.sheet(fake.sheetNames().find((n) => n !== 'Sheet1')); return { validations: s.validations.length, frozen: s.freeze.rows, tables: fake.state.tables.map((t) => t.name) };`,
    );
    expect(sheet.validations).toBeGreaterThan(5);
    expect(sheet.frozen).toBeGreaterThan(0);
    expect(sheet.tables).toEqual(['AnjieRegister']);
    await page.screenshot({ path: path.join(artifacts, '5-empty-create-english.png') });
    await page.getByTestId('lang-switch').click();
    await expect(page.getByTestId('app-title').textContent()).resolves.toBe('安杰按揭助手');
    await expect(page.getByTestId('tab-progress').textContent()).resolves.toContain('进度表');
    await expect(page.getByTestId('register-validate').textContent()).resolves.toBe('校验台账');
    await expect(page.getByTestId('register-summary').textContent()).resolves.toBe('已创建台账：Register');
    // The register has no units yet: 生成进度表 says so and to fill them in, not to go and correct errors validation does not find.
    await page.getByTestId('tab-progress').click();
    await page.getByTestId('progress-generate').click();
    await idle(page);
    const refused = await page.getByTestId('error').textContent();
    expect(refused).toContain('台账“Register”里还没有房屋');
    expect(refused).not.toContain('改正错误');
    expect(outside).toEqual([]);
    await page.close();
  });

  it('says what each run did in the language the pane is switched to afterwards', async () => {
    const page = await open('?units=40&lang=en-US');
    await page.getByTestId('register-location').waitFor();
    await page.getByTestId('register-validate').click();
    await idle(page);
    await page.getByTestId('tab-progress').click();
    await page.getByTestId('progress-week').fill('2026-W47');
    await page.getByTestId('progress-generate').click();
    await idle(page);
    await page.getByTestId('tab-title').click();
    await page.getByTestId('title-create').click();
    await idle(page);
    await page.getByTestId('tab-fees').click();
    await page.getByTestId('fees-compute').click();
    await idle(page);
    await page.getByTestId('tab-signoff').click();
    await page.getByTestId('signoff-name').fill('Li');
    await page.getByTestId('signoff-sign').click();
    await idle(page);
    await page.getByTestId('signoff-reason').fill('two files to come');
    await page.getByTestId('signoff-sign').click();
    await idle(page);
    const lines = () => Promise.all(['register-summary', 'progress-done', 'title-done', 'fees-done', 'signoff-message'].map((id) => page.getByTestId(id).textContent()));
    await page.getByTestId('lang-switch').click();
    // Switched to Chinese, no run's result stays in English (the sheets keep the English names they were written under).
    expect(await lines()).toEqual([
      '校验完成：40 条房屋记录',
      expect.stringMatching(/^已生成进度表：Weekly progress（滨江花园，2026-W47，\d+ 行）。请核对后到“签核”页签核/),
      expect.stringMatching(/^已创建查册表：\d+ 张，汇总见“Title search summary”。/),
      expect.stringMatching(/^已生成费用台账：40 户/),
      expect.stringMatching(/^已签核：制表 Li · 指纹 /),
    ]);
    await page.getByTestId('lang-switch').click();
    expect(await lines()).toEqual([
      'Validation finished: 40 unit rows',
      expect.stringMatching(/^Progress sheet written: Weekly progress/),
      expect.stringMatching(/^Title-search sheets written: /),
      expect.stringMatching(/^Fee ledger written: 40 units/),
      expect.stringMatching(/^Signed: 制表 \(prepared by\) Li/),
    ]);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('names every sheet 计算费用 wrote, 按揭保证金 and 多收名单 too, not only how many units', async () => {
    const page = await open('?units=40');
    await page.getByTestId('tab-fees').click();
    await page.getByTestId('fees-compute').click();
    await idle(page);
    await expect(page.getByTestId('fees-done').textContent()).resolves.toBe('已生成费用台账：40 户，写入工作表“费用台账”、“少收名单”、“多收名单”、“按揭保证金”。');
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
    // A sheet of the desk's own under one of the names: the line names the sheet written beside it.
    const own = await open('?units=40');
    await workbook(own, `fake.seed('按揭保证金', { row: 0, col: 0 }, [['保证金台账（财务自用）'], ['银行', '金额']]);`);
    await own.getByTestId('tab-fees').click();
    await own.getByTestId('fees-compute').click();
    await idle(own);
    await expect(own.getByTestId('fees-done').textContent()).resolves.toBe('已生成费用台账：40 户，写入工作表“费用台账”、“少收名单”、“多收名单”、“按揭保证金 (2)”。');
    expect((own as Page & { errors: string[] }).errors).toEqual([]);
    await own.close();
  });
});
