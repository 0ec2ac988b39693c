import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Resolved from this file so the build works from the repo root and from web/.
const webRoot = fileURLToPath(new URL('.', import.meta.url));

/** The API in development: `sori serve` on its default port. */
const apiProxy = {
  // Keep the browser's Host header so the server's same-origin checks see one origin.
  '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
};

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // ECharts and zrender (~525 kB, ~180 kB gzipped) get a chunk of their own: only the lazily
    // loaded chart pages fetch it, and it stays cached across app releases.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        codeSplitting: { groups: [{ name: 'echarts', test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/ }] },
      },
    },
  },
  server: { host: '127.0.0.1', port: 5173, proxy: apiProxy },
  preview: { host: '127.0.0.1', port: 4173, proxy: apiProxy },
});
