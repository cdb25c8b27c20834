/** Where a user stopped reading a timeline (Mastodon's markers), synced across their apps. */
export type MarkerTimeline = 'home' | 'notifications';

export interface Marker {
  userId: string;
  timeline: MarkerTimeline;
  lastReadId: string;
  /** Incremented on every save, as Mastodon's optimistic-locking counter. */
  version: number;
  updatedAt: string;
}

export interface MarkerRepository {
  get(userId: string, timelines: MarkerTimeline[]): Promise<Marker[]>;
  /** Upserts; the stored version becomes previous + 1 (1 for a new marker). */
  save(userId: string, timeline: MarkerTimeline, lastReadId: string, at: string): Promise<Marker>;
}
