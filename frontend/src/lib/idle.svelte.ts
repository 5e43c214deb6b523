// Idle privacy reset and kiosk settings. The UI reports activity here
// (pointer, touch, keys, wheel; throttled to one update a second); IdleGuard
// asks "Bạn còn đang sử dụng không?" after the configured idle timeout and
// then ends the current practice and returns to the attract screen.
// HelpButton, mounted in the practice header, registers which practice is on
// screen, so the reset and the staff panel know what to end.
import { getKioskSettings, type KioskSettings } from './api';

export const DEFAULT_SETTINGS: KioskSettings = {
  idle_timeout_s: 90, idle_countdown_s: 20, tips_after_s: 0, tips: [],
  help_sound: false, staff_enabled: false, help_enabled: false,
};

const state = $state({ settings: DEFAULT_SETTINGS as KioskSettings, lastActivity: Date.now() });
const practice = $state({ id: '', pack: '', step: '' });

/** settings are kiosk.yaml's idle/staff settings and the tips (defaults until loaded). */
export const kiosk = {
  get settings(): KioskSettings {
    return state.settings;
  },
  /** Date.now() of the last touch, click, key or wheel. */
  get lastActivity(): number {
    return state.lastActivity;
  },
};

/** activePractice is the practice on screen ('' when none). */
export const activePractice: Readonly<{ id: string; pack: string; step: string }> = practice;

export function setActivePractice(id: string, pack: string, step: string): void {
  practice.id = id;
  practice.pack = pack;
  practice.step = step;
}

export function clearActivePractice(id?: string): void {
  if (id === undefined || practice.id === id) setActivePractice('', '', '');
}

/** loadSettings fetches the settings; failures keep the defaults (the reset still works). */
export async function loadSettings(): Promise<void> {
  try {
    const got = await getKioskSettings();
    if (got && typeof got.idle_timeout_s === 'number' && got.idle_timeout_s > 0) {
      state.settings = { ...DEFAULT_SETTINGS, ...got, tips: Array.isArray(got.tips) ? got.tips : [] };
    }
  } catch {
    // Keep the defaults: a phone door or a test page without the kiosk API.
  }
}

const THROTTLE_MS = 1000;

/** noteActivity records a touch now (throttled). */
export function noteActivity(now = Date.now()): void {
  if (now - state.lastActivity >= THROTTLE_MS || now < state.lastActivity) state.lastActivity = now;
}

/** trackActivity listens for activity on target until the returned function is called. */
export function trackActivity(target: EventTarget = window): () => void {
  const events = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'input'];
  const on = () => noteActivity();
  for (const e of events) target.addEventListener(e, on, { passive: true, capture: true });
  return () => {
    for (const e of events) target.removeEventListener(e, on, { capture: true });
  };
}

/** playChime plays a soft two-note chime with WebAudio (no bundled file); silent where unsupported. */
export function playChime(): void {
  try {
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctx) return;
    const ctx = new Ctx();
    const notes: [number, number][] = [[660, 0], [880, 0.22]];
    for (const [freq, at] of notes) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      const t0 = ctx.currentTime + at;
      gain.gain.setValueAtTime(0.0001, t0);
      gain.gain.exponentialRampToValueAtTime(0.15, t0 + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.5);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0);
      osc.stop(t0 + 0.55);
    }
    setTimeout(() => void ctx.close(), 1200);
  } catch {
    // No audio device: the on-screen message is enough.
  }
}
