// Accessibility of the real practice screens (issue 9), through the real
// `tramhocso serve`; a11y.e2e.mjs covers the attract, catalog and pack start
// pages and a harness field. Here:
//  - axe-core on every screen of one pack (khai-tu with the sample data, from
//    the start page to the final summary, with error summaries) at each text
//    size, with high contrast off and on: no serious or critical violation.
//    The walk starts with the settings a visitor chose earlier (sessionStorage,
//    as in a11y.e2e.mjs); on each screen the other five combinations are then
//    applied in place, the way the app applies a choice (the root element's
//    data attributes and the same sessionStorage entry: lib/reading.svelte.ts;
//    nothing else in the app reads them), so the pack is walked only once.
//  - the on-screen keyboard typing "HOÀNG VĂN THỌ" with taps only into the
//    pack's own name field (own data, not the sample) on the kiosk, and the
//    step's validation accepting it; as a control, "Hoàng Văn Thọ" typed the
//    same way is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, newPage, gotoAttract, copyConfig, serious } from './lib.mjs';

let browser;
let srv;
before(async () => {
  browser = await launchBrowser();
  // Six axe runs per screen on a long page (the review of the linked death
  // procedure) can outlast the kiosk's 90-second idle question on a busy
  // machine; this test is about accessibility, not the idle guard.
  const configDir = copyConfig();
  const kiosk = join(configDir, 'kiosk.yaml');
  const yaml = readFileSync(kiosk, 'utf8');
  assert.match(yaml, /\n {2}timeout: 90s\n/);
  writeFileSync(kiosk, yaml.replace(/\n {2}timeout: 90s\n/, '\n  timeout: 4m\n')); // below tips_after (5m)
  srv = await startServer({ configDir });
});
after(async () => {
  await srv?.stop();
  await browser?.close();
});

const COMBOS = ['normal', 'large', 'xlarge'].flatMap((size) => [false, true].map((contrast) => ({ size, contrast })));
const PREFS = { size: 'normal', contrast: false, reduceMotion: false, method: 'telex' };

/** withPrefs opens a page whose visitor has already chosen these reading settings. */
async function withPrefs(prefs, options = {}) {
  const p = await newPage(browser, options);
  await p.context.addInitScript((value) => {
    sessionStorage.setItem('tramhocso.reading', value);
  }, JSON.stringify({ ...PREFS, ...prefs }));
  return p;
}

/**
 * applyPrefs changes the reading settings in place, as setReading does, and
 * returns the root font size and the body's text colour it results in.
 */
async function applyPrefs(page, prefs) {
  return page.evaluate((p) => {
    const root = document.documentElement;
    root.dataset.textSize = p.size;
    if (p.contrast) root.dataset.contrast = 'high';
    else delete root.dataset.contrast;
    sessionStorage.setItem('tramhocso.reading', JSON.stringify(p));
    return new Promise((resolve) =>
      requestAnimationFrame(() =>
        requestAnimationFrame(() =>
          resolve({ font: parseFloat(getComputedStyle(root).fontSize), ink: getComputedStyle(document.body).color }),
        ),
      ),
    );
  }, { ...PREFS, ...prefs });
}

