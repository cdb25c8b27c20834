import type { Marker, MarkerTimeline } from '../../store/port.js';
import type { Deps } from '../deps.js';

export const MARKER_TIMELINES: readonly MarkerTimeline[] = ['home', 'notifications'];

export const isMarkerTimeline = (s: string): s is MarkerTimeline => (MARKER_TIMELINES as readonly string[]).includes(s);

export function getMarkers(deps: Deps, userId: string, timelines: string[]): Promise<Marker[]> {
  return deps.store.markers.get(userId, [...new Set(timelines.filter(isMarkerTimeline))]);
}

/** Saves each given timeline's position; ids are the opaque status/notification ids apps send. */
export async function saveMarkers(deps: Deps, userId: string, positions: Partial<Record<MarkerTimeline, string>>): Promise<Marker[]> {
  const at = deps.now().toISOString();
  const saved: Marker[] = [];
  for (const timeline of MARKER_TIMELINES) {
    const id = positions[timeline];
    if (id !== undefined) saved.push(await deps.store.markers.save(userId, timeline, id, at));
  }
  return saved;
}
