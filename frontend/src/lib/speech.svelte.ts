// Read-aloud on the frontend: whether the kiosk can speak (asked once per
// page), a small cache of recordings (object URLs) and one player at a time.
import { getSpeech, getSpeechAvailable } from './api';
import type { Lang } from './i18n.svelte';

const state = $state({ checked: false, languages: [] as string[] });
let asking: Promise<void> | undefined;

/** speechLanguages lists the languages the kiosk can read ([] while unknown or unavailable). */
export function speechLanguages(): string[] {
  if (!state.checked && !asking) {
    asking = getSpeechAvailable()
      .then((a) => {
        state.languages = a.available ? a.languages : [];
      })
      .catch(() => {
        state.languages = [];
      })
      .finally(() => {
        state.checked = true;
      });
  }
  return state.languages;
}

const MAX_CACHED = 24;
const urls = new Map<string, string>();

async function recording(text: string, lang: Lang): Promise<string> {
  const key = `${lang}\u0000${text}`;
  const hit = urls.get(key);
  if (hit) {
    urls.delete(key);
    urls.set(key, hit); // most recent last
    return hit;
  }
  const url = URL.createObjectURL(await getSpeech(text, lang));
  urls.set(key, url);
  while (urls.size > MAX_CACHED) {
    const [oldest, old] = urls.entries().next().value as [string, string];
    URL.revokeObjectURL(old);
    urls.delete(oldest);
  }
  return url;
}

let current: HTMLAudioElement | null = null;

/** stopSpeaking stops whatever is being read. */
export function stopSpeaking(): void {
  current?.pause();
  current = null;
}

/** speak reads text in lang; it resolves when the reading ends or is stopped. */
export async function speak(text: string, lang: Lang): Promise<void> {
  stopSpeaking();
  const url = await recording(text, lang);
  const audio = new Audio(url);
  current = audio;
  await new Promise<void>((resolve, reject) => {
    audio.onended = () => resolve();
    audio.onpause = () => resolve();
    audio.onerror = () => reject(new Error('audio playback failed'));
    audio.play().catch(reject);
  });
  if (current === audio) current = null;
}
