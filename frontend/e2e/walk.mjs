// A generic walker through any practice pack, for the layout, phone and
// real-window tests: open the pack with "Dùng dữ liệu mẫu" (the persona
// fills what it may), complete what the sample leaves to the citizen in the
// way the screen itself tells them (the OTP from the SMS on the screen, the
// receipt code from the page, any password that meets the rules, the search
// result and the document that are the step's example), then press the
// step's primary action. Nothing here knows a pack's steps, texts or count.
import assert from 'node:assert/strict';

/** A password and a passcode that meet the VNeID rules (any such one is accepted in practice). */
export const PASSWORD = 'Luyen@2025';
export const PASSCODE = '204816';

/**
 * trackViews records the practice view the API last sent (start, submit,
 * back, goto, claim), so the walker can read a field's example.
 */
export function trackViews(page) {
  const state = { view: null };
  page.on('response', async (r) => {
    if (!/\/api\/(practice|handoff)(\/|$)/.test(new URL(r.url()).pathname)) return;
    if (r.request().method() === 'GET' && !/\/api\/practice\/[^/]+$/.test(new URL(r.url()).pathname)) return;
    try {
      const body = await r.json();
      const v = body?.view ?? (body?.step ? body : null);
      if (v?.step) state.view = v;
    } catch {
      // not JSON (a 204), or the page went away
    }
  });
  return state;
}

export const primary = (page) => page.locator('.primary-action');

/** currentStep is the step id the page shows, or "finish" on the summary. */
export async function currentStep(page) {
  return page.evaluate(() => {
    if (document.querySelector('.summary-page')) return 'finish';
    return document.querySelector('.step-page')?.getAttribute('data-step') ?? '';
  });
}

/** waitStep waits until the page shows a step other than `from` and returns it. */
export async function waitStep(page, from) {
  await page.waitForFunction(
    (f) => {
      const now = document.querySelector('.summary-page') ? 'finish' : document.querySelector('.step-page')?.getAttribute('data-step');
      return now && now !== f;
    },
    from,
    { timeout: 15000 },
  );
  return currentStep(page);
}

/** openPack goes from the catalog to the pack's first step with the sample data. */
export async function openPack(page, packId) {
  await page.locator(`[data-pack="${packId}"]`).click();
  await page.getByRole('button', { name: /Dùng dữ liệu mẫu/ }).click();
  await page.locator('.step-page').waitFor();
}

const fid = (path) => 'fld-' + path.replace(/[^A-Za-z0-9_-]/g, '-');

/**
 * complete fills what the sample data leaves empty on this step, the way a
 * citizen would from what the screen shows. `fill(locator, text)` types
 * (the real-window test types with the on-screen keyboard instead).
 */
export async function complete(page, state, fill = (loc, text) => loc.fill(text)) {
  const step = state.view?.step;
  if (!step) return;
  const shown = await page.evaluate(() => Array.from(document.querySelectorAll('.step-page .field')).length);
  if (shown === 0) return;
  for (const f of step.fields) {
    const id = fid(f.id);
    if (!(await page.locator(`#${id}, #${id}-query, [name="${f.id}"]`).first().isVisible().catch(() => false))) continue;
    switch (f.type) {
      case 'password':
        await fill(page.locator(`#${id}`), PASSWORD);
        break;
      case 'passcode':
        // A passcode_check asks the sample person's own passcode, which the
        // sample data has typed in; a passcode step makes a new one.
        if (step.kind !== 'passcode_check') await fill(page.locator(`#${id}`), PASSCODE);
        break;
      case 'otp': {
        const sms = (await page.locator('.sms .bubble').textContent()) ?? '';
        const code = sms.match(/\d{6}/)?.[0];
        assert.ok(code, `no 6-digit code in the SMS: ${sms}`);
        await fill(page.locator(`#${id}`), code);
        break;
      }
      case 'receipt': {
        const code = ((await page.locator('.receipt').textContent()) ?? '').trim();
        assert.ok(code, 'no receipt code on the page');
        await fill(page.locator(`#${id}`), code);
        break;
      }
      case 'search': {
        const opt = (f.options ?? []).find((o) => o.value === f.example);
        assert.ok(opt, `search field ${f.id} has no example`);
        await fill(page.locator(`#${id}-query`), opt.label.vi.split(/\s+/).slice(0, 3).join(' '));
        await page.locator(`#${id} .go`).click();
        await page.locator(`#${id} input[type=radio][value="${f.example}"]`).check();
        break;
      }
      case 'upload': {
        assert.ok(f.example, `upload field ${f.id} has no example`);
        await page.locator(`#${id} input[type=radio][value="${f.example}"]`).check();
        break;
      }
      case 'checkbox':
        if (step.kind === 'submit' && f.required) await page.locator(`#${id}`).check();
        break;
      case 'cards':
        // A quiz question is the citizen's to answer (the sample leaves it):
        // choose the persona's answer, the right one.
        if (step.kind === 'quiz') {
          assert.ok(f.example, `quiz field ${f.id} has no persona answer`);
          await page.locator(`.step-page input[name="${f.id}"][value="${f.example}"]`).check();
        }
        break;
    }
  }
}

/**
 * next completes the step, presses its primary action (`press`, default a
 * click) and returns the step it led to; a refusal fails with the error
 * summary's text.
 */
export async function next(page, state, { fill, press } = {}) {
  const from = await currentStep(page);
  await complete(page, state, fill);
  const answered = page.waitForResponse((r) => /\/submit$/.test(r.url()), { timeout: 15000 });
  if (press) await press(primary(page));
  else await primary(page).click();
  const res = await answered;
  const { errors } = await res.json();
  assert.deepEqual(
    errors.map((e) => `${e.field}: ${e.message.vi}`),
    [],
    `step ${from} was refused`,
  );
  return waitStep(page, from);
}
