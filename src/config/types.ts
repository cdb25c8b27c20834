export interface RateWindow {
  limit: number;
  periodSeconds: number;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Validated configuration; shape fixed by schemas/config.schema.json. */
export interface Config {
  domain: string;
  port: number;
  host: string;
  dataDir: string;
  store: 'sqlite' | 'mongodb';
  mongodbUri?: string;
  publicUrlScheme: 'https' | 'http';
  allowPrivateAddresses: boolean;
  logLevel: LogLevel;
  bodyLimit: number;
  authorizedFetch: boolean;
  trustProxy: boolean | string[];
  rateLimits: {
    enabled: boolean;
    apiPerToken: RateWindow;
    apiPerIp: RateWindow;
    loginPerIp: RateWindow;
    loginFailuresPerAccount: RateWindow;
  };
  federation: {
    retryBaseMs: number;
    retryMaxDelayMs: number;
    maxAttempts: number;
    hostUnavailableAfterMs: number;
    jobPollMs: number;
    /** Jobs other than deliveries and inbox activities run at once. */
    jobConcurrency: number;
    /** Deliveries and fan-outs run at once. */
    deliveryConcurrency: number;
    /** Inbox activities applied per store transaction. */
    inboxBatchSize: number;
    jobLeaseMs: number;
  };
  /** Bounds of reading a remote actor's earlier posts from its outbox (docs/federation.md, "Backfill"). */
  backfill: {
    /** Posts looked at per backfill. */
    maxItems: number;
    /** Outbox pages read per backfill. */
    maxPages: number;
    /** Posts older than this many days end the walk. */
    maxAgeDays: number;
  };
  web: {
    /** Path or URL of the agency's logo shown in the page header (e.g. /assets/logo.svg), or empty for none. */
    logo: string;
    /** Which of the design system theme's colours the pages use for the agency. */
    color: 'accent' | 'brand1' | 'brand2' | 'neutral';
  };
  /** Outgoing mail for one-time links; absent: links are only shown to the admin who made them. */
  smtp?: {
    url: string;
    from: string;
    requireTls?: boolean;
  };
  solutions: {
    /** Authors' solutions and revisions wait for a publisher's approval before anyone else sees them. */
    requireApproval: boolean;
  };
  /** Single sign-on with the agency's OpenID Connect provider; off while `issuer` is unset. */
  oidc: OidcConfig;
  /** GET /metrics (Prometheus text format); docs/operations.md. */
  metrics: MetricsConfig;
  instance: {
    title?: string;
    description?: string;
    agencyUsername: string;
    agencyDisplayName: string;
    adminUsername: string;
    contactEmail?: string;
    languages: string[];
    openRegistrations: boolean;
  };
}

/** A role the OIDC groups claim can give (config `oidc.roleMap` values). */
export type OidcMappedRole = 'author' | 'publisher' | 'moderator' | 'admin';

export interface OidcConfig {
  issuer?: string;
  clientId?: string;
  /** Never logged or shown. */
  clientSecret?: string;
  displayName: string;
  usernameClaim: string;
  groupsClaim: string;
  roleMap: Record<string, OidcMappedRole>;
  /** Off: password sign-in is refused in the web app and on the OAuth authorize page. */
  passwordSignIn: boolean;
  scopes: string[];
}

export interface MetricsConfig {
  enabled: boolean;
  /** Bearer token of the scraper; required on the main listener. Never logged or put in a label. */
  token?: string;
  /** host:port of a separate listener serving only /metrics; unset: the main listener serves it. */
  listen?: string;
  /** Remote hosts with their own label on the delivery metrics; the rest are "other". */
  deliveryHostLabels: number;
}
