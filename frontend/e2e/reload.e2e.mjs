// Live reload end to end: a pack title changed on disk while `serve` runs
// shows in the browser's catalog without a restart; a broken edit is refused
// and the kiosk keeps serving the last good configuration.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, newPage, artifacts } from './lib.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

// The first `vi:` of a pack's title mapping, in block or flow style.
const titleRE = /^title:\s*(?:\{\s*|\n\s+)vi:[ \t]*("([^"\n]*)"|[^"\n,}]+)/m;

async function health(url) {
  return (await fetch(url + 'api/health')).json();
}

async function until(what, cond, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('a pack title changed on disk appears in the catalog without a restart', async () => {
  const srv = await startServer();
  const { page, problems, context } = await newPage(browser);
  try {
    const dir = join(srv.configDir, 'practice');
    const file = join(dir, readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()[0]);
    const text = readFileSync(file, 'utf8');
    const m = text.match(titleRE);
    assert.ok(m, `no vi title found in ${file}`);
    const oldTitle = (m[2] ?? m[1]).trim();
    const newTitle = `${oldTitle} (cập nhật trực tiếp)`;

    await page.goto(srv.url);
    await page.getByRole('button', { name: /Chạm vào màn hình để bắt đầu/ }).click();
    await page.getByRole('heading', { name: 'Bạn muốn luyện tập thủ tục nào?' }).waitFor();
    assert.ok((await page.locator('[data-pack] .title').allTextContents()).includes(oldTitle));
    const before = (await health(srv.url)).config_id;

    // A valid change: applied live.
    writeFileSync(file, text.replace(m[0], m[0].replace(oldTitle, newTitle)));
    await until('the new config is served', async () => (await health(srv.url)).config_id !== before);
    // No page reload: back to the attract screen and into the catalog again.
    await page.getByRole('button', { name: /Về màn hình đầu/ }).click();
    await page.getByRole('button', { name: /Chạm vào màn hình để bắt đầu/ }).click();
    await page.getByText(newTitle).waitFor();
    await page.screenshot({ path: join(artifacts, 'reload-catalog.png') });

    // A broken change: refused, reported in health, the last good one still served.
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.slice(0, Math.floor(good.length / 3)) + '\n  : : broken\n');
    await until('the broken edit is reported', async () => Boolean((await health(srv.url)).config?.last_error));
    const titles = await (await fetch(srv.url + 'api/catalog')).json();
    assert.ok(titles.packs.some((p) => p.title.vi === newTitle), 'the last good catalog must still be served');
    assert.match(srv.logs(), /configuration change refused/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await srv.stop();
  }
});
