import t from 'tap';
import type { Store } from '../../src/store/port.js';
import { MongoActors } from '../../src/store/mongodb/actors.js';
import { MongoUsers } from '../../src/store/mongodb/users.js';
import { MongoWebSessions } from '../../src/store/mongodb/web-sessions.js';
import { repository } from './contract/web-sessions.js';
import { fakeMongoCtx } from '../helpers/fake-mongo.js';

/**
 * The web sessions contract suite, less its transaction test, against the MongoDB repositories
 * over the in-memory fake driver (test/helpers/fake-mongo.ts): checks the adapter's filters, sort,
 * counts and the users.delete cascade. Not a MongoDB test: the real one is mongodb.test.ts with
 * MONGODB_URI.
 */
function fakeStore(): Store {
  const ctx = fakeMongoCtx();
  return { actors: new MongoActors(ctx), users: new MongoUsers(ctx), webSessions: new MongoWebSessions(ctx) } as unknown as Store;
}

t.test('mongodb (in-memory fake driver) contract: webSessions', async (t) => {
  repository(t, async () => fakeStore());
});
