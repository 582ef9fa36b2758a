// Who gets the next sandbox. Pure policy over a snapshot, so it is tested
// without an engine; SessionManager carries the plan out.
//
// The host's real bound is maxSandboxes (what it can serve at the echo bar)
// and the queue behind it. Per client (an IPv4 address or an IPv6 /64, see
// server/limits/address.ts) the cap is a share, not a lock: a client may hold
// `perClient` sandboxes that are in use, and have up to 2 × maxSandboxes
// more waiting (SessionManager refuses beyond that); its waiting learners are passed over (keeping their place) while it is at its
// share, so one attacker cannot take every place and a class behind one NAT
// address still gets most of the host and a queue for the rest.
//
// Only learners who are there count. A session is away when its page has
// not asked about it and its sandbox saw no activity for `awayAfter` (closed
// browser, lost cookie). An away session counts against no cap, an away
// queued session leaves the queue, and when the host is full and someone
// waits, away sessions give their sandboxes up, least recently seen first.
// A newcomer therefore waits at most `awayAfter` for a place held by someone
// who left, instead of the 30 minutes of the idle time-out.

export interface AdmissionSession {
  id: string;
  client: string;
  status: 'ready' | 'starting' | 'queued' | 'lost';
  /** Holds a sandbox (or is being given one). */
  holding: boolean;
  /** Milliseconds since the learner or their sandbox last showed life. */
  quietForMs: number;
}

export interface AdmissionInput {
  /** Queued sessions, first come first. */
  queue: AdmissionSession[];
  /** Sessions holding or being given a sandbox. */
  holders: AdmissionSession[];
  /** Places taken now: holders plus sandboxes still being removed. */
  busy: number;
  /** Away sessions already giving up their sandbox. */
  reclaiming: number;
  maxSandboxes: number;
  perClient: number;
  awayAfterMs: number;
}

export interface AdmissionPlan {
  /** Queued sessions to give a sandbox now, in order. */
  admit: AdmissionSession[];
  /** Queued sessions whose learner left: out of the queue. */
  drop: AdmissionSession[];
  /** Away holders whose sandbox goes, to make room for waiting learners. */
  reclaim: AdmissionSession[];
  /** Learners who could be admitted if there were room. */
  waiting: number;
}

export const isAway = (session: AdmissionSession, awayAfterMs: number) => session.quietForMs >= awayAfterMs;

/** Sessions of `client` that count against its share: present and holding a sandbox. */
export function activeHeld(holders: AdmissionSession[], client: string, awayAfterMs: number): number {
  return holders.filter((s) => s.client === client && !isAway(s, awayAfterMs)).length;
}

export function planAdmission(input: AdmissionInput): AdmissionPlan {
  const { awayAfterMs } = input;
  const held = new Map<string, number>();
  for (const s of input.holders) if (!isAway(s, awayAfterMs)) held.set(s.client, (held.get(s.client) ?? 0) + 1);
  const plan: AdmissionPlan = { admit: [], drop: [], reclaim: [], waiting: 0 };
  let busy = input.busy;
  for (const session of input.queue) {
    if (isAway(session, awayAfterMs)) {
      plan.drop.push(session);
      continue;
    }
    // At its share: keeps its place, and those behind it go first.
    if ((held.get(session.client) ?? 0) >= input.perClient) continue;
    if (busy < input.maxSandboxes) {
      plan.admit.push(session);
      busy++;
      held.set(session.client, (held.get(session.client) ?? 0) + 1);
    } else {
      plan.waiting++;
    }
  }
  // Room for the waiting, from learners who left, beyond what is already being freed.
  const wanted = plan.waiting - input.reclaiming;
  if (wanted > 0) {
    const away = input.holders
      .filter((s) => s.status === 'ready' && isAway(s, awayAfterMs))
      .sort((a, b) => b.quietForMs - a.quietForMs);
    plan.reclaim = away.slice(0, wanted);
  }
  return plan;
}
