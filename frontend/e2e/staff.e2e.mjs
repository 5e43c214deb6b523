// End to end through the real Go server (issue 8, part B): the idle privacy
// reset ("Bạn còn đang sử dụng không?" → attract screen, the practice's
// answers gone from the API), "Tôi vẫn đang dùng" keeping the practice, a
// help request reaching the staff panel, the staff PIN lockout surviving a
// server restart, and the staff actions (refused without a staff session).
// The config is the sample with idle.timeout 15s / countdown 5s (the
// smallest allowed) and a staff PIN hashed by `tramhocso hash-pin`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, newPage, copyConfig, binary, artifacts, gotoAttract } from './lib.mjs';

const PIN = '135790';
let browser;
let configDir;
let dataDir;
let srv;

before(async () => {
  const hash = execFileSync(binary(), ['hash-pin'], { input: PIN + '\n' }).toString().trim();
  assert.match(hash, /^\$argon2id\$/);
  configDir = copyConfig();
  const file = join(configDir, 'kiosk.yaml');
  let yaml = readFileSync(file, 'utf8');
  yaml = yaml.replace(/^  timeout: .*$/m, '  timeout: 15s').replace(/^  countdown: .*$/m, '  countdown: 5s');
  yaml = yaml.replace(/^  tips_after: .*$/m, '  tips_after: 30s');
  yaml = yaml.replace(/^  pin_hash: .*$/m, `  pin_hash: "${hash}"`);
  writeFileSync(file, yaml);
  dataDir = mkdtempSync(join(tmpdir(), 'tramhocso-staff-'));
  browser = await launchBrowser();
  srv = await startServer({ configDir, dataDir });
});
after(async () => {
  await srv?.stop();
  await browser?.close();
});

/** startPractice walks from the attract screen into the death-registration practice and returns its id. */
async function startPractice(page) {
  await gotoAttract(page, srv.url);
  await page.getByRole('button', { name: /Chạm vào màn hình để bắt đầu/ }).click();
  await page.locator('[data-pack="khai-tu"]').click();
  const started = page.waitForResponse((r) => r.url().endsWith('/api/practice') && r.request().method() === 'POST');
  await page.getByRole('button', { name: /Dùng dữ liệu mẫu/ }).click();
  const { id } = await (await started).json();
  assert.match(id, /^[0-9a-f]{32}$/);
  await page.getByRole('button', { name: 'Bắt đầu' }).click();
  await page.getByRole('heading', { level: 1, name: 'Đăng nhập bằng tài khoản định danh điện tử' }).waitFor();
  return id;
}

