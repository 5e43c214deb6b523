import { describe, it, expect, afterEach } from 'vitest';
import { catalogs, i18n, t, pick, mergeCatalogs } from './i18n.svelte';

// Every t('key') written in the source, found by reading the files.
const sources = import.meta.glob<string>(['../**/*.svelte', '../**/*.ts', '!../**/*.test.ts'], {
  eager: true,
  query: '?raw',
  import: 'default',
});

describe('i18n catalogs', () => {
  it('have the same keys in vi and en, none empty', () => {
    const vi = Object.keys(catalogs.vi).sort();
    const en = Object.keys(catalogs.en).sort();
    expect(en).toEqual(vi);
    expect(vi.length).toBeGreaterThan(10);
    for (const lang of ['vi', 'en'] as const) {
      for (const [k, v] of Object.entries(catalogs[lang])) {
        expect(v.trim(), `${lang}:${k}`).not.toBe('');
      }
    }
  });

  it('keep the same placeholders in both languages', () => {
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const k of Object.keys(catalogs.vi)) {
      expect(holes(catalogs.en[k]), k).toEqual(holes(catalogs.vi[k]));
    }
  });

  it('define every key the source code uses', () => {
    const used = new Set<string>();
    for (const [file, text] of Object.entries(sources)) {
      for (const m of text.matchAll(/\bt\(\s*'([\w.-]+)'/g)) used.add(`${m[1]}\t${file}`);
    }
    expect(used.size).toBeGreaterThan(5);
    const missing = [...used].filter((u) => !(u.split('\t')[0] in catalogs.vi));
    expect(missing).toEqual([]);
  });

  it('refuse a key defined in two files', () => {
    expect(() =>
      mergeCatalogs([
        ['./i18n/a.vi.json', { x: '1' }],
        ['./i18n/b.vi.json', { x: '2' }],
      ]),
    ).toThrow(/x is defined in both/);
    expect(() => mergeCatalogs([['./i18n/bad.json', {}]])).toThrow(/not named/);
  });
});

describe('t and pick', () => {
  afterEach(() => {
    i18n.lang = 'vi';
  });

  it('translate, fill placeholders and follow the language', () => {
    expect(t('catalog.minutes', { n: 15 })).toBe('Khoảng 15 phút');
    i18n.lang = 'en';
    expect(t('catalog.minutes', { n: 15 })).toBe('About 15 minutes');
    expect(document.documentElement.lang).toBe('en');
  });

  it('pick a Text side with a Vietnamese fallback', () => {
    expect(pick({ vi: 'Khai sinh', en: 'Birth' })).toBe('Khai sinh');
    i18n.lang = 'en';
    expect(pick({ vi: 'Khai sinh', en: 'Birth' })).toBe('Birth');
    expect(pick({ vi: 'Khai sinh', en: '' })).toBe('Khai sinh');
    expect(pick(undefined)).toBe('');
  });
});
