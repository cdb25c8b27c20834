import type { Filter } from 'mongodb';
import type { Doc } from './collection.js';

/**
 * The partial filter of every "when set" index: a non-empty string. MongoDB uses a partial index
 * only for a query whose predicate is a subset of the filter expression (MongoDB manual, "Partial
 * Indexes", Query Coverage); an equality on a non-empty string, or an $in of them, is a subset of
 * `{$gt: ''}` (a range over the same type), where it is not obviously a subset of
 * `{$type: "string"}`. The ids and URIs these fields hold are never empty.
 */
export const SET_STRING = { $gt: '' } as const;

export interface QueryShape<A extends unknown[]> {
  collection: string;
  /** The index the query must be able to use. */
  index: string;
  filter: (...args: A) => Filter<Doc>;
  /** Arguments the adapter really passes, for the test that checks the shape against the index. */
  example: A;
}

const shape = <A extends unknown[]>(s: QueryShape<A>) => s;

/**
 * Every query the adapter issues against a partial index, as the builder the adapter calls: the
 * test (test/store/mongodb-query-shapes.test.ts) checks each against INDEXES, so the table and
 * the queries cannot drift apart.
 */
export const SHAPES = {
  tokenByRefreshHash: shape({ collection: 'access_tokens', index: 'access_tokens_refresh_hash', filter: (hash: string) => ({ refreshTokenHash: hash }), example: ['r3fr35h'] }),
  reportByRemoteFlag: shape({ collection: 'reports', index: 'reports_remote_flag_uri', filter: (uri: string) => ({ remoteFlagUri: uri }), example: ['https://far.example/flags/1'] }),
  jobByKey: shape({ collection: 'jobs', index: 'jobs_key', filter: (key: string) => ({ key }), example: ['fanout:https://a.example/1'] }),
  leasedJobs: shape({ collection: 'jobs', index: 'jobs_leased', filter: (now: string) => ({ state: 'running', leaseUntil: { $lte: now } }), example: ['2026-12-01T00:00:00.000Z'] }),
  actorsBySharedInbox: shape({ collection: 'actors', index: 'actors_shared_inbox', filter: (inbox: string) => ({ sharedInbox: inbox }), example: ['https://far.example/inbox'] }),
  suspendedActors: shape({ collection: 'actors', index: 'actors_suspended', filter: () => ({ suspendedAt: SET_STRING }), example: [] }),
  actorsSuspendedAt: shape({ collection: 'actors', index: 'actors_suspended', filter: (at: string) => ({ suspendedAt: at }), example: ['2026-12-01T00:00:00.000Z'] }),
  repliesTo: shape({ collection: 'objects', index: 'objects_in_reply_to', filter: (uri: string) => ({ inReplyToUri: uri }), example: ['https://a.example/solutions/1'] }),
  repliesToAny: shape({ collection: 'objects', index: 'objects_in_reply_to', filter: (uris: string[]) => ({ inReplyToUri: { $in: uris } }), example: [['https://a.example/1', 'https://a.example/2']] }),
  unavailableHosts: shape({ collection: 'delivery_hosts', index: 'delivery_hosts_unavailable', filter: () => ({ unavailableSince: SET_STRING }), example: [] }),
  activitiesOfObjects: shape({ collection: 'activities', index: 'activities_object', filter: (uris: string[], types: string[]) => ({ objectUri: { $in: uris }, type: { $in: types } }), example: [['https://a.example/1', 'https://a.example/2'], ['Like', 'Announce']] }),
  mediaOfObjects: shape({ collection: 'media', index: 'media_object', filter: (objectIds: string[]) => ({ objectId: { $in: objectIds } }), example: [['117000000000000001', '117000000000000003']] }),
  activitiesOfObject: shape({ collection: 'activities', index: 'activities_object', filter: (uri: string, type: string) => ({ objectUri: uri, type }), example: ['https://a.example/1', 'Like'] }),
  mediaOfObject: shape({ collection: 'media', index: 'media_object', filter: (objectId: string) => ({ objectId }), example: ['117000000000000001'] }),
  solutionsByAuthor: shape({ collection: 'solutions', index: 'solutions_author', filter: (authorId: string) => ({ authorId, local: true }), example: ['117000000000000002'] }),
} as const;
