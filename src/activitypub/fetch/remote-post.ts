import type { StoredObject } from '../../store/port.js';
import { newId } from '../../ids.js';
import type { FedDeps } from '../federation.js';
import { fetchAsDocument, RemoteDocumentError } from './fetch-document.js';
import { resolveActor } from './remote-actor.js';
import { attributedTo, POST_TYPES, postFields } from '../handlers/note.js';
import { afterRemotePostStored } from '../../domain/solutions/ingest.js';

function host(uri: string): string {
  return new URL(uri).host.toLowerCase();
}

/**
 * A post known only by its id (the object of an Announce, a Create that only names its object),
 * read from its origin: fetched signed, its id's origin checked against the URL that answered,
 * its author on the same host, then stored like a delivered post. Undefined for types we do not
 * keep. What an Announce embeds is never trusted; this is the only way such a post gets in.
 */
export async function fetchRemotePost(fed: FedDeps, uri: string): Promise<StoredObject | undefined> {
  const known = await fed.store.objects.getByUri(uri);
  if (known) return known;
  if (host(uri) === fed.urls.host) return undefined;
  const doc = await fetchAsDocument(fed, uri);
  if (!POST_TYPES.has(String(doc.type))) return undefined;
  const author = attributedTo(doc);
  if (!author || host(author) !== host(String(doc.id))) throw new RemoteDocumentError('AUTHOR_ORIGIN', `${uri} is attributed to an actor on another host`);
  const actor = await resolveActor(fed, author);
  const fields = postFields(doc, actor, fed.now().toISOString());
  const again = await fed.store.objects.getByUri(fields.uri);
  if (again) return again;
  return fed.store.transaction(async (tx) => {
    const stored = await tx.objects.put({ id: newId(fed.now().getTime()), ...fields });
    await afterRemotePostStored({ ...fed, store: tx }, stored); // solutions, replies to solutions
    return stored;
  });
}
