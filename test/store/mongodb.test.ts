import t from 'tap';
import { MongoClient } from 'mongodb';
import type { Store } from '../../src/store/port.js';
import { openMongoStore } from '../../src/store/mongodb/index.js';
import { runContract } from './run-contract.js';

/**
 * The same contract suites as sqlite.test.ts, against a real MongoDB replica set named by
 * MONGODB_URI (e.g. MONGODB_URI='mongodb://127.0.0.1:27017/?replicaSet=rs0' npm test). Each store
 * the suites open gets its own database, dropped when the store is closed. Without MONGODB_URI
 * nothing runs and the file says so as a skip, never as a pass.
 */
const uri = process.env.MONGODB_URI;

if (!uri) {
  t.comment('mongodb contract suite skipped: MONGODB_URI not set');
  t.test('mongodb contract suite', { skip: 'mongodb contract suite skipped: MONGODB_URI not set' }, () => {});
} else {
  // Every fresh store creates its collections and indexes over the network: more than the
  // project's per-file default of 120 s on a slow server.
  t.setTimeout(900_000);
  const admin = new MongoClient(uri);
  t.teardown(() => admin.close());
  const run = `samspil_contract_${process.pid}_${Date.now().toString(36)}`;
  let n = 0;
  t.test('an app node refuses a schema `samspil migrate` has not brought up to date', async (t) => {
    const dbName = `${run}_unmigrated`;
    t.teardown(() => admin.db(dbName).dropDatabase());
    const err = await openMongoStore({ uri, dbName }).then(() => undefined, (e: Error) => e);
    t.match(err?.message, /the database schema is not current \(migration 001-collections.*run `samspil migrate`/);
    const migrated = await openMongoStore({ uri, dbName, schema: 'apply' });
    await migrated.close();
    const node = await openMongoStore({ uri, dbName });
    await node.close();
    t.pass('after migrating, a node starts');
  });
  runContract(t, 'mongodb', async (): Promise<Store> => {
    const dbName = `${run}_${++n}`;
    const store = await openMongoStore({ uri, dbName, schema: 'apply' });
    const close = store.close.bind(store);
    return Object.assign(store, {
      close: async () => {
        await admin.db(dbName).dropDatabase();
        await close();
      },
    });
  });
}
