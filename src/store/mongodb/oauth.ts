import type { AuthorizationCode, AuthorizationCodeRepository, OAuthApp, OAuthAppRepository } from '../port.js';
import { Coll } from './collection.js';
import type { MongoCtx } from './context.js';
import { COLLECTIONS } from './indexes.js';

export class MongoOAuthApps implements OAuthAppRepository {
  readonly t: Coll<OAuthApp>;
  constructor(ctx: MongoCtx) {
    this.t = new Coll<OAuthApp>(ctx, {
      name: COLLECTIONS.oauthApps, key: 'id',
      fields: { id: 'text', name: 'text', website: 'text', redirectUris: 'strings', scopes: 'strings', clientId: 'text', clientSecretHash: 'text', createdAt: 'text' },
    });
  }
  async put(app: OAuthApp) { await this.t.insert(app); return app; }
  getById(id: string) { return this.t.get({ _id: id }); }
  getByClientId(clientId: string) { return this.t.get({ clientId }); }
}

export class MongoAuthorizationCodes implements AuthorizationCodeRepository {
  readonly t: Coll<AuthorizationCode>;
  constructor(ctx: MongoCtx) {
    this.t = new Coll<AuthorizationCode>(ctx, {
      name: COLLECTIONS.authorizationCodes, key: 'id',
      fields: {
        id: 'text', codeHash: 'text', appId: 'text', userId: 'text', redirectUri: 'text', scopes: 'strings',
        codeChallenge: 'text', codeChallengeMethod: 'text', createdAt: 'text', expiresAt: 'text', usedAt: 'text', tokenId: 'text',
      },
    });
  }
  async put(code: AuthorizationCode) { await this.t.insert(code); return code; }
  getByHash(codeHash: string) { return this.t.get({ codeHash }); }
  /** Single-document atomicity: the filter on usedAt null lets exactly one racing exchange win. */
  async consume(id: string, at: string, tokenId: string) {
    return (await this.t.c.updateOne({ _id: id, usedAt: null }, { $set: { usedAt: at, tokenId } }, this.t.o)).matchedCount === 1;
  }
  deleteExpired(beforeIso: string) { return this.t.deleteMany({ expiresAt: { $lt: beforeIso } }); }
}
