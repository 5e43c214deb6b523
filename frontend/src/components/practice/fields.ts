// Pure helpers for the practice pages: the empty and sample answers of a
// field, how an answer reads on screen, element ids for error links, and the
// input attributes that make the on-screen keyboard pick the right layout.
import type { Answer, Answers, FieldError, PracticeField, PracticeOption, Province } from '../../lib/api';
import { pick, t } from '../../lib/i18n.svelte';
import type { FullAutoFill } from 'svelte/elements';

export type Address = { province: string; commune: string; detail: string };
export type Row = Record<string, string | boolean>;
export type Agency = { province: string; commune: string };

/** elementId is the DOM id of the wrapper of the field (or address part, or repeat cell) at path. */
export function elementId(path: string): string {
  return 'fld-' + path.replace(/[^A-Za-z0-9_-]/g, '-');
}

/** emptyValue is what a field holds before anyone answers it. */
export function emptyValue(f: PracticeField): Answer {
  switch (f.type) {
    case 'checkbox':
      return false;
    case 'address':
      return { province: '', commune: '', detail: '' };
    case 'agency':
      return { province: '', commune: '' };
    case 'cards':
      return f.multiple ? [] : '';
    case 'repeat': {
      const rows: Row[] = [];
      for (let i = 0; i < Math.max(1, f.min_rows ?? 0); i++) rows.push(emptyRow(f));
      return rows;
    }
    default:
      return '';
  }
}

export function emptyRow(f: PracticeField): Row {
  const row: Row = {};
  for (const c of f.fields ?? []) row[c.id] = c.type === 'checkbox' ? false : '';
  return row;
}

/**
 * samplable: may "Dùng dữ liệu mẫu" fill this field in? Not the choices that
 * are the point of a step (search result, document), not secrets (the
 * engine sends no example for them) and not a declaration to tick.
 */
export function samplable(f: PracticeField, stepKind: string): boolean {
  if (f.example === undefined || f.example === null) return false;
  // The passcode a procedure asks is the sample person's, shown on the page
  // (not one the citizen makes up): the sample types it in.
  if (stepKind === 'passcode_check') return true;
  // A quiz question is the practice itself: the sample never answers it
  // (otherwise "Dùng dữ liệu mẫu" would tick every right answer of the scam
  // practice; docs/decisions.md).
  if (stepKind === 'quiz') return false;
  if (['search', 'upload', 'password', 'passcode', 'otp', 'receipt'].includes(f.type)) return false;
  return !(stepKind === 'submit' && f.type === 'checkbox');
}

/** coerce turns an example or a stored answer into the shape the field's widget edits. */
export function coerce(f: PracticeField, v: unknown): Answer {
  switch (f.type) {
    case 'checkbox':
      return v === true;
    case 'address': {
      const m = (v && typeof v === 'object' ? v : {}) as Record<string, unknown>;
      const s = (k: string) => (typeof m[k] === 'string' ? (m[k] as string) : '');
      return { province: s('province'), commune: s('commune'), detail: s('detail') };
    }
    case 'agency': {
      const m = (v && typeof v === 'object' ? v : {}) as Record<string, unknown>;
      const s = (k: string) => (typeof m[k] === 'string' ? (m[k] as string) : '');
      return { province: s('province'), commune: s('commune') };
    }
    case 'cards':
      if (f.multiple) return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
      return typeof v === 'string' ? v : '';
    case 'repeat': {
      if (!Array.isArray(v)) return emptyValue(f);
      return v.map((r) => {
        const row = emptyRow(f);
        const m = (r && typeof r === 'object' ? r : {}) as Record<string, unknown>;
        for (const c of f.fields ?? []) {
          const x = m[c.id];
          if (c.type === 'checkbox') row[c.id] = x === true;
          else if (typeof x === 'string' || typeof x === 'number') row[c.id] = String(x);
        }
        return row;
      });
    }
    default:
      return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
  }
}

/**
 * initialAnswers fills a step's page: the answers already given (coming
 * back to a step), else the persona's in sample mode, else empty.
 */
export function initialAnswers(fields: PracticeField[], stored: Answers | undefined, sample: boolean, stepKind: string): Answers {
  const out: Answers = {};
  for (const f of fields) {
    if (stored && f.id in stored) out[f.id] = coerce(f, stored[f.id]);
    else if (sample && samplable(f, stepKind)) out[f.id] = coerce(f, f.example);
    else out[f.id] = emptyValue(f);
  }
  return out;
}

