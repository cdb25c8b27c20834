import type { Visibility } from './objects.js';

/** Posting defaults a user chose in an app (Mastodon's `source` and preferences). */
export interface UserSettings {
  userId: string;
  defaultVisibility: Visibility;
  defaultSensitive: boolean;
  /** ISO 639-1, or null for "the app decides". */
  defaultLanguage: string | null;
  /** Language of the web app's pages (one of the six it speaks), or null for "as the browser asks". */
  uiLanguage: string | null;
  updatedAt: string;
}

export interface UserSettingsRepository {
  /** undefined until the user saves something; callers use the defaults. */
  get(userId: string): Promise<UserSettings | undefined>;
  /** Upserts the whole record. */
  put(settings: UserSettings): Promise<UserSettings>;
}
