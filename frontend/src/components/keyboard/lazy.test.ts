// simple-keyboard is loaded on the kiosk only, after the first paint
// (decision 124): this file counts its loads (its own module registry).
import { describe, it, expect, vi, afterEach } from 'vitest';
import { render, cleanup } from '@testing-library/svelte';
import { tick } from 'svelte';
import Harness from './Harness.test.svelte';

const loads = vi.hoisted(() => ({ n: 0 }));
vi.mock('simple-keyboard', async (original) => {
  loads.n++;
  return await original();
});

afterEach(() => cleanup());

describe('simple-keyboard loading', () => {
  it('off the kiosk it is never loaded; on the kiosk once, without a field being touched', async () => {
    render(Harness, { enabled: false });
    document.getElementById('name')!.focus();
    await tick();
    await new Promise((r) => setTimeout(r, 1200)); // past the first frame and the fallback timer
    expect(loads.n).toBe(0);
    cleanup();
    render(Harness);
    await vi.waitFor(() => expect(document.querySelector('.osk .hg-button')).not.toBeNull());
    expect(loads.n).toBe(1);
  });
});
