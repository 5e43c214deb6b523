import { describe, it, expect, afterEach } from 'vitest';
import { catalogs, i18n, t, pick } from './i18n.svelte';

describe('i18n catalogs', () => {
  it('have the same keys in vi and en, none empty', () => {
    const vi = Object.keys(catalogs.vi).sort();
    const en = Object.keys(catalogs.en).sort();
    expect(en).toEqual(vi);
    for (const lang of ['vi', 'en'] as const) {
      for (const [k, v] of Object.entries(catalogs[lang])) {
        expect(v.trim(), `${lang}:${k}`).not.toBe('');
      }
    }
  });

  it('keep the same placeholders in both languages', () => {
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const k of Object.keys(catalogs.vi) as (keyof typeof catalogs.vi)[]) {
      expect(holes(catalogs.en[k]), k).toEqual(holes(catalogs.vi[k]));
    }
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
