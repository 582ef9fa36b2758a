// Files API for the editor: list a directory, read and write a file in the
// learner's sandbox. Content travels as raw bytes, so binary files are safe.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { MAX_FILE_BYTES } from '../../engine/index.ts';
import type { ServerContext } from '../context.ts';
import { replyToEngineErrors } from '../plugins/engine-errors.ts';
import { readySandbox, sessionGuard } from '../plugins/session-guard.ts';

const FileParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{16}$' }) });
const PathQuery = Type.Object({ path: Type.String({ minLength: 1, maxLength: 4096, pattern: '^/' }) });
const Entry = Type.Object({
  name: Type.String(),
  type: Type.Union([Type.Literal('file'), Type.Literal('directory'), Type.Literal('symlink'), Type.Literal('other')]),
  size: Type.Number(),
  modifiedAt: Type.String(),
});

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

  app.get('/api/sessions/:id/files/content', { schema: { params: FileParams, querystring: PathQuery }, onRequest: guard }, async (request, reply) => {
    const sandboxId = readySandbox(request, reply);
    if (!sandboxId) return reply;
    const data = await engine.sandboxes.readFile(sandboxId, request.query.path, MAX_FILE_BYTES);
    return reply.type('application/octet-stream').send(data);
  });

  app.put('/api/sessions/:id/files/content', { schema: { params: FileParams, querystring: PathQuery }, onRequest: guard }, async (request, reply) => {
    const sandboxId = readySandbox(request, reply);
    if (!sandboxId) return reply;
    if (!Buffer.isBuffer(request.body)) {
      return reply.code(415).send({ error: 'unsupported_media_type', message: 'send the file as application/octet-stream' });
    }
    await engine.sandboxes.writeFile(sandboxId, request.query.path, request.body);
    return reply.code(204).send();
  });
};
