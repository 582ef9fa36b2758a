// Composes the HTTP server: engine + sessions + terminals behind fastify
// plugins, one per route group, each given only the context it needs.
import path from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { RunningEngine } from '../engine/index.ts';
import type { ServerConfig } from './config.ts';
import type { ServerContext } from './context.ts';
import { createMetrics } from './metrics.ts';
import { requestLimits } from './limits/request-limits.ts';
import { hostAllowlist } from './plugins/host-allowlist.ts';
import { learnerPlugin } from './plugins/learner.ts';
import { originPolicy } from './plugins/origin-policy.ts';
import { OwnNames } from './plugins/own-names.ts';
import { securityHeaders } from './plugins/security-headers.ts';
import { upgradeGuard } from './plugins/upgrade-guard.ts';
import { ClassStore } from './classes/class-store.ts';
import { Classroom } from './classes/classroom.ts';
import type { CourseLesson } from './classes/course-outline.ts';
import { Prewarm } from './classes/prewarm.ts';
import { ClassWebhook } from './classes/webhook.ts';
import type { Exercise } from './exercises/loader.ts';
import { ProgressStore } from './exercises/progress-store.ts';
import { instructorAuth } from './plugins/instructor-auth.ts';
import { classLearnerRoutes } from './routes/class-learners.ts';
import { classRoutes } from './routes/classes.ts';
import { classRecordingRoutes } from './routes/class-recordings.ts';
import { ClassRecorder } from './recordings/class-recorder.ts';
import { RecordingStore } from './recordings/recording-store.ts';
import { OidcSignIn } from './instructors/oidc.ts';
import { instructorRoutes } from './routes/instructor.ts';
import type { ServerDatabase } from './storage/database.ts';
import { exerciseRoutes } from './routes/exercises.ts';
import { draftRoutes } from './routes/drafts.ts';
import { fileRoutes } from './routes/files.ts';
import { internalsRoutes } from './routes/internals.ts';
import { portRoutes } from './routes/ports.ts';
import { operationsRoutes } from './routes/operations.ts';
import { previewRoutes } from './routes/preview.ts';
import { previewOriginOnlyPreviews } from './routes/preview-origin.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { siteRoutes } from './routes/site.ts';
import { CLOSE_SANDBOX_GONE, terminalRoutes } from './routes/terminals.ts';
import { diskBudgetMessage } from './sessions/disk-budget-message.ts';
import { presence } from './sessions/presence.ts';
import { SessionManager } from './sessions/session-manager.ts';
import { TerminalHub } from './terminals/terminal-hub.ts';

const SANDBOX_REVIVED = 'Every process in your sandbox was stopped (by a command such as `kill -9 -1`?), so Dockyard started it again. '
  + 'Your files are as you left them; containers that were running are stopped (`docker ps -a` lists them).';

// Terminal input arrives in frames no larger than this; clients split big pastes.
export const MAX_FRAME_BYTES = 64 * 1024;

export interface DockyardServer {
  app: FastifyInstance;
  context: ServerContext;
}

export interface ServerParts {
  logger: FastifyBaseLogger;
  secret: string;
  exercises: Map<string, Exercise>;
  /** Progress and classes live here; closed with the server. */
  database: ServerDatabase;
  course: CourseLesson[];
}

