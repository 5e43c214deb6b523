import { describe, it, expect, vi, afterEach } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import App from '../App.svelte';
import BenchRun from '../screens/bench/BenchRun.svelte';
import { benchOn, benchPage, benchSessions, benchStress, runSession, runStress, type BenchScreen } from './bench';
import { DEFAULT_SETTINGS } from './idle.svelte';
import { view, nameField, summary, finishStep } from '../screens/practice/fixtures.test-data';

afterEach(() => vi.unstubAllGlobals());

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const settings = { ...DEFAULT_SETTINGS, idle_timeout_s: 90 };
const catalog = {
  site: 'Phường Ba Đình',
  languages: ['vi', 'en'],
  packs: [{ id: 'khai-tu', version: 1, title: { vi: 'Đăng ký khai tử', en: 'Death' }, summary: { vi: '', en: '' }, life_event: { vi: '', en: '' }, minutes: 15 }],
};
const id = 'b'.repeat(32);
const step1 = view({ id: 'nguoi-mat', kind: 'form', title: { vi: 'Thông tin người đã mất', en: 'The deceased' }, fields: [nameField] }, { sample: true, index: 1, total: 2 });
const done = view(finishStep, { index: 2, total: 2, finished: true });

const state = (over: object = {}) => ({ total: 0, done: 0, failed: 0, steps: 0, stress_s: 0, requests: 0, errors: 0, ms: 0, ...over });

/** kioskAPI answers like the kiosk door; bench is what /api/kiosk/settings says, done the run's sessions so far. */
function kioskAPI(bench?: number, sessionsDone = 0) {
  let st = state({ total: bench ?? 0, done: sessionsDone });
  return vi.fn(async (path: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    if (path === '/api/kiosk/settings') return json(200, bench === undefined ? settings : { ...settings, bench_sessions: bench });
    if (path === '/api/bench/state') return json(200, st);
    if (path === '/api/bench/report') {
      const r = JSON.parse(String(init?.body));
      st = { ...st, done: st.done + (r.sessions ?? 0), failed: st.failed + (r.failed ?? 0), steps: st.steps + (r.steps ?? 0) };
      return json(200, st);
    }
    if (path === '/api/catalog') return json(200, catalog);
    if (path === '/api/places') return json(200, { provinces: [] });
    if (path === '/api/practice' && method === 'POST') return json(200, { id, view: step1 });
    if (path === `/api/bench/practice/${id}/input`) return json(200, { step: 'nguoi-mat', answers: { ho_ten: 'HOÀNG VĂN THỌ' } });
    if (path === `/api/practice/${id}/submit`) return json(200, { errors: [], view: done });
    if (path === `/api/practice/${id}/summary`) return json(200, summary);
    if (path === '/api/practice/resume') return json(200, { practice: null });
    if (path.startsWith('/api/handoff') || path.endsWith('/handoff')) return json(404, { code: 'not_found', message: '' });
    return new Response(null, { status: 204 });
  });
}

const calls = (fetch: ReturnType<typeof kioskAPI>, path: string) => fetch.mock.calls.filter(([p]) => p === path);

describe('bench mode switch', () => {
  it('is off unless the settings carry a positive whole number', () => {
    expect(benchSessions(DEFAULT_SETTINGS)).toBe(0);
    expect(benchSessions(undefined)).toBe(0);
    expect(benchSessions(null)).toBe(0);
    for (const bad of [0, -3, 1.5, Number.NaN, '5' as unknown as number]) expect(benchSessions({ bench_sessions: bad })).toBe(0);
    expect(benchSessions({ bench_sessions: 1000 })).toBe(1000);
  });

  it('leaves the production page alone when the kiosk does not ask for it', async () => {
    const fetch = kioskAPI();
    vi.stubGlobal('fetch', fetch);
    render(App);
    await waitFor(() => expect(calls(fetch, '/api/kiosk/settings')).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByText('Chế độ đo hiệu năng')).toBeNull();
    expect(screen.getByRole('button', { name: /Chạm vào màn hình/ })).toBeInTheDocument();
    expect(fetch.mock.calls.some(([p]) => String(p).includes('/api/bench/') || p === '/api/practice')).toBe(false);
  });

  it('runs one session per page and loads a fresh page for the next', async () => {
    const fetch = kioskAPI(2);
    vi.stubGlobal('fetch', fetch);
    const reload = vi.fn(async () => {});
    render(BenchRun, { sessions: 2, reload, frame: async () => {} });
    await waitFor(() => expect(calls(fetch, '/api/bench/report')).toHaveLength(1));
    const body = JSON.parse(String(calls(fetch, '/api/bench/report')[0][1]?.body));
    expect(body).toEqual({ sessions: 1, failed: 0, steps: 2 });
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
    expect(calls(fetch, '/api/practice')).toHaveLength(1);
    const submitted = JSON.parse(String(calls(fetch, `/api/practice/${id}/submit`)[0][1]?.body));
    expect(submitted).toEqual({ step: 'nguoi-mat', answers: { ho_ten: 'HOÀNG VĂN THỌ' } });
    expect(screen.getByRole('status', { name: '' })).toHaveTextContent('Đã chạy 1/2 phiên luyện tập tự động (0 lỗi).');
  });

  it('shows the bench page in the app when the kiosk asks for it', async () => {
    const fetch = kioskAPI(2, 2); // the run is over: nothing left to do
    vi.stubGlobal('fetch', fetch);
    render(App);
    expect(await screen.findByText('Chế độ đo hiệu năng')).toBeInTheDocument();
    await waitFor(() => expect(calls(fetch, '/api/bench/state')).toHaveLength(1));
    expect(calls(fetch, '/api/bench/report')).toHaveLength(0);
  });

  it('the stress switch', () => {
    expect(benchStress(DEFAULT_SETTINGS)).toBe(0);
    expect(benchStress({ bench_stress_s: 300 })).toBe(300);
    expect(benchStress({ bench_stress_s: -1 })).toBe(0);
    expect(benchOn({ bench_stress_s: 300 })).toBe(true);
    expect(benchOn({ bench_sessions: 3 })).toBe(true);
    expect(benchOn(DEFAULT_SETTINGS)).toBe(false);
  });
});

