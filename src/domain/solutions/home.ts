import type { Actor, AdoptionRecord, NotificationType, SolutionRecord, StoredNotification, StoredObject } from '../../store/port.js';
import type { Deps } from '../deps.js';
import { getMarkers, saveMarkers } from '../markers/markers.js';
import { htmlToPlainText } from '../../html/plain-text.js';
import { idAtTime } from '../../ids.js';
import { agencyActor } from './publish.js';
import { isAdoptionNote } from './ingest.js';
import { compareIds, newestFollowedSolutions } from './front.js';

/** One thing that came in, as the start page lists it. `id` orders it against the last visit. */
export type HomeItem =
  | { kind: 'question'; id: string; at: string; isNew: boolean; from: Actor; solution: SolutionRecord; text: string; language: string | null }
  | { kind: 'adoption'; id: string; at: string; isNew: boolean; from: Actor; solution: SolutionRecord; adoption: AdoptionRecord }
  | { kind: 'solution'; id: string; at: string; isNew: boolean; organisation: Actor | undefined; solution: SolutionRecord }
  | { kind: 'follow'; id: string; at: string; isNew: boolean; from: Actor; pending: boolean };

export interface HomeFeed {
  items: HomeItem[];
  /** Whether the viewer had been here (or read notifications in an app) before: else nothing is "new". */
  visitedBefore: boolean;
  newCount: number;
  /** The viewer's own local solutions, newest first. */
  own: SolutionRecord[];
  /** Where the markers go once the page is shown (`markHomeSeen`). */
  seen: { notifications?: string; home?: string };
}

const NOTIFICATIONS = 40;
const REMOTE_SOLUTIONS = 10;
const QUESTION_CHARS = 280;

const isNewer = (id: string, than: string | undefined) => than === undefined || compareIds(id, than) > 0;
const maxId = (ids: string[]) => ids.reduce<string | undefined>((m, id) => (m === undefined || compareIds(id, m) > 0 ? id : m), undefined);

function shorten(text: string): string {
  const chars = [...text.trim()];
  return chars.length > QUESTION_CHARS ? `${chars.slice(0, QUESTION_CHARS - 1).join('')}…` : chars.join('');
}

/**
 * What came in for a staff member: questions on and adoptions of our solutions (the viewer's own
 * notifications, as the Mastodon API lists them, and the agency actor's, since a question to the
 * agency is a question to everyone who works there), new follows of our agency, and new solutions
 * from the agencies we follow. "New" is what arrived after the viewer's markers (Mastodon's
 * `notifications` and `home`), so an app that read the notifications counts too.
 */
export async function homeFeed(deps: Deps, viewer: { userId: string; actorId: string }): Promise<HomeFeed> {
  const agency = await agencyActor(deps);
  const markers = await getMarkers(deps, viewer.userId, ['notifications', 'home']);
  const readNotifications = markers.find((m) => m.timeline === 'notifications')?.lastReadId;
  const readHome = markers.find((m) => m.timeline === 'home')?.lastReadId;
  const list = (accountId: string, types: NotificationType[]) => deps.store.notifications.list(accountId, { types }, { limit: NOTIFICATIONS });
  const [mine, agencys] = await Promise.all([
    list(viewer.actorId, ['mention', 'adoption']),
    agency.id === viewer.actorId ? Promise.resolve([]) : list(agency.id, ['mention', 'adoption', 'follow', 'follow_request']),
  ]);
  const notifications = [...mine, ...agencys].sort((a, b) => compareIds(b.id, a.id));

  const items: HomeItem[] = [];
  const done = new Set<string>();
  const reads = await readNotificationSubjects(deps, notifications);

  for (const n of notifications) {
    const item = fromNotification(n, reads, readNotifications);
    if (!item) continue;
    // Newest first, so the first of a kind wins: an adoption reported three times is one entry.
    // A question reaches the viewer and the agency: two notifications, one entry.
    const key = item.kind === 'follow' ? `follow:${item.from.id}` : item.kind === 'adoption' ? `adoption:${item.adoption.id}` : `question:${n.statusId}`;
    if (done.has(key)) continue;
    done.add(key);
    items.push(item);
  }
  for (const { solution, organisation } of await newestFollowedSolutions(deps, REMOTE_SOLUTIONS)) {
    items.push({ kind: 'solution', id: solution.id, at: solution.publishedAt, isNew: isNewer(solution.id, readHome), organisation, solution });
  }
  items.sort((a, b) => b.at.localeCompare(a.at));

  const visitedBefore = readNotifications !== undefined || readHome !== undefined;
  if (!visitedBefore) for (const i of items) i.isNew = false;
  const own = (await deps.store.solutions.listByAuthor(viewer.actorId)).filter((s) => !s.deletedAt && s.local).reverse();
  return {
    items, visitedBefore, own, newCount: items.filter((i) => i.isNew).length,
    seen: {
      notifications: maxId(notifications.map((n) => n.id)),
      home: maxId(items.filter((i) => i.kind === 'solution').map((i) => i.id)),
    },
  };
}

