// Accessibility end to end (issue 9), through the real `tramhocso serve`:
// axe-core on every screen at each text size and in high contrast, no
// horizontal overflow at the largest size on the kiosk (landscape and
// portrait) and a phone, and the on-screen keyboard typing a Vietnamese name
// with taps only on a harness field. a11y-practice.e2e.mjs does the same on
// every screen of a real pack and types into a pack's own name field.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { startServer, launchBrowser, newPage, artifacts, serious } from './lib.mjs';

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

const SIZES = ['normal', 'large', 'xlarge'];
const VIEWPORTS = [
  { name: 'kiosk-landscape', width: 1920, height: 1080 },
  { name: 'kiosk-portrait', width: 1080, height: 1920 },
  { name: 'phone', width: 360, height: 740 },
];

/** withPrefs opens a page whose visitor has already chosen these reading settings. */
async function withPrefs(prefs, options = {}) {
  const p = await newPage(browser, options);
  await p.context.addInitScript((value) => {
    sessionStorage.setItem('tramhocso.reading', value);
  }, JSON.stringify({ size: 'normal', contrast: false, reduceMotion: false, method: 'telex', ...prefs }));
  return p;
}

/** screens walks attract → catalog → pack intro and calls visit on each. */
async function screens(page, url, visit) {
  await page.goto(url);
  await page.locator('main.attract').waitFor();
  await visit('attract');
  await page.locator('button.start').click();
  await page.locator('[data-pack]').first().waitFor();
  await visit('catalog');
  await page.locator('[data-pack]').first().click();
  await page.locator('main.intro').waitFor();
  await visit('pack');
}

