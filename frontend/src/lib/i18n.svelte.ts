// The vi/en string catalogs and the current language. Every user-facing string
// lives in i18n/<area>.vi.json and i18n/<area>.en.json (one pair per feature,
// so features can add strings without touching each other's files);
// components call t() with a key.
export type Lang = 'vi' | 'en';
export type Key = string;
export const LANGS: readonly Lang[] = ['vi', 'en'];

const files = import.meta.glob<Record<string, string>>('./i18n/*.json', { eager: true, import: 'default' });

/** mergeCatalogs joins the per-area files of each language; a key defined twice is a bug. */
export function mergeCatalogs(entries: [string, Record<string, string>][]): Record<Lang, Record<string, string>> {
  const out: Record<Lang, Record<string, string>> = { vi: {}, en: {} };
  const from: Record<string, string> = {};
  for (const [path, strings] of entries) {
    const m = path.match(/([\w-]+)\.(vi|en)\.json$/);
    if (!m) throw new Error(`i18n: ${path} is not named <area>.vi.json or <area>.en.json`);
    const lang = m[2] as Lang;
    for (const [k, v] of Object.entries(strings)) {
      const where = `${lang}:${k}`;
      if (where in from) throw new Error(`i18n: ${k} is defined in both ${from[where]} and ${path}`);
      from[where] = path;
      out[lang][k] = v;
    }
  }
  return out;
}

export const catalogs = mergeCatalogs(Object.entries(files));

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
