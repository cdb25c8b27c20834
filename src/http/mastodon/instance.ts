import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../domain/deps.js';
import { instanceSummary, knownPeers } from '../../domain/instance/summary.js';
import { serializeInstanceV1, serializeInstanceV2 } from './entities/instance.js';

/** Public, as on Mastodon: apps read these before anyone logs in. */
export async function instanceRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  app.get('/v1/instance', async () => serializeInstanceV1(deps.urls, await instanceSummary(deps)));
  app.get('/v2/instance', async () => serializeInstanceV2(deps.urls, await instanceSummary(deps)));
  app.get('/v1/instance/peers', async () => knownPeers(deps));
  // Samspil has no server rules yet; an empty list is the honest answer.
  app.get('/v1/instance/rules', async () => []);
  app.get('/v1/custom_emojis', async () => []);
}
