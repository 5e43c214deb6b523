// The phone's back gesture inside a practice (issue 16), through the real
// `tramhocso serve` on the phone door: each step is a history entry, so the
// browser's back on step 3 shows step 2 of the same practice (the server
// walked back too: the next "Tiếp tục" goes on from there); back on the
// first step does not leave the page but asks first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, newPage, artifacts } from './lib.mjs';
import { trackViews, openPack, next, currentStep } from './walk.mjs';

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

const progress = (page) => page.locator('.progress-text').textContent();

test('phone: browser back on step 3 shows step 2 of the same practice; back on step 1 asks before leaving', async () => {
  const { page, context, problems } = await newPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const state = trackViews(page);
  try {
    await page.goto(srv.url + '?phone=1');
    const pack = (await (await fetch(srv.url + 'api/catalog')).json()).packs[0].id;
    await openPack(page, pack);
    const step1 = await currentStep(page);
    const practice = state.view && (await page.evaluate(() => history.state?.practice));
    assert.ok(practice, 'the first step is a history entry of the practice');
    const step2 = await next(page, state);
    const step3 = await next(page, state);
    assert.equal(await progress(page), `Bước 3/${state.view.total}`);

    // Back on step 3: step 2, and the server agrees (POST …/back).
    const back = page.waitForResponse((r) => r.url().endsWith('/back'));
    await page.goBack();
    assert.equal((await back).status(), 200);
    await page.waitForFunction((s) => document.querySelector('.step-page')?.getAttribute('data-step') === s, step2);
    assert.equal(await progress(page), `Bước 2/${state.view.total}`);
    assert.equal(await page.evaluate(() => history.state?.practice), practice, 'still the same practice');
    assert.equal(new URL(page.url()).search, '?phone=1', 'the page did not change');
    await page.screenshot({ path: join(artifacts, 'phone-back-step2.png') });

    // Going on from there reaches step 3 again.
    assert.equal(await next(page, state), step3);

    // Back twice more: step 1; once more asks before leaving.
    await page.goBack();
    await page.waitForFunction((s) => document.querySelector('.step-page')?.getAttribute('data-step') === s, step2);
    await page.goBack();
    await page.waitForFunction((s) => document.querySelector('.step-page')?.getAttribute('data-step') === s, step1);
    await page.goBack();
    const ask = page.getByRole('alertdialog', { name: 'Bạn muốn dừng luyện tập?' });
    await ask.waitFor();
    assert.equal(await currentStep(page), step1, 'the practice is still there behind the question');
    assert.equal(new URL(page.url()).search, '?phone=1');
    await page.screenshot({ path: join(artifacts, 'phone-back-asks.png') });
    await page.getByRole('button', { name: 'Tiếp tục luyện tập' }).click();
    await ask.waitFor({ state: 'detached' });
    assert.equal(await currentStep(page), step1);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
