// A Vite plugin for site/astro.config.mjs. Astro links the CSS of every module
// a page's scripts may import, dynamic imports included
// (withastro/astro#9495), so Monaco's 117 KB of styles would load with every
// lesson page. This turns each stylesheet Monaco imports into a module that
// adds a <style> when it runs: the styles then arrive with Monaco's own chunk.
const PREFIX = '\0dockyard-monaco-css:';
// The id must not end in .css, or Vite would treat the module as a stylesheet.
const SUFFIX = '.js';

export function monacoCssWithMonaco() {
  return {
    name: 'dockyard-monaco-css-with-monaco',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!source.endsWith('.css') || !importer?.includes('/node_modules/monaco-editor/')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved ? PREFIX + resolved.id + SUFFIX : null;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const file = JSON.stringify(`${id.slice(PREFIX.length, -SUFFIX.length)}?inline`);
      return `import css from ${file};\nconst style = document.createElement('style');\nstyle.textContent = css;\ndocument.head.append(style);\n`;
    },
  };
}
