import t from 'tap';
import type { Store } from '../../src/store/port.js';
import { MongoActors } from '../../src/store/mongodb/actors.js';
import { MongoUsers } from '../../src/store/mongodb/users.js';
import { MongoAccountLinks } from '../../src/store/mongodb/account-links.js';
import { repository } from './contract/account-links.js';
import { fakeMongoCtx } from '../helpers/fake-mongo.js';

/**
 * The one-time links contract suite, less its transaction test, against the MongoDB repository
 * over the in-memory fake driver (test/helpers/fake-mongo.ts): checks the adapter's filters
 * (the compare-and-set of a use), sort and the users.delete cascade. Not a MongoDB test: the real
 * one is mongodb.test.ts with MONGODB_URI.
 */
function fakeStore(): Store {
  const ctx = fakeMongoCtx();
  return { actors: new MongoActors(ctx), users: new MongoUsers(ctx), accountLinks: new MongoAccountLinks(ctx) } as unknown as Store;
}

t.test('mongodb (in-memory fake driver) contract: accountLinks', async (t) => {
  repository(t, async () => fakeStore());
});
