// Bench mode: a benchmarking aid, off in production. When the kiosk runs
// with TRAMHOCSO_BENCH_SESSIONS=N, GET /api/kiosk/settings says
// bench_sessions: N and the page (screens/bench/BenchRun.svelte) runs N
// practice sessions by itself, round-robin over the catalog: start with the
// sample data, render each step's real screen, submit the pack persona's
// input (GET /api/bench/practice/{id}/input), render the final summary. It
// reports its progress to POST /api/bench/report, which the kiosk logs, so
// build/bench/window-figures.sh can measure the window's memory after them.
import {
  ApiError,
  endPractice,
  getBenchInput,
  getCatalog,
  getPracticeSummary,
  reportBench,
  reportClientError,
  startPractice,
  submitStep,
  type BenchReport,
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

export interface BenchOptions {
  total: number;
  /** show renders a screen and resolves once it has been painted. */
  show: (screen: BenchScreen) => Promise<void>;
  /** progress is told after every session. */
  progress?: (r: BenchReport) => void;
  /** report to the kiosk every this many sessions (and at the end); default 50. */
  every?: number;
  now?: () => number;
}

/** runBench runs the sessions one after another and returns the last report. */
export async function runBench(o: BenchOptions): Promise<BenchReport> {
  const now = o.now ?? (() => performance.now());
  const every = o.every ?? 50;
  const t0 = now();
  const r: BenchReport = { done: 0, total: o.total, failed: 0, steps: 0, ms: 0 };
  let packs: string[] = [];
  try {
    packs = (await getCatalog()).packs.map((p) => p.id);
  } catch (e) {
    void reportClientError('bench', e instanceof ApiError ? e.code : 'unknown', String(e));
  }
  for (let i = 0; i < o.total; i++) {
    let id = '';
    try {
      if (packs.length === 0) throw new Error('no practice packs');
      const started = await startPractice(packs[i % packs.length], true);
      id = started.id;
      let view = started.view;
      for (let guard = 0; view.step.kind !== 'finish'; guard++) {
        if (guard > 3 * view.total) throw new Error(`never reached the finish step (on ${view.step.id})`);
        await o.show({ kind: 'step', id, view });
        r.steps++;
        const input = await getBenchInput(id);
        const res = await submitStep(id, input.step, input.answers);
        if (res.errors.length > 0) throw new Error(`step ${input.step} refused the persona: ${res.errors.map((e) => e.code).join(', ')}`);
        view = res.view;
      }
      await o.show({ kind: 'finish', id, view, summary: await getPracticeSummary(id) });
      r.steps++;
    } catch (e) {
      r.failed++;
      if (id) endPractice(id).catch(() => {});
      void reportClientError('bench', e instanceof ApiError ? e.code : 'bench_failed', String((e as Error)?.message ?? e));
    }
    r.done++;
    r.ms = Math.round(now() - t0);
    o.progress?.({ ...r });
    if (r.done % every === 0 || r.done === o.total) {
      try {
        await reportBench({ ...r });
      } catch {
        // The log line is missing; the page still shows the count.
      }
    }
  }
  return r;
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
