import type { Marker, MarkerRepository, MarkerTimeline } from '../port.js';
import { Coll } from './collection.js';
import type { MongoCtx } from './context.js';
import { COLLECTIONS } from './indexes.js';

export class MongoMarkers implements MarkerRepository {
  readonly t: Coll<Marker>;
  constructor(ctx: MongoCtx) {
    this.t = new Coll<Marker>(ctx, {
      name: COLLECTIONS.markers,
      key: (m) => markerKey(m.userId, m.timeline),
      fields: { userId: 'text', timeline: 'text', lastReadId: 'text', version: 'int', updatedAt: 'text' },
    });
  }
  async get(userId: string, timelines: MarkerTimeline[]) {
    if (timelines.length === 0) return [];
    return this.t.all({ userId, timeline: { $in: [...timelines] } }, { sort: { timeline: 1 } });
  }
  /** One upsert: $inc creates the version at 1 and bumps it after, atomically per marker. */
  async save(userId: string, timeline: MarkerTimeline, lastReadId: string, at: string) {
    return (await this.t.updateWith(
      { _id: markerKey(userId, timeline) },
      { $set: { lastReadId, updatedAt: at }, $inc: { version: 1 }, $setOnInsert: { userId, timeline } },
      true,
    ))!;
  }
}

/** The composite primary key (user_id, timeline) as one unambiguous string. */
export const markerKey = (userId: string, timeline: string) => JSON.stringify([userId, timeline]);
