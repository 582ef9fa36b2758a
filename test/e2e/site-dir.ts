// Where the built site is: DOCKYARD_SITE_DIR when set (a private build while
// developing), else site/dist, which `dockyard prepare` builds.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../engine/config.ts';

export function builtSiteDir(): string {
  const dir = process.env.DOCKYARD_SITE_DIR ?? path.join(projectRoot, 'site', 'dist');
  if (!existsSync(path.join(dir, 'en', 'index.html'))) {
    throw new Error(
      `The browser tests need the built site, and ${dir} has no en/index.html. ` +
        'Build it with `npx dockyard prepare` (or `npx astro build --root site`), or point DOCKYARD_SITE_DIR at a built copy.',
    );
  }
  return dir;
}
