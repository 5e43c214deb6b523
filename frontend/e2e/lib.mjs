// Shared helpers for the end-to-end tests: start the real `tramhocso serve`
// on a free loopback port, and drive Debian's Chromium with playwright-core.
import { spawn } from 'node:child_process';
import { mkdtempSync, cpSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import axe from 'axe-core';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const artifacts = join(repoRoot, 'frontend', 'e2e', 'artifacts');
mkdirSync(artifacts, { recursive: true });

export function binary() {
  const bin = process.env.TRAMHOCSO_BIN;
  if (!bin) throw new Error('TRAMHOCSO_BIN is not set: run the end-to-end tests with `make test-e2e`');
  return bin;
}

/** copyConfig copies the sample kiosk-config to a temp dir the test may edit. */
export function copyConfig() {
  const dir = mkdtempSync(join(tmpdir(), 'tramhocso-config-'));
  cpSync(join(repoRoot, 'kiosk-config'), dir, { recursive: true, filter: (src) => !src.includes('/secrets') });
  return dir;
}

/**
 * startServer runs `tramhocso serve` on 127.0.0.1:0 and resolves once it
 * printed its URL. logs() returns everything it wrote so far.
 */
export async function startServer({ configDir = copyConfig(), dataDir, args = [] } = {}) {
  dataDir ??= mkdtempSync(join(tmpdir(), 'tramhocso-data-'));
  const child = spawn(binary(), ['serve', '--listen', '127.0.0.1:0', '--config', configDir, '--data', dataDir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server printed no URL:\n${out}`)), 20000);
    const check = () => {
      // The kiosk door (the phone door, when on, prints "Phone door is serving on …" too).
      const m = out.match(/Trạm Học Số is serving on (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return {
    url,
    configDir,
    dataDir,
    logs: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    /** kill ends the server like a crash or a power cut would (SIGKILL). */
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      return exited;
    },
  };
}

export const chromiumFlags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: chromiumFlags,
    headless: true,
  });
}

/** newPage opens a page that records console errors and failed requests. */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, ...options });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
  return { context, page, problems };
}

/**
 * gotoAttract opens the app and waits for its resume check; when the server
 * offers an unfinished practice ("Tiếp tục bài đang làm?") it answers with
 * `resume` ("yes" or "no", default "no") and returns the offer.
 */
export async function gotoAttract(page, url, resume = 'no') {
  const check = page.waitForResponse((r) => r.url().endsWith('/api/practice/resume'));
  await page.goto(url);
  const offer = (await (await check).json()).practice;
  if (offer) {
    const name = resume === 'yes' ? 'Tiếp tục bài này' : 'Không, xoá bài này';
    await page.getByRole('button', { name }).click();
  }
  return offer;
}

/**
 * settledValue reads a form control's value, waiting (up to `tries` reads)
 * for it to become `want`: selects whose options arrive from the API
 * (places) are empty for a moment on a busy machine. It returns the last
 * value read, so the caller's assertion still says what was there.
 */
export async function settledValue(locator, want, tries = 100) {
  let value = await locator.inputValue();
  for (let i = 0; value !== want && i < tries; i++) {
    await locator.page().waitForTimeout(50);
    value = await locator.inputValue();
  }
  return value;
}

/**
 * serious is axe-core's serious and critical violations on the page (WCAG 2.2
 * AA), one line each. axe-core is put into the page once (again only after a
 * page load) and run there directly: the app has no frames, and
 * @axe-core/playwright's frame-by-frame run opened a fresh page and injected
 * axe twice per check — 1.5 s a page in the layout walk (docs/decisions.md).
 */
export async function serious(page) {
  if (!(await page.evaluate(() => typeof window.axe?.run === 'function'))) await page.evaluate(axe.source);
  const res = await page.evaluate(
    (values) => window.axe.run(document, { runOnly: { type: 'tag', values }, resultTypes: ['violations'] }),
    ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'],
  );
  return res.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `axe ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
