// The editor's decisions about a file before Monaco sees it: which colouring
// its name calls for, and whether its bytes survive a round trip as text
// (a binary file opened and saved would be silently corrupted).
import { describe, expect, it } from 'vitest';
import { languageFor } from '../../site/src/scripts/editor/languages.ts';
import { decodeText } from '../../site/src/scripts/editor/text-file.ts';

describe('languageFor', () => {
  it.each([
    ['Dockerfile', 'dockerfile'],
    ['Dockerfile.dev', 'dockerfile'],
    ['Containerfile', 'dockerfile'],
    ['web.dockerfile', 'dockerfile'],
    ['compose.yaml', 'yaml'],
    ['docker-compose.yml', 'yaml'],
    ['greet.sh', 'shell'],
    ['.bashrc', 'shell'],
    ['make_page.py', 'python'],
    ['daemon.json', 'json'],
    ['.env', 'ini'],
    ['nginx.conf', 'ini'],
    ['README.md', 'markdown'],
    ['index.html', 'html'],
    ['notes.txt', 'plaintext'],
  ])('colours %s as %s', (name, language) => {
    expect(languageFor(name)).toBe(language);
  });

  it('reads the #! line of a script without an extension', () => {
    expect(languageFor('greet', '#!/bin/sh')).toBe('shell');
    expect(languageFor('entrypoint', '#!/usr/bin/env bash')).toBe('shell');
    expect(languageFor('tool', '#!/usr/bin/env python3')).toBe('python');
    expect(languageFor('data', 'hello')).toBe('plaintext');
  });
});

describe('decodeText', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('opens UTF-8 text, Korean included, unchanged', () => {
    expect(decodeText(bytes('FROM busybox\n# 인사\n'))).toBe('FROM busybox\n# 인사\n');
  });

  it('keeps a byte-order mark, so saving writes back the same bytes', () => {
    const original = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('a=1\n')]);
    expect(new TextEncoder().encode(decodeText(original)!)).toEqual(original);
  });

  it('refuses bytes that are not text', () => {
    expect(decodeText(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]))).toBeUndefined();
    expect(decodeText(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0xff, 0xfe]))).toBeUndefined();
  });
});
