import type { Actor, StoredNotification, StoredObject, TimelineEntry } from '../../store/port.js';
import type { Deps } from '../deps.js';
import { mentionedUris } from '../statuses/access.js';
import { domainMatches } from './domains.js';

/** Bound on each set read per request (Mastodon's crutches read them whole; people keep few). */
const MAX_RELATIONS = 10_000;

/** Where statuses are read; the rules differ a little, as Mastodon's do. */
export type ReadPlace = 'home' | 'public' | 'thread' | 'search' | 'account';

/**
 * What one viewer decided about others, read once per request: whom they block and mute, who
 * blocks them, which domains they block. The rules of Mastodon's FeedManager#filter_from_home,
 * StatusFilter and the public feeds' `not_excluded_by_account` scopes are applied with it.
 */
export class ViewerRelations {
  private readonly domainOf = new Map<string, Promise<string | null>>();
  private uris?: Promise<Set<string>>;
  constructor(
    private readonly deps: Pick<Deps, 'store'>,
    readonly viewer: Actor,
    readonly blocking: ReadonlySet<string>,
    readonly blockedBy: ReadonlySet<string>,
    /** Muted account id -> their notifications are muted too. */
    readonly muting: ReadonlyMap<string, boolean>,
    readonly domains: readonly string[],
  ) {}

  get empty(): boolean {
    return !this.blocking.size && !this.blockedBy.size && !this.muting.size && !this.domains.length;
  }

  private async actorDomain(actorId: string): Promise<string | null> {
    if (!this.domainOf.has(actorId)) this.readDomains([actorId]);
    return this.domainOf.get(actorId)!;
  }

  /** The domains of these actors in one read (a page's authors and boosters), when domain blocks make them matter. */
  private readDomains(actorIds: Iterable<string>): void {
    const ids = [...new Set(actorIds)].filter((id) => !this.domainOf.has(id));
    if (!ids.length || !this.domains.length) return;
    const read = this.deps.store.actors.getMany({ ids }).then((as) => new Map(as.map((a) => [a.id, a.domain])));
    for (const id of ids) {
      const p = read.then((m) => m.get(id) ?? null);
      p.catch(() => {});
      this.domainOf.set(id, p);
    }
  }

  /** Blocked, blocking us, muted, or of a blocked domain (never the viewer). */
  async hidesAccount(actorId: string, { mutes = true } = {}): Promise<boolean> {
    if (actorId === this.viewer.id) return false;
    if (this.blocking.has(actorId) || this.blockedBy.has(actorId) || (mutes && this.muting.has(actorId))) return true;
    if (!this.domains.length) return false;
    const domain = await this.actorDomain(actorId);
    return this.domains.some((d) => domainMatches(d, domain));
  }

  /** URIs of the blocked and muted accounts (home hides posts mentioning them), read on first need. */
  private blockedOrMutedUris(): Promise<Set<string>> {
    this.uris ??= (async () => {
      const ids = [...this.blocking, ...this.muting.keys()];
      return new Set(ids.length ? (await this.deps.store.actors.getMany({ ids })).map((a) => a.uri) : []);
    })();
    return this.uris;
  }

  /** Is this post (or boost) left out for the viewer where it is read? */
  async hides(entry: TimelineEntry, place: ReadPlace): Promise<boolean> {
    if (this.empty) return false;
    const author = entry.object.actorId;
    const booster = entry.reblog?.actorId;
    if (place === 'account') {
      // The profile itself is checked by `hidesProfile`; a boost there of a hidden account goes.
      return !!booster && author !== this.viewer.id && (await this.hidesAccount(author));
    }
    if (booster && booster !== this.viewer.id && (await this.hidesAccount(booster))) return true;
    if (author !== this.viewer.id && (await this.hidesAccount(author))) return true;
    if (place === 'home' && (this.blocking.size || this.muting.size)) {
      const mentioned = mentionedUris(entry.object);
      if (mentioned.length) {
        const hidden = await this.blockedOrMutedUris();
        if (mentioned.some((u) => hidden.has(u))) return true;
      }
    }
    return false;
  }

  async visible(entries: TimelineEntry[], place: ReadPlace): Promise<TimelineEntry[]> {
    if (this.empty) return entries;
    this.readDomains(entries.flatMap((e) => (e.reblog ? [e.object.actorId, e.reblog.actorId] : [e.object.actorId])));
    const out: TimelineEntry[] = [];
    for (const e of entries) if (!(await this.hides(e, place))) out.push(e);
    return out;
  }

  async visibleObjects(objects: StoredObject[], place: ReadPlace): Promise<StoredObject[]> {
    return (await this.visible(objects.map((o) => ({ id: o.id, object: o, reblog: null })), place)).map((e) => e.object);
  }

  /** Mastodon's AccountStatusesFilter: an account that blocks the viewer shows them no posts. */
  hidesProfile(account: Actor): boolean {
    return this.blockedBy.has(account.id);
  }

  /**
   * Mastodon's NotifyService drop conditions, applied when reading too: from a blocked account,
   * from a muted one whose notifications are muted, from an account that blocks us, or from a
   * blocked domain (unless the viewer follows that account).
   */
  async hidesNotification(n: StoredNotification): Promise<boolean> {
    if (this.empty) return false;
    const from = n.fromActorId;
    if (this.blocking.has(from) || this.blockedBy.has(from) || this.muting.get(from) === true) return true;
    if (this.domains.length) {
      const domain = await this.actorDomain(from);
      if (this.domains.some((d) => domainMatches(d, domain))) {
        return (await this.deps.store.follows.getByPair(this.viewer.id, from))?.state !== 'accepted';
      }
    }
    return false;
  }

  async visibleNotifications<T extends StoredNotification>(list: T[]): Promise<T[]> {
    if (this.empty) return list;
    this.readDomains(list.map((n) => n.fromActorId));
    const out: T[] = [];
    for (const n of list) if (!(await this.hidesNotification(n))) out.push(n);
    return out;
  }
}

/** Reads the viewer's relations once; an anonymous viewer has none (null). */
export async function viewerRelations(deps: Pick<Deps, 'store' | 'now'>, viewer: Actor | null): Promise<ViewerRelations | null> {
  if (!viewer) return null;
  const { blocking, blockedBy, mutes, domains } = await deps.store.relations.viewerSets(viewer.id, deps.now().toISOString(), MAX_RELATIONS);
  return new ViewerRelations(deps, viewer, new Set(blocking), new Set(blockedBy), new Map(mutes.map((m) => [m.targetId, m.notifications])), domains);
}

/** Entries the viewer is shown where they read them; the anonymous see them all. */
export async function visibleFor(deps: Pick<Deps, 'store' | 'now'>, viewer: Actor | null, entries: TimelineEntry[], place: ReadPlace): Promise<TimelineEntry[]> {
  const rel = await viewerRelations(deps, viewer);
  return rel ? rel.visible(entries, place) : entries;
}

/** Notifications the viewer is shown (Mastodon's NotifyService drop rules, also at read time). */
export async function visibleNotifications<T extends StoredNotification>(deps: Pick<Deps, 'store' | 'now'>, viewer: Actor, list: T[]): Promise<T[]> {
  const rel = await viewerRelations(deps, viewer);
  return rel ? rel.visibleNotifications(list) : list;
}
