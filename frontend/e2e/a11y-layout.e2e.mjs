// Accessibility of the screens issue 16 added or changed, through the real
// `tramhocso serve` (axe-core, no serious or critical violation): every page
// of the VNeID pack (the password and passcode checklists, the OTP step with
// the SMS beside the field) on the kiosk at 1280×800 and on a 390×844 phone,
// at normal text and at the largest text with high contrast; the hand-off
// overlay with its QR code; the "leave the practice?" dialog; the phone's
// practice band. a11y-practice.e2e.mjs covers khai-tu at every setting.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startServer, launchBrowser, newPage, gotoAttract, copyConfig, serious } from './lib.mjs';
import { trackViews, openPack, next, currentStep } from './walk.mjs';

const PACK = 'kich-hoat-vneid';
let browser;
let srv;
before(async () => {
  browser = await launchBrowser();
  const configDir = copyConfig();
  const file = join(configDir, 'kiosk.yaml');
  const port = await new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
  writeFileSync(file, readFileSync(file, 'utf8').replace('  listen: ""\n  # Base URL', `  listen: "127.0.0.1:${port}"\n  # Base URL`));
  srv = await startServer({ configDir });
});
after(async () => {
  await srv?.stop();
  await browser?.close();
});

async function settings(page, large) {
  await page.evaluate((large) => {
    const root = document.documentElement;
    root.dataset.textSize = large ? 'xlarge' : 'normal';
    if (large) root.dataset.contrast = 'high';
    else delete root.dataset.contrast;
    return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  }, large);
}

async function check(page, name, found, seen) {
  for (const large of [false, true]) {
    await settings(page, large);
    for (const v of await serious(page)) found.push(`${name}${large ? ' xlarge contrast' : ''}: ${v}`);
  }
  await settings(page, false);
  seen.push(name);
}

for (const door of ['kiosk', 'phone']) {
  test(`axe on ${door}: every page of ${PACK}, the dialogs${door === 'kiosk' ? ' and the hand-off overlay' : ''}`, async () => {
    const opts = door === 'kiosk' ? { viewport: { width: 1280, height: 800 } } : { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
    const { page, context, problems } = await newPage(browser, opts);
    const state = trackViews(page);
    const found = [];
    const seen = [];
    try {
      if (door === 'kiosk') {
        await gotoAttract(page, srv.url + '?kiosk=1');
        await page.getByRole('button', { name: /Chạm vào màn hình để bắt đầu/ }).click();
      } else await page.goto(srv.url + '?phone=1');
      await openPack(page, PACK);
      let step = await currentStep(page);
      for (let n = 1; step !== 'finish'; n++) {
        await check(page, `${n} ${step}`, found, seen);
        if (n === 1) {
          await page.getByRole('button', { name: 'Dừng luyện tập' }).click();
          await page.getByRole('alertdialog').waitFor();
          await check(page, 'leave dialog', found, seen);
          await page.getByRole('button', { name: 'Tiếp tục luyện tập' }).click();
        }
        if (step === 'mat-khau') {
          // The checklists half done, and the confirmation that differs.
          await page.locator('#fld-mat_khau').fill('hung1961');
          await page.locator('#fld-nhap_lai_mat_khau').fill('hung');
          await page.locator('[data-check="practice.check.differ"]').waitFor();
          await check(page, 'password checklist', found, seen);
        }
        if (step === 'ma-otp' && door === 'kiosk') {
          await page.getByRole('button', { name: 'Tiếp tục trên điện thoại' }).click();
          await page.locator('[data-qr="continue"] img').waitFor();
          await check(page, 'hand-off overlay', found, seen);
          await page.getByRole('dialog').getByRole('button', { name: 'Đóng' }).click();
        }
        step = await next(page, state);
      }
      await check(page, 'summary', found, seen);
      assert.ok(seen.length >= 9, `only ${seen.join(', ')}`);
      assert.deepEqual(found, []);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}