async function heading(page, name) {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

const next = (page) => page.getByRole('button', { name: 'Tiếp tục', exact: true });

test('axe: every screen of khai-tu at each text size, with and without high contrast', async () => {
  const start = COMBOS[5]; // xlarge, high contrast: the walk itself runs at the hardest setting
  const { page, context, problems } = await withPrefs(start);
  const found = [];
  const visited = [];
  const check = async (screen) => {
    visited.push(screen);
    assert.equal(await page.locator('html').getAttribute('data-text-size'), start.size, `${screen}: settings from the session`);
    const looks = {};
    for (const combo of [start, ...COMBOS.filter((c) => c !== start)]) {
      const name = `${combo.size}${combo.contrast ? ' contrast' : ''}`;
      looks[name] = await applyPrefs(page, combo);
      for (const v of await serious(page)) found.push(`${screen} ${name}: ${v}`);
    }
    await applyPrefs(page, start);
    // The settings really changed what was checked: larger text at each
    // size, other colours in high contrast.
    assert.ok(looks.normal.font < looks.large.font && looks.large.font < looks.xlarge.font, `${screen}: ${JSON.stringify(looks)}`);
    assert.notEqual(looks.normal.ink, looks['normal contrast'].ink, `${screen}: high contrast changed no colour`);
  };
  try {
    await gotoAttract(page, srv.url);
    await page.getByRole('button', { name: /Chạm vào màn hình để bắt đầu/ }).click();
    await page.locator('[data-pack="khai-tu"]').click();
    await heading(page, 'Đăng ký khai tử');
    await check('start');
    await page.getByRole('button', { name: /Dùng dữ liệu mẫu/ }).click();

    await heading(page, 'Khai tử qua mạng');
    await check('info');
    await page.getByRole('button', { name: 'Bắt đầu', exact: true }).click();

    await heading(page, 'Đăng nhập bằng tài khoản định danh điện tử');
    await check('login');
    const summary = page.getByRole('alert').filter({ hasText: 'Có thông tin cần sửa' });
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await summary.waitFor();
    await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
    await check('login with error summary');
    await page.getByLabel('Mật khẩu VNeID').fill('Binh2025@hv');
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();

    await heading(page, 'Tìm thủ tục');
    await page.getByLabel('Tìm kiếm thủ tục').fill('khai tu');
    await page.getByRole('button', { name: /Tìm kiếm$/ }).click();
    await page.getByRole('radio', { name: /^Liên thông đăng ký khai tử/ }).waitFor();
    await check('find with results');
    await page.getByRole('radio', { name: /^Liên thông đăng ký khai tử/ }).check();
    await page.getByRole('button', { name: 'Chọn thủ tục này', exact: true }).click();

    await heading(page, 'Chọn các thủ tục làm cùng lúc');
    await check('linked procedures');
    await next(page).click();

    await heading(page, 'Chọn cơ quan thực hiện');
    await check('agency');
    await next(page).click();

    await heading(page, 'Người đi khai tử');
    await check('applicant');
    await next(page).click();

    // The deceased, with a refused name twice: the error summary and the
    // "Xem ví dụ" panel.
    await heading(page, 'Thông tin người đã mất');
    await check('deceased');
    await page.getByLabel('Họ, chữ đệm và tên').fill('hoàng văn thọ');
    await next(page).click();
    await summary.waitFor();
    await next(page).click();
    await page.getByRole('button', { name: 'Xem ví dụ', exact: true }).click();
    await page.getByText('HOÀNG VĂN THỌ', { exact: true }).waitFor();
    await check('deceased with error summary and example');
    await page.getByRole('button', { name: 'Điền ví dụ này', exact: true }).click();
    await next(page).click();

    await heading(page, 'Thời gian, nơi và nguyên nhân mất');
    await check('date and place');
    await next(page).click();

    await heading(page, 'Giấy báo tử');
    await check('death notice');
    await next(page).click();

    await heading(page, 'Trợ cấp mai táng');
    await check('funeral allowance');
    await next(page).click();

    await heading(page, 'Đính kèm giấy báo tử');
    await page.getByRole('radio', { name: 'Ảnh giấy báo tử' }).check();
    await page.getByText('Đã chọn: Ảnh giấy báo tử').waitFor();
    await check('upload');
    await next(page).click();

    await heading(page, 'Kiểm tra lại thông tin');
    await check('review');
    await page.getByRole('button', { name: 'Xác nhận thông tin', exact: true }).click();

    await heading(page, 'Nộp hồ sơ');
    await check('submit');
    await page.getByLabel('Tôi cam đoan những thông tin trên là đúng sự thật.').check();
    await page.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click();

    await heading(page, 'Tin nhắn bạn nhận được');
    await check('notice');
    await next(page).click();

    await heading(page, 'Tra cứu hồ sơ');
    const receipt = (await page.locator('.receipt').textContent()).trim();
    await check('track');
    await page.getByLabel('Mã hồ sơ').fill(receipt);
    await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();

    await heading(page, 'Bạn đã hoàn thành');
    await page.getByRole('heading', { name: 'Kỹ năng bạn đã luyện' }).waitFor();
    await check('final summary');

    assert.equal(visited.length, 19);
    assert.deepEqual(found, []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

/** tapKey taps one key on the on-screen keyboard, with Shift first when the case needs it (as a11y.e2e.mjs). */
async function tapKey(page, key) {
  const k = key === ' ' ? '{space}' : key;
  const layout = await page.locator('.osk').getAttribute('data-layout');
  const upper = k.length === 1 && k !== k.toLowerCase();
  if (k.length === 1 && k.toLowerCase() !== k.toUpperCase() && upper !== layout.endsWith('Shift')) {
    await page.locator('.osk .hg-button[data-skbtn="{shift}"]').click();
  }
  await page.locator(`.osk .hg-button[data-skbtn="${k}"]`).click();
}

/** submitStep presses "Tiếp tục" and returns the field ids the server refused. */
async function submitStep(page) {
  const [res] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/submit')), next(page).click()]);
  const { errors } = await res.json();
  await page.locator('.error-summary').waitFor();
  return errors.map((e) => e.field);
}

test('on-screen keyboard: "HOÀNG VĂN THỌ" tapped into the pack\'s name field passes its validation', async () => {
  const { page, context, problems } = await newPage(browser);
  try {
    await gotoAttract(page, srv.url + '?kiosk=1');
    await page.getByRole('button', { name: /Chạm vào màn hình để bắt đầu/ }).click();
    await page.locator('[data-pack="khai-tu"]').click();
    await heading(page, 'Đăng ký khai tử');
    await page.getByRole('button', { name: /Tự gõ thông tin/ }).click();
    await heading(page, 'Khai tử qua mạng');
    await page.getByRole('button', { name: 'Bắt đầu', exact: true }).click();

    // The steps before the name are filled in directly: they are not what this test is about.
    await heading(page, 'Đăng nhập bằng tài khoản định danh điện tử');
    assert.equal(await page.getByLabel('Số định danh cá nhân').inputValue(), '', 'own data starts empty');
    await page.getByLabel('Số định danh cá nhân').fill('001072009876');
    await page.getByLabel('Mật khẩu VNeID').fill('Binh2025@hv');
    await page.locator('.osk .hg-button[data-skbtn="{hide}"]').click();
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await heading(page, 'Tìm thủ tục');
    await page.getByLabel('Tìm kiếm thủ tục').fill('khai tu');
    await page.locator('.osk .hg-button[data-skbtn="{hide}"]').click();
    await page.getByRole('button', { name: /Tìm kiếm$/ }).click();
    await page.getByRole('radio', { name: /^Liên thông đăng ký khai tử/ }).check();
    await page.getByRole('button', { name: 'Chọn thủ tục này', exact: true }).click();
    await heading(page, 'Chọn các thủ tục làm cùng lúc');
    await page.getByLabel('Đăng ký khai tử').check();
    await page.getByLabel('Xóa đăng ký thường trú').check();
    await next(page).click();
    await heading(page, 'Chọn cơ quan thực hiện');
    await page.getByRole('combobox', { name: 'Tỉnh, thành phố' }).selectOption('Hà Nội');
    await page.getByRole('combobox', { name: 'Xã, phường, đặc khu' }).selectOption('Phường Cửa Nam');
    await next(page).click();
    await heading(page, 'Người đi khai tử');
    await page.getByLabel('Quan hệ với người đã mất').selectOption('con');
    await page.getByLabel('Số điện thoại').fill('0904556677');
    await page.locator('.osk .hg-button[data-skbtn="{hide}"]').click();
    await next(page).click();

    await heading(page, 'Thông tin người đã mất');
    const name = page.getByLabel('Họ, chữ đệm và tên');
    assert.equal(await name.inputValue(), '', 'own data: the name starts empty');
    await name.click();
    await page.locator('.osk.open').waitFor();
    // autocapitalize="characters": the keyboard shows capitals by itself, so
    // the Telex letters (tone keys included) are all tapped as capitals.
    assert.equal(await name.getAttribute('autocapitalize'), 'characters');
    assert.equal(await page.locator('.osk').getAttribute('data-layout'), 'viShift');
    for (const k of [...'HOAFNG VAWN THOJ']) await tapKey(page, k);
    assert.equal(await name.inputValue(), 'HOÀNG VĂN THỌ');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'fld-ho_ten_nguoi_mat', 'the field lost the focus');
    await page.locator('.osk .hg-button[data-skbtn="{hide}"]').click();
    await page.locator('.osk.open').waitFor({ state: 'detached' });

    // The step still lacks its other required fields, so it is refused, but
    // not for the name.
    let refused = await submitStep(page);
    assert.ok(refused.length > 0, 'the other required fields are empty');
    assert.ok(!refused.includes('ho_ten_nguoi_mat'), `the name was refused: ${refused}`);
    assert.equal(await page.locator('.error-summary a[href="#fld-ho_ten_nguoi_mat"]').count(), 0);
    assert.equal(await page.locator('.error-summary a').count(), refused.length, 'one link per refused field');

    // Control: the name in ordinary case, typed the same way (Shift before each
    // small letter, since the field asks for capitals), is listed.
    await name.click();
    await page.locator('.osk.open').waitFor();
    while ((await name.inputValue()) !== '') await page.locator('.osk .hg-button[data-skbtn="{bksp}"]').click();
    for (const k of [...'Hoafng Vawn Thoj']) await tapKey(page, k);
    assert.equal(await name.inputValue(), 'Hoàng Văn Thọ');
    await page.locator('.osk .hg-button[data-skbtn="{hide}"]').click();
    refused = await submitStep(page);
    assert.ok(refused.includes('ho_ten_nguoi_mat'), `the name was accepted: ${refused}`);
    const link = page.locator('.error-summary a[href="#fld-ho_ten_nguoi_mat"]');
    assert.equal(await link.count(), 1);
    assert.match(await link.textContent(), /Họ, chữ đệm và tên/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
