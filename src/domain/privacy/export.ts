import type { Deps } from '../deps.js';
import { getLocalLogin } from '../accounts/accounts.js';
import { mediaUrl } from '../media/media.js';
import { audit } from '../audit.js';

const PAGE = 500;
const ALL_TYPES = ['Create', 'Announce', 'Like', 'Follow', 'Update', 'Delete', 'Undo', 'Flag', 'Block'];

/** Pages through a `beforeId` listing until it is exhausted (bounded by `max` rows). */
async function drain<T extends { id: string }>(page: (beforeId?: string) => Promise<T[]>, max = 1_000_000): Promise<T[]> {
  const out: T[] = [];
  let before: string | undefined;
  while (out.length < max) {
    const rows = await page(before);
    out.push(...rows);
    if (rows.length < PAGE) break;
    before = rows[rows.length - 1]!.id;
  }
  return out;
}

/**
 * Everything this instance holds about one person, as one JSON document (the right of access and
 * data portability). Secrets are left out: password hash, token hashes, private key.
 */
export async function exportAccount(deps: Deps, input: { username: string; by: string }): Promise<Record<string, unknown>> {
  const { actor, user } = await getLocalLogin(deps, input.username);
  const { privateKeyPem: _key, ...publicActor } = actor;
  const { passwordHash: _hash, ...account } = user;
  const tokens = (await deps.store.tokens.listForUser(user.id)).map(({ tokenHash: _t, refreshTokenHash: _r, ...t }) => t);
  const followers = await drain((beforeId) => deps.store.follows.listFollowers(actor.id, { state: 'accepted', limit: PAGE, beforeId }));
  const following = await drain((beforeId) => deps.store.follows.listFollowing(actor.id, { state: 'accepted', limit: PAGE, beforeId }));
  const uriOf = async (id: string) => (await deps.store.actors.getById(id))?.uri ?? null;
  const activities = await drain((beforeId) => deps.store.activities.listByActor(actor.id, { types: ALL_TYPES, publicOnly: false, limit: PAGE, beforeId }));
  const posts = [];
  for (const a of activities) {
    if (a.type !== 'Create' || !a.objectUri) continue;
    const o = await deps.store.objects.getByUri(a.objectUri);
    if (o && o.actorId === actor.id) posts.push(o);
  }
  const reportsFiled = await drain((beforeId) => deps.store.reports.list({ reporterActorId: actor.id, limit: PAGE, beforeId }));
  const doc = {
    format: 'samspil-account-export',
    version: 1,
    exportedAt: deps.now().toISOString(),
    instance: deps.urls.base,
    actor: publicActor,
    account,
    settings: (await deps.store.userSettings.get(user.id)) ?? null,
    markers: await deps.store.markers.get(user.id, ['home', 'notifications']),
    lists: await deps.store.lists.listForUser(user.id),
    tokens,
    // Who this login is at the agency's sign-in service (single sign-on).
    singleSignOn: (await deps.store.identityLinks.listForUser(user.id)).map(({ issuer, subject, createdAt, lastSignInAt }) => ({ issuer, subject, createdAt, lastSignInAt })),
    followers: await Promise.all(followers.map(async (f) => ({ actor: await uriOf(f.followerId), since: f.createdAt }))),
    following: await Promise.all(following.map(async (f) => ({ actor: await uriOf(f.followeeId), since: f.createdAt }))),
    posts,
    activities: activities.map((a) => ({ id: a.uri, type: a.type, object: a.objectUri, at: a.createdAt })),
    reportsFiled,
    // The files themselves: `samspil account export --media-dir DIR` copies them there under these names.
    attachments: await Promise.all((await deps.store.media.listByOwner(actor.id)).map(async (m) => ({
      id: m.id, file: m.fileName, contentType: m.contentType, size: m.size, description: m.description, url: mediaUrl(deps, m),
      post: m.objectId ? (await deps.store.objects.getById(m.objectId))?.uri ?? null : null, createdAt: m.createdAt,
    }))),
  };
  await audit(deps, { actor: input.by, action: 'account.export', target: input.username });
  return doc;
}
