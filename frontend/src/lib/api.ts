// The one module that talks to the Go side, over HTTP everywhere: the kiosk
// window through its loopback door (app/kiosk/loopback.go), a browser
// through `serve`, a phone through the phone door; the same routes.
import { i18n, type Text } from './i18n.svelte';

export interface Health {
  status: 'ok' | 'degraded';
  version: string;
  commit: string;
  kiosk_id: string;
  config_id: string;
  uptime_s: number;
}

export interface PackHeader {
  id: string;
  version: number;
  title: Text;
  summary: Text;
  life_event: Text;
  minutes: number;
}

export interface Catalog {
  site: string;
  languages: string[];
  packs: PackHeader[];
}

/** ApiError carries the server's {code, message}; code "network" means no answer at all. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

// The requests still running, so a full page load can wait for them
// (settled): leaving the page must not cut off "end this practice".
const inflight = new Set<Promise<unknown>>();

/** settled resolves once every request running now has finished, or after maxMs. */
export async function settled(maxMs = 2000): Promise<void> {
  if (inflight.size === 0) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((r) => (timer = setTimeout(r, maxMs)));
  await Promise.race([Promise.allSettled([...inflight]), late]);
  clearTimeout(timer);
}

/**
 * askFreshProcess asks the kiosk window for a new WebKit web process for the
 * next citizen (the loopback door's POST /door/fresh, app/kiosk/loopback.go).
 * True when the window said it will start one; false anywhere else.
 */
export async function askFreshProcess(): Promise<boolean> {
  try {
    const res = await fetch('/door/fresh', { method: 'POST', cache: 'no-store' });
    return res.status === 202;
  } catch {
    return false;
  }
}

function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const p = send<T>(method, path, body);
  inflight.add(p);
  const done = () => inflight.delete(p);
  p.then(done, done);
  return p;
}

async function send<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': i18n.lang };
  let payload: string | undefined;
  // Every state-changing request says JSON, even without a body: the doors
  // refuse any other type (app/api/provenance.go), since a page on another
  // site may send text/plain or a form without asking, but never JSON.
  if (method !== 'GET' && method !== 'HEAD') headers['Content-Type'] = 'application/json';
  if (body !== undefined) payload = JSON.stringify(body);
  let res: Response;
  try {
    // keepalive: a request still running when the page is replaced (a fresh
    // page for the next citizen) is finished anyway.
    res = await fetch(path, { method, headers, body: payload, cache: 'no-store', keepalive: method !== 'GET' });
  } catch (e) {
    throw new ApiError(0, 'network', String((e as Error)?.message ?? e));
  }
  if (res.status === 204) return undefined as T;
  let data: unknown;
  try {
    data = await res.json();
  } catch {
    throw new ApiError(res.status, 'bad_response', `HTTP ${res.status}`);
  }
  if (!res.ok) {
    const err = data as { code?: string; message?: string };
    throw new ApiError(res.status, err.code ?? 'http_' + res.status, err.message ?? `HTTP ${res.status}`);
  }
  return data as T;
}

export const getHealth = () => request<Health>('GET', '/api/health');
export const getCatalog = () => request<Catalog>('GET', '/api/catalog');

// Practice (app/api/practice.go). Answers are field id → string | boolean |
// {province, commune, detail} | rows (list of column id → value) | an agency
// {province, commune} | the values of a multiple-choice cards field.
export type Answer = string | boolean | Record<string, string> | Record<string, unknown>[] | string[];
export type Answers = Record<string, Answer>;
export interface PracticeOption { value: string; label: Text; detail: Text; keywords?: string; image?: string }
export interface PracticeField {
  id: string; type: string; label: Text; hint: Text; why: Text; required: boolean; visible: boolean;
  watch?: boolean; options?: PracticeOption[]; fields?: PracticeField[]; min_rows?: number; max_rows?: number;
  example?: unknown; fails: number;
  /** agency: commune (UBND xã, phường, đặc khu) or province (e.g. Công an tỉnh), and the name with {province} {commune}. */
  level?: 'commune' | 'province'; agency_name?: Text;
  /** cards: several choices, between min_choices and max_choices. */
  multiple?: boolean; min_choices?: number; max_choices?: number;
  /** a confirmation field: the id of the field it must repeat */
  same_as?: string;
}
export interface FeeLine { label: Text; amount: number; text: string }
export interface FeeView { lines: FeeLine[]; total: number; total_text: string; free: boolean; methods: PracticeOption[]; field: string }
export interface NoticeView { channel: 'sms' | 'vneid'; sender: string; text: Text }
export interface ScenarioView { channel: 'sms' | 'call' | 'web' | 'vneid' | 'zalo'; sender: string; text: Text; url?: string }
export interface ReviewGroup { step: string; title: Text; items: { field: string; label: Text; value: Text }[] }
export interface PracticeStepView {
  id: string; kind: string; title: Text; body: Text; hint: Text; qr?: boolean; sms?: Text; receipt?: string;
  status?: Text; fields: PracticeField[]; review?: ReviewGroup[]; service?: { name: Text; url: string };
  persona?: { name: Text; story: Text; passcode?: string }; answers?: Answers;
  appointment?: string; agency?: Text; payment?: FeeView; notice?: NoticeView; scenario?: ScenarioView; feedback?: Text;
  passcode?: string;
}
export interface PracticeView {
  pack: string; version: number; title: Text; sample: boolean; step: PracticeStepView; index: number; total: number;
  can_back: boolean; from_review: boolean; finished: boolean;
}
export interface FieldError { field: string; code: string; codes?: string[]; message: Text }
export interface PracticeResult { errors: FieldError[]; view: PracticeView }
export interface PracticeSummary {
  pack: string; title: Text; finished: boolean; seconds: number; mistakes: number; hints: number; examples: number;
  skills: { id: string; title: Text; area: Text; group?: string }[];
  steps: { id: string; title: Text; mistakes: number; hints: number; examples: number; fixed?: { code: string; times: number; message: Text }[] }[];
  documents: Text[]; service: { name: Text; url: string }; used_sample: boolean; skills_framework?: string;
}
export interface Province {
  name: string; kind: string; communes?: { name: string; kind: string }[]; sample?: boolean; merged_from?: string[];
}

