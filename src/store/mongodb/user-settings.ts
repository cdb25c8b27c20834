import type { UserSettings, UserSettingsRepository } from '../port.js';
import { Coll } from './collection.js';
import type { MongoCtx } from './context.js';
import { COLLECTIONS } from './indexes.js';

export class MongoUserSettings implements UserSettingsRepository {
  readonly t: Coll<UserSettings>;
  constructor(ctx: MongoCtx) {
    this.t = new Coll<UserSettings>(ctx, {
      name: COLLECTIONS.userSettings, key: 'userId',
      fields: { userId: 'text', defaultVisibility: 'text', defaultSensitive: 'bool', defaultLanguage: 'text', uiLanguage: 'text', updatedAt: 'text' },
    });
  }
  get(userId: string) { return this.t.get({ _id: userId }); }
  async put(settings: UserSettings) {
    const { _id, ...rest } = this.t.toDoc(settings);
    await this.t.c.replaceOne({ _id }, rest, { ...this.t.o, upsert: true });
    return settings;
  }
}
