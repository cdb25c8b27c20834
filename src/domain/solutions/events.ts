import type { AdoptionRecord, SolutionRecord, Store, StoredObject } from '../../store/port.js';
import type { Deps } from '../deps.js';
import { queueAdoptionAnnouncement } from './adoptions.js';

/**
 * The two things that happen TO a solution from outside. Every path that records them comes
 * through here, so this is the one place to hang notifications on (the coordinator adds the
 * notification call here at merge time: a reply notifies the solution's author and contacts, an
 * adoption of a local solution notifies its author).
 *
 * `deps.store` is the transaction the event was recorded in.
 */
export type EventDeps = Pick<Deps, 'store' | 'now' | 'urls' | 'config' | 'log'>;

/** A reply (question, discussion) to a solution was stored; adoption notes do not come here. */
export async function onSolutionReply(deps: EventDeps, solution: SolutionRecord, reply: StoredObject): Promise<void> {
  await deps.store.solutions.addReplies(solution.id, 1);
  deps.log.debug({ solution: solution.uri, reply: reply.uri }, 'reply to a solution');
}

/** A reply to a solution was deleted (Delete of the Note). */
export async function onSolutionReplyDeleted(deps: EventDeps, solution: SolutionRecord, _reply: StoredObject): Promise<void> {
  await deps.store.solutions.addReplies(solution.id, -1);
}

/**
 * Another agency reported (or changed) its adoption of a solution we hold. For one of our own
 * solutions we also tell our followers, with Add(adoption -> the solution's adoptions), so every
 * instance that follows us learns who adopted what.
 */
export async function onAdoptionReceived(deps: EventDeps, solution: SolutionRecord, adoption: AdoptionRecord): Promise<void> {
  if (solution.local) await queueAdoptionAnnouncement(deps, deps.store as Store, solution, adoption);
  deps.log.debug({ solution: solution.uri, adoption: adoption.uri, status: adoption.status }, 'adoption received');
}
