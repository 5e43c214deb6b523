// Every tap lands (issue 16), in the real kiosk window under Xvfb, touched
// with xdotool only: tap a text field (the on-screen keyboard opens), type
// on the keyboard, then ONE click on "Tiếp tục" advances the step — the
// keyboard closing must not move the button between the press and the
// release. The same for "Tiếp tục trên điện thoại" (the hand-off overlay opens).
//
// Where to tap is measured first in headless Chromium on `tramhocso serve`
// with the same configuration at the same 1280×800 (?kiosk=1 opens the same
// on-screen keyboard): the practice frame's band, action bar and keyboard
// are fixed to the screen's edges, so their places do not depend on how the
// two engines wrap text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binary, artifacts, copyConfig, startServer, launchBrowser, newPage, gotoAttract } from './lib.mjs';
import { sleep, waitFor, startX } from './xlib.mjs';

const W = 1280;
const H = 800;
const PACK = 'kich-hoat-vneid';

async function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * withPhoneDoor turns the phone door on in a config copy (the hand-off
 * button shows only then) that holds only the practised pack: its card is
 * then on the first screen in both browsers, so no measured position depends
 * on how far the catalog was scrolled.
 */
async function withPhoneDoor() {
  const dir = copyConfig();
  for (const f of readdirSync(join(dir, 'practice'))) {
    if (f.endsWith('.yaml') && f !== `${PACK}.yaml`) rmSync(join(dir, 'practice', f));
  }
  const file = join(dir, 'kiosk.yaml');
  const port = await freePort();
  const yaml = readFileSync(file, 'utf8').replace('  listen: ""\n  # Base URL', `  listen: "127.0.0.1:${port}"\n  # Base URL`);
  assert.match(yaml, new RegExp(`listen: "127.0.0.1:${port}"`));
  writeFileSync(file, yaml);
  return dir;
}

const centre = async (loc) => {
  const b = await loc.boundingBox();
  assert.ok(b, 'no box');
  return [Math.round(b.x + b.width / 2), Math.round(b.y + b.height / 2)];
};

/** measure walks the same screens in headless Chromium and returns where to tap. */
async function measure() {
  const srv = await startServer({ configDir: await withPhoneDoor() });
  const browser = await launchBrowser();
  const { page, context } = await newPage(browser, { viewport: { width: W, height: H } });
  try {
    const at = {};
    await gotoAttract(page, srv.url + '?kiosk=1');
    const start = page.getByRole('button', { name: /Chạm vào màn hình để bắt đầu/ });
    at.start = await centre(start);
    await start.click();
    const card = page.locator(`[data-pack="${PACK}"]`);
    at.card = await centre(card);
    await card.click();
    const sample = page.getByRole('button', { name: /Dùng dữ liệu mẫu/ });
    at.sample = await centre(sample);
    await sample.click();
    await page.locator('.step-page[data-step="gioi-thieu"]').waitFor();
    at.begin = await centre(page.locator('.primary-action'));
    await page.locator('.primary-action').click();
    await page.locator('.step-page[data-step="nhap-thong-tin"]').waitFor();
    const cccd = page.locator('#fld-so_dinh_danh');
    at.cccd = await centre(cccd);
    await cccd.click();
    await page.locator('.osk.open').waitFor();
    at.bksp = await centre(page.locator('.osk .hg-button[data-skbtn="{bksp}"]'));
    at.five = await centre(page.locator('.osk .hg-button[data-skbtn="5"]'));
    at.next = await centre(page.locator('.primary-action'));
    at.nextLabel = (await page.locator('.primary-action').textContent()).trim();
    at.handoff = await centre(page.locator('.handoff-open'));
    await page.locator('.primary-action').click();
    await page.locator('.step-page[data-step="ma-otp"]').waitFor();
    const otp = page.locator('#fld-otp');
    at.otp = await centre(otp);
    await otp.click();
    await page.locator('.osk.open').waitFor();
    at.one = await centre(page.locator('.osk .hg-button[data-skbtn="1"]'));
    at.handoffOtp = await centre(page.locator('.handoff-open'));
    return at;
  } finally {
    await context.close();
    await browser.close();
    await srv.stop();
  }
}

function shot(display, name) {
  const file = join(artifacts, name);
  execFileSync('import', ['-display', display, '-window', 'root', '-crop', `${W - 24}x${H}+0+0`, '+repage', file]);
  return file;
}