function optionLabel(options: PracticeOption[] | undefined, value: string): string {
  const o = options?.find((x) => x.value === value);
  return o ? pick(o.label) : value;
}

/** display writes an answer (an example) the way a person reads it. */
export function display(f: PracticeField, v: unknown): string {
  switch (f.type) {
    case 'checkbox':
      return v === true ? t('practice.yes') : t('practice.no');
    case 'select':
    case 'radio':
    case 'search':
    case 'upload':
      return optionLabel(f.options, String(v ?? ''));
    case 'address': {
      const a = coerce(f, v) as Address;
      return [a.detail, a.commune, a.province].filter(Boolean).join(', ');
    }
    case 'agency':
      return agencyName(f, coerce(f, v) as Agency);
    case 'cards': {
      const vals = f.multiple ? (coerce(f, v) as string[]) : [String(v ?? '')];
      return vals.map((x) => optionLabel(f.options, x)).join(', ');
    }
    case 'repeat': {
      const rows = coerce(f, v) as Row[];
      return rows
        .map((r) => (f.fields ?? []).map((c) => display(c, r[c.id])).filter(Boolean).join(' · '))
        .join('\n');
    }
    default:
      return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
  }
}

/** agencyName names the agency an answer chooses, from the field's agency_name ({province}, {commune}); "" before a province is chosen. */
export function agencyName(f: PracticeField, a: Agency): string {
  if (!a.province || (f.level !== 'province' && !a.commune)) return '';
  const tpl = pick(f.agency_name) || (f.level === 'province' ? '{province}' : '{commune}, {province}');
  return tpl.replaceAll('{province}', a.province).replaceAll('{commune}', a.commune);
}

/** errorAt finds the error for exactly this path. */
export function errorAt(errors: FieldError[], path: string): FieldError | undefined {
  return errors.find((e) => e.field === path);
}

/** errorsUnder lists the errors of a field and of its parts or rows. */
export function errorsUnder(errors: FieldError[], path: string): FieldError[] {
  return errors.filter((e) => e.field === path || e.field.startsWith(path + '.'));
}

export interface InputAttrs {
  type: string;
  inputmode?: 'numeric' | 'tel' | 'email' | 'search' | 'text';
  autocomplete: FullAutoFill;
  autocapitalize?: 'characters' | 'sentences';
  maxlength?: number;
  keyboard?: 'vietnamese' | 'plain' | 'numeric';
  spellcheck: boolean;
}

/** isUpperExample: the persona writes this field in capitals (a name with the upper-case rule). */
function isUpperExample(example: unknown): boolean {
  return typeof example === 'string' && /\p{L}/u.test(example) && example === example.toLocaleUpperCase('vi');
}

/** inputAttrs chooses the input's type, inputmode and autocomplete for a text-like field. */
export function inputAttrs(f: PracticeField, stepKind: string): InputAttrs {
  switch (f.type) {
    case 'number':
      return { type: 'text', inputmode: 'numeric', autocomplete: 'off', maxlength: 9, keyboard: 'numeric', spellcheck: false };
    case 'cccd':
      return { type: 'text', inputmode: 'numeric', autocomplete: 'off', maxlength: 15, keyboard: 'numeric', spellcheck: false };
    case 'phone':
      return { type: 'tel', inputmode: 'tel', autocomplete: 'tel', maxlength: 15, keyboard: 'numeric', spellcheck: false };
    case 'otp':
      return { type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 7, keyboard: 'numeric', spellcheck: false };
    case 'passcode':
      return { type: 'password', inputmode: 'numeric', autocomplete: 'off', maxlength: 6, keyboard: 'numeric', spellcheck: false };
    case 'password':
      return {
        type: 'password',
        autocomplete: stepKind === 'login' ? 'current-password' : 'new-password',
        maxlength: 40,
        keyboard: 'plain',
        spellcheck: false,
      };
    case 'email':
      return { type: 'email', inputmode: 'email', autocomplete: 'email', keyboard: 'plain', spellcheck: false };
    case 'receipt':
      return { type: 'text', autocomplete: 'off', autocapitalize: 'characters', maxlength: 20, keyboard: 'plain', spellcheck: false };
    case 'search':
      return { type: 'search', inputmode: 'search', autocomplete: 'off', keyboard: 'vietnamese', spellcheck: false };
    default:
      return {
        type: 'text',
        autocomplete: 'off',
        autocapitalize: isUpperExample(f.example) ? 'characters' : 'sentences',
        spellcheck: false,
      };
  }
}

