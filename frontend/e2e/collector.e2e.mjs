// End to end through the real `tramhocso collector` (issue 14): a commune
// account signs in, sees only its commune, sees the fleet page flag a silent
// kiosk, opens the charts and downloads the XLSX; without signing in every
// page but the batch endpoint redirects to the sign-in form.
//
// Four kiosks are registered: two in Phường Ba Đình (one uploads, one goes
// silent), one in Phường Hoàn Kiếm and one in Huế. Batches are signed and
// gzipped here exactly as a kiosk does (docs/upload-protocol.md). The
// collector runs with --silent-after 8s; the test waits, by polling the fleet
// page, until the silent kiosk is flagged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { writeFileSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, newPage, binary, artifacts } from './lib.mjs';

const PASSWORD = 'mật khẩu của xã Ba Đình';
const kiosks = {
  'hn-ba-dinh-01': { province: 'Hà Nội', commune: 'Phường Ba Đình' },
  'hn-ba-dinh-02': { province: 'Hà Nội', commune: 'Phường Ba Đình' },
  'hn-hoan-kiem-01': { province: 'Hà Nội', commune: 'Phường Hoàn Kiếm' },
  'hue-phu-hoi-01': { province: 'Huế', commune: 'Phường Phú Hội' },
};
for (const k of Object.values(kiosks)) k.key = randomBytes(32).toString('hex');

let dir;
let child;
let base;
let out = '';
let browser;