export async function buildServer(engine: RunningEngine, config: ServerConfig, { logger, secret, exercises, database, course }: ServerParts): Promise<DockyardServer> {
  const app = Fastify({
    loggerInstance: logger,
    // Off unless the operator names a proxy: request.ip is what the caps count (server/limits/trust-proxy.ts).
    trustProxy: config.DOCKYARD_TRUST_PROXY,
    ajv: { customOptions: { coerceTypes: true, useDefaults: true, removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const sessions = new SessionManager(engine.sandboxes, engine.pool, {
    maxSandboxes: config.DOCKYARD_MAX_SANDBOXES,
    maxSessionsPerClient: config.DOCKYARD_MAX_SESSIONS_PER_CLIENT,
    idleTimeoutS: engine.config.DOCKYARD_IDLE_TIMEOUT,
    awayAfterS: config.DOCKYARD_AWAY_AFTER,
  });
  // Sessions come back from the sandboxes a previous run left, once the engine (maybe not up yet) has adopted them.
  void engine.ready.then(() => {
    const restored = sessions.restore();
    if (restored) app.log.info({ restored }, 'sessions restored from adopted sandboxes');
  }, () => undefined);
  const terminals = new TerminalHub(engine.sandboxes, config.DOCKYARD_TERMINAL_GRACE * 1000, config.DOCKYARD_TERMINALS_PER_SESSION, app.log);
  sessions.on('ended', (session) => terminals.closeSession(session.id, 'session ended'));
  sessions.on('sandboxReplaced', (session) => terminals.closeSession(session.id, 'sandbox reset'));
  sessions.on('lost', (session) => terminals.closeSession(session.id, 'the sandbox is gone; see the session for why', CLOSE_SANDBOX_GONE));
  engine.sandboxes.on('diskBudgetExceeded', (sandbox, action) => {
    const session = sessions.ofSandbox(sandbox.id);
    app.log.warn({ sandbox: sandbox.id, session: session?.id, ...action }, 'sandbox over its disk budget');
    if (session) terminals.tellSession(session.id, diskBudgetMessage(action));
  });
  engine.sandboxes.on('revived', (sandbox, detail) => {
    const session = sessions.ofSandbox(sandbox.id);
    app.log.warn({ sandbox: sandbox.id, session: session?.id, detail }, 'sandbox stopped by itself and was started again');
    if (session) terminals.restartSession(session.id, SANDBOX_REVIVED);
  });
  sessions.on('admissionFailed', (err) => app.log.error({ err }, 'a queued learner could not be given a sandbox'));
  const progress = new ProgressStore(database);
  const classes = new ClassStore(database);
  const classroom = new Classroom(classes, progress, sessions, course, exercises);
  const prewarm = new Prewarm(classes, engine.sandboxes, engine.pool, {
    leadMs: config.DOCKYARD_PREWARM_LEAD * 1000,
    holdMs: config.DOCKYARD_PREWARM_HOLD * 1000,
    maxSandboxes: config.DOCKYARD_MAX_SANDBOXES,
  });
  prewarm.start();
  const webhook = config.DOCKYARD_CLASS_WEBHOOK_URL && config.DOCKYARD_CLASS_WEBHOOK_SECRET
    ? new ClassWebhook({ url: config.DOCKYARD_CLASS_WEBHOOK_URL, secret: config.DOCKYARD_CLASS_WEBHOOK_SECRET }, app.log)
    : undefined;
  if (webhook) classroom.on('event', (event) => webhook.send(event));
  // A class made, joined or closed may change what the pool should hold now.
  classroom.on('changed', () => engine.pool.refill());
  const recordings = new RecordingStore({
    dir: config.DOCKYARD_RECORDINGS_DIR ?? path.join(engine.config.DOCKYARD_STATE_DIR, 'recordings'),
    budgetBytes: config.DOCKYARD_RECORDING_BUDGET,
    retentionMs: config.DOCKYARD_RECORDING_RETENTION * 1000,
  }, (err) => app.log.error({ err }, 'a terminal recording could not be written'));
  const recorder = new ClassRecorder(recordings, classroom, sessions, terminals, app.log);
  recorder.start({ record: config.DOCKYARD_RECORDING_BUDGET > 0 });
  const context: ServerContext = { engine, sessions, terminals, config, exercises, progress, classroom, metrics: createMetrics(engine, sessions, () => terminals) };

  await app.register(learnerPlugin, { secret });
  const oidc = config.DOCKYARD_OIDC_ISSUER && config.DOCKYARD_OIDC_CLIENT_ID
    ? new OidcSignIn({ issuer: config.DOCKYARD_OIDC_ISSUER, clientId: config.DOCKYARD_OIDC_CLIENT_ID, clientSecret: config.DOCKYARD_OIDC_CLIENT_SECRET, allowed: config.DOCKYARD_OIDC_INSTRUCTORS })
    : undefined;
  await app.register(instructorAuth, { token: config.DOCKYARD_INSTRUCTOR_TOKEN, oidc: oidc !== undefined });
  await app.register(websocket, {
    // One message per socket per turn of the event loop: a client sending
    // thousands of tiny frames cannot hold the loop for a whole read of them
    // while other learners' keystrokes wait.
    options: { maxPayload: MAX_FRAME_BYTES, allowSynchronousEvents: false },
    errorHandler(error, socket, request) {
      // A frame over the cap or of invalid UTF-8 is a client's mistake, already
      // answered with a close code: worth a line, not an error with a stack.
      const code = (error as { code?: string }).code;
      if (code?.startsWith('WS_ERR_')) request.log.warn({ code }, `terminal socket closed: ${error.message}`);
      else request.log.error({ err: error }, 'terminal socket failed');
      socket.terminate();
    },
  });
  // The front door, in this order and before any route: headers on every
  // answer (refusals too), then who may ask at all (Host, Origin, upgrades).
  // After the WebSocket plugin, whose onRequest hook marks upgrades: a refused
  // upgrade's socket is then closed with its answer instead of left open.
  const names = new OwnNames(config);
  await app.register(securityHeaders, { siteDir: config.DOCKYARD_SITE_DIR, publicUrl: config.DOCKYARD_PUBLIC_URL });
  await app.register(hostAllowlist, { names });
  await app.register(originPolicy, { names });
  await app.register(upgradeGuard);
  await app.register(previewOriginOnlyPreviews, { previewOrigin: config.DOCKYARD_PREVIEW_ORIGIN });
  // Before the routes: caps attach to routes as they are added.
  await app.register(requestLimits);
  await app.register(presence, { sessions });
  await app.register(sessionRoutes, context);
  await app.register(terminalRoutes, context);
  await app.register(fileRoutes, context);
  await app.register(portRoutes, context);
  await app.register(internalsRoutes, context);
  await app.register(previewRoutes, context);
  await app.register(exerciseRoutes, context);
  await app.register(operationsRoutes, context);
  await app.register(draftRoutes, context);
  await app.register(instructorRoutes, { prefix: '/api/instructor', token: config.DOCKYARD_INSTRUCTOR_TOKEN, oidc, publicUrl: config.DOCKYARD_PUBLIC_URL });
  const instructorConfigured = config.DOCKYARD_INSTRUCTOR_TOKEN !== undefined || oidc !== undefined;
  await app.register(classRoutes, { prefix: '/api/classes', classroom, instructorConfigured });
  await app.register(classLearnerRoutes, { prefix: '/api/classes', classroom, sessions, terminals, sandboxes: engine.sandboxes, instructorConfigured });
  await app.register(classRecordingRoutes, { prefix: '/api/classes', classroom, recordings, instructorConfigured });
  // Last: its catch-all route serves the site's files under every path no API route claims.
  await app.register(siteRoutes, context);
  app.addHook('onClose', async () => {
    prewarm.stop();
    webhook?.stop();
    await recorder.stop();
    sessions.stop();
    await terminals.closeAll('server shutting down');
    database.close();
  });
  return { app, context };
}
