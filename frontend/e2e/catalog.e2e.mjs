// End to end through the real Go server: attract → touch → catalog, error
// format of the API, and the error screen when the server goes away.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, newPage, artifacts } from './lib.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('attract → touch → catalog shows the pack titles from the config', async () => {
  const server = await startServer();
  // Prove the titles come from the config directory, not from the bundle.
  const pack = join(server.configDir, 'practice', 'khai-sinh.yaml');
  await server.stop();
  const before = readFileSync(pack, 'utf8');
  const edited = before.replace(/vi: "?Đăng ký khai sinh"?/, 'vi: "Đăng ký khai sinh (thử nghiệm E2E)"');
  assert.notEqual(edited, before, 'the test could not find the pack title to edit');
  writeFileSync(pack, edited);
  const srv = await startServer({ configDir: server.configDir });
  const { page, problems, context } = await newPage(browser);
  try {
    await page.goto(srv.url);
    await page.getByRole('button', { name: /Chạm vào màn hình để bắt đầu/ }).click();
    await page.getByRole('heading', { name: 'Bạn muốn luyện tập thủ tục nào?' }).waitFor();
    const titles = await page.locator('[data-pack] .title').allTextContents();
    assert.equal(titles.length, 10);
    assert.ok(titles.includes('Đăng ký khai sinh (thử nghiệm E2E)'), `titles: ${titles}`);
    assert.ok(titles.includes('Kích hoạt tài khoản định danh điện tử mức 2'), `titles: ${titles}`);
    await page.screenshot({ path: join(artifacts, 'catalog-vi.png') });

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Which procedure would you like to practise?' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.screenshot({ path: join(artifacts, 'catalog-en.png') });

    // Fonts are bundled: nothing may come from another origin.
    const fonts = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    assert.ok(fonts.every((u) => u.startsWith(srv.url)), `resources from elsewhere: ${fonts}`);
    assert.ok(await page.evaluate(() => document.fonts.check('16px "Be Vietnam Pro"', 'Trạm Học Số')), 'Be Vietnam Pro not loaded');
    assert.deepEqual(problems, []);
    assert.match(srv.logs(), /msg=api door=kiosk method=GET route=\/api\/catalog status=200/);
  } finally {
    await context.close();
    await srv.stop();
  }
});

test('the API answers JSON errors in the agreed format', async () => {
  const srv = await startServer();
  try {
    const health = await (await fetch(srv.url + 'api/health')).json();
    assert.equal(health.status, 'ok');
    assert.equal(health.kiosk_id, 'mau-ba-dinh-01');
    assert.match(health.config_id, /^[0-9a-f]{12}$/);

    const nope = await fetch(srv.url + 'api/nope');
    assert.equal(nope.status, 404);
    assert.deepEqual(Object.keys(await nope.json()).sort(), ['code', 'message']);

    const bad = await fetch(srv.url + 'api/client-errors', { method: 'POST', body: 'not json', headers: { 'Accept-Language': 'en', 'Content-Type': 'application/json' } });
    assert.equal(bad.status, 400);
    const body = await bad.json();
    assert.equal(body.code, 'bad_json');
    assert.match(body.message, /not valid JSON/);

    const page = await fetch(srv.url);
    assert.match(page.headers.get('content-security-policy'), /script-src 'self'/);
    assert.match(await page.text(), /<title>Trạm Học Số<\/title>/);
  } finally {
    await srv.stop();
  }
});

test('the error screen shows when the kiosk server stops answering', async () => {
  const srv = await startServer();
  const { page, context } = await newPage(browser);
  try {
    await page.goto(srv.url);
    await page.getByRole('button', { name: /Chạm vào màn hình/ }).waitFor();
    await srv.stop();
    await page.getByRole('button', { name: /Chạm vào màn hình/ }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), /Không kết nối được với máy chủ của trạm/);
    assert.ok(await page.getByRole('button', { name: 'Thử lại' }).isVisible());
  } finally {
    await context.close();
    await srv.stop();
  }
});
