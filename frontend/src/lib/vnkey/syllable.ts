// Vietnamese syllable model: letters, spelling validity and tone placement.
//
// A word is a list of letters (base a–z plus one optional mark) and one tone for the
// whole word. Every function here works on that model; the tone's position is always
// recomputed from the spelling rules, never remembered.

/** 0 none (ngang), 1 sắc, 2 huyền, 3 hỏi, 4 ngã, 5 nặng (the VNI key numbers). */
export type Tone = 0 | 1 | 2 | 3 | 4 | 5;
/** hat: â ê ô; breve: ă; horn: ơ ư; bar: đ. */
export type Mark = '' | 'hat' | 'breve' | 'horn' | 'bar';
/** old: hòa, hòe, thúy. new: hoà, hoè, thuý. They differ only for open oa, oe, uy. */
export type ToneStyle = 'old' | 'new';

export interface Letter {
  base: string; // one of a–z, lower case
  mark: Mark;
  upper: boolean;
}

export interface Word {
  letters: Letter[];
  tone: Tone;
  tonePos: number; // index of the letter that carries the tone as written, -1 if none
}

const TONE_COMBINING = ['', '\u0301', '\u0300', '\u0309', '\u0303', '\u0323'] as const;
const MARK_COMBINING: Record<Exclude<Mark, 'bar'>, string> = {
  '': '',
  hat: '\u0302',
  breve: '\u0306',
  horn: '\u031B',
};
const MARK_BASES: Record<Exclude<Mark, ''>, string> = { hat: 'aeo', breve: 'a', horn: 'ou', bar: 'd' };
const TONE_VOWELS = 'aeiouy';

/** Lower-case vowels, with their marks. */
export const VOWELS = 'aăâeêioôơuưy';
const MARKED_VOWELS = 'ăâêôơư';

/** Splits one character into a letter and a tone; null if it is not a Vietnamese letter. */
export function decomposeChar(ch: string): { letter: Letter; tone: Tone } | null {
  const lower = ch.toLowerCase();
  const upper = ch !== lower;
  if (lower === 'đ') return { letter: { base: 'd', mark: 'bar', upper }, tone: 0 };
  const nfd = lower.normalize('NFD');
  const base = nfd[0];
  if (base === undefined || base < 'a' || base > 'z') return null;
  let mark: Mark = '';
  let tone: Tone = 0;
  for (const c of nfd.slice(1)) {
    const t = TONE_COMBINING.indexOf(c as (typeof TONE_COMBINING)[number]);
    if (t > 0) {
      if (tone !== 0 || !TONE_VOWELS.includes(base)) return null;
      tone = t as Tone;
      continue;
    }
    const m = (Object.keys(MARK_COMBINING) as Exclude<Mark, 'bar'>[]).find(
      (k) => k !== '' && MARK_COMBINING[k] === c,
    );
    if (m === undefined || mark !== '' || !MARK_BASES[m as Exclude<Mark, ''>].includes(base)) return null;
    mark = m;
  }
  return { letter: { base, mark, upper }, tone };
}

/** The NFC character for a letter with a tone. */
export function letterChar(l: Letter, tone: Tone = 0): string {
  let s: string;
  if (l.mark === 'bar') s = 'đ';
  else s = (l.base + MARK_COMBINING[l.mark] + TONE_COMBINING[tone]).normalize('NFC');
  return l.upper ? s.toUpperCase() : s;
}

/** Lower-case spelling without the tone, one character per letter ("nguyên"). */
export function plain(letters: readonly Letter[]): string {
  let s = '';
  for (const l of letters) s += letterChar({ ...l, upper: false });
  return s;
}

/** Parses a word; null if a character is not a Vietnamese letter or there are two tones. */
export function parseWord(str: string): Word | null {
  const letters: Letter[] = [];
  let tone: Tone = 0;
  let tonePos = -1;
  for (const ch of str) {
    const d = decomposeChar(ch);
    if (d === null) return null;
    if (d.tone !== 0) {
      if (tone !== 0) return null;
      tone = d.tone;
      tonePos = letters.length;
    }
    letters.push(d.letter);
  }
  return { letters, tone, tonePos };
}

