import { StoreConflict, type Actor } from '../../store/port.js';
import { DomainError } from '../../errors.js';
import type { Deps } from '../deps.js';
import { createLocalActor } from './local-actors.js';
import { createAccount } from './accounts.js';
import { AGENCY_PROFILE_EDITED_KEY } from '../admin/agency-profile.js';

export interface FirstStartResult {
  instanceActor: Actor;
  agencyActor: Actor;
  /** Present only on the start that created the admin. */
  admin?: { username: string; password: string };
}

/** Username of the instance actor: the host, as Mastodon does, which no user name can take (it has dots or is reserved). */
export function instanceActorUsername(deps: Pick<Deps, 'urls'>): string {
  return deps.urls.host.replace(/:\d+$/, '');
}

/**
 * Idempotent: makes the instance actor, the agency's Organization actor and a first admin when they
 * are missing. Safe on every start and on several nodes at once (a lost race is a conflict we re-read).
 */
export async function ensureFirstStart(deps: Deps): Promise<FirstStartResult> {
  const { store, config } = deps;
  const instanceName = instanceActorUsername(deps);
  const instanceActor = await getOrCreate(
    () => store.actors.getByUri(deps.urls.instanceActor),
    () => createLocalActor(deps, store, { username: instanceName, type: 'Application', displayName: config.instance.title ?? config.instance.agencyDisplayName }),
  );
  const agencyActor = await getOrCreate(
    () => store.actors.getByUsername(config.instance.agencyUsername, null),
    () => createLocalActor(deps, store, { username: config.instance.agencyUsername, type: 'Organization', displayName: config.instance.agencyDisplayName }),
  );
  // The config names the agency until an admin edits its profile in the web app; then the edit wins.
  const editedInWeb = !!(await store.meta.get(AGENCY_PROFILE_EDITED_KEY));
  if (!editedInWeb && agencyActor.type === 'Organization' && agencyActor.displayName !== config.instance.agencyDisplayName) {
    await store.actors.update(agencyActor.id, { displayName: config.instance.agencyDisplayName });
  }
  await store.meta.set('agencyActorId', agencyActor.id);

  let admin: FirstStartResult['admin'];
  if ((await store.users.count({ role: 'admin' })) === 0) {
    const created = await createAccount(deps, { username: config.instance.adminUsername, role: 'admin', staffRole: 'publisher', allowReserved: true, displayName: 'Administrator', by: 'first-start' });
    admin = { username: created.actor.username, password: created.generatedPassword! };
  }
  return { instanceActor, agencyActor, admin };
}

async function getOrCreate(get: () => Promise<Actor | undefined>, create: () => Promise<Actor>): Promise<Actor> {
  const found = await get();
  if (found) return found;
  try {
    return await create();
  } catch (e) {
    // Another node created it between our read and write.
    if (e instanceof StoreConflict || (e instanceof DomainError && e.kind === 'conflict')) {
      const winner = await get();
      if (winner) return winner;
    }
    throw e;
  }
}
