import { basename, join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const PUBLIC_DIR = join(root, 'public');
const require = createRequire(import.meta.url);
// The package's own files, by its published paths, so an upgrade is a version bump and nothing else.
const DS_FILES: Record<string, string> = {
  'index.css': require.resolve('@digdir/designsystemet-css'),
  'theme.css': require.resolve('@digdir/designsystemet-css/theme.css'),
};

/**
 * /assets/: our stylesheet, icon and logo (public/), and Designsystemet's CSS and default theme
 * straight from node_modules. Long-cached; a new release changes the `?v=` the pages link with.
 */
export async function assetRoutes(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/assets/', maxAge: '7d', index: false, list: false, dotfiles: 'deny' });
  app.get<{ Params: { file: string } }>('/assets/ds/:file', async (request, reply) => {
    const file = request.params.file;
    const path = Object.hasOwn(DS_FILES, file) ? DS_FILES[file]! : undefined;
    if (!path) return reply.callNotFound();
    return reply.header('cache-control', 'public, max-age=604800').sendFile(basename(path), dirname(path));
  });
}