// Initial consonants, longest first so the first match wins.
export const INITIALS: readonly string[] = [
  'ngh', 'ng', 'nh', 'ch', 'gh', 'gi', 'kh', 'ph', 'qu', 'th', 'tr',
  'b', 'c', 'd', 'đ', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'x',
];
const INITIAL_SET = new Set(INITIALS);
// Consonant-only prefixes of initials: what a word can be before its first vowel.
const INITIAL_PREFIXES = new Set(
  INITIALS.flatMap((i) => [...i].map((_, n) => i.slice(0, n + 1))).filter((p) => ![...p].some(isVowel)),
);

// Rhymes (vần): vowel nucleus plus final. Lenient: it accepts a few rare rhymes so
// that real names and loanwords pass; 'k' finals (Đắk Lắk) are added below.
const RHYMES_TEXT = `
a ac ach ai am an ang anh ao ap at au ay
ăc ăm ăn ăng ăp ăt
âc âm ân âng âp ât âu ây
e ec em en eng eo ep et
ê êch êm ên êng ênh êp êt êu
i ia ich im in inh ip it iu
iêc iêm iên iêng iêp iêt iêu
yêm yên yêt yêu y
o oc oi om on ong op ot ooc oong
oa oac oach oai oam oan oang oanh oao oap oat oay
oăc oăm oăn oăng oăt
oe oen oeo oet
ô ôc ôi ôm ôn ông ôp ôt
ơ ơi ơm ơn ơp ơt
u uc ui um un ung up ut ua
uân uâng uât uây
uê uêch uênh
uôc uôi uôm uôn uông uôt
uơ
uy uych uynh uyt uya uyu uyên uyêt
ư ưc ưi ưm ưng ưt ưu ưa
ươc ươi ươm ươn ương ươp ươt ươu
`;
export const RHYMES: readonly string[] = (() => {
  const base = RHYMES_TEXT.split(/\s+/).filter((r) => r !== '');
  const k = base.filter((r) => r.endsWith('c')).map((r) => r.slice(0, -1) + 'k');
  return [...base, ...k];
})();

function isVowel(ch: string): boolean {
  return VOWELS.includes(ch);
}

const STRIP: Record<string, string> = { ă: 'a', â: 'a', ê: 'e', ô: 'o', ơ: 'o', ư: 'u' };
function strip(s: string): string {
  let out = '';
  for (const c of s) out += STRIP[c] ?? c;
  return out;
}

// Every non-empty prefix of every rhyme, grouped by its mark-less skeleton.
const RHYME_PREFIXES: ReadonlyMap<string, readonly string[]> = (() => {
  const m = new Map<string, string[]>();
  for (const r of RHYMES) {
    const chars = [...r];
    for (let n = 1; n <= chars.length; n++) {
      const p = chars.slice(0, n).join('');
      const key = strip(p);
      const list = m.get(key) ?? [];
      if (!list.includes(p)) list.push(p);
      m.set(key, list);
    }
  }
  return m;
})();

// True if r can still become a rhyme: each letter equals the rhyme's letter or is
// that letter without its mark yet ("uyen" can become "uyên").
function rhymePrefixOk(r: string): boolean {
  const cands = RHYME_PREFIXES.get(strip(r));
  if (cands === undefined) return false;
  return cands.some((p) => {
    for (let i = 0; i < p.length; i++) if (r[i] !== p[i] && r[i] !== strip(p[i])) return false;
    return true;
  });
}

export interface Split {
  initial: string;
  vowelStart: number; // index of the first nucleus vowel (= initial.length)
  vowelEnd: number; // index after the last nucleus vowel
}

/**
 * Splits a lower-case spelling into initial, nucleus and final; null if it is not
 * (the beginning of) a Vietnamese syllable. "gi"/"qu" count as initials when a vowel
 * follows ("gia", "quý"), so "gìn" is g + in.
 */
export function splitSyllable(s: string): Split | null {
  const sp = bounds(s);
  if (sp === null) return null;
  const { initial, vowelStart } = sp;
  const rhyme = s.slice(vowelStart);
  if (rhyme === '') return sp;
  if (!isVowel(rhyme[0])) return null;
  if (!rhymePrefixOk(rhyme) && !(initial === 'qu' && rhymePrefixOk('u' + rhyme))) return null;
  return sp;
}

