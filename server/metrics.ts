// Prometheus metrics. Gauges are read at scrape time from the live state, so
// nothing has to remember to update them.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RunningEngine } from '../engine/index.ts';
import type { SessionManager } from './sessions/session-manager.ts';
import type { TerminalHub } from './terminals/terminal-hub.ts';

export interface Metrics {
  registry: Registry;
  operationSeconds: Histogram;
  checkSeconds: Histogram;
  engineErrors: Counter;
}

export function createMetrics(engine: RunningEngine, sessions: SessionManager, terminals: () => TerminalHub): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'dockyard_process_' });
  new Gauge({
    name: 'dockyard_sandboxes', help: 'Sandboxes by state', labelNames: ['state'], registers: [registry],
    collect() {
      const all = engine.sandboxes.list();
      this.set({ state: 'pooled' }, engine.pool.ready().length);
      this.set({ state: 'owned' }, all.filter((s) => s.owner !== undefined).length);
      this.set({ state: 'starting' }, all.filter((s) => !s.ready).length);
    },
  });
  new Gauge({
    name: 'dockyard_sessions', help: 'Learner sessions by status', labelNames: ['status'], registers: [registry],
    collect() {
      for (const status of ['ready', 'starting', 'queued', 'lost'] as const) this.set({ status }, sessions.all().filter((s) => s.status === status).length);
    },
  });
  new Gauge({ name: 'dockyard_queue_length', help: 'Sessions waiting for a sandbox', registers: [registry], collect() { this.set(sessions.queueLength()); } });
  new Gauge({
    name: 'dockyard_terminals', help: 'Open terminals', labelNames: ['attached'], registers: [registry],
    collect() {
      const hub = terminals();
      this.set({ attached: 'true' }, hub.attachedCount());
      this.set({ attached: 'false' }, hub.count() - hub.attachedCount());
    },
  });
  const metrics = {
    registry,
    operationSeconds: new Histogram({ name: 'dockyard_sandbox_operation_seconds', help: 'Calls into sandboxes (create, run, shell, read, write, list, connect)', labelNames: ['operation'], buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [registry] }),
    checkSeconds: new Histogram({ name: 'dockyard_check_seconds', help: 'Grading an exercise (all its checks)', labelNames: ['exercise'], buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [registry] }),
    engineErrors: new Counter({ name: 'dockyard_engine_errors_total', help: 'Calls the container engine failed', labelNames: ['operation'], registers: [registry] }),
  };
  const vanished = new Counter({ name: 'dockyard_sandboxes_vanished_total', help: 'Sandboxes whose container died or was removed outside Dockyard', registers: [registry] });
  engine.sandboxes.on('destroyed', (_sandbox, reason) => {
    if (reason === 'vanished') vanished.inc();
  });
  new Gauge({
    name: 'dockyard_engine_up', help: '1 while the container engine answers, 0 while it does not (or is being set up)', registers: [registry],
    collect() { this.set(engine.status.isUp ? 1 : 0); },
  });
  engine.sandboxes.on('operation', (operation, ms, ok) => {
    metrics.operationSeconds.observe({ operation }, ms / 1000);
    if (!ok) metrics.engineErrors.inc({ operation });
  });
  return metrics;
}
