import type { AdoptionRecord, SolutionRecord, Store, StoredObject } from '../../store/port.js';
import type { Deps } from '../deps.js';
import { notify } from '../notifications/notify.js';
import { parseAcct } from '../accounts/directory.js';
import { queueAdoptionAnnouncement } from './adoptions.js';

/**
 * The two things that happen TO a solution from outside. Every path that records them comes
 * through here, so this is where the people behind a local solution are told: a reply notifies
 * its author and the local staff named as contacts (the agency, to which it is attributed, gets
 * Mastodon's own reply `mention`); an adoption notifies the author as `adoption`.
 *
 * `deps.store` is the transaction the event was recorded in.
 */
export type EventDeps = Pick<Deps, 'store' | 'now' | 'urls' | 'config' | 'log' | 'events'>;

/** A reply (question, discussion) to a solution was stored; adoption notes do not come here. */
export async function onSolutionReply(deps: EventDeps, solution: SolutionRecord, reply: StoredObject): Promise<void> {
  await deps.store.solutions.addReplies(solution.id, 1);
  deps.log.debug({ solution: solution.uri, reply: reply.uri }, 'reply to a solution');
  if (!solution.local) return;
  for (const accountId of await peopleBehind(deps, solution)) {
    await notify(deps, deps.store as Store, { type: 'mention', accountId, fromActorId: reply.actorId, statusId: reply.id });
  }
}

/** The local staff to tell about a local solution: its author and contacts with a local handle. */
async function peopleBehind(deps: EventDeps, solution: SolutionRecord): Promise<string[]> {
  const ids = new Set<string>();
  if (solution.authorId) ids.add(solution.authorId);
  for (const c of solution.fields.contacts ?? []) {
    const ref = c.actor?.trim();
    if (!ref) continue;
    let actor;
    if (/^https?:\/\//.test(ref)) actor = await deps.store.actors.getByUri(ref);
    else {
      const { username, domain } = parseAcct(deps, ref);
      if (username && domain === null) actor = await deps.store.actors.getByUsername(username, null);
    }
    if (actor && actor.domain === null && actor.id !== solution.actorId) ids.add(actor.id);
  }
  return [...ids];
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
  const note = await deps.store.objects.getByUri(adoptionNoteUri(adoption));
  if (note) await notifyAdoption(deps, solution, adoption, note);
}

/** The public Note an adopter sends beside each revision of its Adopt. */
export const adoptionNoteUri = (adoption: AdoptionRecord) => `${adoption.uri}/notes/${adoption.revision}`;

/**
 * The author of a local solution hears of an adoption through its paired Note, the status every
 * app can show. The Adopt and the Note arrive in either order; whichever is stored second calls this.
 */
export async function notifyAdoption(deps: EventDeps, solution: SolutionRecord, adoption: AdoptionRecord, note: StoredObject): Promise<void> {
  if (!solution.local || !solution.authorId) return;
  await notify(deps, deps.store as Store, { type: 'adoption', accountId: solution.authorId, fromActorId: adoption.adopterId, statusId: note.id });
}
