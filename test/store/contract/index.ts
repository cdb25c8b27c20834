import type { ContractSuite } from './types.js';
import meta from './meta.js';
import actors from './actors.js';
import usersTokens from './users-tokens.js';
import webSessions from './web-sessions.js';
import identityLinks from './identity-links.js';
import solutionDrafts from './solution-drafts.js';
import pushSubscriptions from './push-subscriptions.js';
import nodeLeases from './node-leases.js';
import counters from './counters.js';
import streamEvents from './stream-events.js';
import mediaFiles from './media-files.js';
import accountLinks from './account-links.js';
import relations from './relations.js';
import objectsTransactions from './objects-transactions.js';
import domainPolicies from './domain-policies.js';
import audit from './audit.js';
import reports from './reports.js';
import jobs from './jobs.js';
import follows from './follows.js';
import activities from './activities.js';
import oauth from './oauth.js';
import markers from './markers.js';
import userSettings from './user-settings.js';
import actorQueries from './actor-queries.js';
import lists from './lists.js';
import filters from './filters.js';
import media from './media.js';
import solutions from './solutions.js';
import transfer from './transfer.js';
import statuses from './statuses.js';
import notifications from './notifications.js';
import network from './network.js';
import batchReads from './batch-reads.js';

/**
 * Every contract suite, run unchanged against each adapter (test/store/sqlite.test.ts,
 * test/store/mongodb.test.ts). Add a suite here when you add a repository.
 */
export const SUITES: Record<string, ContractSuite> = {
  meta,
  actors,
  usersTokens,
  webSessions,
  identityLinks,
  solutionDrafts,
  pushSubscriptions,
  nodeLeases,
  counters,
  streamEvents,
  mediaFiles,
  accountLinks,
  relations,
  objectsTransactions,
  domainPolicies,
  audit,
  reports,
  jobs,
  follows,
  activities,
  oauth,
  markers,
  userSettings,
  actorQueries,
  lists,
  filters,
  media,
  solutions,
  transfer,
  statuses,
  notifications,
  network,
  batchReads,
};
