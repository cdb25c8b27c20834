import * as m001 from './001-foundation.js';
import * as m002 from './002-federation.js';
import * as m003 from './003-oauth.js';
import * as m005 from './005-trust.js';
import * as m006 from './006-moderation.js';
import * as m008 from './008-erasure.js';
import * as m010 from './010-solutions.js';
import * as m011 from './011-statuses.js';
import * as m012 from './012-media.js';
import * as m013 from './013-web-sessions.js';
import * as m014 from './014-ui-language.js';
import * as m015 from './015-solution-reads.js';
import * as m016 from './016-backfill-tags-mentions.js';
import * as m017 from './017-roles-drafts.js';
import * as m019 from './019-network.js';
import * as m022 from './022-push.js';
import * as m024 from './024-node-leases.js';
import * as m025 from './025-counters.js';
import * as m026 from './026-stream-events.js';
import * as m028 from './028-solutions-author.js';
import * as m027 from './027-catalogue-search-bounds.js';
import * as m029 from './029-actor-status-counts.js';
import * as m030 from './030-jobs-by-type.js';
import * as m023 from './023-relations.js';
import * as m020 from './020-identity-links.js';
import * as m021 from './021-account-links.js';
import * as m018 from './018-list-members-notification-policies.js';
import * as m018a from './018a-filters.js';
import * as m018b from './018b-status-search.js';

/**
 * Applied in order, each once, each in its own transaction; the names are recorded in
 * schema_migrations. Never edit a released migration: add a new one.
 */
export const MIGRATIONS: ReadonlyArray<{ name: string; sql: string }> = [m001, m002, m003, m005, m006, m008, m010, m011, m012, m013, m014, m015, m016, m017, m018, m018a, m018b, m019, m020, m021, m022, m023, m024, m025, m026, m027, m028, m029, m030];
