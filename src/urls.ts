import type { Config } from './config/types.js';

/**
 * Every public URL this instance mints. Ids are permanent once federated, so this is the only place
 * that spells them.
 */
export class Urls {
  readonly base: string;
  readonly host: string;
  constructor(config: Pick<Config, 'domain' | 'publicUrlScheme'>) {
    this.host = config.domain.toLowerCase();
    this.base = `${config.publicUrlScheme}://${this.host}`;
  }
  actor(username: string) { return `${this.base}/users/${username}`; }
  keyId(username: string) { return `${this.actor(username)}#main-key`; }
  inbox(username: string) { return `${this.actor(username)}/inbox`; }
  outbox(username: string) { return `${this.actor(username)}/outbox`; }
  followers(username: string) { return `${this.actor(username)}/followers`; }
  following(username: string) { return `${this.actor(username)}/following`; }
  featured(username: string) { return `${this.actor(username)}/collections/featured`; }
  profile(username: string) { return `${this.base}/@${username}`; }
  get sharedInbox() { return `${this.base}/inbox`; }
  get instanceActor() { return `${this.base}/actor`; }
  get instanceActorInbox() { return `${this.base}/actor/inbox`; }
  get instanceActorOutbox() { return `${this.base}/actor/outbox`; }
  get instanceActorKeyId() { return `${this.base}/actor#main-key`; }
  get about() { return `${this.base}/about`; }

  /** The local username an actor URI or profile URL names, if it is one of ours. */
  usernameFromUri(uri: string): string | undefined {
    for (const prefix of [`${this.base}/users/`, `${this.base}/@`]) {
      if (uri.toLowerCase().startsWith(prefix.toLowerCase())) {
        const rest = uri.slice(prefix.length);
        if (/^[a-zA-Z0-9_]+$/.test(rest)) return rest;
      }
    }
    return undefined;
  }
}
