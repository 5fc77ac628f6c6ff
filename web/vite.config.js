// The map page's build: sources in src/, output in dist/ (served by `annuaire serve`),
// every asset named after a hash of its content (assets/NAME-HASH.EXT) so that the server
// can let browsers keep it for good.
import { defineConfig } from 'vite';

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
  },
});
