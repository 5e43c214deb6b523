// End to end through the real Go server (issue 3): the death-registration
// pack walked in a browser from the catalog to the final summary, with the
// sample data, an error summary whose link moves the focus to the field,
// "Xem ví dụ" after two failed tries, and "Sửa" from the review page. Run
// at the kiosk's 1920×1080 and at a phone's 360×740, with screenshots of
// every page in e2e/artifacts/practice-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, newPage, artifacts, gotoAttract, settledValue, serious } from './lib.mjs';

let browser;
let srv;
before(async () => {
  browser = await launchBrowser();
  srv = await startServer();
});
after(async () => {
  await srv?.stop();
  await browser?.close();
});

/** heading waits for the page's h1 to say name. */
async function heading(page, name) {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

async function activeId(page) {
  return page.evaluate(() => document.activeElement?.id ?? '');
}

async function walk(page, shot) {
  await gotoAttract(page, srv.url);
  await page.getByRole('button', { name: /Chạm vào màn hình để bắt đầu/ }).click();
  await page.locator('[data-pack="khai-tu"]').click();

  // Start page: summary, minutes, the practice note and the two choices.
  await heading(page, 'Đăng ký khai tử');
  assert.ok(await page.getByText('Đây chỉ là luyện tập').isVisible());
  assert.ok(await page.getByText('Khoảng 15 phút').isVisible());
  await shot('start');
  await page.getByRole('button', { name: /Dùng dữ liệu mẫu/ }).click();

  // Info, with the persona.
  await heading(page, 'Khai tử qua mạng');
  assert.ok(await page.getByText('Bước 1/15').isVisible());
  assert.ok(await page.getByText(/Anh Hoàng Văn Bình/).isVisible());
  await shot('info');
  await page.getByRole('button', { name: 'Bắt đầu', exact: true }).click();

  // Login: the ID is filled in from the sample, the password is not. Sending
  // without it shows the error summary, which takes the focus; its link
  // moves the focus to the password field.
  await heading(page, 'Đăng nhập bằng tài khoản định danh điện tử');
  assert.equal(await page.getByLabel('Số định danh cá nhân').inputValue(), '001072009876');
  assert.equal(await page.getByLabel('Số định danh cá nhân').getAttribute('inputmode'), 'numeric');
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'Có thông tin cần sửa' });
  await summary.waitFor();
  await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
  await shot('error-summary');
  await summary.getByRole('link', { name: /Mật khẩu VNeID: Vui lòng điền mục này/ }).click();
  assert.equal(await activeId(page), 'fld-mat_khau_dn');
  await page.getByLabel('Mật khẩu VNeID').fill('Binh2025@hv');
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();

  // Find the procedure: search without marks, choose the right result.
  await heading(page, 'Tìm thủ tục');
  await page.getByLabel('Tìm kiếm thủ tục').fill('khai tu');
  await page.getByRole('button', { name: /Tìm kiếm$/ }).click();
  await page.getByRole('radio', { name: /^Liên thông đăng ký khai tử/ }).check();
  await shot('find');
  await page.getByRole('button', { name: 'Chọn thủ tục này', exact: true }).click();

  // The linked service: khai tử + xóa đăng ký thường trú (+ trợ cấp mai táng),
  // ticked on cards; then the agency, province → commune.
  await heading(page, 'Chọn các thủ tục làm cùng lúc');
  assert.ok(await page.getByLabel('Đăng ký khai tử').isChecked());
  assert.ok(await page.getByLabel('Xóa đăng ký thường trú').isChecked());
  assert.ok(await page.getByLabel('Trợ cấp mai táng').isChecked());
  await page.getByRole('button', { name: 'Tiếp tục', exact: true }).click();
  await heading(page, 'Chọn cơ quan thực hiện');
  await page.getByText('UBND Phường Cửa Nam, Hà Nội', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Tiếp tục', exact: true }).click();

  await heading(page, 'Người đi khai tử');
  await page.getByRole('button', { name: 'Tiếp tục', exact: true }).click();

  // The deceased: a name in small letters fails twice, then "Xem ví dụ"
  // shows the sample person's value and fills it in.
  await heading(page, 'Thông tin người đã mất');
  assert.equal(await settledValue(page.getByLabel('Tỉnh, thành phố'), 'Hà Nội'), 'Hà Nội');
  const name = page.getByLabel('Họ, chữ đệm và tên');
  assert.equal(await name.getAttribute('autocapitalize'), 'characters');
  await name.fill('hoàng văn thọ');
  await page.getByRole('button', { name: 'Tiếp tục', exact: true }).click();
  await summary.waitFor();
  assert.equal(await page.getByRole('button', { name: 'Xem ví dụ', exact: true }).count(), 0);
  await page.getByRole('button', { name: 'Tiếp tục', exact: true }).click();
  await page.getByRole('button', { name: 'Xem ví dụ', exact: true }).click();
  await page.getByText('HOÀNG VĂN THỌ', { exact: true }).waitFor();
  await shot('example');
  await page.getByRole('button', { name: 'Điền ví dụ này', exact: true }).click();
  assert.equal(await name.inputValue(), 'HOÀNG VĂN THỌ');
  await page.getByRole('button', { name: 'Tiếp tục', exact: true }).click();

  await heading(page, 'Thời gian, nơi và nguyên nhân mất');
  await page.getByRole('button', { name: 'Tiếp tục', exact: true }).click();
  await heading(page, 'Giấy báo tử');
  await page.getByRole('button', { name: 'Tiếp tục', exact: true }).click();
  await heading(page, 'Trợ cấp mai táng');
  await page.getByRole('button', { name: 'Tiếp tục', exact: true }).click();

  // Upload: choose the death notice among the sample documents.
  await heading(page, 'Đính kèm giấy báo tử');
  await page.getByRole('radio', { name: 'Ảnh giấy báo tử' }).check();
  await page.getByText('Đã chọn: Ảnh giấy báo tử').waitFor();
  await shot('upload');
  await page.getByRole('button', { name: 'Tiếp tục', exact: true }).click();

  // Review: "Sửa" the phone number, come back, see the new value.
  await heading(page, 'Kiểm tra lại thông tin');
  await shot('review');
  await page.getByRole('button', { name: 'Sửa Số điện thoại', exact: true }).click();
  await heading(page, 'Người đi khai tử');
  await page.waitForFunction(() => document.activeElement?.id === 'fld-so_dien_thoai');
  await page.getByLabel('Số điện thoại').fill('0987654321');
  await page.getByRole('button', { name: 'Lưu và quay lại trang kiểm tra', exact: true }).click();
  await heading(page, 'Kiểm tra lại thông tin');
  assert.ok(await page.getByText('0987654321').isVisible());
  await page.getByRole('button', { name: 'Xác nhận thông tin', exact: true }).click();

  // Submit: the declaration must be ticked.
  await heading(page, 'Nộp hồ sơ');
  await page.getByLabel('Tôi cam đoan những thông tin trên là đúng sự thật.').check();
  await page.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click();

  // The SMS with the receipt code and the appointment.
  await heading(page, 'Tin nhắn bạn nhận được');
  const sms = page.getByRole('figure', { name: 'Tin nhắn gửi đến điện thoại của bạn (mô phỏng)' });
  assert.match(await sms.textContent(), /Ho so LT-\d{6}-\d{4} \(khai tu, xoa dang ky thuong tru\) da duoc UBND Phường Cửa Nam, Hà Nội tiep nhan\. Ngay hen tra ket qua: \d\d\/\d\d\/\d{4}\./);
  await shot('notice');
  await page.getByRole('button', { name: 'Tiếp tục', exact: true }).click();

  // Track with the receipt code shown on the confirmation panel.
  await heading(page, 'Tra cứu hồ sơ');
  const receipt = (await page.locator('.receipt').textContent()).trim();
  assert.match(receipt, /^LT-\d{6}-\d{4}$/);
  await shot('track');
  await page.getByLabel('Mã hồ sơ').fill(receipt.toLowerCase());
  await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();

  // The summary: skills, the mistakes and how they were fixed, documents,
  // the real service.
  await heading(page, 'Bạn đã hoàn thành');
  await page.getByRole('heading', { name: 'Kỹ năng bạn đã luyện' }).waitFor();
  const mistakes = page.locator('section', { has: page.getByRole('heading', { name: 'Lỗi đã gặp và cách bạn đã sửa' }) });
  assert.match(await mistakes.textContent(), /Vui lòng điền mục này/);
  assert.match(await mistakes.textContent(), /chữ in hoa|CHỮ IN HOA|in hoa/i);
  assert.ok(await page.getByText(receipt).isVisible());
  assert.ok(await page.getByText('https://dichvucong.gov.vn/').isVisible());
  assert.ok(await page.getByText(/Giấy báo tử \(do bệnh viện/).isVisible());
  await shot('summary');
  await page.getByRole('button', { name: 'Luyện thủ tục khác', exact: true }).click();
  await page.getByRole('heading', { name: 'Bạn muốn luyện tập thủ tục nào?' }).waitFor();
}

for (const vp of [
  { name: 'kiosk', width: 1920, height: 1080 },
  { name: 'phone', width: 360, height: 740 },
]) {
  test(`khai-tu walked to the summary with an error summary, an example and "Sửa" (${vp.name})`, async () => {
    const { page, context, problems } = await newPage(browser, { viewport: { width: vp.width, height: vp.height } });
    try {
      const found = [];
      await walk(page, async (what) => {
        await page.screenshot({ path: join(artifacts, `practice-${vp.name}-${what}.png`), fullPage: true });
        for (const v of await serious(page)) found.push(`${what}: ${v}`);
      });
      assert.deepEqual(found, []);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
      assert.deepEqual(problems, []);
      assert.match(srv.logs(), /practice finished.*pack=khai-tu/);
    } finally {
      await context.close();
    }
  });
}

// Every sample pack walked with its sample data, filling in what the sample
// leaves to the person (passwords, the OTP from the SMS, the search result,
// the document, the declaration, the receipt code): each step kind and field
// widget renders and sends what the engine accepts.
for (const vp of [
  { name: 'kiosk', width: 1920, height: 1080 },
  { name: 'phone', width: 390, height: 844 },
]) test(`every pack can be walked to its summary with the sample data (${vp.name})`, async () => {
  const { page, context, problems } = await newPage(browser, { viewport: { width: vp.width, height: vp.height } });
  try {
    await gotoAttract(page, srv.url);
    await page.getByRole('button', { name: /Chạm vào màn hình để bắt đầu/ }).click();
    const packs = await page.locator('[data-pack]').evaluateAll((els) => els.map((e) => e.dataset.pack));
    assert.equal(packs.length, 10, 'the six first packs, three more and the scam-safety practice (issue 13)');
    for (const pack of packs) {
      await page.locator(`[data-pack="${pack}"]`).click();
      const title = (await page.getByRole('heading', { level: 1 }).textContent()).trim();
      await page.getByRole('button', { name: /Dùng dữ liệu mẫu/ }).click();
      const kinds = new Set();
      for (let guard = 0; guard < 40; guard++) {
        await page.locator('.step-page, [data-kind="finish"]').first().waitFor();
        if (await page.locator('[data-kind="finish"]').count()) break;
        const stepPage = page.locator('.step-page');
        const step = await stepPage.getAttribute('data-step');
        const kind = await stepPage.getAttribute('data-kind');
        if (!kinds.has(kind)) await page.screenshot({ path: join(artifacts, `practice-pack-${vp.name}-${pack}-${kind}.png`), fullPage: true });
        kinds.add(kind);
        // A new password or passcode is the citizen's own (the sample does not type it); the passcode a
        // passcode_check step asks is the persona's, and the sample data types it.
        if (kind === 'password' || kind === 'login') {
          for (const input of await page.locator('.field[data-type="password"] input').all()) await input.fill('Hoa@2025x');
        }
        if (kind === 'password') {
          for (const input of await page.locator('.field[data-type="passcode"] input').all()) await input.fill('204816');
        }
        if (kind === 'otp') {
          const code = (await page.locator('.bubble').textContent()).match(/\d{6}/)[0];
          await page.locator('.field[data-type="otp"] input').fill(code);
        }
        if (kind === 'track') {
          await page.locator('.field[data-type="receipt"] input').fill((await page.locator('.receipt').textContent()).trim());
        }
        if (kind === 'submit') {
          for (const box of await page.locator('.field[data-type="checkbox"] input:not(:checked)').all()) await box.check();
        }
        if (await page.locator('.field[data-type="search"]').count()) {
          await page.locator('.field[data-type="search"] input[type="search"]').fill(title);
          await page.getByRole('button', { name: /Tìm kiếm$/ }).click();
        }
        // A search result, a document or a quiz answer (the sample data leaves a quiz to the citizen,
        // decision 121): try each until the step passes.
        const choices = await page.locator('.field[data-type="search"] input[type="radio"], .field[data-type="upload"] input[type="radio"]' +
          (kind === 'quiz' ? ', .step-page .field[data-type="cards"] input[type="radio"]' : '')).all();
        if (kind === 'quiz') assert.equal(await page.locator('.step-page input:checked').count(), 0, `${pack}/${step}: the sample answered the quiz`);
        for (let i = 0; ; i++) {
          if (choices.length) await choices[i].check();
          const [res] = await Promise.all([
            page.waitForResponse((r) => r.url().endsWith('/submit')),
            page.locator('.step-page .btn-primary').click(),
          ]);
          const { errors } = await res.json();
          if (errors.length === 0) {
            await page.waitForFunction((old) => document.querySelector('.step-page')?.dataset.step !== old, step);
            break;
          }
          await page.locator('.error-summary').waitFor();
          assert.ok(i + 1 < choices.length, `${pack}/${step}: ${JSON.stringify(errors)}`);
        }
      }
      await page.getByRole('heading', { name: 'Kỹ năng bạn đã luyện' }).waitFor();
      await page.screenshot({ path: join(artifacts, `practice-pack-${vp.name}-${pack}-finish.png`), fullPage: true });
      await page.getByRole('button', { name: 'Luyện thủ tục khác', exact: true }).click();
      await page.getByRole('heading', { name: 'Bạn muốn luyện tập thủ tục nào?' }).waitFor();
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
