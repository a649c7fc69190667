import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The citizen page. The server serves dist/ at `/`; the call page is `/call/` (token in `#t=`),
// so it is built as its own HTML entry that works with plain static serving.
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: true,
    // No source maps in what the server ships (issue 9): they hand out the whole source.
    sourcemap: false,
    chunkSizeWarningLimit: 700, // react-dom + mediasoup-client + socket.io-client: ~130 kB gzipped
    rollupOptions: { input: { main: resolve(root, 'index.html'), call: resolve(root, 'call/index.html') } },
  },
  server: { proxy: { '/api': 'http://localhost:8080', '/socket.io': { target: 'ws://localhost:8080', ws: true } } },
});
