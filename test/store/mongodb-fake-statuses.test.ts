import t from 'tap';
import type { Store } from '../../src/store/port.js';
import { MongoActors } from '../../src/store/mongodb/actors.js';
import { MongoObjects } from '../../src/store/mongodb/objects.js';
import { MongoFollows } from '../../src/store/mongodb/follows.js';
import { MongoActivities } from '../../src/store/mongodb/activities.js';
import { MongoStatuses } from '../../src/store/mongodb/statuses.js';
import { MongoNotifications } from '../../src/store/mongodb/notifications.js';
import statuses from './contract/statuses.js';
import notifications from './contract/notifications.js';
import { fakeMongoCtx } from '../helpers/fake-mongo.js';

/**
 * The statuses and notifications contract suites against the MongoDB repositories over an
 * in-memory fake of the driver (test/helpers/fake-mongo.ts): checks the adapter's own logic (home
 * computed at read time, paging loops, merges, exclusions, cascades, idempotent upserts) against
 * the same expectations as SQLite. Not a MongoDB test: the real one is mongodb.test.ts with
 * MONGODB_URI.
 */
function fakeStore(): Store {
  const ctx = fakeMongoCtx();
  return {
    actors: new MongoActors(ctx), objects: new MongoObjects(ctx), follows: new MongoFollows(ctx), activities: new MongoActivities(ctx),
    statuses: new MongoStatuses(ctx), notifications: new MongoNotifications(ctx),
  } as unknown as Store;
}

for (const [name, suite] of Object.entries({ statuses, notifications })) {
  t.test(`mongodb (in-memory fake driver) contract: ${name}`, async (t) => {
    suite(t, async () => fakeStore());
  });
}
