/** The IRIs and the inline context every document we send starts with. */
export const AS_CONTEXT = 'https://www.w3.org/ns/activitystreams';
export const SECURITY_CONTEXT = 'https://w3id.org/security/v1';
export const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';

/** Mastodon's extension terms, inlined as Mastodon does so consumers never fetch a context. */
export const ACTOR_TERMS = {
  manuallyApprovesFollowers: 'as:manuallyApprovesFollowers',
  toot: 'http://joinmastodon.org/ns#',
  discoverable: 'toot:discoverable',
  indexable: 'toot:indexable',
  featured: { '@id': 'toot:featured', '@type': '@id' },
  schema: 'http://schema.org#',
  PropertyValue: 'schema:PropertyValue',
  value: 'schema:value',
} as const;

export const ACTOR_CONTEXT = [AS_CONTEXT, SECURITY_CONTEXT, ACTOR_TERMS] as const;
