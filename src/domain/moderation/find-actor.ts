import { notFound } from '../../errors.js';
import type { Actor } from '../../store/port.js';
import type { Deps } from '../deps.js';

/** A known actor by local username, `user@host` / `@user@host`, or actor URI. Never fetches. */
export async function findKnownActor(deps: Pick<Deps, 'store' | 'urls'>, ref: string): Promise<Actor> {
  const text = ref.trim().replace(/^@/, '');
  let actor: Actor | undefined;
  if (/^https?:\/\//i.test(text)) actor = await deps.store.actors.getByUri(text);
  else if (text.includes('@')) {
    const [username, host] = text.split('@') as [string, string];
    actor = await deps.store.actors.getByUsername(username, host.toLowerCase() === deps.urls.host ? null : host.toLowerCase());
  } else actor = await deps.store.actors.getByUsername(text, null);
  if (!actor) throw notFound('ACTOR_NOT_FOUND', `no known actor "${ref}"`);
  return actor;
}
