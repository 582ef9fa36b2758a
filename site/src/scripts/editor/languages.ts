// Which Monaco language colours a file, from its name (and its #! line for
// scripts without an extension). Ids are the languages monaco.ts registers.

const BY_EXTENSION: Record<string, string> = {
  dockerfile: 'dockerfile',
  yml: 'yaml',
  yaml: 'yaml',
  sh: 'shell',
  bash: 'shell',
  py: 'python',
  ini: 'ini',
  conf: 'ini',
  cfg: 'ini',
  env: 'ini',
  properties: 'ini',
  toml: 'ini',
  json: 'json',
  md: 'markdown',
  markdown: 'markdown',
  html: 'html',
  htm: 'html',
};

const SHELL_DOTFILES = new Set(['.bashrc', '.profile', '.bash_profile', '.bash_aliases', '.bash_logout']);

export function languageFor(fileName: string, firstLine = ''): string {
  if (/^(Dockerfile|Containerfile)([.-].+)?$/i.test(fileName)) return 'dockerfile';
  if (SHELL_DOTFILES.has(fileName)) return 'shell';
  if (/^\.env(\..+)?$/.test(fileName)) return 'ini';
  const dot = fileName.lastIndexOf('.');
  const byExtension = dot > 0 ? BY_EXTENSION[fileName.slice(dot + 1).toLowerCase()] : undefined;
  if (byExtension) return byExtension;
  if (/^#!.*\b(ba|da|z)?sh\b/.test(firstLine)) return 'shell';
  if (/^#!.*\bpython/.test(firstLine)) return 'python';
  return 'plaintext';
}
