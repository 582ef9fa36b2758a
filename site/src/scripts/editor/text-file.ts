// Decides whether a file's bytes can be edited as text: valid UTF-8 without
// NUL bytes. Anything else (images, archives, compiled programs) would be
// mangled by a round trip through the editor.

export function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