/** frames lets the page render two animation frames. */
function frames(page) {
  return page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function api(page, method, path, body) {
  return page.evaluate(
    async ([method, path, body]) => {
      const r = await fetch(path, { method, headers: method === 'GET' ? {} : { 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
      return { status: r.status, text: await r.text() };
    },
    [method, path, body],
  );
}

async function openStaff(page, pin = PIN) {
  const corner = page.locator('[data-testid="staff-corner"]');
  const box = await corner.boundingBox();
  await page.mouse.move(box.x + 10, box.y + 10);
  await page.mouse.down();
  await page.locator('[data-testid="pin-pad"]').waitFor({ timeout: 6000 });
  await page.mouse.up();
  if (!pin) return;
  for (const d of pin) await page.getByRole('button', { name: d, exact: true }).click();
  await page.locator('[data-testid="pin-ok"]').click();
}

// The idle tests run the page on Playwright's fake clock (Date, timers and
// animation frames in the page): time still flows, and clock.fastForward
// jumps over idle.timeout, the countdown and tips_after instead of waiting
// them out (about a minute of real time before; docs/decisions.md).
test('idle: the dialog, then the reset wipes the practice and shows the attract screen', async () => {
  const { context, page, problems } = await newPage(browser);
  await context.clock.install();
  const id = await startPractice(page);
  const sampleID = '001072009876';
  assert.match((await api(page, 'GET', `/api/practice/${id}`)).text, new RegExp(sampleID));
  // A short press in the corner does nothing (but counts as a touch).
  await page.locator('[data-testid="staff-corner"]').click();
  const dialog = page.locator('[data-testid="idle-dialog"]');
  // Not before idle.timeout (15 s)…
  await page.clock.fastForward('00:08');
  await frames(page); // the guard's timer fired in the jump; let the page render
  assert.equal(await dialog.count(), 0, 'the idle dialog opened 8 s after a touch (timeout is 15 s)');
  // …but after it.
  await page.clock.fastForward('00:08');
  await dialog.waitFor();
  assert.ok(await page.getByRole('heading', { name: 'Bạn còn đang sử dụng không?' }).isVisible());
  assert.ok(await page.getByRole('button', { name: 'Tôi vẫn đang dùng' }).isVisible());
  await page.screenshot({ path: join(artifacts, 'staff-idle-dialog.png') });
  await page.clock.fastForward('00:06');
  await page.locator('main.attract').waitFor();
  await dialog.waitFor({ state: 'detached' });
  // The answers are gone: the practice is not found, or has nothing personal left.
  await page.waitForFunction(async (id) => {
    const r = await fetch(`/api/practice/${id}`);
    return r.status === 404 || !(await r.text()).includes('001072009876');
  }, id);
  const after = await api(page, 'GET', `/api/practice/${id}`);
  assert.ok(after.status === 404 || !after.text.includes(sampleID), after.text);
  assert.equal(await page.locator('html').getAttribute('data-text-size'), 'normal');
  // Tips rotate on the attract screen after tips_after (30s) of idle.
  const tips = page.locator('[data-testid="attract-tips"]');
  assert.equal(await tips.count(), 0);
  await page.clock.fastForward('00:31');
  await tips.waitFor();
  await page.screenshot({ path: join(artifacts, 'staff-attract-tips.png') });
  assert.deepEqual(problems.filter((p) => !p.includes('404')), []);
  await context.close();
});

test('idle: "Tôi vẫn đang dùng" keeps the practice', async () => {
  const { context, page } = await newPage(browser);
  await context.clock.install();
  const id = await startPractice(page);
  await page.clock.fastForward('00:16');
  await page.locator('[data-testid="idle-dialog"]').waitFor();
  await page.getByRole('button', { name: 'Tôi vẫn đang dùng' }).click();
  await page.locator('[data-testid="idle-dialog"]').waitFor({ state: 'detached' });
  // Well past the countdown (5 s), not yet another timeout: still on the practice, the answers kept.
  await page.clock.fastForward('00:10');
  await frames(page);
  assert.equal(await page.locator('[data-testid="idle-dialog"]').count(), 0);
  assert.ok(await page.getByRole('heading', { level: 1, name: 'Đăng nhập bằng tài khoản định danh điện tử' }).isVisible());
  const view = await api(page, 'GET', `/api/practice/${id}`);
  assert.equal(view.status, 200);
  assert.match(view.text, /001072009876/);
  await context.close();
});

test('help request reaches the staff panel; staff actions work', async () => {
  const { context, page } = await newPage(browser);
  const id = await startPractice(page);
  await page.locator('[data-testid="help-button"]').click();
  await page.getByText('Đã gọi cán bộ').waitFor();
  await openStaff(page);
  const panel = page.locator('[data-testid="staff-panel"]');
  await panel.waitFor();
  const help = page.locator('[data-testid="help-list"] li').first();
  assert.match(await help.innerText(), /khai-tu \/ dang_nhap|khai-tu \//);
  await page.screenshot({ path: join(artifacts, 'staff-panel.png') });
  await help.getByRole('button', { name: 'Đánh dấu đã xử lý' }).click();
  await help.getByText('Đã xử lý').waitFor();
  // Reload the configuration.
  await page.locator('[data-testid="action-reload"]').click();
  await page.getByText('Đã nạp lại cấu hình.').waitFor();
  // End the current session: its answers are wiped.
  await page.locator('[data-testid="action-end-session"]').click();
  await page.getByText('Đã kết thúc phiên đang làm').waitFor();
  const after = await api(page, 'GET', `/api/practice/${id}`);
  assert.ok(after.status === 404 || !after.text.includes('001072009876'), after.text);
  // Today's counts saw the sessions of this run.
  assert.match(await page.locator('[data-testid="today"]').innerText(), /\d/);
  // …and name the skills framework's groups they trained (Decision 757's numbers).
  const skills = await page.locator('[data-testid="today-skills"]').innerText();
  for (const g of ['Nhóm 0', 'Nhóm 1', 'Nhóm 2', 'Nhóm 4', 'Nhóm 5']) assert.match(skills, new RegExp(g), skills);
  await page.locator('[data-testid="staff-close"]').click();
  await panel.waitFor({ state: 'detached' });
  await page.locator('main.attract').waitFor();
  // Logged out: every staff route refuses.
  for (const [method, path, body] of [
    ['GET', '/api/staff/panel'],
    ['POST', '/api/staff/actions/reload-config'],
    ['POST', '/api/staff/actions/end-session', {}],
    ['POST', '/api/staff/actions/restart'],
    ['POST', '/api/staff/actions/exit', { confirm: 'exit' }],
    ['POST', '/api/staff/help/1/handled'],
  ]) {
    const r = await api(page, method, path, body);
    assert.equal(r.status, 401, `${method} ${path}: ${r.text}`);
    assert.match(r.text, /"code":"staff_session"/);
  }
  assert.doesNotMatch(srv.logs(), new RegExp(PIN));
  assert.match(srv.logs(), /staff action.*action=reload-config/);
  await context.close();
});

test('PIN lockout survives a server restart', async () => {
  const { context, page } = await newPage(browser);
  await page.goto(srv.url);
  // Ten wrong PINs straight through the API, waiting out each delay.
  for (let i = 1; i <= 10; i++) {
    let r = await api(page, 'POST', '/api/staff/login', { pin: '000000' });
    while (r.status === 429) {
      const st = JSON.parse((await api(page, 'GET', '/api/staff/pin')).text);
      await page.waitForTimeout(st.wait_s * 1000 + 100);
      r = await api(page, 'POST', '/api/staff/login', { pin: '000000' });
    }
    assert.equal(r.status, i < 10 ? 401 : 423, `attempt ${i}: ${r.text}`);
    if (i >= 3 && i < 10) {
      const st = JSON.parse((await api(page, 'GET', '/api/staff/pin')).text);
      await page.waitForTimeout(st.wait_s * 1000 + 100);
    }
  }
  await context.close();
  await srv.stop();
  srv = await startServer({ configDir, dataDir });
  const second = await newPage(browser);
  await second.page.goto(srv.url);
  const st = JSON.parse((await api(second.page, 'GET', '/api/staff/pin')).text);
  assert.equal(st.locked, true);
  assert.ok(st.wait_s > 800, JSON.stringify(st));
  // The right PIN is refused while locked, and the pad says so.
  const r = await api(second.page, 'POST', '/api/staff/login', { pin: PIN });
  assert.equal(r.status, 423, r.text);
  await openStaff(second.page, '');
  await second.page.locator('[data-testid="pin-wait"]').waitFor();
  assert.match(await second.page.locator('[data-testid="pin-wait"]').innerText(), /khóa/);
  await second.page.screenshot({ path: join(artifacts, 'staff-pin-locked.png') });
  await second.context.close();
});
