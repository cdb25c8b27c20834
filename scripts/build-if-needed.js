// Builds dist/ from src/ when dist is missing or older than any source file, so `npm start`,
// `npm test` and `npx samspil` work on a fresh clone without a separate build step.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.build-stamp');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

export function ensureBuilt() {
  const src = join(root, 'src');
  if (!existsSync(src)) return; // a production image ships dist/ only
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  const newest = Math.max(newestMtime(src), statSync(join(root, 'tsconfig.json')).mtimeMs);
  if (built >= newest) return;
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  if (!existsSync(tsc)) {
    process.stderr.write('samspil: dist/ is out of date and TypeScript is not installed; run npm ci\n');
    process.exit(1);
  }
  process.stderr.write('samspil: building dist/ from src/ ...\n');
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write('samspil: build failed\n');
    process.exit(result.status ?? 1);
  }
  // The stamp's mtime marks the build; written after tsc succeeded.
  spawnSync(process.execPath, ['-e', `require('fs').writeFileSync(${JSON.stringify(stamp)}, new Date().toISOString())`]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) ensureBuilt();
