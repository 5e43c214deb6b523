// End to end through the real Go server (issue 5): a practice started at the
// kiosk (desktop viewport) moves to a phone (360×740, touch) by the QR code
// on the kiosk's screen. The test reads the link FROM THE QR IMAGE (decoded
// with jsQR from the pixels the browser drew), not from the page's text; the
// phone goes on at the same step with the same answers and finishes; the
// kiosk goes back to its attract screen; the same link then says "already
// used"; and the phone door refuses the kiosk's and the staff's routes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { startServer, launchBrowser, newPage, copyConfig, artifacts } from './lib.mjs';

/** freePort asks the system for a free loopback port (kiosk.yaml needs a real one). */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

let browser;
let srv;
let phoneURL;
before(async () => {
  browser = await launchBrowser();
  const configDir = copyConfig();
  const file = join(configDir, 'kiosk.yaml');
  const port = await freePort();
  const yaml = readFileSync(file, 'utf8').replace('  listen: ""\n  # Base URL', `  listen: "127.0.0.1:${port}"\n  # Base URL`);
  assert.match(yaml, new RegExp(`listen: "127.0.0.1:${port}"`));
  writeFileSync(file, yaml);
  srv = await startServer({ configDir });
  for (let i = 0; i < 100 && !phoneURL; i++) {
    phoneURL = srv.logs().match(/Phone door is serving on (http:\/\/127\.0\.0\.1:\d+\/)/)?.[1];
    if (!phoneURL) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(phoneURL, `the phone door did not start:\n${srv.logs()}`);
});
after(async () => {
  await srv?.stop();
  await browser?.close();
});

/** readQR decodes the QR image of kind on the page from its pixels. */
async function readQR(page, kind) {
  const img = page.locator(`[data-qr="${kind}"] img`);
  await img.waitFor();
  const { width, height, data } = await img.evaluate(async (el) => {
    await el.decode();
    const c = document.createElement('canvas');
    c.width = el.naturalWidth;
    c.height = el.naturalHeight;
    const ctx = c.getContext('2d');
    ctx.drawImage(el, 0, 0);
    const px = ctx.getImageData(0, 0, c.width, c.height);
    return { width: px.width, height: px.height, data: Array.from(px.data) };
  });
  const code = jsQR(Uint8ClampedArray.from(data), width, height);
  assert.ok(code, `the ${kind} QR code does not decode`);
  return code.data;
}

async function stepId(page) {
  await page.locator('.step-page').waitFor();
  return page.locator('.step-page').getAttribute('data-step');
}

/** next presses the step's main button and waits for the next step. */
async function next(page) {
  const step = await stepId(page);
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/submit')),
    page.locator('.step-page .btn-primary').click(),
  ]);
  const { errors } = await res.json();
  assert.deepEqual(errors, [], `step ${step}`);
  await page.waitForFunction((old) => document.querySelector('.step-page')?.dataset.step !== old || !!document.querySelector('[data-kind="finish"]'), step);
}

