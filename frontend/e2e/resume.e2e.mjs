// End to end (issue 4): a practice survives the kiosk being killed, and the
// attract screen offers it again ("Tiếp tục bài đang làm?") at the same step
// with the same answers; "No" wipes it. The server's log never holds what
// the citizen typed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, gotoAttract, copyConfig } from './lib.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const PASSWORD = 'Binh2025@hv';

/** practiseTwoSteps starts the death-registration pack with the sample data and passes the login step. */
async function practiseTwoSteps(page, url) {
  assert.equal(await gotoAttract(page, url), null, 'nothing to resume on a fresh kiosk');
  await page.getByRole('button', { name: /Chạm vào màn hình để bắt đầu/ }).click();
  await page.locator('[data-pack="khai-tu"]').click();
  await page.getByRole('button', { name: /Dùng dữ liệu mẫu/ }).click();
  await page.getByRole('button', { name: 'Bắt đầu', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Đăng nhập bằng tài khoản định danh điện tử' }).waitFor();
  await page.getByLabel('Mật khẩu VNeID').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Tìm thủ tục' }).waitFor();
  return page.getByText(/Bước \d+\/\d+/).first().innerText();
}

test('a killed kiosk offers the unfinished practice again, at the same step', async () => {
  const configDir = copyConfig();
  let srv = await startServer({ configDir });
  const dataDir = srv.dataDir;
  const first = await newPage(browser);
  const progress = await practiseTwoSteps(first.page, srv.url);
  let logs = srv.logs();
  await srv.kill();
  await first.context.close();

  srv = await startServer({ configDir, dataDir });
  try {
    const { page, context } = await newPage(browser);
    await page.goto(srv.url);
    const dialog = page.getByRole('alertdialog', { name: 'Tiếp tục bài đang làm?' });
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /Đăng ký khai tử/);
    await page.getByRole('button', { name: 'Tiếp tục bài này' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tìm thủ tục' }).waitFor();
    assert.equal(await page.getByText(/Bước \d+\/\d+/).first().innerText(), progress);
    // The answers came back too: going back shows the ID number typed before the crash.
    await page.getByRole('button', { name: /Quay lại/ }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Đăng nhập bằng tài khoản định danh điện tử' }).waitFor();
    assert.equal(await page.getByLabel('Số định danh cá nhân').inputValue(), '001072009876');
    await context.close();
    logs += srv.logs();
    for (const secret of ['001072009876', PASSWORD]) {
      assert.ok(!logs.includes(secret), `the log contains ${secret}`);
    }
  } finally {
    await srv.stop();
  }
});

test('"No" on the resume question wipes the practice', async () => {
  const configDir = copyConfig();
  let srv = await startServer({ configDir });
  const dataDir = srv.dataDir;
  const first = await newPage(browser);
  await practiseTwoSteps(first.page, srv.url);
  const id = await first.page.evaluate(async () => {
    const r = await fetch('/api/practice/resume');
    return (await r.json()).practice.id;
  });
  await srv.kill();
  await first.context.close();

  srv = await startServer({ configDir, dataDir });
  try {
    const { page, context } = await newPage(browser);
    const offer = await gotoAttract(page, srv.url, 'no');
    assert.equal(offer?.id, id);
    await page.getByRole('button', { name: /Chạm vào màn hình để bắt đầu/ }).waitFor();
    const status = await page.evaluate(async (id) => {
      for (let i = 0; i < 50; i++) {
        const r = await fetch(`/api/practice/${id}`);
        if (r.status !== 200) return r.status;
        await new Promise((res) => setTimeout(res, 100));
      }
      return 200;
    }, id);
    assert.equal(status, 404, 'the declined practice must be gone');
    assert.equal(await gotoAttract(page, srv.url), null, 'a declined practice is not offered again');
    await context.close();
  } finally {
    await srv.stop();
  }
});
