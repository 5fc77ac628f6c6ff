// The site's build: sources in src/, output in dist/ (served by `annuaire serve`), every
// asset named after a hash of its content (assets/NAME-HASH.EXT) so that the server can let
// browsers keep it for good. Three pages: the map (index.html), the account pages and the
// owner page (compte.html), the admin console (admin.html); modules they share become
// chunks of their own.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const src = fileURLToPath(new URL('./src', import.meta.url));

export default defineConfig({
  root: 'src',
  publicDir: 'public',
  base: '/',
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsDir: 'assets',
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
    rollupOptions: {
      input: {
        index: resolve(src, 'index.html'),
        compte: resolve(src, 'compte.html'),
        admin: resolve(src, 'admin.html'),
      },
    },
  },
});