describe('benchPage', () => {
  it('does nothing once the run is complete', async () => {
    const fetch = kioskAPI(3, 3);
    vi.stubGlobal('fetch', fetch);
    const r = await benchPage(async () => {});
    expect(r.again).toBe(false);
    expect(calls(fetch, '/api/practice')).toHaveLength(0);
  });
  it('says "again" until the last session', async () => {
    vi.stubGlobal('fetch', kioskAPI(2, 1));
    const r = await benchPage(async () => {});
    expect(r).toMatchObject({ again: false, state: { done: 2, total: 2 } });
  });
});

describe('runStress', () => {
  it('calls the API until the kiosk says the time is up, and reports the counts', async () => {
    let ms = 0;
    const reports: { requests: number; errors: number }[] = [];
    const fetch = vi.fn(async (path: string, init?: RequestInit) => {
      if (path === '/api/bench/state') return json(200, state({ stress_s: 1 }));
      if (path === '/api/bench/report') {
        reports.push(JSON.parse(String(init?.body)));
        ms += 600;
        return json(200, state({ stress_s: 1, ms, requests: reports.reduce((a, r) => a + r.requests, 0) }));
      }
      if (path === '/api/catalog') return json(200, catalog);
      if (path === '/api/practice') return json(200, { id, view: step1 });
      if (path === '/api/health') return json(500, { code: 'boom', message: '' });
      return new Response(null, { status: 204 });
    });
    vi.stubGlobal('fetch', fetch);
    let clock = 0;
    const st = await runStress({ workers: 2, everyMs: 10, now: () => (clock += 5) });
    expect(st.ms).toBeGreaterThanOrEqual(1000);
    expect(reports.length).toBeGreaterThanOrEqual(2);
    const total = reports.reduce((a, r) => a + r.requests, 0);
    expect(total).toBe(fetch.mock.calls.filter(([p]) => !String(p).startsWith('/api/bench/')).length - 1); // minus the first catalog
    expect(reports.reduce((a, r) => a + r.errors, 0)).toBeGreaterThan(0); // the failing health calls
  });
});

describe('runSession', () => {
  it('mounts each step screen and the summary before moving on', async () => {
    vi.stubGlobal('fetch', kioskAPI(1));
    const seen: string[] = [];
    render(BenchRun, {
      sessions: 1,
      reload: async () => {},
      frame: async () => {
        seen.push(document.querySelector('h1')?.textContent?.trim() ?? '');
      },
    });
    await waitFor(() => expect(seen).toHaveLength(2));
    expect(seen[0]).toBe('Thông tin người đã mất');
    expect(seen[1]).not.toBe('');
  });

  it('counts a session whose step refuses the persona as failed and ends it', async () => {
    const fetch = kioskAPI(2);
    fetch.mockImplementation(async (path: string, init?: RequestInit) => {
      if (path === `/api/practice/${id}/submit`) return json(200, { errors: [{ field: 'ho_ten', code: 'required', message: { vi: '', en: '' } }], view: step1 });
      if (path === '/api/catalog') return json(200, catalog);
      if (path === '/api/practice' && init?.method === 'POST') return json(200, { id, view: step1 });
      if (path === `/api/bench/practice/${id}/input`) return json(200, { step: 'nguoi-mat', answers: {} });
      return new Response(null, { status: 204 });
    });
    vi.stubGlobal('fetch', fetch);
    const shown: BenchScreen[] = [];
    const r = await runSession(0, async (s) => void shown.push(s));
    expect(r).toEqual({ failed: 1, steps: 1 });
    await waitFor(() => expect(calls(fetch, `/api/practice/${id}/end`)).toHaveLength(1));
    expect(calls(fetch, '/api/client-errors')).toHaveLength(1);
  });
});
