// Issue 13's step kinds end to end, through the real `tramhocso serve`: the
// test pack app/practice/testdata/kinds-config (one step of every new kind:
// passcode_check, agency, cards, payment, notice, quiz) is the kiosk's only
// pack. A walker that only chooses "Dùng dữ liệu mẫu" and then presses each
// page's primary button (the form's submit button; the tracking code is read
// off the page, as a citizen would) walks it to the final summary at the
// kiosk's 1280×800 and a phone's 390×844, with axe-core on every page (no
// serious or critical violation; on the kiosk also at the largest text with
// high contrast) and a screenshot of each in
// e2e/artifacts/kinds-*.png. A second test answers the quiz wrong first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, newPage, gotoAttract, copyConfig, repoRoot, artifacts, serious } from './lib.mjs';

const testdata = join(repoRoot, 'app', 'practice', 'testdata', 'kinds-config');

/** kindsConfig is the sample kiosk-config with the step-kinds test pack (and its skills) as its only pack. */
function kindsConfig() {
  const dir = copyConfig();
  for (const f of readdirSync(join(dir, 'practice'))) if (f.endsWith('.yaml')) rmSync(join(dir, 'practice', f));
  cpSync(join(testdata, 'practice'), join(dir, 'practice'), { recursive: true });
  cpSync(join(testdata, 'skills.yaml'), join(dir, 'skills.yaml'));
  return dir;
}

let browser;
let srv;
before(async () => {
  browser = await launchBrowser();
  srv = await startServer({ configDir: kindsConfig() });
});
after(async () => {
  await srv?.stop();
  await browser?.close();
});

/** withReading applies reading settings in place, as the app does (see a11y-practice.e2e.mjs), and waits two frames. */
async function withReading(page, size, contrast) {
  await page.evaluate(
    ({ size, contrast }) => {
      const root = document.documentElement;
      root.dataset.textSize = size;
      if (contrast) root.dataset.contrast = 'high';
      else delete root.dataset.contrast;
      return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    },
    { size, contrast },
  );
}

async function begin(page) {
  await gotoAttract(page, srv.url);
  await page.getByRole('button', { name: /Chạm vào màn hình để bắt đầu/ }).click();
  await page.locator('[data-pack="buoc-moi"]').click();
  await page.getByRole('heading', { level: 1, name: 'Thử các bước mới' }).waitFor();
  await page.getByRole('button', { name: /Dùng dữ liệu mẫu/ }).click();
}

/** current waits for a step page (or the summary) and returns its kind and step id. */
async function current(page, after = '') {
  await page.waitForFunction(
    (prev) => {
      const el = document.querySelector('[data-kind]');
      return el && (el.getAttribute('data-step') ?? 'finish') !== prev;
    },
    after,
  );
  return page.evaluate(() => {
    const el = document.querySelector('[data-kind]');
    return { kind: el.getAttribute('data-kind'), step: el.getAttribute('data-step') ?? 'finish' };
  });
}

const primary = (page) => page.locator('.primary-action');