test('a practice moves from the kiosk to a phone by QR code, once', async () => {
  const kiosk = await newPage(browser, { viewport: { width: 1920, height: 1080 } });
  const phone = await newPage(browser, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  try {
    const k = kiosk.page;
    await k.goto(srv.url);
    // The attract screen offers "practise on your own phone".
    assert.equal(await readQR(k, 'phone'), `${phoneURL}?phone=1`);
    await k.getByRole('button', { name: /Chạm vào màn hình để bắt đầu/ }).click();
    await k.locator('[data-pack="kich-hoat-vneid"]').click();
    await k.getByRole('button', { name: /Dùng dữ liệu mẫu/ }).click();

    // Two steps at the kiosk: the introduction and the form (sample data).
    await next(k);
    assert.equal(await stepId(k), 'nhap-thong-tin');
    const cccd = await k.locator('#fld-so_dinh_danh').inputValue();
    const tel = await k.locator('#fld-so_dien_thoai').inputValue();
    assert.ok(cccd && tel, 'the sample data fills the form');
    await next(k);
    const at = await stepId(k);
    assert.equal(at, 'ma-otp');

    // The hand-off QR, read from its pixels.
    await k.getByRole('button', { name: 'Tiếp tục trên điện thoại' }).click();
    const link = await readQR(k, 'continue');
    assert.match(link, new RegExp(`^${phoneURL}h/[A-Za-z0-9_-]{22}$`));
    assert.equal(await k.locator('[data-qr="continue"] .short').textContent(), link.replace('http://', ''));
    await k.screenshot({ path: join(artifacts, 'handoff-kiosk-qr.png') });

    // The phone opens it: same step, same answers.
    const p = phone.page;
    await p.goto(link);
    assert.equal(await stepId(p), at);
    assert.equal(new URL(p.url()).pathname, '/', 'the code leaves the address bar');
    // One practice notice on the phone: the practice's own band.
    assert.ok(await p.locator('.band .tag').getByText('LUYỆN TẬP').isVisible());
    assert.equal(await p.getByText('Đây là bản luyện tập').count(), 0, 'a second practice notice');
    assert.equal(await p.locator('.osk, .simple-keyboard').count(), 0, 'the phone keeps its own keyboard');
    await p.screenshot({ path: join(artifacts, 'handoff-phone-step.png'), fullPage: true });
    await p.getByRole('button', { name: 'Quay lại', exact: true }).click();
    await p.waitForFunction(() => document.querySelector('.step-page')?.dataset.step === 'nhap-thong-tin');
    assert.equal(await p.locator('#fld-so_dinh_danh').inputValue(), cccd);
    assert.equal(await p.locator('#fld-so_dien_thoai').inputValue(), tel);
    await next(p);

    // The kiosk lets go and returns to its attract screen.
    await k.getByText('Đã chuyển sang điện thoại của bạn').waitFor();
    await k.getByRole('button', { name: /Chạm vào màn hình để bắt đầu/ }).waitFor({ timeout: 15000 });

    // The phone finishes, filling in what the sample leaves to the person.
    for (let guard = 0; guard < 20; guard++) {
      if (await p.locator('[data-kind="finish"]').count()) break;
      await p.locator('.step-page, [data-kind="finish"]').first().waitFor();
      if (await p.locator('[data-kind="finish"]').count()) break;
      for (const input of await p.locator('.field[data-type="password"] input').all()) await input.fill('Hoa@2025x');
      for (const input of await p.locator('.field[data-type="passcode"] input').all()) await input.fill('204816');
      if (await p.locator('.bubble').count()) {
        const code = (await p.locator('.bubble').textContent()).match(/\d{6}/)[0];
        await p.locator('.field[data-type="otp"] input').fill(code);
      }
      await next(p);
    }
    await p.getByRole('heading', { name: 'Kỹ năng bạn đã luyện' }).waitFor();
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the phone page scrolls sideways by ${overflow}px`);
    assert.equal(await p.locator('[data-qr]').count(), 0, 'the phone shows no QR codes of its own');
    await p.screenshot({ path: join(artifacts, 'handoff-phone-finish.png'), fullPage: true });

    // The same link again: "already used", with what to do.
    const again = await newPage(browser, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    try {
      await again.page.goto(link);
      await again.page.getByRole('heading', { name: 'Mã này đã được dùng' }).waitFor();
      assert.ok(await again.page.getByRole('heading', { name: 'Cần làm gì?' }).isVisible());
      await again.page.screenshot({ path: join(artifacts, 'handoff-phone-used.png'), fullPage: true });
    } finally {
      await again.context.close();
    }
    assert.doesNotMatch(srv.logs(), new RegExp(link.split('/h/')[1]), 'the code reached the log');
    assert.deepEqual(kiosk.problems, []);
  } finally {
    await kiosk.context.close();
    await phone.context.close();
  }
});

test('the phone door refuses the kiosk and staff routes', async () => {
  const kioskOnly = [
    ['GET', '/api/practice/resume'],
    ['POST', '/api/practice/0123456789abcdef0123456789abcdef/handoff'],
    ['GET', '/api/handoff/attract'],
    ['GET', '/api/handoff/pack/khai-sinh'],
    ['GET', '/api/kiosk/settings'],
    ['GET', '/api/staff/panel'],
    ['POST', '/api/staff/login'],
  ];
  for (const [method, path] of kioskOnly) {
    const res = await fetch(new URL(path, phoneURL), { method, headers: { 'Content-Type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
    assert.equal(res.status, 404, `${method} ${path} on the phone door`);
    // The same route is there on the kiosk door (anything but a 404 "not_found").
    const k = await fetch(new URL(path, srv.url), { method, headers: { 'Content-Type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
    const body = await k.text();
    assert.ok(!(k.status === 404 && body.includes('"not_found"')), `${method} ${path} should exist on the kiosk door: ${k.status} ${body}`);
  }
  const res = await fetch(new URL('/h/AAAAAAAAAAAAAAAAAAAAAA', phoneURL));
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-security-policy'), /script-src 'self'/);
  assert.equal(res.headers.get('x-frame-options'), 'DENY');
  assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
  const claim = await fetch(new URL('/api/handoff/claim', phoneURL), { method: 'POST', body: '{"token":"AAAAAAAAAAAAAAAAAAAAAA"}' });
  assert.equal(claim.status, 404);
  assert.equal((await claim.json()).code, 'handoff_unknown');
});
