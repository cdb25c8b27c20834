import { newId } from '../../src/ids.js';
import type { Store } from '../../src/store/port.js';
import { putRemoteActor } from './actors.js';

/**
 * Puts at least one record of every kind of the port into `store`, with the values that are easy
 * to lose in a copy: non-ASCII text, JSON with `$` and `.` in keys, nulls, booleans, composite keys,
 * and more audit entries than one transfer page holds.
 */
export async function populateEveryKind(store: Store, auditEntries = 1100): Promise<void> {
  const now = '2026-11-30T12:00:00.000Z';
  await store.meta.set('agencyActorId', '1');
  await store.meta.set('domainMode', 'allowlist');
  const local = await store.actors.put({
    id: newId(), uri: 'https://local.test/users/mette', username: 'mette', domain: null, type: 'Person', displayName: 'Mette Ærø',
    summary: '<p>Sagsbehandler</p>', url: null, inbox: 'https://local.test/users/mette/inbox', sharedInbox: null, outbox: null,
    followersUri: null, followingUri: null, featuredUri: null, publicKeyId: 'https://local.test/users/mette#main-key', publicKeyPem: 'PEM',
    privateKeyPem: 'PRIVATE', manuallyApprovesFollowers: true, discoverable: false, indexable: true, avatarUrl: null, headerUrl: null,
    fields: [{ name: 'Rolle', value: 'Sagsbehandler', verifiedAt: null }], raw: null, fetchedAt: null, suspendedAt: null,
  });
  const remote = await putRemoteActor(store, 'bob', 'b.example', { raw: { id: 'https://b.example/users/bob', '$odd': { 'a.b': [1, 2.5, null, true] } } });
  const user = await store.users.put({
    id: newId(), actorId: local.id, role: 'admin', staffRole: 'publisher', email: 'mette@local.test', passwordHash: 'scrypt$x', mustChangePassword: true,
    disabledAt: null, createdAt: now, lastActiveAt: now,
  });
  await store.tokens.put({ id: newId(), tokenHash: 'th1', userId: user.id, appId: '10', scopes: ['read', 'write'], refreshTokenHash: 'rh1', createdAt: now, expiresAt: null, revokedAt: null, lastUsedAt: now });
  await store.tokens.put({ id: newId(), tokenHash: 'th2', userId: null, appId: '10', scopes: ['read'], refreshTokenHash: null, createdAt: now, expiresAt: now, revokedAt: now, lastUsedAt: null });
  await store.webSessions.put({
    id: newId(), secretHash: 'wsh1', userId: user.id, createdAt: now, lastSeenAt: now, expiresAt: '2026-12-01T12:00:00.000Z',
    userAgent: 'Mozilla/5.0 (Ærø; æøå) 🦊', ip: '2001:db8::1',
  });
  await store.solutionDrafts.put({
    id: newId(), solutionId: null, authorId: local.id, body: { title: 'Kladde: sms før samtalen', language: 'da', attachments: [{ mediaId: '1' }] },
    title: 'Kladde: sms før samtalen', state: 'returned', comment: 'Tilføj tal 🙂', reviewerId: local.id, createdAt: now, submittedAt: now, decidedAt: now, publishedId: null,
  });
  await store.pushSubscriptions.putForToken({
    id: newId(), tokenId: (await store.tokens.getByHash('th1'))!.id, userId: user.id, accountId: local.id, endpoint: 'https://push.example/wp/æ?token=1',
    p256dh: 'BNc', auth: 'YXV0aA', alerts: { mention: true, favourite: false }, policy: 'followed', standard: false, tokenSealed: 'v1.sealed', createdAt: now, updatedAt: now,
  });
  await store.identityLinks.put({ id: newId(), issuer: 'https://login.kommune.test/realms/ansatte', subject: 'f:9d3c-æøå-🦊', userId: user.id, createdAt: now, lastSignInAt: now });
  await store.accountLinks.put({ id: newId(), tokenHash: 'alh1', purpose: 'invite', userId: user.id, createdBy: 'søren', createdAt: now, expiresAt: '2026-12-08T12:00:00.000Z', usedAt: null });
  await store.accountLinks.put({ id: newId(), tokenHash: 'alh2', purpose: 'reset', userId: user.id, createdBy: 'cli', createdAt: now, expiresAt: now, usedAt: now });
  await store.webSessions.put({ id: newId(), secretHash: 'wsh2', userId: user.id, createdAt: now, lastSeenAt: now, expiresAt: now, userAgent: null, ip: null });
  await store.oauthApps.put({ id: '10', name: 'Elk', website: null, redirectUris: ['urn:ietf:wg:oauth:2.0:oob'], scopes: ['read', 'write'], clientId: 'cid', clientSecretHash: 'csh', createdAt: now });
  await store.authorizationCodes.put({ id: newId(), codeHash: 'ch', appId: '10', userId: user.id, redirectUri: 'urn:ietf:wg:oauth:2.0:oob', scopes: ['read'], codeChallenge: null, codeChallengeMethod: null, createdAt: now, expiresAt: now, usedAt: null, tokenId: null });
  await store.markers.save(user.id, 'home', '100', now);
  await store.markers.save(user.id, 'home', '105', now);
  await store.markers.save(user.id, 'notifications', '7', now);
  await store.userSettings.put({ userId: user.id, defaultVisibility: 'unlisted', defaultSensitive: true, defaultLanguage: 'da', uiLanguage: 'nb', updatedAt: now });
  const list = await store.lists.put({ id: newId(), userId: user.id, title: 'Kolleger i Aarhus', repliesPolicy: 'list', exclusive: true, createdAt: now, updatedAt: now });
  await store.lists.addMember({ id: newId(), listId: list.id, actorId: remote.id, createdAt: now });
  await store.filters.put({ id: '900', userId: user.id, title: 'Valg', context: ['home', 'public'], action: 'warn', expiresAt: null, createdAt: now, updatedAt: now });
  await store.filters.putKeyword({ id: '901', filterId: '900', keyword: 'kommunalvalg', wholeWord: true, createdAt: now });
  await store.filters.putStatus({ id: '902', filterId: '900', statusId: '12345', createdAt: now });
  await store.notifications.putPolicy({ userId: user.id, forNotFollowing: 'filter', forNotFollowers: 'accept', forNewAccounts: 'drop', forPrivateMentions: 'filter', forLimitedAccounts: 'accept', updatedAt: now });
  const note = await store.objects.put({
    id: newId(), uri: 'https://local.test/users/mette/statuses/1', type: 'Note', actorId: local.id, local: true, url: null, inReplyToUri: null,
    visibility: 'public', language: 'da', publishedAt: now, updatedAt: null, deletedAt: null,
    data: { '@context': 'https://www.w3.org/ns/activitystreams', type: 'Note', content: '<p>æøå 🎉</p>', tag: [{ type: 'Hashtag', name: '#samspil' }] },
  });
  await store.relations.putBlock({ id: newId(), accountId: local.id, targetId: remote.id, uri: 'https://local.test/users/mette#blocks/1', createdAt: now });
  await store.relations.putBlock({ id: newId(), accountId: remote.id, targetId: local.id, uri: 'https://b.example/blocks/æ', createdAt: now });
  await store.relations.putMute({ id: newId(), accountId: local.id, targetId: remote.id, notifications: false, expiresAt: null, createdAt: now });
  await store.relations.putDomainBlock({ id: newId(), accountId: local.id, domain: 'støj.example', createdAt: now });
  await store.relations.setNote({ accountId: local.id, targetId: remote.id, comment: 'Kender fra Aarhus 🦊 <b>ikke html</b>', updatedAt: now });
  await store.relations.putPin({ id: newId(), accountId: local.id, statusId: note.id, createdAt: now });
  await store.activities.put({ id: newId(), uri: `${note.uri}/activity`, type: 'Create', actorId: local.id, objectUri: note.uri, local: true, public: true, createdAt: now, data: { type: 'Create' } });
  await store.activities.put({ id: newId(), uri: 'https://b.example/likes/1', type: 'Like', actorId: remote.id, objectUri: note.uri, local: false, public: false, createdAt: now, data: null });
  await store.follows.put({ id: newId(), uri: 'https://b.example/follows/1', followerId: remote.id, followeeId: local.id, state: 'accepted', createdAt: now, updatedAt: now });
  await store.reports.put({ id: newId(), reporterActorId: local.id, targetActorId: remote.id, objectUris: [], comment: 'spam', category: 'spam', remoteFlagUri: null, forwardedAt: null, createdAt: now, resolvedAt: null, resolvedBy: null, resolution: null });
  await store.domainPolicies.upsert({ domain: 'spam.example', action: 'block', reason: 'spam', createdAt: now, createdBy: 'cli' });
  await store.transaction(async (tx) => {
    for (let i = 0; i < auditEntries; i++) await tx.audit.append({ id: newId(), at: now, actor: 'cli', action: 'account.create', target: `t${i}`, details: { i }, ip: i % 2 ? '127.0.0.1' : null });
  });
  const { job } = await store.jobs.enqueue({ type: 'deliver', key: 'k1', payload: { inbox: 'https://b.example/inbox', activity: { type: 'Create' } }, host: 'b.example' }, now);
  await store.jobs.claim({ owner: 'w', now, leaseMs: 60_000, limit: 1 });
  await store.jobs.fail(job.id, 'w', 'HTTP 503', null, now);
  await store.jobs.enqueue({ type: 'fanout', payload: {} }, now);
  await store.deliveryHosts.recordFailure('b.example', now, now);
  await store.media.put({
    id: newId(), ownerActorId: local.id, fileName: '1-0123456789abcdef.png', contentType: 'image/png', kind: 'image', size: 1234, width: 40, height: 30,
    description: 'Ventetid i uger', focusX: -0.25, focusY: 0.5, objectId: note.id, createdAt: now,
  });
  const fields = {
    title: 'Sms-påmindelse', summary: 'Færre udeblivelser', problem: 'Udeblivelser', approach: 'En sms dagen før', language: 'da',
    sectors: ['employment'], tags: ['Jobcenter'], maturity: 'in-use' as const, results: [{ metric: 'udeblivelser', value: 11, baseline: 18, unit: '%' }],
  };
  const solution = await store.solutions.put({
    id: newId(), uri: 'https://local.test/solutions/1', actorId: local.id, authorId: local.id, local: true, url: 'https://local.test/solutions/1',
    origin: 'local.test', revision: 2, publishedAt: now, updatedAt: now, deletedAt: null, repliesCount: 1, fields,
  });
  await store.solutions.addRevision({ solutionId: solution.id, revision: 1, at: now, fields: { ...fields, title: 'Sms' } });
  await store.solutions.addRevision({ solutionId: solution.id, revision: 2, at: now, fields });
  await store.solutions.putAdoption({
    id: newId(), uri: 'https://b.example/adoptions/1', solutionUri: solution.uri, adopterId: remote.id, local: false, revision: 2, status: 'piloting',
    note: 'vi prøver', language: 'nb', results: [], startedAt: '2026-01-01', at: now, createdAt: now,
    history: [{ revision: 1, status: 'planned', note: '', language: 'nb', results: [], startedAt: null, at: now }],
  });
  await store.statuses.addBookmark({ id: newId(), actorId: local.id, objectId: note.id, createdAt: now });
  await store.statuses.saveVersion({ id: newId(), objectId: note.id, text: 'æøå 🎉 #samspil', spoilerText: '', sensitive: true, content: note.data.content as string, createdAt: now });
  await store.statuses.rememberIdempotent(local.id, 'idem-æ', note.id, now);
  await store.notifications.put({ id: newId(), accountId: local.id, type: 'favourite', fromActorId: remote.id, statusId: note.id, createdAt: now });
  await store.notifications.put({ id: newId(), accountId: local.id, type: 'follow', fromActorId: remote.id, statusId: null, createdAt: now });
  await store.follows.put({ id: newId(), uri: 'https://local.test/users/mette#follows/1', followerId: local.id, followeeId: remote.id, state: 'accepted', createdAt: now, updatedAt: now });
  await store.notifications.setPostSubscription(local.id, remote.id, true);
  await store.relays.put({ id: newId(), actorUri: 'https://relay.example/actor', inbox: 'https://relay.example/inbox', followUri: 'https://local.test/actor#relays/1', state: 'accepted', createdAt: now, updatedAt: now });
  await store.agencyFeed.hide({ accountId: local.id, authorId: remote.id, createdAt: now });
}