/** pixels counts the pixels of exactly one colour in a screenshot. */
function pixels(file, colour) {
  const out = execFileSync('convert', [file, '-alpha', 'off', '-fill', 'black', '+opaque', colour, '-fill', 'white', '-opaque', colour, '-format', '%[fx:round(mean*w*h)]', 'info:']);
  return Number(out.toString());
}

const KEYBOARD = '#DFE5EE'; // the on-screen keyboard's background
const SMS = '#E4E6EB'; // the SMS bubble on the OTP step

test('one tap each: a field, keys on the on-screen keyboard, then "Tiếp tục" and the hand-off button', async (t) => {
  const at = await measure();
  assert.equal(at.nextLabel, 'Tiếp tục');
  const { display, env } = await startX(t, W, H);
  const data = mkdtempSync(join(tmpdir(), 'tramhocso-kiosk-'));
  const app = spawn(binary(), ['--config', await withPhoneDoor(), '--data', data], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  app.stdout.on('data', (d) => (log += d));
  app.stderr.on('data', (d) => (log += d));
  const exited = new Promise((r) => app.on('exit', r));
  t.after(async () => {
    if (app.exitCode === null) app.kill('SIGTERM');
    await exited;
  });
  const count = (re) => (log.match(new RegExp(re, 'g')) ?? []).length;
  const tap = ([x, y]) => execFileSync('xdotool', ['mousemove', String(x), String(y), 'click', '1'], { env });

  await waitFor('the attract screen', () => /route=\/api\/practice\/resume status=200/.test(log), 60000);
  await sleep(1500);
  tap(at.start);
  await waitFor('the catalog', () => /route=\/api\/catalog status=200/.test(log));
  await sleep(800);
  tap(at.card);
  await sleep(800);
  tap(at.sample);
  await waitFor('the practice to start', () => /method=POST route=\/api\/practice status=200/.test(log));
  await sleep(1000);
  tap(at.begin);
  await waitFor('the first step sent', () => count('route=/api/practice/\\{id\\}/submit status=200') === 1);
  await sleep(1000);

  // The ID-number field: one tap opens the number pad.
  const before = shot(display, 'window-practice-form.png');
  assert.ok(pixels(before, KEYBOARD) < 1000, 'the keyboard is open before any field was tapped');
  tap(at.cccd);
  await sleep(800);
  const open = shot(display, 'window-practice-keyboard.png');
  assert.ok(pixels(open, KEYBOARD) > 20000, 'tapping the field did not open the on-screen keyboard: see e2e/artifacts/window-practice-keyboard.png');
  // Type on it: erase the last digit and type it again (the sample number ends in 5).
  tap(at.bksp);
  await sleep(300);
  tap(at.five);
  await sleep(300);

  // ONE click on "Tiếp tục": the step is sent and the next one (the SMS) shows.
  assert.ok(pixels(open, SMS) < 1000, 'the SMS shows before the step was sent');
  tap(at.next);
  await waitFor('"Tiếp tục" to send the step', () => count('route=/api/practice/\\{id\\}/submit status=200') === 2, 10000);
  await sleep(1000);
  const otp = shot(display, 'window-practice-otp.png');
  assert.ok(pixels(otp, SMS) > 2000, 'one click on "Tiếp tục" did not lead to the OTP step: see e2e/artifacts/window-practice-otp.png');
  assert.equal(count('route=/api/practice/\\{id\\}/submit status=200'), 2, 'more than one submit');

  // The same for the hand-off button: tap the OTP field, type a digit, ONE click.
  tap(at.otp);
  await sleep(800);
  assert.ok(pixels(shot(display, 'window-practice-otp-keyboard.png'), KEYBOARD) > 20000, 'the OTP field did not open the keyboard');
  tap(at.one);
  await sleep(300);
  tap(at.handoffOtp);
  await waitFor('one click on the hand-off button to ask for a code', () => /method=POST route=\/api\/practice\/\{id\}\/handoff status=200/.test(log), 10000);
  await sleep(1000);
  const overlay = shot(display, 'window-practice-handoff.png');
  assert.ok(pixels(overlay, KEYBOARD) < 1000, 'the keyboard is still open over the hand-off codes');
});
