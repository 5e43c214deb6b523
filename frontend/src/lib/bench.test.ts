import { describe, it, expect, vi, afterEach } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import App from '../App.svelte';
import BenchRun from '../screens/bench/BenchRun.svelte';
import { benchSessions, runBench, type BenchScreen } from './bench';
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

/** kioskAPI answers like the kiosk door; bench is what /api/kiosk/settings says. */
function kioskAPI(bench?: number) {
  return vi.fn(async (path: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    if (path === '/api/kiosk/settings') return json(200, bench === undefined ? settings : { ...settings, bench_sessions: bench });
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

  it('runs the sessions the kiosk asks for, on the real screens, and reports the end', async () => {
    const fetch = kioskAPI(2);
    vi.stubGlobal('fetch', fetch);
    render(App);
    expect(await screen.findByText('Chế độ đo hiệu năng')).toBeInTheDocument();
    await waitFor(() => expect(calls(fetch, '/api/bench/report')).toHaveLength(1));
    const body = JSON.parse(String(calls(fetch, '/api/bench/report')[0][1]?.body));
    expect(body).toMatchObject({ done: 2, total: 2, failed: 0, steps: 4 });
    expect(calls(fetch, '/api/practice')).toHaveLength(2);
    const submitted = JSON.parse(String(calls(fetch, `/api/practice/${id}/submit`)[0][1]?.body));
    expect(submitted).toEqual({ step: 'nguoi-mat', answers: { ho_ten: 'HOÀNG VĂN THỌ' } });
    expect(screen.getByRole('status', { name: '' })).toHaveTextContent('Đã chạy 2/2 phiên luyện tập tự động (0 lỗi).');
  });
});

describe('runBench', () => {
  it('mounts each step screen and the summary before moving on', async () => {
    vi.stubGlobal('fetch', kioskAPI(1));
    const seen: string[] = [];
    render(BenchRun, {
      sessions: 1,
      frame: async () => {
        seen.push(document.querySelector('h1')?.textContent?.trim() ?? '');
      },
    });
    await waitFor(() => expect(seen).toHaveLength(2));
    expect(seen[0]).toBe('Thông tin người đã mất');
    expect(seen[1]).not.toBe('');
  });

  it('counts a session whose step refuses the persona as failed, ends it and goes on', async () => {
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
    const r = await runBench({ total: 2, every: 1, show: async (s) => void shown.push(s), now: () => 0 });
    expect(r).toEqual({ done: 2, total: 2, failed: 2, steps: 2, ms: 0 });
    expect(calls(fetch, `/api/practice/${id}/end`)).toHaveLength(2);
    expect(calls(fetch, '/api/bench/report')).toHaveLength(2);
    expect(calls(fetch, '/api/client-errors')).toHaveLength(2);
  });
});
