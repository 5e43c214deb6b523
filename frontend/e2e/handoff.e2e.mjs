// End to end through the real Go server (issue 5): a practice started at the
// kiosk (desktop viewport) moves to a phone (360×740, touch) by the QR code
// on the kiosk's screen. The test reads the link FROM THE QR IMAGE (decoded
// with jsQR from the pixels the browser drew), not from the page's text; the
// phone goes on at the same step with the same answers and finishes; the
// kiosk goes back to its attract screen; the same link then says "already
// used"; and the phone door refuses the kiosk's and the staff's routes.
// Issue 15: every POST the real frontend sends on either door is JSON and
// none is refused; a foreign Origin, a foreign Host and a text/plain POST
// are refused on both doors; a page from another origin cannot move the
// staff PIN throttle.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
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

/** watchWrites records every state-changing API request of a page and its answer. */
function watchWrites(page) {
  const writes = [];
  page.on('response', async (res) => {
    const req = res.request();
    if (req.method() === 'GET' || !new URL(req.url()).pathname.startsWith('/api/')) return;
    writes.push({ what: `${req.method()} ${new URL(req.url()).pathname}`, type: await req.headerValue('content-type'), status: res.status() });
  });
  return writes;
}

/** checkWrites: every write was JSON and none was refused by the provenance checks. */
function checkWrites(writes, door) {
  assert.ok(writes.length > 0, `the ${door} page sent no POST`);
  for (const w of writes) {
    assert.equal(w.type, 'application/json', `${door}: ${w.what} must say JSON`);
    assert.ok(w.status !== 403 && w.status !== 415, `${door}: ${w.what} was refused (${w.status})`);
  }
}

test('a practice moves from the kiosk to a phone by QR code, once', async () => {
  const kiosk = await newPage(browser, { viewport: { width: 1920, height: 1080 } });
  const phone = await newPage(browser, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const kioskWrites = watchWrites(kiosk.page);
  const phoneWrites = watchWrites(phone.page);
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
    checkWrites(kioskWrites, 'kiosk');
    checkWrites(phoneWrites, 'phone');
    assert.ok(kioskWrites.some((w) => w.what.endsWith('/handoff')), 'the kiosk offered the hand-off (a POST without a body)');
    assert.ok(phoneWrites.some((w) => w.what === 'POST /api/handoff/claim'), 'the phone claimed the code');
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
  const claim = await fetch(new URL('/api/handoff/claim', phoneURL), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"token":"AAAAAAAAAAAAAAAAAAAAAA"}' });
  assert.equal(claim.status, 404);
  assert.equal((await claim.json()).code, 'handoff_unknown');
});

/** raw sends one request with exactly these headers (node:http sets Host as told). */
function raw(base, method, path, headers, body) {
  const u = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, method, path: u.pathname, headers }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('both doors refuse a foreign Origin, a foreign Host and a text/plain POST', async () => {
  const report = JSON.stringify({ screen: 'e2e', code: 'provenance', message: '' });
  for (const base of [srv.url, phoneURL]) {
    const own = new URL(base);
    const json = { 'Content-Type': 'application/json', Host: own.host };
    const cases = [
      ['the door\'s own page', { ...json, Origin: own.origin, 'Sec-Fetch-Site': 'same-origin' }, 204, ''],
      ['a foreign Origin', { ...json, Origin: 'http://evil.example' }, 403, 'cross_site'],
      ['a cross-site fetch', { ...json, 'Sec-Fetch-Site': 'cross-site' }, 403, 'cross_site'],
      ['a foreign Host', { ...json, Host: `evil.example:${own.port}` }, 403, 'foreign_host'],
      ['a text/plain POST', { 'Content-Type': 'text/plain', Host: own.host, Origin: own.origin }, 415, 'json_required'],
      ['a form POST', { 'Content-Type': 'application/x-www-form-urlencoded', Host: own.host }, 415, 'json_required'],
    ];
    for (const [name, headers, status, code] of cases) {
      const res = await raw(base, 'POST', '/api/client-errors', headers, report);
      assert.equal(res.status, status, `${base}: ${name}: ${res.text}`);
      if (code) assert.equal(JSON.parse(res.text).code, code, `${base}: ${name}`);
    }
    const page = await raw(base, 'GET', '/', { Host: 'evil.example' });
    assert.equal(page.status, 403, `${base}: the page itself under a foreign Host (DNS rebinding)`);
  }
});

test('a page from another origin cannot move the staff PIN throttle', async () => {
  const pinState = async () => JSON.parse((await raw(srv.url, 'GET', '/api/staff/pin', { Host: new URL(srv.url).host })).text);
  const before = await pinState();
  assert.equal(before.enabled, true, `the sample config has a staff PIN: ${JSON.stringify(before)}`);
  // A page served by the phone door's origin (another port: same site,
  // another origin) tries wrong PINs at the kiosk door, every way a page can.
  const other = await newPage(browser);
  try {
    await other.page.goto(phoneURL);
    const results = await other.page.evaluate(async (kiosk) => {
      const out = [];
      const body = JSON.stringify({ pin: '000000' });
      for (let i = 0; i < 12; i++) {
        for (const init of [
          { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body },
          { method: 'POST', mode: 'no-cors', body: new URLSearchParams({ pin: '000000' }) },
          { method: 'POST', headers: { 'Content-Type': 'application/json' }, body }, // needs a preflight the door never allows
          { method: 'POST', mode: 'no-cors', credentials: 'include', body },
        ]) {
          try {
            const r = await fetch(kiosk + 'api/staff/login', init);
            out.push(r.type === 'opaque' ? 'opaque' : String(r.status));
          } catch {
            out.push('blocked');
          }
        }
      }
      return out;
    }, srv.url);
    assert.equal(results.length, 48);
  } finally {
    await other.context.close();
  }
  const after = await pinState();
  assert.deepEqual(after, before, 'the throttle moved after a foreign page\'s tries');
  assert.equal(after.locked, false);
  // The kiosk's own page still counts a wrong PIN (so the check above could fail).
  const own = new URL(srv.url);
  const wrong = await raw(srv.url, 'POST', '/api/staff/login', { 'Content-Type': 'application/json', Host: own.host, Origin: own.origin }, JSON.stringify({ pin: '000000' }));
  assert.notEqual(wrong.status, 403);
  assert.equal((await pinState()).remaining, before.remaining - 1);
});
