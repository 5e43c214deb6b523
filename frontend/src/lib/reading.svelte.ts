// Reading and typing preferences for the current visitor: text size, high
// contrast, reduced motion and the Vietnamese typing method. They live for
// the browser session only (sessionStorage) and resetReading() puts them
// back to the defaults, which the idle reset calls when the visitor leaves.
// The document's root element carries them as data attributes; app.css turns
// those into CSS variables.
import type { Method } from './vnkey';

export type TextSize = 'normal' | 'large' | 'xlarge';
export const TEXT_SIZES: readonly TextSize[] = ['normal', 'large', 'xlarge'];

export interface ReadingPrefs {
  size: TextSize;
  contrast: boolean;
  reduceMotion: boolean;
  method: Method;
}

export const DEFAULT_PREFS: Readonly<ReadingPrefs> = { size: 'normal', contrast: false, reduceMotion: false, method: 'telex' };
export const STORAGE_KEY = 'tramhocso.reading';

function load(): ReadingPrefs {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (raw) {
      const p = JSON.parse(raw) as Partial<ReadingPrefs>;
      return {
        size: TEXT_SIZES.includes(p.size as TextSize) ? (p.size as TextSize) : DEFAULT_PREFS.size,
        contrast: p.contrast === true,
        reduceMotion: p.reduceMotion === true,
        method: p.method === 'vni' ? 'vni' : 'telex',
      };
    }
  } catch {
    // No storage (private mode) or a damaged value: the defaults.
  }
  return { ...DEFAULT_PREFS };
}

const prefs = $state<ReadingPrefs>(load());

function apply() {
  if (typeof document === 'undefined') return;
  const root = document.documentElement;
  root.dataset.textSize = prefs.size;
  if (prefs.contrast) root.dataset.contrast = 'high';
  else delete root.dataset.contrast;
  if (prefs.reduceMotion) root.dataset.motion = 'reduce';
  else delete root.dataset.motion;
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(prefs));
  } catch {
    // Not persisted; the page still shows the choice.
  }
}
apply();

/** reading is the live preferences object (read it in components; change it with setReading). */
export const reading: Readonly<ReadingPrefs> = prefs;

export function setReading(change: Partial<ReadingPrefs>): void {
  Object.assign(prefs, change);
  apply();
}

/** resetReading restores the defaults (the idle reset calls it). */
export function resetReading(): void {
  Object.assign(prefs, DEFAULT_PREFS);
  apply();
}
