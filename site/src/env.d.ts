/// <reference types="astro/client" />

interface ImportMetaEnv {
  /** The project folder (holding content/ and exercises/), set in astro.config.mjs. */
  readonly DOCKYARD_PROJECT_ROOT: string;
}
