import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The clerk's desk, served by the server at `/desk/`.
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/desk/',
  plugins: [react()],
  // No source maps in what the server ships (issue 9): they hand out the whole source.
  // react-dom + mediasoup-client + socket.io-client (~130 kB gzipped) and zod, which checks the HTTP
  // contract's answers (~26 kB gzipped): about 210 kB gzipped in all; no need for a warning.
  build: { outDir: resolve(root, 'dist'), emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 850 },
  server: { proxy: { '/api': 'http://localhost:8080', '/socket.io': { target: 'ws://localhost:8080', ws: true } } },
});
