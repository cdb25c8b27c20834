import { createPrivateKey } from 'node:crypto';
import webpush from 'web-push';
import type { FedDeps } from '../../activitypub/federation.js';
import { HttpClient, FetchError } from '../../activitypub/fetch/http-client.js';
import { PermanentJobError, RetryableJobError } from '../../jobs/runner.js';
import { hashToken } from '../../crypto/keys.js';
import { htmlToPlainText } from '../../html/plain-text.js';
import type { Job, StoredNotification, Store } from '../../store/port.js';
import type { Deps } from '../deps.js';
import { vapidPublicKey } from '../oauth/apps.js';
import { getUserSettings } from '../accounts/settings.js';
import { unsealToken } from './seal.js';
import { pushTitle } from './messages.js';

/** Mastodon shows an adoption as a mention, so its push is one too. */
const alertOf = (type: StoredNotification['type']) => (type === 'adoption' ? 'mention' : type);

/**
 * Queues one push job per subscription of the notified account, in the transaction that stores
 * the notification: a push goes out once the notification exists, and survives a restart.
 */
export async function queuePushes(deps: Pick<Deps, 'now'>, store: Store, n: StoredNotification): Promise<void> {
  for (const s of await store.pushSubscriptions.listByAccount(n.accountId)) {
    if (!s.alerts[alertOf(n.type)]) continue;
    await store.jobs.enqueue({ type: 'push', key: `push:${s.id}:${n.id}`, payload: { subscriptionId: s.id, notificationId: n.id } }, deps.now().toISOString());
  }
}

let pushHttp: HttpClient | undefined;
/**
 * Push services are not federation peers: a domain block or allow-list does not apply to them,
 * but the address guard does (an endpoint on a private address is refused unless allowed).
 */
function httpFor(fed: FedDeps): HttpClient {
  pushHttp ??= new HttpClient({ allowPrivateAddresses: fed.config.allowPrivateAddresses, userAgent: `Samspil (+${fed.urls.base})`, totalTimeoutMs: 15_000 });
  return pushHttp;
}

async function vapidDetails(fed: FedDeps): Promise<{ subject: string; publicKey: string; privateKey: string }> {
  const publicKey = await vapidPublicKey(fed);
  const pem = await fed.store.meta.get('vapidPrivateKey');
  if (!pem) throw new PermanentJobError('the VAPID private key is missing');
  const privateKey = createPrivateKey(pem).export({ format: 'jwk' }).d!;
  const host = fed.urls.host.replace(/:\d+$/, '');
  // Push services want a way to reach the sender: the contact address, or the instance when public.
  const subject = fed.config.instance.contactEmail ? `mailto:${fed.config.instance.contactEmail}`
    : fed.config.publicUrlScheme === 'https' ? fed.urls.base : `mailto:admin@${host}`;
  return { subject, publicKey, privateKey };
}

async function policyAllows(store: Store, policy: string, accountId: string, fromId: string): Promise<boolean> {
  if (policy === 'all') return true;
  if (policy === 'none') return false;
  const pair = policy === 'followed' ? await store.follows.getByPair(accountId, fromId) : await store.follows.getByPair(fromId, accountId);
  return pair?.state === 'accepted';
}

/**
 * One push: Mastodon's payload (access_token, preferred_locale, notification_id,
 * notification_type, icon, title, body), encrypted to the subscription's keys (RFC 8291 aes128gcm
 * for `standard`, else the aesgcm draft Mastodon apps decrypt), VAPID-signed, POSTed to the
 * endpoint. 404/410 end the subscription; 429 and 5xx retry.
 */
export async function runPush(fed: FedDeps, job: Job): Promise<void> {
  const p = job.payload as { subscriptionId: string; notificationId: string };
  const store = fed.store;
  const s = await store.pushSubscriptions.getById(p.subscriptionId);
  if (!s) return;
  const raw = await unsealToken(fed, s.tokenSealed);
  const token = raw ? await store.tokens.getByHash(hashToken(raw)) : undefined;
  if (!raw || !token || token.revokedAt || (token.expiresAt && token.expiresAt <= fed.now().toISOString())) {
    await store.pushSubscriptions.delete(s.id);
    return;
  }
  const n = await store.notifications.getById(s.accountId, p.notificationId);
  if (!n || !s.alerts[alertOf(n.type)]) return;
  if (!(await policyAllows(store, s.policy, s.accountId, n.fromActorId))) return;
  const from = await store.actors.getById(n.fromActorId);
  const settings = await getUserSettings(fed, s.userId);
  const locale = settings.uiLanguage ?? fed.config.instance.languages[0] ?? 'en';
  const name = from ? from.displayName || from.username : '';
  const object = n.statusId ? await store.objects.getById(n.statusId) : undefined;
  const text = object && !object.deletedAt ? htmlToPlainText(String(object.data.content ?? object.data.summary ?? '')) : htmlToPlainText(from?.summary ?? '');
  const payload = {
    access_token: raw, preferred_locale: locale, notification_id: n.id, notification_type: alertOf(n.type),
    icon: from?.avatarUrl ?? `${fed.urls.base}/assets/favicon.svg`, title: pushTitle(n.type, locale, name), body: text.length > 140 ? `${text.slice(0, 139)}…` : text,
  };
  let details;
  try {
    details = webpush.generateRequestDetails({ endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } }, JSON.stringify(payload), {
      vapidDetails: await vapidDetails(fed), contentEncoding: s.standard ? 'aes128gcm' : 'aesgcm', TTL: 48 * 3600, urgency: 'normal',
    });
  } catch (e) {
    // Keys that cannot be encrypted to will never work: the subscription goes.
    await store.pushSubscriptions.delete(s.id);
    throw new PermanentJobError(`push to ${new URL(s.endpoint).host} cannot be encrypted: ${(e as Error).message}`);
  }
  const headers = Object.fromEntries(Object.entries(details.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
  let res;
  try {
    res = await httpFor(fed).request(details.endpoint, { method: 'POST', headers, body: details.body ?? Buffer.alloc(0), maxBytes: 16 * 1024, maxRedirects: 0 });
  } catch (e) {
    if (e instanceof FetchError && e.retryable) throw new RetryableJobError(`${e.code}: ${e.message}`);
    if (e instanceof FetchError) throw new PermanentJobError(`${e.code}: ${e.message}`);
    throw e;
  }
  if (res.status >= 200 && res.status < 300) return;
  if (res.status === 404 || res.status === 410) {
    await store.pushSubscriptions.delete(s.id);
    fed.log.info({ host: new URL(s.endpoint).host, status: res.status }, 'push subscription is gone; removed');
    return;
  }
  if (res.status === 429 || res.status >= 500) throw new RetryableJobError(`HTTP ${res.status} from the push service`);
  throw new PermanentJobError(`HTTP ${res.status} from the push service: ${res.body.toString('utf8').slice(0, 200)}`);
}
