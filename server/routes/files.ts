// Files API for the editor: list a directory, read and write a file in the
// learner's sandbox. Content travels as raw bytes, so binary files are safe.
// A read carries an ETag (a hash of the content); a write that sends it back
// in If-Match is refused with 412 when the file changed in the sandbox since
// (the shell wrote it too), so the editor never writes over it unawares.
import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { EngineError, MAX_FILE_BYTES } from '../../engine/index.ts';
import type { ServerContext } from '../context.ts';
import { replyToEngineErrors } from '../plugins/engine-errors.ts';
import { readySandbox, sessionGuard } from '../plugins/session-guard.ts';

const FileParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{16}$' }) });
const PathQuery = Type.Object({ path: Type.String({ minLength: 1, maxLength: 4096, pattern: '^/' }) });
const Preconditions = Type.Object({
  'if-match': Type.Optional(Type.String({ maxLength: 200 })),
  'if-none-match': Type.Optional(Type.String({ maxLength: 200 })),
});
const Entry = Type.Object({
  name: Type.String(),
  type: Type.Union([Type.Literal('file'), Type.Literal('directory'), Type.Literal('symlink'), Type.Literal('other')]),
  size: Type.Number(),
  modifiedAt: Type.String(),
});

const contentTag = (data: Buffer) => `"${createHash('sha256').update(data).digest('base64url').slice(0, 27)}"`;

/** The file's tag now; null when there is no file at the path. Anything else unreadable counts as changed. */
async function currentTag(read: () => Promise<Buffer>): Promise<string | null> {
  try {
    return contentTag(await read());
  } catch (err) {
    if (err instanceof EngineError && err.code === 'path_not_found') return null;
    if (err instanceof EngineError && (err.code === 'file_too_large' || err.code === 'not_a_file')) return '"unreadable"';
    throw err;
  }
}

export const fileRoutes: FastifyPluginAsyncTypebox<ServerContext> = async (app, { engine, sessions }) => {
  replyToEngineErrors(app);
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: MAX_FILE_BYTES }, (_request, body, done) => done(null, body));
  // Before the body is read: an upload from anyone but the session's learner is refused unread.
  const guard = sessionGuard(sessions);

  app.get('/api/sessions/:id/files', {
    schema: { params: FileParams, querystring: PathQuery, response: { 200: Type.Object({ path: Type.String(), entries: Type.Array(Entry) }) } },
    onRequest: guard,
  }, async (request, reply) => {
    const sandboxId = readySandbox(request, reply);
    if (!sandboxId) return reply;
    return { path: request.query.path, entries: await engine.sandboxes.listDirectory(sandboxId, request.query.path) };
  });

  app.get('/api/sessions/:id/files/content', { schema: { params: FileParams, querystring: PathQuery, headers: Preconditions }, onRequest: guard }, async (request, reply) => {
    const sandboxId = readySandbox(request, reply);
    if (!sandboxId) return reply;
    const data = await engine.sandboxes.readFile(sandboxId, request.query.path, MAX_FILE_BYTES);
    const tag = contentTag(data);
    reply.header('etag', tag).header('cache-control', 'no-store');
    // The editor asks every few seconds whether the file changed: mostly it did not.
    if (request.headers['if-none-match'] === tag) return reply.code(304).send();
    return reply.type('application/octet-stream').send(data);
  });

  app.put('/api/sessions/:id/files/content', { schema: { params: FileParams, querystring: PathQuery, headers: Preconditions }, onRequest: guard }, async (request, reply) => {
    const sandboxId = readySandbox(request, reply);
    if (!sandboxId) return reply;
    if (!Buffer.isBuffer(request.body)) {
      return reply.code(415).send({ error: 'unsupported_media_type', message: 'send the file as application/octet-stream' });
    }
    const { path } = request.query;
    const { 'if-match': expected, 'if-none-match': absent } = request.headers;
    if (expected !== undefined || absent === '*') {
      // Read, compare, write: a write from the shell between the read and the write is not seen (milliseconds).
      const now = await currentTag(() => engine.sandboxes.readFile(sandboxId, path, MAX_FILE_BYTES));
      if (absent === '*' && now !== null) {
        return reply.code(412).header('etag', now).send({ error: 'file_exists', message: `${path} was made in the sandbox after the editor opened it` });
      }
      if (expected !== undefined && now !== expected) {
        if (now !== null) reply.header('etag', now);
        return reply.code(412).send({ error: 'file_changed', message: `${path} ${now === null ? 'was removed' : 'changed'} in the sandbox since the editor loaded it` });
      }
    }
    await engine.sandboxes.writeFile(sandboxId, path, request.body);
    return reply.code(204).header('etag', contentTag(request.body)).send();
  });
};
