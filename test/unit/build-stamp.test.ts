import t from 'tap';
import { mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isUpToDate, stampPath, writeStamp } from '../../scripts/build-if-needed.js';
import { tempDir } from '../helpers/config.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');

/** A fake project: tsconfig.json and two sources, all with mtime `ms`. */
function project(t: Parameters<typeof tempDir>[0], ms = T0): string {
  const root = tempDir(t, 'samspil-stamp-');
  mkdirSync(join(root, 'src', 'nested'), { recursive: true });
  for (const file of ['tsconfig.json', 'src/a.ts', 'src/nested/b.ts']) {
    writeFileSync(join(root, file), '// fake\n');
    touch(join(root, file), ms);
  }
  return root;
}

function touch(path: string, ms: number): void {
  utimesSync(path, new Date(ms), new Date(ms));
}

t.test('no stamp: not up to date', async (t) => {
  const root = project(t);
  t.equal(isUpToDate(root), false);
});

t.test('a stamp newer than every source is up to date; an edit anywhere under src/ or tsconfig.json is not', async (t) => {
  const root = project(t);
  writeStamp(root, T0 + 10_000);
  t.equal(stampPath(root), join(root, 'dist', '.build-stamp'));
  t.equal(statSync(stampPath(root)).mtimeMs, T0 + 10_000, 'the stamp carries the build start time');
  t.match(readFileSync(stampPath(root), 'utf8'), /^2026-01-01T00:00:10\.000Z\n$/);
  t.equal(isUpToDate(root), true);

  touch(join(root, 'src', 'nested', 'b.ts'), T0 + 20_000);
  t.equal(isUpToDate(root), false, 'a nested source edited after the build');
  writeStamp(root, T0 + 30_000);
  t.equal(isUpToDate(root), true, 'rebuilding catches up');

  touch(join(root, 'tsconfig.json'), T0 + 40_000);
  t.equal(isUpToDate(root), false, 'tsconfig.json edited after the build');
});

t.test('a source saved while the build ran is newer than the stamp', async (t) => {
  const root = project(t);
  const started = T0 + 10_000;
  touch(join(root, 'src', 'a.ts'), started + 500); // saved mid-build
  writeStamp(root, started); // written when tsc finished
  t.equal(isUpToDate(root), false);
});

t.test('a stamp with the same mtime as the newest source counts as up to date', async (t) => {
  const root = project(t);
  writeStamp(root, T0);
  t.equal(isUpToDate(root), true);
});