for (const size of [
  { name: 'kiosk', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
]) {
  test(`step kinds: the sample data and the primary button walk the test pack to its summary (${size.name} ${size.width}×${size.height})`, async () => {
    const { page, context, problems } = await newPage(browser, { viewport: { width: size.width, height: size.height } });
    const found = [];
    const seen = [];
    try {
      await begin(page);
      let prev = '';
      for (let guard = 0; guard < 20; guard++) {
        const { kind, step } = await current(page, prev);
        prev = step;
        seen.push(kind);
        await page.getByRole('heading', { level: 1 }).waitFor();
        // What each new kind shows, checked on the way.
        switch (kind) {
          case 'info':
            await page.getByText('Mã passcode VNeID của người này: 135792').waitFor();
            break;
          case 'passcode_check':
            assert.equal(await page.getByLabel('Mã passcode').inputValue(), '135792', 'the sample types the passcode');
            break;
          case 'agency':
            await page.getByText('UBND Phường Ba Đình', { exact: true }).waitFor();
            // The lists of places are there, the sample's choice selected in them.
            await page.waitForFunction(() => document.querySelector('select[id$="province"]')?.value === 'Hà Nội');
            assert.equal(await page.getByRole('combobox', { name: 'Xã, phường, đặc khu' }).inputValue(), 'Phường Ba Đình');
            break;
          case 'form':
            assert.ok(await page.getByLabel('Bản thân').isChecked());
            assert.ok(await page.getByLabel('Xác nhận thông tin cư trú').isChecked());
            break;
          case 'payment': {
            const fees = page.getByRole('region', { name: 'Lệ phí phải nộp' });
            assert.match(await fees.textContent(), /200\.000 đ.*−100\.000 đ.*5\.000 đ.*105\.000 đ/s);
            assert.match(await page.getByRole('region', { name: 'Ngân hàng (luyện tập)' }).textContent(), /105\.000 đ/);
            assert.equal(await page.getByRole('textbox').count(), 0, 'no card number is ever asked');
            assert.equal((await primary(page).textContent()).trim(), 'Thanh toán');
            break;
          }
          case 'submit':
            await page.getByText(/Ngày hẹn trả kết quả dự kiến: \d\d\/\d\d\/\d{4}\./).waitFor();
            // A declaration is ticked by the citizen, sample or not (as in every pack).
            await page.getByLabel('Tôi cam đoan những thông tin trên là đúng sự thật.').check();
            break;
          case 'notice': {
            const sms = page.getByRole('figure', { name: 'Tin nhắn gửi đến điện thoại của bạn (mô phỏng)' });
            assert.match(await sms.textContent(), /Ho so LT-\d{6}-\d{4} da duoc UBND Phường Ba Đình tiep nhan\. Ngay hen tra ket qua: \d\d\/\d\d\/\d{4}\./);
            break;
          }
          case 'track': {
            const receipt = (await page.locator('.receipt').textContent()).trim();
            await page.getByLabel('Mã hồ sơ').fill(receipt);
            break;
          }
          case 'quiz':
            assert.match(await page.getByRole('figure', { name: 'Tin nhắn bạn nhận được (mô phỏng)' }).textContent(), /vneid-capnhat\.top/);
            assert.equal(await page.locator('.step-page input:checked').count(), 0, 'the sample must not answer the quiz');
            await page.getByLabel('Đây là lừa đảo: không bấm, xóa tin nhắn').check();
            break;
        }
        if (kind === 'finish') {
          await page.getByRole('heading', { name: 'Kỹ năng bạn đã luyện' }).waitFor();
          await page.getByText('Đúng: đường dẫn lạ, giục gấp, không phải tên miền gov.vn.').waitFor();
          await page.getByText(/^Ngày hẹn trả kết quả: \d\d\/\d\d\/\d{4}$/).waitFor();
        }
        for (const v of await serious(page)) found.push(`${step}: ${v}`);
        if (size.name === 'kiosk') {
          // The largest text with high contrast too, then back.
          await withReading(page, 'xlarge', true);
          for (const v of await serious(page)) found.push(`${step} xlarge contrast: ${v}`);
          await page.screenshot({ path: join(artifacts, `kinds-kiosk-contrast-${String(guard).padStart(2, '0')}-${step}.png`), fullPage: true });
          await withReading(page, 'normal', false);
        }
        await page.screenshot({ path: join(artifacts, `kinds-${size.name}-${String(guard).padStart(2, '0')}-${step}.png`), fullPage: true });
        if (kind === 'finish') break;
        await primary(page).click();
      }
      assert.deepEqual(seen, ['info', 'passcode_check', 'agency', 'form', 'review', 'payment', 'submit', 'notice', 'track', 'quiz', 'finish']);
      assert.deepEqual(found, []);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}

test('step kinds: a wrong quiz choice explains itself (axe clean), the right one goes on', async () => {
  const { page, context, problems } = await newPage(browser, { viewport: { width: 1280, height: 800 } });
  try {
    await begin(page);
    let prev = '';
    for (;;) {
      const { kind, step } = await current(page, prev);
      prev = step;
      if (kind === 'quiz') break;
      if (kind === 'submit') await page.getByLabel('Tôi cam đoan những thông tin trên là đúng sự thật.').check();
      if (kind === 'track') await page.getByLabel('Mã hồ sơ').fill((await page.locator('.receipt').textContent()).trim());
      await primary(page).click();
    }
    await page.getByLabel('Bấm vào đường dẫn để cập nhật').check();
    await primary(page).click();
    await page.getByRole('alert').filter({ hasText: 'Có thông tin cần sửa' }).waitFor();
    await page.getByRole('group', { name: 'Bạn sẽ làm gì?' }).getByText('Không an toàn: VNeID không gửi đường dẫn để cập nhật.').waitFor();
    assert.deepEqual(await serious(page), []);
    await page.screenshot({ path: join(artifacts, 'kinds-quiz-wrong.png'), fullPage: true });
    await page.getByLabel('Đây là lừa đảo: không bấm, xóa tin nhắn').check();
    await primary(page).click();
    await page.getByRole('heading', { name: 'Kỹ năng bạn đã luyện' }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
