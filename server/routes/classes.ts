// Classes API (docs/classes.md): instructors create, watch, export, close and
// delete their classes; learners join one with its code and a name. Every
// instructor route is scoped to the instructor's own classes (403 for
// another's), and roster text is the learners' own: JSON and CSV only, never
// HTML.
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { CODE_LENGTH, type ClassRecord } from '../classes/class-store.ts';
import type { Classroom } from '../classes/classroom.ts';
import { replyToClassErrors } from '../plugins/class-errors.ts';
import { rosterCsv } from '../classes/roster-csv.ts';
import { Slug } from '../content/lesson.ts';
import { addressKey } from '../limits/address.ts';
import { refuse } from '../limits/refusal.ts';
import { ensureLearner } from '../plugins/learner.ts';
import { instructorOnly } from '../plugins/instructor-auth.ts';
import { LocaleQuery } from './exercises.ts';

export const ClassParams = Type.Object({ classId: Type.String({ pattern: '^[0-9a-f]{16}$' }) });
/** One learner of a class, by their member key (roster.ts), in the routes for them (class-learners.ts, class-recordings.ts). */
export const MemberParams = Type.Object({ ...ClassParams.properties, member: Type.String({ pattern: '^[0-9a-f]{16}$' }) });
// A name on a roster: printable, no control characters, not just spaces.
const DisplayName = Type.String({ minLength: 1, maxLength: 40, pattern: '^[^\\p{Cc}\\p{Cf}]*[^\\p{Cc}\\p{Cf}\\s][^\\p{Cc}\\p{Cf}]*$' });
const NewClassBody = Type.Object({
  name: DisplayName,
  lessons: Type.Optional(Type.Array(Slug, { minItems: 1, maxItems: 100 })),
  startsAt: Type.Optional(Type.String({ format: 'date-time' })),
  capacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
}, { additionalProperties: false });
const JoinBody = Type.Object({
  code: Type.String({ pattern: `^[A-Za-z0-9]{${CODE_LENGTH}}$` }),
  name: DisplayName,
}, { additionalProperties: false });

/** Roster events: sent at once, on every change (coalesced), and at least this often so online states age. */
const ROSTER_REFRESH_MS = 15_000;
const COALESCE_MS = 100;
/** Joins per client address a minute: enough for a class behind one NAT address, too few to guess codes. */
const JOINS_PER_MINUTE = 60;

const view = (klass: ClassRecord) => ({
  id: klass.id,
  code: klass.code,
  name: klass.name,
  lessons: klass.lessons,
  ...(klass.startsAt ? { startsAt: klass.startsAt } : {}),
  ...(klass.capacity !== undefined ? { capacity: klass.capacity } : {}),
  createdAt: klass.createdAt,
  ...(klass.closedAt ? { closedAt: klass.closedAt } : {}),
});

export const classRoutes: FastifyPluginAsyncTypebox<{ classroom: Classroom; instructorConfigured: boolean }> = async (app, { classroom, instructorConfigured }) => {
  replyToClassErrors(app);
  const joins = app.createRateLimit({ max: JOINS_PER_MINUTE, timeWindow: 60_000, keyGenerator: (request) => `join:${addressKey(request.ip)}` });

  app.post('/join', { schema: { body: JoinBody } }, async (request, reply) => {
    const counted = await joins(request);
    if (!counted.isAllowed && counted.isExceeded) return refuse(reply, 'rate_limited', counted.ttl, `Too many joins from your address: at most ${JOINS_PER_MINUTE} a minute.`);
    const learner = ensureLearner(request, reply);
    const klass = classroom.join(request.body.code, learner, request.body.name.trim());
    return { classId: klass.id, name: klass.name };
  });

  // Everything below is for the class's instructor.
  await app.register(async (scope) => {
    const instructor = scope.withTypeProvider<TypeBoxTypeProvider>();
    instructor.addHook('onRequest', instructorOnly(instructorConfigured));
    // Params are validated before the handler runs, so classId has its shape here.
    const own = (request: FastifyRequest) => classroom.ofInstructor(request.instructor!, (request.params as { classId: string }).classId);

    instructor.post('/', { schema: { body: NewClassBody } }, async (request, reply) => {
      const klass = classroom.create(request.instructor!, { ...request.body, name: request.body.name.trim() });
      return reply.code(201).send(view(klass));
    });

    instructor.get('/', async (request) => ({ classes: classroom.ownedBy(request.instructor!).map(view) }));

    instructor.get('/:classId', { schema: { params: ClassParams } }, async (request) => view(own(request)));

    instructor.get('/:classId/roster', { schema: { params: ClassParams, querystring: LocaleQuery } }, async (request) => {
      return classroom.roster(own(request), request.query.locale);
    });

    instructor.get('/:classId/roster.csv', { schema: { params: ClassParams, querystring: LocaleQuery } }, async (request, reply) => {
      const klass = own(request);
      const file = `${klass.name.replace(/[^\p{L}\p{N}_-]+/gu, '-').slice(0, 60) || 'class'}.csv`;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="class.csv"; filename*=UTF-8''${encodeURIComponent(file)}`)
        .send(rosterCsv(classroom.roster(klass, request.query.locale)));
    });

    // Server-sent events: the whole roster on every change. A class of thirty is a few kB.
    instructor.get('/:classId/events', { schema: { params: ClassParams, querystring: LocaleQuery } }, async (request, reply) => {
      const klass = own(request);
      reply.hijack();
      const stream = reply.raw;
      // A client gone before the stream starts would leave its timer and listener behind for good.
      if (stream.destroyed || request.raw.destroyed) return;
      stream.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      let pending: NodeJS.Timeout | undefined;
      const send = () => {
        // A deleted class ends its stream; EventSource's reconnect then gets the 404.
        if (!classroom.exists(klass.id)) return stream.end();
        // A reader that does not keep up gets the next roster once it has taken this one.
        if (stream.writableNeedDrain) return;
        stream.write(`event: roster\ndata: ${JSON.stringify(classroom.roster(klass, request.query.locale))}\n\n`);
      };
      const changed = (classId: string) => {
        if (classId !== klass.id || pending) return;
        pending = setTimeout(() => {
          pending = undefined;
          send();
        }, COALESCE_MS);
      };
      const refresh = setInterval(send, ROSTER_REFRESH_MS);
      classroom.on('changed', changed);
      stream.once('close', () => {
        clearInterval(refresh);
        clearTimeout(pending);
        classroom.off('changed', changed);
      });
      send();
    });

    instructor.post('/:classId/close', { schema: { params: ClassParams } }, async (request) => {
      const klass = own(request);
      classroom.close(klass);
      return view(classroom.ofInstructor(request.instructor!, klass.id));
    });

    instructor.delete('/:classId', { schema: { params: ClassParams } }, async (request, reply) => {
      classroom.delete(own(request));
      return reply.code(204).send();
    });
  });
};