const practicePath = (id: string, rest = '') => `/api/practice/${encodeURIComponent(id)}${rest}`;
export const startPractice = (pack: string, sample: boolean) =>
  request<{ id: string; view: PracticeView }>('POST', '/api/practice', { pack, sample });
export const getPracticeView = (id: string) => request<PracticeView>('GET', practicePath(id));
export const submitStep = (id: string, step: string, answers: Answers) =>
  request<PracticeResult>('POST', practicePath(id, '/submit'), { step, answers });
export const stepBack = (id: string, step: string) => request<PracticeResult>('POST', practicePath(id, '/back'), { step });
export const goToStep = (id: string, step: string, target: string) =>
  request<PracticeView>('POST', practicePath(id, '/goto'), { step, target });
export const visibleFields = (id: string, step: string, answers: Answers) =>
  request<{ visible: string[] }>('POST', practicePath(id, '/visible'), { step, answers });
export const usedHelp = (id: string, field: string, kind: 'hint' | 'example') =>
  request<void>('POST', practicePath(id, '/help'), { field, kind });
export const getPracticeSummary = (id: string) => request<PracticeSummary>('GET', practicePath(id, '/summary'));
export const endPractice = (id: string) => request<void>('POST', practicePath(id, '/end'));
export const getPlaces = () => request<{ provinces: Province[] }>('GET', '/api/places');

/** An unfinished practice the kiosk can offer again after a restart (GET /api/practice/resume). */
export interface ResumeInfo { id: string; pack: string; title: Text; index: number; total: number }
export const getResumeOffer = () => request<{ practice: ResumeInfo | null }>('GET', '/api/practice/resume');

/** reportClientError leaves a trace in the kiosk's log; it never throws. */
export async function reportClientError(screen: string, code: string, message: string): Promise<void> {
  try {
    await request<void>('POST', '/api/client-errors', { screen, code, message: message.slice(0, 300) });
  } catch {
    // Nothing more to do: the error screen is already showing.
  }
}

// Read-aloud (app/speech through /api/speech).
export interface SpeechAvailable {
  available: boolean;
  languages: string[];
}

export const getSpeechAvailable = () => request<SpeechAvailable>('GET', '/api/speech/available');

