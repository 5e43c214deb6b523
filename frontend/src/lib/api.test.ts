import { describe, it, expect, vi, afterEach } from 'vitest';
import { getCatalog, reportClientError, ApiError } from './api';
import { i18n } from './i18n.svelte';

function respond(status: number, body: unknown) {
  return vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), { status }));
}

afterEach(() => {
  vi.unstubAllGlobals();
  i18n.lang = 'vi';
});

describe('api', () => {
  it('sends the current language and returns the body', async () => {
    const fetch = respond(200, { site: 'S', languages: ['vi'], packs: [] });
    vi.stubGlobal('fetch', fetch);
    i18n.lang = 'en';
    const c = await getCatalog();
    expect(c.site).toBe('S');
    const [path, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe('/api/catalog');
    expect((init.headers as Record<string, string>)['Accept-Language']).toBe('en');
  });

  it('turns an error body into an ApiError with code and message', async () => {
    vi.stubGlobal('fetch', respond(404, { code: 'not_found', message: 'Không tìm thấy' }));
    const err = await getCatalog().catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 404, code: 'not_found', message: 'Không tìm thấy' });
  });

  it('reports a network failure as code "network"', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(getCatalog()).rejects.toMatchObject({ status: 0, code: 'network' });
  });

  it('reports a non-JSON answer as bad_response', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>', { status: 502 })));
    await expect(getCatalog()).rejects.toMatchObject({ status: 502, code: 'bad_response' });
  });

  it('posts client errors as JSON, truncated, and never throws', async () => {
    const fetch = respond(204, undefined);
    vi.stubGlobal('fetch', fetch);
    await reportClientError('catalog', 'network', 'x'.repeat(1000));
    const init = (fetch.mock.calls[0] as unknown as [string, RequestInit])[1];
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body as string).message).toHaveLength(300);
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new Error('down'))));
    await expect(reportClientError('catalog', 'x', 'y')).resolves.toBeUndefined();
  });
});

describe('every state-changing request is JSON', () => {
  it('says Content-Type: application/json on every POST, with a body or without, and on read-aloud', async () => {
    const api = await import('./api');
    const fetch = vi.fn(async (path: string) =>
      path === '/api/speech' ? new Response('RIFF', { status: 200 }) : new Response(null, { status: 204 }),
    );
    vi.stubGlobal('fetch', fetch);
    await api.reportClientError('home', 'boom', 'x');
    await api.endPractice('p1'); // no body
    await api.offerHandoff('p1').catch(() => undefined); // no body
    await api.markHelpHandled('h1').catch(() => undefined); // no body
    await api.raiseHelp('khai-tu', 'buoc-1').catch(() => undefined);
    await api.getSpeech('Xin chào', 'vi');
    await api.getCatalog().catch(() => undefined);
    const calls = fetch.mock.calls as unknown as [string, RequestInit][];
    const posts = calls.filter(([, init]) => init.method === 'POST');
    expect(posts.length).toBe(6);
    for (const [path, init] of posts) {
      expect((init.headers as Record<string, string>)['Content-Type'], path).toBe('application/json');
    }
    const get = calls.find(([, init]) => init.method === 'GET')!;
    expect((get[1].headers as Record<string, string>)['Content-Type']).toBeUndefined();
  });
});

describe('staff session', () => {
  it('rides on the cookie only: no token header, even if an answer carried one', async () => {
    const { staffLogin, staffLogout, getStaffPanel } = await import('./api');
    const fetch = vi.fn(async (path: string) =>
      path === '/api/staff/login'
        ? new Response(JSON.stringify({ expires: '2026-11-23T12:00:00Z', token: 'tok-123' }), { status: 200 })
        : path === '/api/staff/logout'
          ? new Response(null, { status: 204 })
          : new Response(JSON.stringify({ site: 'S', languages: [], packs: [] }), { status: 200 }),
    );
    vi.stubGlobal('fetch', fetch);
    await staffLogin('246810');
    await getStaffPanel();
    await staffLogout();
    for (const call of fetch.mock.calls) {
      const headers = (call as unknown as [string, RequestInit])[1].headers as Record<string, string>;
      expect(Object.keys(headers).map((h) => h.toLowerCase())).not.toContain('x-tramhocso-staff');
    }
  });
});

describe('settled', () => {
  it('waits for the requests still running, and posts keep alive across a page load', async () => {
    const { settled, endPractice } = await import('./api');
    let finish: (r: Response) => void = () => {};
    const fetch = vi.fn(() => new Promise<Response>((r) => (finish = r)));
    vi.stubGlobal('fetch', fetch);
    const ending = endPractice('p1');
    let quiet = false;
    const waiting = settled(10000).then(() => (quiet = true));
    await Promise.resolve();
    expect(quiet).toBe(false);
    finish(new Response(null, { status: 204 }));
    await ending;
    await waiting;
    expect(quiet).toBe(true);
    expect((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].keepalive).toBe(true);
  });
  it('gives up after maxMs', async () => {
    const { settled, getCatalog } = await import('./api');
    vi.stubGlobal('fetch', vi.fn(() => new Promise<Response>(() => {})));
    void getCatalog().catch(() => {});
    await expect(settled(5)).resolves.toBeUndefined();
  });
});
