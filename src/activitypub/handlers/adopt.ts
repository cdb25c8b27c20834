import type { Job } from '../../store/port.js';
import { applyRemoteAdoption } from '../../domain/solutions/adoptions.js';
import type { FedDeps } from '../federation.js';
import { fetchAsDocument, RemoteDocumentError } from '../fetch/fetch-document.js';
import { resolveActor } from '../fetch/remote-actor.js';
import { PermanentJobError, RetryableJobError } from '../../jobs/runner.js';
import { idOf, type ActivityHandler } from './context.js';

const obj = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

function host(uri: string | undefined): string | undefined {
  try {
    return uri ? new URL(uri).host.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Adopt (our own activity type, docs/federation.md): another agency reports adopting a solution.
 * The embedded Adoption must be the signer's own record (id on its host, attributedTo it) and be
 * about the activity's object.
 */
export const handleAdopt: ActivityHandler = async ({ fed, tx, activity, actor }) => {
  const doc = obj(activity.adoption);
  const solutionUri = idOf(activity.object);
  if (!doc || !solutionUri || idOf(doc.adoptionOf) !== solutionUri) return { objectUri: solutionUri ?? null };
  await applyRemoteAdoption({ ...fed, store: tx }, tx, actor, doc);
  return { objectUri: solutionUri };
};

/**
 * Add of an adoption to a solution's adoptions collection, sent by the solution's own agency: the
 * record is fetched from the adopter's server by a job (never taken from the origin's word).
 * Other Adds (Mastodon's featured posts) are not handled.
 */
export const handleAdd: ActivityHandler = async ({ fed, tx, activity, actor }) => {
  const target = idOf(activity.target);
  const adoptionUri = idOf(activity.object);
  if (!target?.endsWith('/adoptions') || !adoptionUri) return { objectUri: adoptionUri ?? null };
  const solution = await tx.solutions.getByUri(target.slice(0, -'/adoptions'.length));
  if (!solution || solution.actorId !== actor.id || !host(adoptionUri) || host(adoptionUri) === fed.urls.host) return { objectUri: adoptionUri };
  await tx.jobs.enqueue({ type: 'fetch-adoption', key: `fetch-adoption:${String(activity.id)}`, payload: { uri: adoptionUri, solutionUri: solution.uri } }, fed.now().toISOString());
  return { objectUri: adoptionUri };
};

/** The 'fetch-adoption' job: read an Adoption from its origin, check it, apply it. */
export async function runAdoptionFetch(fed: FedDeps, job: Job): Promise<void> {
  const { uri, solutionUri } = job.payload as { uri: string; solutionUri: string };
  let doc: Record<string, unknown>;
  try {
    doc = await fetchAsDocument(fed, uri);
  } catch (e) {
    if (e instanceof RemoteDocumentError) {
      if (e.status !== undefined && e.status >= 400 && e.status < 500 && e.status !== 408 && e.status !== 429) throw new PermanentJobError(`${e.code}: ${e.message}`);
      throw new RetryableJobError(`${e.code}: ${e.message}`);
    }
    throw e;
  }
  const adopterUri = idOf(doc.attributedTo);
  if (doc.type !== 'Adoption' || idOf(doc.adoptionOf) !== solutionUri || !adopterUri || host(adopterUri) !== host(String(doc.id))) {
    throw new PermanentJobError(`${uri} is not an adoption of ${solutionUri} by an actor on its own host`);
  }
  const adopter = await resolveActor(fed, adopterUri);
  await fed.store.transaction((tx) => applyRemoteAdoption({ ...fed, store: tx }, tx, adopter, doc));
}
