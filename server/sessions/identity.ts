// Learners and sessions are named by random hex ids. A sandbox's owner string
// joins the two, so a restarted server can rebuild its sessions from the
// sandboxes the engine adopts.
import { randomBytes } from 'node:crypto';

export const LEARNER_ID = /^[0-9a-f]{32}$/;
export const SESSION_ID = /^[0-9a-f]{16}$/;

export const newLearnerId = () => randomBytes(16).toString('hex');
export const newSessionId = () => randomBytes(8).toString('hex');

export function ownerOf(learner: string, session: string): string {
  return `${learner}-${session}`;
}

export function parseOwner(owner: string | undefined): { learner: string; session: string } | undefined {
  const [learner, session, ...rest] = owner?.split('-') ?? [];
  if (rest.length || !LEARNER_ID.test(learner ?? '') || !SESSION_ID.test(session ?? '')) return undefined;
  return { learner, session };
}
