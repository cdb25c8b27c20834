import t from 'tap';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/config.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { populateEveryKind } from '../helpers/populate.js';
import { RECORD_KINDS } from '../../src/store/port.js';

const envFor = (dir: string): NodeJS.ProcessEnv => ({ SAMSPIL_DATA_DIR: dir, SAMSPIL_DOMAIN: 'cli.localhost', SAMSPIL_LOG_LEVEL: 'silent' });

t.test('migrate --from sqlite --to sqlite:PATH copies every record and verifies it', async (t) => {
  const dir = tempDir(t);
  const source = await openSqliteStore({ path: join(dir, 'samspil.sqlite') });
  await populateEveryKind(source, 20);
  // The bytes of the fixture's upload, in the source's file store.
  await source.mediaFiles.put('1-0123456789abcdef.png', Buffer.from('the picture'), 'image/png');
  await source.close();
  const target = join(dir, 'copy', 'b.sqlite');

  const run = await runCli(['migrate', '--from', 'sqlite', '--to', `sqlite:${target}`], envFor(dir));
  t.equal(run.code, 0, run.stderr);
  t.match(run.stdout, /^copying sqlite \(.*samspil\.sqlite\) -> sqlite \(.*b\.sqlite\)\n/);
  t.match(run.stdout, /\n  audit: 20\n/);
  t.match(run.stdout, /\n  webSessions: 2\n/);
  t.match(run.stdout, new RegExp(`verified: \\d+ records in ${RECORD_KINDS.length} kinds; counts and checksums match\\n$`));

  const copy = await openSqliteStore({ path: target });
  t.teardown(() => copy.close());
  t.equal((await copy.actors.getByUsername('mette', null))?.displayName, 'Mette Ærø');
  t.match(run.stdout, /\n  media files: 1\n/, 'the files are copied too');
  const file = await copy.mediaFiles.open('1-0123456789abcdef.png');
  t.equal(file?.size, 11, 'into the target\'s file store');
  file?.stream.destroy();

  const again = await runCli(['migrate', '--from', 'sqlite', '--to', `sqlite:${target}`], envFor(dir));
  t.equal(again.code, 1);
  t.match(again.stderr, /^samspil: the target store is not empty \(/);
  t.equal(again.stderr.split('\n').length, 2, 'one line');

  const plain = await runCli(['migrate'], envFor(dir));
  t.equal(plain.code, 0, 'without flags it still applies migrations');
  t.equal(plain.stdout, 'the sqlite store is up to date\n');
});

t.test('migrate: bad flags are one line and exit 2', async (t) => {
  const dir = tempDir(t);
  const cases: Array<[string[], RegExp]> = [
    [['--from', 'sqlite'], /--from and --to go together/],
    [['--to', 'mongodb'], /--from and --to go together/],
    [['--from', 'postgres', '--to', 'sqlite:x.sqlite'], /--from must be sqlite, sqlite:PATH or mongodb; got "postgres"/],
    [['--from', 'sqlite', '--to', 'mongodb'], /--to mongodb needs MONGODB_URI/],
    [['--from', 'sqlite', '--to', 'sqlite'], /--from and --to name the same store/],
    [['--from', `sqlite:${join(dir, 'nope.sqlite')}`, '--to', `sqlite:${join(dir, 'b.sqlite')}`], /--from: no SQLite file at/],
    [['--from', 'sqlite', '--to', 'sqlite:b', '--force', 'yes'], /^samspil: usage: samspil migrate/],
    [['--from'], /--from needs a value/],
  ];
  for (const [args, expected] of cases) {
    const run = await runCli(['migrate', ...args], envFor(dir));
    t.equal(run.code, 2, args.join(' '));
    t.match(run.stderr, expected, args.join(' '));
    t.equal(run.stderr.split('\n').length, 2, 'one line');
    t.equal(run.stdout, '');
  }
  t.notOk(existsSync(join(dir, 'nope.sqlite')), 'a missing source is not created');
});
