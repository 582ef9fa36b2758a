// The lesson site: static pages built from content/ through server/content/render.ts.
// The fastify server serves the output (DOCKYARD_SITE_DIR).
import { defineConfig } from 'astro/config';
import { fileURLToPath } from 'node:url';
import { monacoCssWithMonaco } from './src/scripts/editor/monaco-css-plugin.mjs';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  output: 'static',
  trailingSlash: 'always',
  build: { format: 'directory' },
  // Page data comes from the project's content/ and exercises/, whatever folder the build runs from.
  vite: {
    // Monaco's styles come with Monaco's chunk, not with every lesson page (see the plugin).
    plugins: [monacoCssWithMonaco()],
    define: { 'import.meta.env.DOCKYARD_PROJECT_ROOT': JSON.stringify(projectRoot) },
    build: { chunkSizeWarningLimit: 4096 },
  },
  devToolbar: { enabled: false },
});
