import { describe, it, expect, vi, afterEach } from 'vitest';
import { freshPage, FRESH_FALLBACK_MS } from './freshpage';
import { endPractice } from './api';

afterEach(() => vi.unstubAllGlobals());

describe('freshPage', () => {
  it('waits for the running requests, then replaces the page by the same address', async () => {
    let finish: (r: Response) => void = () => {};
    vi.stubGlobal('fetch', vi.fn(() => new Promise<Response>((r) => (finish = r))));
    const loc = { pathname: '/', search: '?kiosk=1', replace: vi.fn() };
    const ending = endPractice('p1');
    const leaving = freshPage(loc);
    await new Promise((r) => setTimeout(r, 10));
    expect(loc.replace).not.toHaveBeenCalled(); // "end this practice" is still running
    finish(new Response(null, { status: 204 }));
    await ending;
    await leaving;
    expect(loc.replace).toHaveBeenCalledWith('/?kiosk=1');
  });
});

describe('freshPage in the kiosk window', () => {
  it('asks the window for a fresh web process, and loads the page again only if nothing happened', async () => {
    const fetch = vi.fn(async () => new Response(null, { status: 202 }));
    vi.stubGlobal('fetch', fetch);
    const loc = { pathname: '/', search: '', replace: vi.fn() };
    let waited = 0;
    let resume: () => void = () => {};
    const leaving = freshPage(loc, { inWindow: true, wait: (ms) => ((waited = ms), new Promise<void>((r) => (resume = r))) });
    await vi.waitFor(() => expect(waited).toBe(FRESH_FALLBACK_MS));
    expect(fetch).toHaveBeenCalledWith('/door/fresh', expect.objectContaining({ method: 'POST' }));
    expect(loc.replace).not.toHaveBeenCalled(); // the window is ending this process
    resume();
    await leaving;
    expect(loc.replace).toHaveBeenCalledWith('/');
  });

  it('loads the page again at once when the window cannot give a fresh process', async () => {
    for (const answer of [() => Promise.resolve(new Response('no', { status: 403 })), () => Promise.reject(new TypeError('network'))]) {
      vi.stubGlobal('fetch', vi.fn(answer));
      const loc = { pathname: '/', search: '?x=1', replace: vi.fn() };
      const wait = vi.fn(async () => {});
      await freshPage(loc, { inWindow: true, wait });
      expect(wait).not.toHaveBeenCalled();
      expect(loc.replace).toHaveBeenCalledWith('/?x=1');
    }
  });

  it('outside the window it never asks', async () => {
    const fetch = vi.fn(async () => new Response(null, { status: 202 }));
    vi.stubGlobal('fetch', fetch);
    const loc = { pathname: '/', search: '', replace: vi.fn() };
    await freshPage(loc, { inWindow: false });
    expect(fetch).not.toHaveBeenCalled();
    expect(loc.replace).toHaveBeenCalledWith('/');
  });
});
