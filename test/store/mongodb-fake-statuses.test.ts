import t from 'tap';
import type { Store } from '../../src/store/port.js';
import { MongoActors } from '../../src/store/mongodb/actors.js';
import { MongoObjects } from '../../src/store/mongodb/objects.js';
import { MongoFollows } from '../../src/store/mongodb/follows.js';
import { MongoActivities } from '../../src/store/mongodb/activities.js';
import { MongoStatuses } from '../../src/store/mongodb/statuses.js';
import { MongoNotifications } from '../../src/store/mongodb/notifications.js';
import { MongoUsers } from '../../src/store/mongodb/users.js';
import { MongoLists } from '../../src/store/mongodb/lists.js';
import lists from './contract/lists.js';
import filters from './contract/filters.js';
import { MongoFilters } from '../../src/store/mongodb/filters.js';
import statuses from './contract/statuses.js';
import notifications from './contract/notifications.js';
import { fakeMongoCtx } from '../helpers/fake-mongo.js';
import { COLLECTIONS } from '../../src/store/mongodb/indexes.js';
import { MONGO_MIGRATIONS } from '../../src/store/mongodb/migrations.js';

/**
 * The statuses, notifications and lists contract suites against the MongoDB repositories over an
 * in-memory fake of the driver (test/helpers/fake-mongo.ts): checks the adapter's own logic (home
 * computed at read time, paging loops, merges, exclusions, cascades, idempotent upserts) against
 * the same expectations as SQLite. Not a MongoDB test: the real one is mongodb.test.ts with
 * MONGODB_URI.
 */
function fakeStore(): Store {
  const ctx = fakeMongoCtx();
  return {
    actors: new MongoActors(ctx), objects: new MongoObjects(ctx), follows: new MongoFollows(ctx), activities: new MongoActivities(ctx),
    statuses: new MongoStatuses(ctx), notifications: new MongoNotifications(ctx), users: new MongoUsers(ctx), lists: new MongoLists(ctx), filters: new MongoFilters(ctx),
  } as unknown as Store;
}

for (const [name, suite] of Object.entries({ statuses, notifications, lists, filters })) {
  t.test(`mongodb (in-memory fake driver) contract: ${name}`, async (t) => {
    suite(t, async () => fakeStore());
  });
}

t.test('data migration 002-statuses: objects written before get tagNames and mentionHrefs; idempotent', async (t) => {
  const ctx = fakeMongoCtx();
  const objects = ctx.db.collection<{ _id: string } & Record<string, unknown>>(COLLECTIONS.objects);
  await objects.insertOne({ _id: '1', uri: 'u1', data: JSON.stringify({ tag: [{ type: 'Hashtag', name: '#Jobs' }, { type: 'Mention', href: 'https://l/u/me' }] }) });
  await objects.insertOne({ _id: '2', uri: 'u2', data: null });
  await objects.insertOne({ _id: '3', uri: 'u3', data: JSON.stringify({ tag: [] }), tagNames: ['kept'], mentionHrefs: [] });
  const m = MONGO_MIGRATIONS.find((x) => x.name === '002-statuses')!;
  await m.up(ctx.db);
  await m.up(ctx.db);
  const docs = await objects.find({}, { sort: { _id: 1 } }).toArray();
  t.same(docs.map((d) => [d.tagNames, d.mentionHrefs]), [[['jobs'], ['https://l/u/me']], [[], []], [['kept'], []]]);
  const names = (await ctx.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
  for (const name of [COLLECTIONS.bookmarks, COLLECTIONS.notifications, COLLECTIONS.postSubscriptions, COLLECTIONS.statusVersions, COLLECTIONS.idempotencyKeys]) {
    t.ok(names.includes(name), `${name} created`);
  }
});
