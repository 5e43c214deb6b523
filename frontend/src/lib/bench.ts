// Bench mode: a benchmarking aid, off in production. When the kiosk runs
// with TRAMHOCSO_BENCH_SESSIONS=N, GET /api/kiosk/settings says
// bench_sessions: N and the page (screens/bench/BenchRun.svelte) runs the N
// practice sessions by itself, round-robin over the catalog: start with the
// sample data, render each step's real screen, submit the pack persona's
// input (GET /api/bench/practice/{id}/input), render the final summary.
// One session per page load, like one citizen per fresh page (issue 12):
// the run's count lives on the server (GET /api/bench/state), each page adds
// its session (POST /api/bench/report) and loads the page again. The kiosk
// logs the progress so build/bench/window-figures.sh can measure the
// window's memory after the sessions.
//
// TRAMHOCSO_BENCH_STRESS=S (bench_stress_s) is the API stress page instead:
// a few workers call the API in a tight loop for S seconds.
import {
  ApiError,
  endPractice,
  getBenchInput,
  getBenchState,
  getCatalog,
  getHealth,
  getPracticeSummary,
  reportBench,
  reportClientError,
  startPractice,
  submitStep,
  type BenchState,
  type KioskSettings,
  type PracticeSummary,
  type PracticeView,
} from './api';

/** benchSessions is how many scripted sessions the settings ask for: 0 (off) unless a positive whole number. */
export function benchSessions(settings: Partial<KioskSettings> | null | undefined): number {
  const n = settings?.bench_sessions;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : 0;
}

/** What the bench page shows: a step, or the final summary. */
export type BenchScreen =
  | { kind: 'step'; id: string; view: PracticeView }
  | { kind: 'finish'; id: string; view: PracticeView; summary: PracticeSummary };

/** benchStress is how long the stress page runs, in seconds: 0 (off) unless a positive whole number. */
export function benchStress(settings: Partial<KioskSettings> | null | undefined): number {
  const n = settings?.bench_stress_s;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : 0;
}

/** benchOn tells whether the page is a bench page (sessions or stress). */
export const benchOn = (settings: Partial<KioskSettings> | null | undefined) =>
  benchSessions(settings) > 0 || benchStress(settings) > 0;

/** show renders a screen and resolves once it has been painted. */
export type Show = (screen: BenchScreen) => Promise<void>;

/** What this page did: the run's state afterwards, and whether another page should follow. */
export interface BenchPage {
  state: BenchState;
  again: boolean;
}

/** runSession runs scripted session number index (its pack: index modulo the catalog). */
export async function runSession(index: number, show: Show): Promise<{ failed: number; steps: number }> {
  let id = '';
  let steps = 0;
  try {
    const packs = (await getCatalog()).packs.map((p) => p.id);
    if (packs.length === 0) throw new Error('no practice packs');
    const started = await startPractice(packs[index % packs.length], true);
    id = started.id;
    let view = started.view;
    for (let guard = 0; view.step.kind !== 'finish'; guard++) {
      if (guard > 3 * view.total) throw new Error(`never reached the finish step (on ${view.step.id})`);
      await show({ kind: 'step', id, view });
      steps++;
      const input = await getBenchInput(id);
      const res = await submitStep(id, input.step, input.answers);
      if (res.errors.length > 0) throw new Error(`step ${input.step} refused the persona: ${res.errors.map((e) => e.code).join(', ')}`);
      view = res.view;
    }
    const summary: PracticeSummary = await getPracticeSummary(id);
    await show({ kind: 'finish', id, view, summary });
    steps++;
    return { failed: 0, steps };
  } catch (e) {
    if (id) endPractice(id).catch(() => {});
    void reportClientError('bench', e instanceof ApiError ? e.code : 'bench_failed', String((e as Error)?.message ?? e));
    return { failed: 1, steps };
  }
}

/** benchPage is one page load's share of a session run: the next session, if any is left. */
export async function benchPage(show: Show): Promise<BenchPage> {
  const state = await getBenchState();
  if (state.total <= 0 || state.done >= state.total) return { state, again: false };
  const r = await runSession(state.done, show);
  const after = await reportBench({ sessions: 1, ...r });
  return { state: after, again: after.done < after.total };
}

export interface StressOptions {
  /** how many loops call the API at once; default 4 */
  workers?: number;
  /** report to the kiosk this often, in ms; default 1000 */
  everyMs?: number;
  now?: () => number;
  progress?: (s: BenchState) => void;
}

/** runStress calls the API in a tight loop until the kiosk says the stress run's time is up. */
export async function runStress(o: StressOptions = {}): Promise<BenchState> {
  const now = o.now ?? (() => performance.now());
  const everyMs = o.everyMs ?? 1000;
  let state = await getBenchState();
  if (state.stress_s <= 0) return state;
  let requests = 0;
  let errors = 0;
  let stop = state.ms >= state.stress_s * 1000;
  let last = now();
  const call = async (f: () => Promise<unknown>) => {
    requests++;
    try {
      await f();
    } catch {
      errors++;
    }
  };
  const flush = async () => {
    const r = { requests, errors };
    requests = 0;
    errors = 0;
    last = now();
    try {
      state = await reportBench(r);
      o.progress?.(state);
      if (state.ms >= state.stress_s * 1000) stop = true;
    } catch {
      // counted again on the next report
      requests += r.requests;
      errors += r.errors;
    }
  };
  let packs: string[] = [];
  try {
    packs = (await getCatalog()).packs.map((p) => p.id);
  } catch {
    // the loop still calls health and the catalog
  }
  let flushing: Promise<void> | null = null;
  const worker = async (w: number) => {
    for (let i = w; !stop; i++) {
      await call(getHealth);
      await call(getCatalog);
      if (packs.length > 0) {
        let pid = '';
        await call(async () => (pid = (await startPractice(packs[i % packs.length], true)).id));
        if (pid) await call(() => endPractice(pid));
      }
      if (now() - last >= everyMs && !flushing) {
        flushing = flush().finally(() => (flushing = null));
      }
      if (flushing) await flushing;
    }
  };
  await Promise.all(Array.from({ length: o.workers ?? 4 }, (_, w) => worker(w)));
  if (requests > 0) await flush();
  return state;
}

/** painted resolves after the browser has painted the current DOM (two animation frames). */
export function painted(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestAnimationFrame !== 'function') {
      setTimeout(resolve, 0);
      return;
    }
    requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
  });
}
