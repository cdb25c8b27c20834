// Builds dist/ from src/ when dist is missing or older than any source file, so `npm start`,
// `npm test` and `npx samspil` work on a fresh clone without a separate build step.
// `npm run build` runs this with --force: it always builds, and leaves the same stamp, so the next
// `npm start` does not build a second time.
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export function stampPath(root = ROOT) {
  return join(root, 'dist', '.build-stamp');
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** True when the stamp is at least as new as every file under src/ and tsconfig.json. */
export function isUpToDate(root = ROOT) {
  const stamp = stampPath(root);
  if (!existsSync(stamp)) return false;
  const newest = Math.max(newestMtime(join(root, 'src')), statSync(join(root, 'tsconfig.json')).mtimeMs);
  return statSync(stamp).mtimeMs >= newest;
}

/**
 * Marks a build that started at `startedMs`. The stamp carries the start time rather than "now" so
 * a source file saved while tsc was running is still newer than the stamp and triggers a rebuild.
 */
export function writeStamp(root = ROOT, startedMs = Date.now()) {
  const stamp = stampPath(root);
  mkdirSync(dirname(stamp), { recursive: true });
  const started = new Date(startedMs);
  writeFileSync(stamp, `${started.toISOString()}\n`);
  utimesSync(stamp, started, started);
}

export function ensureBuilt({ force = false, root = ROOT } = {}) {
  if (!existsSync(join(root, 'src'))) {
    if (!force) return; // a production image ships dist/ only
    process.stderr.write('samspil: there is no src/ to build\n');
    process.exit(1);
  }
  if (!force && isUpToDate(root)) return;
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  if (!existsSync(tsc)) {
    process.stderr.write(`samspil: ${force ? 'cannot build:' : 'dist/ is out of date and'} TypeScript is not installed; run npm ci\n`);
    process.exit(1);
  }
  if (!force) process.stderr.write('samspil: building dist/ from src/ ...\n');
  const started = Date.now();
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write('samspil: build failed\n');
    process.exit(result.status ?? 1);
  }
  writeStamp(root, started);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) ensureBuilt({ force: process.argv.includes('--force') });