// Initial and nucleus bounds without checking the rhyme.
function bounds(s: string): Split | null {
  let i = 0;
  while (i < s.length && !isVowel(s[i])) i++;
  if (i === s.length) return INITIAL_PREFIXES.has(s) || s === '' ? { initial: s, vowelStart: i, vowelEnd: i } : null;
  let initial = s.slice(0, i);
  if (initial === 'q') {
    if (s[i] !== 'u') return null;
    initial = 'qu';
  } else if (initial === 'g' && s[i] === 'i' && i + 1 < s.length && isVowel(s[i + 1])) {
    initial = 'gi';
  } else if (initial !== '' && !INITIAL_SET.has(initial)) {
    return null;
  }
  const start = initial.length;
  let end = start;
  while (end < s.length && isVowel(s[end])) end++;
  return { initial, vowelStart: start, vowelEnd: end };
}

/** True if letters + tone are (the beginning of) a Vietnamese syllable. */
export function isValid(letters: readonly Letter[], tone: Tone): boolean {
  const s = plain(letters);
  const sp = splitSyllable(s);
  if (sp === null) return false;
  if (tone === 0) return true;
  if (sp.vowelEnd === sp.vowelStart) return false;
  // Stop finals (c ch k p t) take only sắc or nặng.
  const fin = s[sp.vowelEnd];
  return !(fin !== undefined && 'cptk'.includes(fin) && tone !== 1 && tone !== 5);
}

/** Index of the letter that carries the tone, by the spelling rules; -1 if no vowel. */
export function toneIndex(s: string, sp: Split, style: ToneStyle): number {
  const { vowelStart: vs, vowelEnd: ve } = sp;
  const n = ve - vs;
  if (n === 0) return -1;
  const v = s.slice(vs, ve);
  const bare = strip(v);
  // iê yê uô ươ uơ (also while still unmarked: "nguyen" + x puts it on the e).
  for (const pair of ['ie', 'ye', 'uo']) {
    const at = bare.indexOf(pair);
    if (at >= 0) return vs + at + 1;
  }
  for (let i = n - 1; i >= 0; i--) if (MARKED_VOWELS.includes(v[i])) return vs + i;
  if (ve < s.length) return ve - 1; // a final consonant: last vowel (hoàn, toán, huỳnh)
  if (n >= 3) return vs + 1; // triphthong: middle (khuya, khuỷu, ngoáy)
  if (n === 2) {
    if (v === 'oa' || v === 'oe' || v === 'uy') return style === 'new' ? vs + 1 : vs;
    return vs; // ai ao au ay eo ia iu oi ua ui: first
  }
  return vs;
}

/**
 * Fixes the u–o pair the way it is spelled: ưô → uô, ưo/uơ followed by a letter → ươ,
 * open ươ → uơ (thuở). Returns new letters; the input is not changed.
 */
export function fixUO(letters: readonly Letter[]): Letter[] {
  const out = letters.map((l) => ({ ...l }));
  const sp = bounds(plain(out));
  if (sp === null) return out;
  for (let i = sp.vowelStart; i + 1 < sp.vowelEnd; i++) {
    const u = out[i];
    const o = out[i + 1];
    if (u.base !== 'u' || o.base !== 'o') continue;
    const after = i + 2 < out.length;
    if (u.mark === 'horn' && o.mark === 'hat') u.mark = '';
    else if (u.mark === 'horn' && o.mark === '' && after) o.mark = 'horn';
    else if (u.mark === '' && o.mark === 'horn' && after) u.mark = 'horn';
    else if (u.mark === 'horn' && o.mark === 'horn' && !after) u.mark = '';
    break;
  }
  return out;
}

/** Writes letters with the tone where the spelling rules put it (or at fallbackPos if unsplittable). */
export function compose(letters: readonly Letter[], tone: Tone, style: ToneStyle, fallbackPos = -1): string {
  let pos = fallbackPos;
  if (tone !== 0) {
    const s = plain(letters);
    const sp = splitSyllable(s);
    if (sp !== null) pos = toneIndex(s, sp, style);
  }
  return letters.map((l, i) => letterChar(l, i === pos ? tone : 0)).join('');
}

/** Writes a parsed word with its tone left where it was written. */
export function composeAsWritten(letters: readonly Letter[], tone: Tone, tonePos: number): string {
  return letters.map((l, i) => letterChar(l, i === tonePos ? tone : 0)).join('');
}

/** Re-places the tone of one word in the given style; unchanged if not a Vietnamese syllable. */
export function restyleWord(word: string, style: ToneStyle): string {
  const w = parseWord(word);
  if (w === null || w.tone === 0 || !isValid(w.letters, w.tone)) return word;
  return compose(w.letters, w.tone, style);
}