/** fold lower-cases and strips Vietnamese marks, for searching ("khai tu" finds "Khai tử"). */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * searchOptions returns the options that any word of query finds (in label,
 * detail or keywords), those matching more words first, like a portal's
 * search: the person still has to read the results and pick the right one.
 */
export function searchOptions(options: PracticeOption[], query: string): PracticeOption[] {
  const words = fold(query.replace(/[^\p{L}\p{N}]+/gu, ' ')).split(' ').filter(Boolean);
  if (words.length === 0) return [];
  return options
    .map((o, i) => {
      const hay = fold([o.label.vi, o.label.en, o.detail?.vi ?? '', o.detail?.en ?? '', o.keywords ?? ''].join(' ')).split(' ');
      return { o, i, score: words.filter((w) => hay.some((h) => h.startsWith(w))).length };
    })
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map((x) => x.o);
}

/** provinceLabel names a province for the list, with the provinces merged into it since July 2025. */
export function provinceLabel(p: Province): string {
  const merged = p.merged_from ?? [];
  return merged.length ? t('practice.address.merged', { name: p.name, old: merged.join(', ') }) : p.name;
}

/** focusPath moves the focus to the first control of the field at path (an error summary link). */
export function focusPath(path: string): boolean {
  const el = document.getElementById(elementId(path));
  if (!el) return false;
  const sel = 'input:not([type=hidden]):not(:disabled), select:not(:disabled), textarea:not(:disabled), button:not(:disabled)';
  const target = (el.matches(sel) ? el : el.querySelector(sel)) as HTMLElement | null;
  (target ?? el).focus();
  (target ?? el).scrollIntoView?.({ block: 'center' });
  return true;
}

/**
 * summaryLine is one line of the error summary: the field's label and the
 * message, without the label when the message names the field already
 * ("Số định danh cá nhân cần đủ 12 chữ số…" needs no "Số định danh cá nhân:").
 */
export function summaryLine(label: string, message: string): { where: string; message: string } {
  const norm = (s: string) => s.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, ' ').trim();
  if (!label || norm(message).includes(norm(label))) return { where: '', message };
  return { where: label, message };
}

/** A live check of a password, a passcode or a confirmation: each rule, met or not yet. */
export type Check = { key: string; ok: boolean };

/**
 * passwordChecks mirrors vnformat.CheckVNeIDPassword: 8 to 20 characters,
 * a capital, a small letter, a digit, a special character, and only
 * unaccented letters without spaces.
 */
export function passwordChecks(v: string): Check[] {
  const n = [...v].length;
  const plain = [...v].every((c) => c > ' ' && c < '\x7f');
  return [
    { key: 'practice.check.length', ok: n >= 8 && n <= 20 },
    { key: 'practice.check.upper', ok: /[A-Z]/.test(v) },
    { key: 'practice.check.lower', ok: /[a-z]/.test(v) },
    { key: 'practice.check.digit', ok: /[0-9]/.test(v) },
    { key: 'practice.check.special', ok: /[!-/:-@[-`{-~]/.test(v) },
    { key: 'practice.check.plain', ok: v !== '' && plain },
  ];
}

/** passcodeChecks mirrors vnformat.CheckVNeIDPasscode: 6 digits, not repeated, not in a row. */
export function passcodeChecks(v: string): Check[] {
  const six = /^[0-9]{6}$/.test(v);
  const repeats = (block: number) => [...v].every((c, i) => i < block || c === v[i - block]);
  const steps = (step: number) => [...v].every((c, i) => i === 0 || Number(c) === (Number(v[i - 1]) + step) % 10);
  return [
    { key: 'practice.check.six_digits', ok: six },
    { key: 'practice.check.not_repeated', ok: six && ![1, 2, 3].some(repeats) },
    { key: 'practice.check.not_sequence', ok: six && !steps(1) && !steps(9) },
  ];
}
