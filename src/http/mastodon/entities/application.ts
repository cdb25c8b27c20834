import type { OAuthApp } from '../../../store/port.js';

/** Mastodon's Application entity (REST::ApplicationSerializer, 4.3). */
export interface MastodonApplication {
  id: string;
  name: string;
  website: string | null;
  scopes: string[];
  /** Newline-separated, as Mastodon keeps it for older apps. */
  redirect_uri: string;
  redirect_uris: string[];
  vapid_key: string;
}

/** Only the registration response carries the client credentials (REST::CredentialApplicationSerializer). */
export interface MastodonCredentialApplication extends MastodonApplication {
  client_id: string;
  client_secret: string;
  client_secret_expires_at: number;
}

export function serializeApplication(app: OAuthApp, vapidKey: string): MastodonApplication {
  return {
    id: app.id,
    name: app.name,
    website: app.website,
    scopes: app.scopes,
    redirect_uri: app.redirectUris.join('\n'),
    redirect_uris: app.redirectUris,
    vapid_key: vapidKey,
  };
}

export function serializeCredentialApplication(app: OAuthApp, clientSecret: string, vapidKey: string): MastodonCredentialApplication {
  return { ...serializeApplication(app, vapidKey), client_id: app.clientId, client_secret: clientSecret, client_secret_expires_at: 0 };
}
