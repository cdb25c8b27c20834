import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../domain/deps.js';
import { getUserSettings } from '../../domain/accounts/settings.js';
import { getMarkers, saveMarkers } from '../../domain/markers/markers.js';
import type { Marker, MarkerTimeline } from '../../store/port.js';
import { readSchema } from '../../schemas.js';
import { requireAuth } from '../plugins/auth.js';

type Params = Record<string, unknown>;

function markersBody(markers: Marker[]) {
  return Object.fromEntries(markers.map((m) => [m.timeline, { last_read_id: m.lastReadId, version: m.version, updated_at: m.updatedAt }]));
}

/** Per-user state apps sync on start: preferences and read markers. */
export async function clientStateRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  app.get('/v1/preferences', { preHandler: requireAuth(deps, 'read:accounts') }, async (request) => {
    const s = await getUserSettings(deps, request.principal!.user!.id);
    return {
      'posting:default:visibility': s.defaultVisibility,
      'posting:default:sensitive': s.defaultSensitive,
      'posting:default:language': s.defaultLanguage,
      'posting:default:quote_policy': 'public',
      'reading:expand:media': 'default',
      'reading:expand:spoilers': false,
      'reading:autoplay:gifs': false,
    };
  });

  app.get('/v1/markers', { preHandler: requireAuth(deps, 'read:statuses') }, async (request) => {
    const q = request.query as Params;
    const asked = Array.isArray(q.timeline) ? q.timeline.map(String) : typeof q.timeline === 'string' ? [q.timeline] : [];
    return markersBody(await getMarkers(deps, request.principal!.user!.id, asked));
  });

  app.post('/v1/markers', { preHandler: requireAuth(deps, 'write:statuses'), schema: { body: readSchema('mastodon/markers-save.json') } }, async (request) => {
    const body = request.body as Partial<Record<MarkerTimeline, { last_read_id: string }>>;
    const saved = await saveMarkers(deps, request.principal!.user!.id, {
      home: body.home?.last_read_id,
      notifications: body.notifications?.last_read_id,
    });
    return markersBody(saved);
  });
}

/**
 * Lists apps fetch on start for features Samspil does not have yet (filters, followed tags,
 * trends, ...). Each answers exactly as Mastodon does for a user who has none: 200 and [] behind the
 * same scope, so apps start cleanly and the scopes are enforced already.
 */
const NOTHING_YET: Array<{ path: string; scope: string | null }> = [
  { path: '/v1/followed_tags', scope: 'read:follows' },
  { path: '/v1/announcements', scope: 'read' },
  // Filtered notifications are not kept (the notification policy's `filter` drops them), so there is
  // never a request to review (Phanpy reads this beside the policy).
  { path: '/v1/notifications/requests', scope: 'read:notifications' },
  { path: '/v1/scheduled_statuses', scope: 'read:statuses' },
  { path: '/v1/featured_tags', scope: 'read:accounts' },
  { path: '/v1/endorsements', scope: 'read:accounts' },
  { path: '/v1/suggestions', scope: 'read' },
  { path: '/v2/suggestions', scope: 'read' },
  // Trends are public on Mastodon.
  { path: '/v1/trends', scope: null },
  { path: '/v1/trends/tags', scope: null },
  { path: '/v1/trends/statuses', scope: null },
  { path: '/v1/trends/links', scope: null },
];

export async function notYetRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  for (const { path, scope } of NOTHING_YET) {
    app.get(path, scope ? { preHandler: requireAuth(deps, scope) } : {}, async () => []);
  }
}
