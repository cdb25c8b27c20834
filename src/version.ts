import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './config/load.js';

const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };

export const SOFTWARE = {
  name: 'samspil',
  version: pkg.version,
  repository: 'https://codeberg.org/samspil/samspil',
  homepage: 'https://codeberg.org/samspil/samspil',
} as const;

/** What Mastodon apps parse to pick features, plus who we really are. */
export const MASTODON_COMPAT_VERSION = `4.3.0 (compatible; Samspil ${pkg.version})`;

export function userAgent(host: string): string {
  return `Samspil/${pkg.version} (+https://${host}/)`;
}