interface Subjects {
  actors: Map<string, Actor>;
  objects: Map<string, StoredObject>;
  adoptions: Map<string, AdoptionRecord>;
  solutions: Map<string, SolutionRecord>;
}

const isFollow = (n: StoredNotification) => n.type === 'follow' || n.type === 'follow_request';
const isAdoption = (n: StoredNotification, object: StoredObject) => n.type === 'adoption' || isAdoptionNote(object);

/**
 * What the notifications are about, read for all of them at once: their senders and posts, then
 * the adoptions the adoption posts name, then the solutions those and the questions point at.
 * Three rounds of batched reads, whatever the number of notifications.
 */
async function readNotificationSubjects(deps: Deps, notifications: StoredNotification[]): Promise<Subjects> {
  const { store } = deps;
  const fromIds = [...new Set(notifications.map((n) => n.fromActorId))];
  const statusIds = [...new Set(notifications.filter((n) => !isFollow(n) && n.statusId).map((n) => n.statusId!))];
  const [actors, objects] = await Promise.all([
    fromIds.length ? store.actors.getMany({ ids: fromIds }) : [],
    statusIds.length ? store.objects.getByIds(statusIds) : [],
  ]);
  const objectById = new Map(objects.filter((o) => !o.deletedAt).map((o) => [o.id, o]));
  const adoptionUris: string[] = [];
  const replyTo: string[] = [];
  for (const n of notifications) {
    const object = n.statusId && !isFollow(n) ? objectById.get(n.statusId) : undefined;
    if (!object) continue;
    if (isAdoption(n, object)) adoptionUris.push(String(object.data.adoption));
    else if (object.inReplyToUri) replyTo.push(object.inReplyToUri);
  }
  const adoptions = adoptionUris.length ? await store.solutions.getAdoptionsByUris([...new Set(adoptionUris)]) : [];
  const solutionUris = [...new Set([...replyTo, ...adoptions.map((a) => a.solutionUri)])];
  const solutions = solutionUris.length ? await store.solutions.getByUris(solutionUris) : [];
  return {
    actors: new Map(actors.map((a) => [a.id, a])),
    objects: objectById,
    adoptions: new Map(adoptions.map((a) => [a.uri, a])),
    solutions: new Map(solutions.filter((s) => !s.deletedAt).map((s) => [s.uri, s])),
  };
}

function fromNotification(n: StoredNotification, reads: Subjects, read: string | undefined): HomeItem | undefined {
  const from = reads.actors.get(n.fromActorId);
  if (!from) return undefined;
  const base = { id: n.id, at: n.createdAt, isNew: isNewer(n.id, read), from };
  if (isFollow(n)) return { kind: 'follow', ...base, pending: n.type === 'follow_request' };
  const object = n.statusId ? reads.objects.get(n.statusId) : undefined;
  if (!object) return undefined;
  if (isAdoption(n, object)) {
    const adoption = reads.adoptions.get(String(object.data.adoption));
    const solution = adoption ? reads.solutions.get(adoption.solutionUri) : undefined;
    return adoption && solution?.local ? { kind: 'adoption', ...base, solution, adoption } : undefined;
  }
  // A mention that is not a reply to one of our solutions belongs in a Mastodon app, not here.
  const solution = object.inReplyToUri ? reads.solutions.get(object.inReplyToUri) : undefined;
  if (!solution?.local) return undefined;
  return { kind: 'question', ...base, solution, text: shorten(htmlToPlainText(String(object.data.content ?? ''))), language: object.language };
}

/**
 * The viewer has seen the start page: both markers move forward to what it showed, never back
 * (an app may have read further).
 */
export async function markHomeSeen(deps: Deps, userId: string, seen: HomeFeed['seen']): Promise<void> {
  const current = await getMarkers(deps, userId, ['notifications', 'home']);
  const ahead = (timeline: 'notifications' | 'home', id: string | undefined) => {
    if (id === undefined) return undefined;
    const had = current.find((m) => m.timeline === timeline)?.lastReadId;
    return had === undefined || compareIds(id, had) > 0 ? id : undefined;
  };
  const positions: { notifications?: string; home?: string } = {};
  const n = ahead('notifications', seen.notifications);
  const h = ahead('home', seen.home);
  if (n) positions.notifications = n;
  if (h) positions.home = h;
  // A first visit with nothing to show still leaves a mark, so the next visit can tell what is new.
  if (!current.length && !n && !h) positions.home = idAtTime(deps.now().getTime());
  if (Object.keys(positions).length) await saveMarkers(deps, userId, positions);
}
