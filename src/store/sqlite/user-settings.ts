import type { Database } from 'better-sqlite3';
import type { UserSettings, UserSettingsRepository } from '../port.js';
import { Table } from './table.js';
import type { Runner } from './gate.js';

export class SqliteUserSettings implements UserSettingsRepository {
  readonly t: Table<UserSettings>;
  constructor(db: Database, private readonly run: Runner) {
    this.t = new Table<UserSettings>(db, 'user_settings', {
      userId: 'text', defaultVisibility: 'text', defaultSensitive: 'bool', defaultLanguage: 'text', uiLanguage: 'text', updatedAt: 'text',
    });
  }
  get(userId: string) { return this.run(() => this.t.get('user_id = ?', userId)); }
  put(settings: UserSettings) {
    return this.run(() => {
      this.t.stmt(`INSERT INTO user_settings (user_id, default_visibility, default_sensitive, default_language, ui_language, updated_at)
        VALUES (@user_id, @default_visibility, @default_sensitive, @default_language, @ui_language, @updated_at)
        ON CONFLICT (user_id) DO UPDATE SET default_visibility = excluded.default_visibility, default_sensitive = excluded.default_sensitive,
        default_language = excluded.default_language, ui_language = excluded.ui_language, updated_at = excluded.updated_at`).run(this.t.toRow(settings));
      return settings;
    });
  }
}