function batch(kiosk, seq, counters) {
  const end = new Date(Date.UTC(2026, 10, 23, seq));
  const iso = (d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const id = `${kiosk}.${iso(end).replace(/[-:]/g, '')}.${String(seq).padStart(6, '0')}`;
  const b = {
    schema: 'tramhocso.stats.batch/2', batch_id: id, kiosk_id: kiosk, seq,
    period_start: iso(new Date(end - 3600e3)), period_end: iso(end), sealed_at: iso(end),
    site: { province: kiosks[kiosk].province, commune: kiosks[kiosk].commune },
    counters, hourly: [{ hour: '2026-11-23T10:00:00+07:00', started: 1, finished: 0, handed_off: 0 }],
    dropped: { periods: 0, events: 0 },
    health: { app_version: 'v1.4.0', config_id: 'cfg-e2e', outbox_depth: 1, dead_letters: 0, uptime_sec: 3600, clock_offset_sec: 0 },
  };
  return { id, body: Buffer.from(JSON.stringify(b)) };
}

async function upload(kiosk, seq) {
  const c = (day, step, kind, n, error) => ({ day, pack: 'khai-sinh', pack_version: 1, ...(step && { step }), kind, ...(error && { error }), n });
  const { id, body } = batch(kiosk, seq, [
    c('2026-11-16', '', 'started', 40), c('2026-11-17', '', 'finished', 30),
    c('2026-11-17', 'ho-ten', 'step_passed', 35), c('2026-11-17', 'cccd', 'step_failed', 12),
    c('2026-11-17', 'cccd', 'step_failed', 9, 'cccd.length'),
  ]);
  const sig = 'v1=' + createHmac('sha256', Buffer.from(kiosks[kiosk].key, 'hex')).update(body).digest('hex');
  const res = await fetch(base + 'v1/batches', {
    method: 'POST', body: gzipSync(body),
    headers: { 'Content-Encoding': 'gzip', 'Content-Type': 'application/json', 'Idempotency-Key': id,
      'X-Tramhocso-Kiosk': kiosk, 'X-Tramhocso-Signature': sig, 'X-Tramhocso-Sent-At': new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') },
  });
  assert.equal(res.status, 200, `${kiosk}: ${await res.text()}`);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tramhocso-collector-'));
  const registry = join(dir, 'kiosks.yaml');
  writeFileSync(registry, 'kiosks:\n' + Object.entries(kiosks).map(([id, k]) => `  - id: ${id}\n    key: ${k.key}\n`).join(''), { mode: 0o600 });
  const db = join(dir, 'collector.db');
  execFileSync(binary(), ['collector', 'user', 'add', '--db', db, '--name', 'xa-ba-dinh', '--province', 'Hà Nội', '--commune', 'Phường Ba Đình'], { input: PASSWORD + '\n' });
  child = spawn(binary(), ['collector', '--listen', '127.0.0.1:0', '--registry', registry, '--db', db, '--silent-after', '8s'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`collector printed no URL:\n${out}`)), 20000);
    child.stdout.on('data', () => {
      const m = out.match(/console at (http:\/\/127\.0\.0\.1:\d+\/)fleet/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => reject(new Error(`collector exited with ${code}:\n${out}`)));
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.on('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
});

test('without signing in every page but the batch endpoint redirects to sign-in', async () => {
  for (const p of ['', 'fleet', 'report', 'report.csv', 'report.xlsx', 'charts', 'charts?pack=khai-sinh', 'anything']) {
    const res = await fetch(base + p, { redirect: 'manual' });
    assert.equal(res.status, 303, `GET /${p}`);
    assert.match(res.headers.get('location'), /^\/login\?next=/, `GET /${p}`);
  }
  const post = await fetch(base + 'logout', { method: 'POST', redirect: 'manual' });
  assert.equal(post.status, 303);
  // The batch endpoint answers for itself: an unsigned upload is refused, not redirected.
  const batchRes = await fetch(base + 'v1/batches', { method: 'POST', body: '{}', headers: { 'X-Tramhocso-Kiosk': 'hn-ba-dinh-01' } });
  assert.equal(batchRes.status, 401);
  assert.match(await batchRes.text(), /no_signature/);
});

test('a commune account sees only its commune, a silent kiosk flagged, the charts and the XLSX', async () => {
  // hn-ba-dinh-02 uploads first and then falls silent; the others upload later.
  await upload('hn-ba-dinh-02', 1);
  const { context, page, problems } = await newPage(browser, { acceptDownloads: true });
  await page.goto(base + 'fleet');
  assert.match(page.url(), /\/login\?next=%2Ffleet$/);
  await page.getByLabel('Tên đăng nhập / Account').fill('xa-ba-dinh');
  await page.getByLabel('Mật khẩu / Password').fill('sai mật khẩu rồi đó');
  await page.getByRole('button', { name: 'Đăng nhập / Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'Wrong name or password' }).waitFor();
  await page.getByLabel('Tên đăng nhập / Account').fill('xa-ba-dinh');
  await page.getByLabel('Mật khẩu / Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập / Sign in' }).click();
  await page.waitForURL(/\/fleet$/);

  // Wait (polling the page) until the first kiosk has been quiet for over 8 s.
  const silentRow = page.locator('tr[data-kiosk="hn-ba-dinh-02"]');
  for (let i = 0; ; i++) {
    if ((await silentRow.textContent()).includes('silent for')) break;
    assert.ok(i < 60, 'the quiet kiosk was never flagged silent');
    await new Promise((r) => setTimeout(r, 500));
    await page.reload();
  }
  for (const k of ['hn-ba-dinh-01', 'hn-hoan-kiem-01', 'hue-phu-hoi-01']) await upload(k, 2);
  await page.reload();
  assert.match(await silentRow.getAttribute('class'), /flag/);
  assert.match(await silentRow.textContent(), /Im lặng .* silent for/);
  const fresh = page.locator('tr[data-kiosk="hn-ba-dinh-01"]');
  assert.match(await fresh.textContent(), /v1\.4\.0/);
  assert.doesNotMatch(await fresh.textContent(), /silent for/);
  const fleetText = await page.locator('main').textContent();
  for (const other of ['hn-hoan-kiem-01', 'hue-phu-hoi-01', 'Hoàn Kiếm', 'Phú Hội']) assert.ok(!fleetText.includes(other), `fleet shows ${other}`);
  await page.screenshot({ path: join(artifacts, 'collector-fleet.png'), fullPage: true });

  await page.getByRole('link', { name: 'Báo cáo / Report' }).click();
  await page.waitForURL(/\/report$/);
  const reportText = await page.locator('main').textContent();
  assert.ok(reportText.includes('Phường Ba Đình'));
  for (const other of ['Hoàn Kiếm', 'Phú Hội', 'Huế']) assert.ok(!reportText.includes(other), `report shows ${other}`);
  // The skills framework's groups, named from the built-in packs: khai-sinh trains group 0, not group 4.
  const group = (n) => page.locator('table[data-table="skills"] tr', { hasText: `Nhóm ${n}` }).textContent();
  assert.match(await group(0), /Sử dụng thiết bị.*khai-sinh/s);
  assert.match(await group(4), /An toàn.*—/s);
  await page.screenshot({ path: join(artifacts, 'collector-report.png'), fullPage: true });

  await page.getByRole('link', { name: 'Biểu đồ / Charts' }).click();
  await page.waitForURL(/\/charts$/);
  const places = await page.locator('#place option').allTextContents();
  assert.deepEqual(places.slice(1), ['Phường Ba Đình (Hà Nội)']);
  await page.locator('#place').selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Xem / Show' }).click();
  await page.waitForURL(/place=/);
  for (const id of ['weekly', 'funnel', 'mistakes']) assert.ok(await page.locator(`svg#${id}`).isVisible(), `chart ${id}`);
  assert.ok((await page.locator('svg#mistakes').textContent()).includes('cccd.length'));
  await page.screenshot({ path: join(artifacts, 'collector-charts.png'), fullPage: true });
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: join(artifacts, 'collector-charts-print.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });

  await page.getByRole('link', { name: 'Báo cáo / Report' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Excel (XLSX)' }).click()]);
  assert.equal(download.suggestedFilename(), 'tramhocso-report.xlsx');
  const file = join(dir, 'report.xlsx');
  await download.saveAs(file);
  const bytes = readFileSync(file);
  assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'an XLSX is a zip file');
  assert.ok(statSync(file).size > 3000);

  // Signing out ends the session: the fleet page redirects again.
  await page.getByRole('button', { name: 'Đăng xuất / Sign out' }).click();
  await page.waitForURL(/\/login$/);
  await page.goto(base + 'fleet');
  assert.match(page.url(), /\/login\?next=/);
  assert.deepEqual(problems.filter((p) => !p.includes('401')), []);
  await context.close();
});
