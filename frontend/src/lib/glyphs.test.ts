// Every character the app shows is drawn by the bundled font (Be Vietnam
// Pro, the subsets main.ts imports): the kiosk's .deb installs no font, so
// a symbol outside them (an emoji, ⌫, ↵) could be an empty box on the
// kiosk. Icons are SVG (components/Icon.svelte).
import { describe, it, expect } from 'vitest';
import { catalogs } from './i18n.svelte';

const sources = import.meta.glob<string>('../**/*.svelte', { query: '?raw', import: 'default', eager: true });
// The unicode-range of the subsets in @fontsource/be-vietnam-pro/400.css
// (vietnamese, latin-ext, latin). Vitest does not load CSS, so they are
// copied here; an update of the font package that changes them is rare.
const css = [
  'U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,U+01A0-01A1,U+01AF-01B0,U+0300-0301,U+0303-0304,U+0308-0309,U+0323,U+0329,U+1EA0-1EF9,U+20AB',
  'U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF',
  'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD',
];
const ranges = css.flatMap((list) =>
  list.split(',').map((r: string) => {
    const [a, b] = r.trim().replace(/^U\+/, '').split('-');
    return [parseInt(a, 16), parseInt(b ?? a, 16)] as const;
  }),
);
const drawn = (c: string) => /\s/.test(c) || ranges.some(([a, b]) => c.codePointAt(0)! >= a && c.codePointAt(0)! <= b);

describe('glyphs', () => {
  it('the font subsets are found', () => expect(ranges.length).toBeGreaterThan(2));

  it('every catalog string is in the bundled font', () => {
    const missing: string[] = [];
    for (const lang of ['vi', 'en'] as const) {
      for (const [k, v] of Object.entries(catalogs[lang])) {
        for (const c of v) if (!drawn(c)) missing.push(`${lang} ${k}: ${c} U+${c.codePointAt(0)!.toString(16)}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('no component writes a character outside it (emoji, arrows, ⌫)', () => {
    const missing: string[] = [];
    expect(Object.keys(sources).length).toBeGreaterThan(20);
    for (const [f, source] of Object.entries(sources)) {
      // Template and script, without comments.
      const text = source.replace(/<!--[\s\S]*?-->/g, '').replace(/^\s*\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
      for (const c of new Set(text)) if (!drawn(c)) missing.push(`${f}: ${c} U+${c.codePointAt(0)!.toString(16)}`);
    }
    expect(missing).toEqual([]);
  });
});
