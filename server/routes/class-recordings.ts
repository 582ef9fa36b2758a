// A class's instructor replays what a learner did: the list of the learner's
// terminal recordings in the class, and each recording as an asciicast v2
// file. Unlike watching, this stays open after the class closes (reviewing
// is what closed classes are for), until the class is deleted.
import { createReadStream } from 'node:fs';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { NotInClassError, type Classroom } from '../classes/classroom.ts';
import { replyToClassErrors } from '../plugins/class-errors.ts';
import { instructorOnly } from '../plugins/instructor-auth.ts';
import { RECORDING_ID, type RecordingStore } from '../recordings/recording-store.ts';
import { MemberParams } from './classes.ts';

const RecordingParams = Type.Object({ ...MemberParams.properties, recording: Type.String({ pattern: RECORDING_ID.source }) });

export interface ClassRecordingOptions {
  classroom: Classroom;
  recordings: RecordingStore;
  instructorConfigured: boolean;
}

export const classRecordingRoutes: FastifyPluginAsyncTypebox<ClassRecordingOptions> = async (app, { classroom, recordings, instructorConfigured }) => {
  replyToClassErrors(app);
  app.addHook('onRequest', instructorOnly(instructorConfigured));

  /** The class and member named in the path, once the class is this instructor's and the member is in it. */
  const memberOf = (instructor: string, classId: string, member: string) => {
    const klass = classroom.ofInstructor(instructor, classId);
    if (!classroom.learnerOf(klass, member)) throw new NotInClassError(`no learner ${member} in this class`);
    return klass;
  };

  app.get('/:classId/learners/:member/recordings', { schema: { params: MemberParams } }, async (request) => {
    const { classId, member } = request.params;
    memberOf(request.instructor!, classId, member);
    return { recordings: await recordings.list(classId, member) };
  });

  app.get('/:classId/learners/:member/recordings/:recording', { schema: { params: RecordingParams } }, async (request, reply) => {
    const { classId, member, recording } = request.params;
    memberOf(request.instructor!, classId, member);
    const file = await recordings.file(classId, member, recording);
    if (!file) return reply.code(404).send({ error: 'recording_not_found', message: `no recording ${recording} of this learner (recordings are kept for a limited time)` });
    // Text a browser must never render as a page: the learner's output is in it.
    return reply
      .type('application/x-asciicast')
      .header('content-disposition', `attachment; filename="${recording}.cast"`)
      .header('cache-control', 'no-store')
      .send(createReadStream(file));
  });
};
