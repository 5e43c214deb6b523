import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';

// The kiosk has no internet: everything, fonts included, is bundled into dist/.
export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
  },
  server: {
    // `npm run dev` talks to a running `tramhocso serve` for the API.
    proxy: { '/api': 'http://127.0.0.1:8765' },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test-setup.ts'],
    // Tests check outcomes, never speed: vitest's default 5 s per test is a
    // wall-clock threshold that a loaded CI machine crossed (the generated
    // syllables' round trip, CPU-bound). A hung test still fails, after 2 min.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
