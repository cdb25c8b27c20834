import type { UserSettings } from '../../store/port.js';
import type { Deps } from '../deps.js';

/** What a user who never changed anything gets; Mastodon's defaults. */
export function defaultSettings(userId: string, at: string): UserSettings {
  return { userId, defaultVisibility: 'public', defaultSensitive: false, defaultLanguage: null, uiLanguage: null, updatedAt: at };
}

export async function getUserSettings(deps: Deps, userId: string): Promise<UserSettings> {
  return (await deps.store.userSettings.get(userId)) ?? defaultSettings(userId, deps.now().toISOString());
}

/** The language a person reads the web app in; null means "as my browser asks". */
export async function setUiLanguage(deps: Deps, userId: string, uiLanguage: string | null): Promise<UserSettings> {
  const settings = { ...(await getUserSettings(deps, userId)), uiLanguage, updatedAt: deps.now().toISOString() };
  return deps.store.userSettings.put(settings);
}
