// The vi/en string catalogs and the current language. Every user-facing string
// lives in i18n/vi.json and i18n/en.json; components call t('key').
import vi from './i18n/vi.json';
import en from './i18n/en.json';

export type Lang = 'vi' | 'en';
export type Key = keyof typeof vi;
export const LANGS: readonly Lang[] = ['vi', 'en'];
export const catalogs: Record<Lang, Record<Key, string>> = { vi, en };

/** A text given in both languages, as the API sends pack titles. */
export interface Text {
  vi: string;
  en: string;
}

let current = $state<Lang>('vi');

export const i18n = {
  get lang(): Lang {
    return current;
  },
  set lang(l: Lang) {
    current = l;
    if (typeof document !== 'undefined') document.documentElement.lang = l;
  },
};

/** t looks a key up in the current language and fills {name} placeholders. */
export function t(key: Key, params: Record<string, string | number> = {}): string {
  const s = catalogs[current][key] ?? catalogs.vi[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** pick chooses the current language's side of a Text, falling back to Vietnamese. */
export function pick(text: Text | undefined): string {
  if (!text) return '';
  return (current === 'en' ? text.en : text.vi) || text.vi || text.en || '';
}