// The check itself must be able to fail: a field without a label and grey
// on grey text, put into the real page, are reported (serious() runs axe-core
// inside the page, once injected).
test('axe: the check reports an unlabelled field and unreadable text', async () => {
  const { page, context } = await newPage(browser);
  try {
    await page.goto(srv.url);
    await page.locator('main.attract').waitFor();
    assert.deepEqual(await serious(page), []);
    await page.evaluate(() => {
      const i = document.createElement('input');
      i.id = 'no-label';
      const p = document.createElement('p');
      p.id = 'grey';
      p.textContent = 'Chữ xám trên nền xám';
      p.style.cssText = 'color:#bbb;background:#ccc';
      document.querySelector('main').append(i, p);
    });
    const found = (await serious(page)).join('\n');
    assert.match(found, /axe label \(critical\): #no-label/);
    assert.match(found, /axe color-contrast \(serious\): #grey/);
  } finally {
    await context.close();
  }
});

test('axe: no serious or critical violations on any screen, any text size, with and without high contrast', async () => {
  const found = [];
  for (const size of SIZES) {
    for (const contrast of [false, true]) {
      const { page, context, problems } = await withPrefs({ size, contrast });
      try {
        await screens(page, srv.url, async (name) => {
          assert.equal(await page.locator('html').getAttribute('data-text-size'), size);
          for (const v of await serious(page)) found.push(`${name} ${size}${contrast ? ' contrast' : ''}: ${v}`);
        });
        // The settings dialog itself.
        await page.getByRole('button', { name: 'Cỡ chữ và cách hiển thị' }).click();
        await page.getByRole('dialog').waitFor();
        for (const v of await serious(page)) found.push(`settings ${size}${contrast ? ' contrast' : ''}: ${v}`);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    }
  }
  assert.deepEqual(found, []);
});

test('the Aa control changes the text size and contrast, and touch targets stay ≥ 48 px', async () => {
  const { page, context } = await newPage(browser);
  try {
    await page.goto(srv.url);
    const before = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    await page.getByRole('button', { name: 'Cỡ chữ và cách hiển thị' }).click();
    await page.getByRole('button', { name: 'Rất lớn' }).click();
    await page.getByRole('group', { name: 'Tương phản cao (chữ đen, nền trắng)' }).getByRole('button', { name: 'Bật' }).click();
    await page.getByRole('button', { name: 'Xong' }).click();
    const after = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    assert.ok(after >= before * 1.4, `text ${before}px → ${after}px`);
    assert.equal(await page.locator('html').getAttribute('data-contrast'), 'high');
    // Focus returns to the Aa button, and it shows.
    assert.equal(await page.evaluate(() => document.activeElement?.className.includes('aa')), true);
    const small = await page.evaluate(() =>
      [...document.querySelectorAll('button, [role=button], input')]
        .map((e) => e.getBoundingClientRect())
        .filter((r) => r.width > 0 && (r.width < 48 || r.height < 48)).length,
    );
    assert.equal(small, 0, 'touch targets smaller than 48 px');
    // A reload within the session keeps the choice.
    await page.reload();
    assert.equal(await page.locator('html').getAttribute('data-text-size'), 'xlarge');
  } finally {
    await context.close();
  }
});

/** overflow lists elements that stick out of the viewport sideways or clip their own content. */
function overflow() {
  const vw = document.documentElement.clientWidth;
  const out = [];
  if (document.documentElement.scrollWidth > vw + 1) out.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}`);
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const name = `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''}`;
    if (r.right > vw + 1 || r.left < -1) out.push(`${name} spans ${Math.round(r.left)}..${Math.round(r.right)} of ${vw}`);
    const cs = getComputedStyle(el);
    if (['hidden', 'clip'].includes(cs.overflowX) && el.scrollWidth > el.clientWidth + 1) out.push(`${name} clips its content`);
  }
  return out;
}

test('no overflow at the largest text size on the kiosk (landscape, portrait) and a phone', async () => {
  const found = [];
  for (const vp of VIEWPORTS) {
    for (const contrast of [false, true]) {
      const { page, context } = await withPrefs({ size: 'xlarge', contrast }, { viewport: { width: vp.width, height: vp.height } });
      try {
        await screens(page, srv.url, async (name) => {
          await page.evaluate(() => document.fonts.ready);
          for (const o of await page.evaluate(overflow)) found.push(`${vp.name} ${name}: ${o}`);
          if (!contrast) await page.screenshot({ path: join(artifacts, `a11y-xlarge-${vp.name}-${name}.png`) });
        });
      } finally {
        await context.close();
      }
    }
  }
  assert.deepEqual(found, []);
});

/** addNameField puts a name field on the current page, like a form step would. */
async function addNameField(page) {
  await page.evaluate(() => {
    const label = document.createElement('label');
    label.htmlFor = 'e2e-name';
    label.textContent = 'Họ và tên';
    const input = document.createElement('input');
    input.id = 'e2e-name';
    input.setAttribute('autocapitalize', 'words');
    input.style.cssText = 'font-size: 1.4rem; min-height: 64px; width: 100%';
    const main = document.querySelector('main');
    main.append(label, input);
  });
}

// Telex keys for "Nguyễn Thị Hồng": each entry is one tap.
const NAME_KEYS = [...'Nguyeenx Thij Hoongf'];

async function tapKey(page, key) {
  const k = key === ' ' ? '{space}' : key;
  const layout = await page.locator('.osk').getAttribute('data-layout');
  const upper = k.length === 1 && k !== k.toLowerCase();
  if (k.length === 1 && k.toLowerCase() !== k.toUpperCase() && upper !== layout.endsWith('Shift')) {
    await page.locator('.osk .hg-button[data-skbtn="{shift}"]').click();
  }
  await page.locator(`.osk .hg-button[data-skbtn="${k}"]`).click();
}

test('on-screen keyboard: typing "Nguyễn Thị Hồng" with taps only, never hiding the field', async () => {
  for (const vp of VIEWPORTS.slice(0, 2)) {
    const { page, context, problems } = await newPage(browser, { viewport: { width: vp.width, height: vp.height } });
    try {
      await page.goto(srv.url + '?kiosk=1');
      await page.locator('button.start').click();
      await page.locator('[data-pack]').first().waitFor();
      assert.equal(await page.locator('.osk.open').count(), 0, 'keyboard open before any field has focus');
      await addNameField(page);
      await page.locator('#e2e-name').click();
      await page.locator('.osk.open').waitFor();
      for (const k of NAME_KEYS) await tapKey(page, k);
      assert.equal(await page.locator('#e2e-name').inputValue(), 'Nguyễn Thị Hồng');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'e2e-name', 'the field lost the focus');
      // The field is above the keyboard, and the page reserved the keyboard's height.
      const geo = await page.evaluate(() => {
        const f = document.getElementById('e2e-name').getBoundingClientRect();
        const k = document.querySelector('.osk').getBoundingClientRect();
        return {
          fieldBottom: f.bottom,
          fieldTop: f.top,
          kbdTop: k.top,
          kbdHeight: k.height,
          padding: parseFloat(getComputedStyle(document.body).paddingBottom),
          keys: [...document.querySelectorAll('.osk .hg-button')].map((b) => b.getBoundingClientRect()),
        };
      });
      assert.ok(geo.fieldTop >= 0 && geo.fieldBottom <= geo.kbdTop, `field ${geo.fieldTop}..${geo.fieldBottom}, keyboard from ${geo.kbdTop}`);
      assert.ok(Math.abs(geo.padding - geo.kbdHeight) <= 1, `body padding ${geo.padding} vs keyboard ${geo.kbdHeight}`);
      assert.ok(geo.keys.every((r) => r.width >= 48 && r.height >= 48), 'keys smaller than 48 px');
      await page.screenshot({ path: join(artifacts, `keyboard-${vp.name}.png`) });

      // The caret in the middle: tap after "Nguyễn", type " Văn" (no focus lost).
      await page.locator('#e2e-name').evaluate((el) => el.setSelectionRange(6, 6));
      for (const k of [...' Vawn']) await tapKey(page, k);
      assert.equal(await page.locator('#e2e-name').inputValue(), 'Nguyễn Văn Thị Hồng');

      // Hide closes it and gives the space back.
      await page.locator('.osk .hg-button[data-skbtn="{hide}"]').click();
      await page.locator('.osk.open').waitFor({ state: 'detached' });
      assert.equal(await page.evaluate(() => getComputedStyle(document.body).paddingBottom), '0px');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }
});

test('no on-screen keyboard without the kiosk flag (phones use their own)', async () => {
  const { page, context } = await newPage(browser, { viewport: { width: 360, height: 740 } });
  try {
    await page.goto(srv.url);
    await page.locator('button.start').click();
    await page.locator('[data-pack]').first().waitFor();
    await addNameField(page);
    await page.locator('#e2e-name').click();
    assert.equal(await page.locator('.osk').count(), 0);
  } finally {
    await context.close();
  }
});

test('figure: keystroke to updated field over a scripted 100-character name', async () => {
  const { page, context } = await newPage(browser);
  try {
    await page.goto(srv.url + '?kiosk=1');
    await page.locator('button.start').click();
    await page.locator('[data-pack]').first().waitFor();
    await addNameField(page);
    await page.locator('#e2e-name').click();
    await page.locator('.osk.open').waitFor();
    const keys = [...'Nguyeenx Thij Hoongf Traanf Vawn Bawcs Dduwowngf Quoocs Khanhs Phaamj Thuyf Linh Hoaf Binhf Lee Vaan Anh'].slice(0, 100);
    const result = await page.evaluate(async (keys) => {
      const field = document.getElementById('e2e-name');
      const times = [];
      for (const key of keys) {
        const k = key === ' ' ? '{space}' : key;
        const layout = document.querySelector('.osk').dataset.layout;
        const needShift = k.length === 1 && k.toLowerCase() !== k.toUpperCase() && (k !== k.toLowerCase()) !== layout.endsWith('Shift');
        for (const name of needShift ? ['{shift}', k] : [k]) {
          const btn = document.querySelector(`.osk .hg-button[data-skbtn="${name}"]`);
          const before = field.value;
          const t0 = performance.now();
          btn.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, cancelable: true, pointerType: 'touch' }));
          btn.dispatchEvent(new PointerEvent('pointerup', { bubbles: true, cancelable: true, pointerType: 'touch' }));
          await Promise.resolve(); // Svelte flushes its effects (layout changes) in a microtask
          const t1 = performance.now();
          if (name === k && field.value !== before) times.push(t1 - t0);
        }
      }
      times.sort((a, b) => a - b);
      return { n: times.length, median: times[Math.floor(times.length / 2)], p95: times[Math.floor(times.length * 0.95)], value: field.value };
    }, keys);
    assert.ok(result.n >= 90, `only ${result.n} keys changed the field`);
    assert.match(result.value, /^Nguyễn Thị Hồng Trần Văn Bắc Đường Quốc Khánh/);
    const line = `keystroke→field (${keys.length} keys, ${result.n} changed the field): median ${result.median.toFixed(2)} ms, p95 ${result.p95.toFixed(2)} ms`;
    console.log(line);
    writeFileSync(join(artifacts, 'keyboard-latency.txt'), line + '\n' + result.value + '\n');
  } finally {
    await context.close();
  }
});
