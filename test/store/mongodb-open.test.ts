import t from 'tap';
import { join } from 'node:path';
import { openMongoStore } from '../../src/store/mongodb/index.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/config.js';

// No MongoDB here: these check how the adapter fails when none answers (a closed loopback port),
// which is real driver behaviour, not a stand-in for a server.
const closed = 'mongodb://samspil:s3cret-pw@127.0.0.1:1/samspil?serverSelectionTimeoutMS=300&connectTimeoutMS=300';

t.test('no server: openMongoStore fails with one message that does not contain the password', async (t) => {
  const err = await openMongoStore({ uri: closed }).then(() => undefined, (e: Error) => e);
  t.ok(err, 'it fails');
  t.match(err!.message, /^mongodb: /);
  t.notMatch(err!.message, /s3cret-pw/);
  t.notMatch(String((err as Error & { cause?: Error }).cause?.message ?? ''), /s3cret-pw/, 'nor does its cause');
});

t.test('no server: migrate --to mongodb exits 1 with one line and no password', async (t) => {
  const dir = tempDir(t);
  const source = await openSqliteStore({ path: join(dir, 'samspil.sqlite') });
  await source.meta.set('k', 'v');
  await source.close();
  const run = await runCli(['migrate', '--from', 'sqlite', '--to', 'mongodb'], { SAMSPIL_DATA_DIR: dir, SAMSPIL_LOG_LEVEL: 'silent', MONGODB_URI: closed });
  t.equal(run.code, 1);
  t.match(run.stderr, /^samspil: mongodb: /);
  t.equal(run.stderr.split('\n').length, 2, 'one line');
  t.notMatch(run.stderr + run.stdout, /s3cret-pw/);
  t.comment(run.stderr.trim());
});