/** getSpeech returns a WAV recording of text read in lang; errors are ApiErrors like every other call. */
export async function getSpeech(text: string, lang: string): Promise<Blob> {
  let res: Response;
  try {
    res = await fetch('/api/speech', {
      method: 'POST',
      headers: { Accept: 'audio/wav, application/json', 'Accept-Language': i18n.lang, 'Content-Type': 'application/json' },
      body: JSON.stringify({ text, lang }),
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, 'network', String((e as Error)?.message ?? e));
  }
  if (!res.ok) {
    const err = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
    throw new ApiError(res.status, err.code ?? 'http_' + res.status, err.message ?? `HTTP ${res.status}`);
  }
  return res.blob();
}

// Kiosk settings, help requests and staff mode (kiosk door only; app/api/staff.go).
export interface KioskSettings {
  idle_timeout_s: number; idle_countdown_s: number; tips_after_s: number; tips: Text[];
  help_sound: boolean; staff_enabled: boolean; help_enabled: boolean;
  /** > 0 only in bench mode (TRAMHOCSO_BENCH_SESSIONS, a benchmarking aid; src/lib/bench.ts) */
  bench_sessions?: number;
  /** > 0 only for the API stress page (TRAMHOCSO_BENCH_STRESS, seconds) */
  bench_stress_s?: number;
}
export interface HelpRequest { id: string; kiosk_id: string; pack?: string; step?: string; at: string; handled_at?: string }
export interface PinState { enabled: boolean; locked: boolean; wait_s: number; remaining: number }
export interface BatchInfo { id: string; period_start: string; period_end: string; events: number; attempts: number; last_error?: string }
export interface StatsStatus {
  upload_enabled: boolean; outbox_batches: number; outbox_bytes: number; last_success?: string;
  last_error?: string; last_error_at?: string; next_attempt?: string; dead_letters: BatchInfo[];
}
export interface StaffPanel {
  health: {
    version: string; commit: string; kiosk_id: string; config_id: string; lan_address: string; uptime_s: number;
    disk_free_bytes?: number; store: 'ok' | 'degraded';
    config?: { source?: string; config_id?: string; last_error?: string; last_error_at?: string };
  };
  stats?: StatsStatus; stats_error?: string;
  today?: {
    started: number; finished: number; abandoned: number;
    // Finished practices per area of the skills framework (Decision 757's groups), every area listed.
    skill_groups?: { area: string; group?: string; title: Text; finished: number }[];
  };
  help: HelpRequest[]; actions: string[];
}
export const getKioskSettings = () => request<KioskSettings>('GET', '/api/kiosk/settings');

// Bench mode (app/api/bench.go; the routes exist only when the kiosk runs with TRAMHOCSO_BENCH_SESSIONS).
// The run's state lives on the server, so every page load continues it.
export interface BenchState {
  total: number; done: number; failed: number; steps: number;
  stress_s: number; requests: number; errors: number; ms: number;
}
export interface BenchReport { sessions?: number; failed?: number; steps?: number; requests?: number; errors?: number }
export const getBenchState = () => request<BenchState>('GET', '/api/bench/state');
export const getBenchInput = (id: string) => request<{ step: string; answers: Answers }>('GET', `/api/bench/practice/${encodeURIComponent(id)}/input`);
export const reportBench = (r: BenchReport) => request<BenchState>('POST', '/api/bench/report', r);
export const raiseHelp = (pack: string, step: string) =>
  request<{ request: HelpRequest; new: boolean }>('POST', '/api/help', { pack, step });
export const getPinState = () => request<PinState>('GET', '/api/staff/pin');
// The staff session lives in an HttpOnly cookie only (the kiosk window keeps
// cookies on its loopback door): the page's script never holds the token.
export const staffLogin = (pin: string) => request<{ expires: string }>('POST', '/api/staff/login', { pin });
export const staffLogout = () => request<void>('POST', '/api/staff/logout');
export const getStaffPanel = () => request<StaffPanel>('GET', '/api/staff/panel');
export const markHelpHandled = (id: string) => request<HelpRequest>('POST', `/api/staff/help/${encodeURIComponent(id)}/handled`);
export const staffEndSession = (practiceId: string) =>
  request<{ ended: boolean }>('POST', '/api/staff/actions/end-session', { practice_id: practiceId });
export const staffAction = (name: 'send-stats' | 'requeue' | 'reload-config' | 'restart') =>
  request<unknown>('POST', `/api/staff/actions/${name}`);
export const staffExit = () => request<void>('POST', '/api/staff/actions/exit', { confirm: 'exit' });

// Hand-off to the phone (app/api/handoff.go).
export type QRKind = 'wifi' | 'continue' | 'checklist' | 'service' | 'phone';
export interface QRCode { kind: QRKind; image: string; text: string }
export interface HandoffOffer { continue: QRCode; wifi?: QRCode; expires: string; renew_in_s: number }
export interface PackQR { checklist: QRCode; service?: QRCode }
export interface AttractQR { phone: QRCode | null; wifi?: QRCode }
export interface HandoffMine { door: 'kiosk' | 'phone'; practice: { id: string; view: PracticeView } | null }
export const offerHandoff = (id: string) => request<HandoffOffer>('POST', practicePath(id, '/handoff'));
export const handoffStatus = (id: string) => request<{ moved: boolean }>('GET', practicePath(id, '/handoff'));
export const getPackQR = (pack: string) => request<PackQR>('GET', `/api/handoff/pack/${encodeURIComponent(pack)}`);
export const getAttractQR = () => request<AttractQR>('GET', '/api/handoff/attract');
export const getMine = () => request<HandoffMine>('GET', '/api/handoff/mine');
export const claimHandoff = (token: string) =>
  request<{ id: string; view: PracticeView }>('POST', '/api/handoff/claim', { token });
