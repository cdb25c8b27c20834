import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../domain/deps.js';
import { resolveLocalResource } from '../../domain/discovery/resolve-resource.js';
import { nodeInfoFacts } from '../../domain/discovery/nodeinfo.js';
import { escapeHtml } from '../../html/escape.js';

const NODEINFO_SCHEMA = (v: string) => `http://nodeinfo.diaspora.software/ns/schema/${v}`;

/** WebFinger, host-meta and NodeInfo: how other servers and apps find us. */
export async function discoveryRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  app.get<{ Querystring: { resource?: string } }>('/.well-known/webfinger', async (request, reply) => {
    reply.header('access-control-allow-origin', '*');
    const actor = await resolveLocalResource(deps, request.query.resource);
    const acct = `acct:${actor.username}@${deps.urls.host}`;
    const links: Record<string, unknown>[] = [
      { rel: 'self', type: 'application/activity+json', href: actor.uri },
    ];
    if (actor.url) links.unshift({ rel: 'http://webfinger.net/rel/profile-page', type: 'text/html', href: actor.url });
    if (actor.avatarUrl) links.push({ rel: 'http://webfinger.net/rel/avatar', href: actor.avatarUrl });
    return reply.type('application/jrd+json; charset=utf-8').send({
      subject: acct,
      aliases: [actor.uri, ...(actor.url && actor.url !== actor.uri ? [actor.url] : [])],
      links,
    });
  });

  app.get('/.well-known/host-meta', async (_request, reply) => {
    reply.header('access-control-allow-origin', '*');
    const template = escapeHtml(`${deps.urls.base}/.well-known/webfinger?resource={uri}`);
    return reply
      .type('application/xrd+xml; charset=utf-8')
      .send(`<?xml version="1.0" encoding="UTF-8"?>\n<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">\n  <Link rel="lrdd" template="${template}"/>\n</XRD>\n`);
  });

  app.get('/.well-known/nodeinfo', async (_request, reply) => {
    reply.header('access-control-allow-origin', '*');
    return reply.type('application/json; charset=utf-8').send({
      links: ['2.0', '2.1'].map((v) => ({ rel: NODEINFO_SCHEMA(v), href: `${deps.urls.base}/nodeinfo/${v}` })),
    });
  });

  app.get<{ Params: { version: string } }>('/nodeinfo/:version', async (request, reply) => {
    const { version } = request.params;
    if (version !== '2.0' && version !== '2.1') {
      return reply.callNotFound();
    }
    const facts = await nodeInfoFacts(deps);
    const software = version === '2.1'
      ? facts.software
      : { name: facts.software.name, version: facts.software.version };
    reply.header('access-control-allow-origin', '*');
    return reply
      .type(`application/json; profile="${NODEINFO_SCHEMA(version)}#"; charset=utf-8`)
      .send({
        version,
        software,
        protocols: ['activitypub'],
        services: { inbound: [], outbound: [] },
        openRegistrations: facts.openRegistrations,
        usage: facts.usage,
        metadata: facts.metadata,
      });
  });
}
