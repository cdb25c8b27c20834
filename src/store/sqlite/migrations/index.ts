import * as m001 from './001-foundation.js';
import * as m003 from './003-oauth.js';

/**
 * Applied in order, each once, each in its own transaction; the names are recorded in
 * schema_migrations. Never edit a released migration: add a new one.
 */
export const MIGRATIONS: ReadonlyArray<{ name: string; sql: string }> = [m001, m003];
