import { isIP } from 'node:net';
import { plainToInstance, Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, IsUrl, Matches, Max, Min, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === '' || value === undefined ? undefined : Number(value));

/** Every environment variable the API reads, with its default. Checked once at boot: see loadApiConfig. */
export class ApiEnv {
  @IsInt()
  @Min(0)
  @Max(65535)
  @Transform(toInt)
  PORT = 3000;

  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgresql:// URL' })
  DATABASE_URL = 'postgresql://arena:arena@127.0.0.1:5432/arena';

  @Matches(/^amqps?:\/\//, { message: 'AMQP_URL must be an amqp:// or amqps:// URL' })
  AMQP_URL = 'amqp://admin:admin@127.0.0.1:5672';

  @IsString()
  JOB_QUEUE = 'arena.jobs';

  /** RabbitMQ management API, used to create a vhost and a user for each organizer queue. */
  @Matches(/^https?:\/\//, { message: 'RABBITMQ_MGMT_URL must be an http(s):// URL with credentials' })
  RABBITMQ_MGMT_URL = 'http://admin:admin@127.0.0.1:15672';

  /** Broker address handed to organizers' workers (host:port as they reach it); defaults to AMQP_URL's. */
  @IsOptional()
  @Matches(/^amqps?:\/\/[^/@]+$/, { message: 'BROKER_PUBLIC_URL must look like amqp://host:port (no credentials)' })
  BROKER_PUBLIC_URL?: string;

  /** Local-filesystem storage root, used unless S3_ENDPOINT or S3_BUCKET is set. */
  @IsString()
  STORAGE_DIR = '.arena/storage';

  @IsString()
  UPLOAD_TMP_DIR = '.arena/uploads';

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  S3_ENDPOINT?: string;

  @IsOptional()
  @IsString()
  S3_BUCKET?: string;

  @IsString()
  S3_REGION = 'us-east-1';

  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  @IsIn(['true', 'false'])
  S3_FORCE_PATH_STYLE = 'true';

  /** Address written into presigned download URLs, where clients reach S3 elsewhere than the API does. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  S3_PUBLIC_ENDPOINT?: string;

  /** How long a presigned download URL (phase files on S3) stays valid. */
  @IsInt()
  @Min(1)
  @Max(604800)
  @Transform(toInt)
  S3_PRESIGN_TTL_SEC = 300;

  @IsInt()
  @Min(1)
  @Transform(toInt)
  MAX_BUNDLE_MB = 2048;

  @IsInt()
  @Min(1)
  @Transform(toInt)
  MAX_SUBMISSION_MB = 512;

  /** Storage a participant's uploads may use in one competition, unless the competition sets its own. */
  @IsInt()
  @Min(1)
  @Transform(toInt)
  QUOTA_MB = 1024;

  /** How often the API looks for phases that opened and auto-migrate submissions into them. */
  @IsInt()
  @Min(100)
  @Transform(toInt)
  AUTO_MIGRATION_INTERVAL_MS = 5000;

  /**
   * How long this process trusts a cached identity, board setting or role without an announcement of its change
   * from the database (CacheCoherence): the staleness bound while those announcements do not arrive.
   */
  @IsInt()
  @Min(100)
  @Max(600_000)
  @Transform(toInt)
  CACHE_TTL_MS = 1000;

  /** Resource limits a run gets unless its competition says otherwise. */
  @IsInt()
  @Min(16)
  @Transform(toInt)
  RUN_MEMORY_MB = 2048;

  @IsNumber()
  @Min(0.01)
  @Type(() => Number)
  RUN_CPUS = 1;

  @IsInt()
  @Min(8)
  @Transform(toInt)
  RUN_PIDS = 256;

  /** A running run is a worker's while its lease lasts; heartbeats renew it; an expired one is re-dispatched. */
  @IsInt()
  @Min(2)
  @Transform(toInt)
  RUN_LEASE_SEC = 60;

  /** Dispatches of one run before it fails with the reason (its workers kept dying or hanging). */
  @IsInt()
  @Min(1)
  @Transform(toInt)
  RUN_MAX_ATTEMPTS = 3;

  @IsInt()
  @Min(100)
  @Transform(toInt)
  LEASE_SWEEP_INTERVAL_MS = 5000;

  /**
   * Jobs waiting in a broker queue at most; the rest wait in the database, where the next one is chosen fairly across
   * competitions (a burst in one cannot starve another). 1 gives the fairest order.
   */
  @IsInt()
  @Min(1)
  @Transform(toInt)
  DISPATCH_WINDOW = 1;

  /**
   * Job queues' type when the API declares them (its own queue, each organizer queue): quorum (replicated across a
   * RabbitMQ cluster), classic (one node, with priorities), or auto: quorum where the management API lists more than
   * one node, classic otherwise. A queue that already exists is used as it is.
   */
  @IsIn(['auto', 'quorum', 'classic'])
  QUEUE_TYPE = 'auto';

  /**
   * A job published this long ago whose run has not started while its broker queue holds no ready message was lost by
   * the broker (a node gone with its disk, a purged queue): it is published again under a new token, which turns the
   * old message away should it still come.
   */
  @IsInt()
  @Min(1)
  @Transform(toInt)
  JOB_REPUBLISH_AFTER_SEC = 120;

  /** How often unpublished jobs (broker down at submission time) are published again. */
  @IsInt()
  @Min(100)
  @Transform(toInt)
  DISPATCH_INTERVAL_MS = 5000;

  @IsIn(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL = 'log';

  /**
   * text: Nest's readable lines (a terminal, the quick start); json: one JSON object per line in the worker's format
   * (`level`, `time`, `pid`, `name`, `context`, `msg`), for log collectors (the Helm chart sets it).
   */
  @IsIn(['text', 'json'])
  LOG_FORMAT = 'text';

  /**
   * Serves Prometheus metrics at `http://<METRICS_HOST>:<port>/metrics`, a listener apart from PORT (an Ingress in front
   * of the API never exposes it): requests by route and status, submissions, runs, queue wait, re-dispatches, board
   * lag, outboxes. 0: not served.
   */
  @IsInt()
  @Min(0)
  @Max(65535)
  @Transform(toInt)
  METRICS_PORT = 0;

  /** The address the metrics listener binds: the loopback by default; `0.0.0.0` where Prometheus scrapes the pod or host. */
  @IsString()
  METRICS_HOST = '127.0.0.1';

  /** When set, a scrape must send `Authorization: Bearer <token>` (401 otherwise). */
  @IsOptional()
  @IsString()
  METRICS_TOKEN?: string;

  /** Outgoing mail through any SMTP server; without SMTP_HOST mails wait in the outbox. */
  @IsOptional()
  @IsString()
  SMTP_HOST?: string;

  @IsInt()
  @Min(1)
  @Max(65535)
  @Transform(toInt)
  SMTP_PORT = 587;

  /** true: TLS from the start (port 465); false: STARTTLS when the server offers it. */
  @IsIn(['true', 'false'])
  SMTP_SECURE = 'false';

  @IsOptional()
  @IsString()
  SMTP_USER?: string;

  @IsOptional()
  @IsString()
  SMTP_PASS?: string;

  @IsString()
  SMTP_FROM = 'Arena <no-reply@arena.local>';

  /** Where people open Arena: links in mails (email confirmation, password reset) start with it. */
  @IsUrl({ require_tld: false, require_protocol: true })
  PUBLIC_URL = 'http://127.0.0.1:3000';

  /** How often the outbox is sent and failed mails are retried (with back-off). */
  @IsInt()
  @Min(50)
  @Transform(toInt)
  MAIL_INTERVAL_MS = 5000;

  /**
   * Which proxies' X-Forwarded-For to believe for the client's address (rate limits per address): false (the default:
   * none, the peer is the client), the proxies' addresses and CIDR ranges, comma-separated (the client is the last
   * address not among them), or true (any: only where nothing reaches the API but through the proxy). Fastify refuses
   * a bare hop count (it cannot check the peer), so there is none.
   */
  @IsString()
  TRUST_PROXY = 'false';

  /** The sliding window of every credential and mail rate limit below. */
  @IsInt()
  @Min(1)
  @Max(86_400)
  @Transform(toInt)
  RATE_LIMIT_WINDOW_SEC = 60;

  /** Failed sign-ins per window for one login name (the 11th is refused, even with the right password), and from one address. 0: no limit. */
  @IsInt()
  @Min(0)
  @Transform(toInt)
  RATE_LIMIT_LOGIN_PER_ACCOUNT = 10;

  @IsInt()
  @Min(0)
  @Transform(toInt)
  RATE_LIMIT_LOGIN_PER_ADDRESS = 100;

  /** Mails asked for per window (signup, password reset, confirmation resend): to one mailbox, and from one address. */
  @IsInt()
  @Min(0)
  @Transform(toInt)
  RATE_LIMIT_MAIL_PER_ACCOUNT = 5;

  @IsInt()
  @Min(0)
  @Transform(toInt)
  RATE_LIMIT_MAIL_PER_ADDRESS = 100;

  /** Failed e-mail confirmation and password-reset links per window from one address. */
  @IsInt()
  @Min(0)
  @Transform(toInt)
  RATE_LIMIT_LINK_PER_ADDRESS = 30;

  /** API tokens created per window by one account, and from one address. */
  @IsInt()
  @Min(0)
  @Transform(toInt)
  RATE_LIMIT_TOKEN_PER_ACCOUNT = 20;

  @IsInt()
  @Min(0)
  @Transform(toInt)
  RATE_LIMIT_TOKEN_PER_ADDRESS = 100;

  /**
   * OpenID Connect sign-in (authorization code with PKCE) against any provider: its issuer URL (discovery at
   * /.well-known/openid-configuration); unset, there is none. https, but for a provider on this machine (loopback).
   */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  OIDC_ISSUER?: string;

  @IsOptional()
  @IsString()
  OIDC_CLIENT_ID?: string;

  /** Unset: a public client (PKCE alone); set: sent by client_secret_basic. */
  @IsOptional()
  @IsString()
  OIDC_CLIENT_SECRET?: string;

  @IsString()
  OIDC_SCOPES = 'openid email profile';

  /** The ID token or userinfo claim listing the user's groups, for competitions' join rules. */
  @IsString()
  OIDC_GROUPS_CLAIM = 'groups';

  /** What the sign-in button says: "Sign in with <name>". */
  @IsString()
  OIDC_PROVIDER_NAME = 'your organization';

  /** false: only users who already have an account (same verified e-mail) may sign in through the provider. */
  @IsIn(['true', 'false'])
  OIDC_CREATE_ACCOUNTS = 'true';

  /** false: no sign-in, sign-up or password reset with a local password; the identity provider only. */
  @IsIn(['true', 'false'])
  PASSWORD_LOGIN = 'true';

  /** restricted: only admins and users an admin made organizers may create competitions. */
  @IsIn(['everyone', 'restricted'])
  ORGANIZER_RIGHTS = 'everyone';
}

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  scopes: string;
  groupsClaim: string;
  providerName: string;
  createAccounts: boolean;
  /** `${PUBLIC_URL}/api/auth/oidc/callback`: register it with the provider. */
  redirectUri: string;
  /** Plain http to the provider: only for one on this machine (loopback). */
  allowHttp: boolean;
}

export interface AccessSettings {
  oidc: OidcSettings | null;
  passwordLogin: boolean;
  organizerRights: 'everyone' | 'restricted';
}

export const DEFAULT_ACCESS: AccessSettings = { oidc: null, passwordLogin: true, organizerRights: 'everyone' };

export interface RateLimitSettings {
  windowSec: number;
  /** Each rule's limit per account (login name, mailbox or user) and per client address; 0: none. */
  login: { perAccount: number; perAddress: number };
  mail: { perAccount: number; perAddress: number };
  link: { perAccount: number; perAddress: number };
  apiToken: { perAccount: number; perAddress: number };
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  windowSec: 60,
  login: { perAccount: 10, perAddress: 100 },
  mail: { perAccount: 5, perAddress: 100 },
  link: { perAccount: 0, perAddress: 30 },
  apiToken: { perAccount: 20, perAddress: 100 },
};

/** What Fastify's trustProxy takes. */
export type TrustProxy = boolean | string[];

export interface MailSettings {
  smtp: { host: string; port: number; secure: boolean; user?: string; pass?: string } | null;
  from: string;
  intervalMs: number;
  publicUrl: string;
}

export interface S3Settings {
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  /** Endpoint for presigned URLs handed to clients; `endpoint` when unset. */
  publicEndpoint?: string;
  /** Lifetime of presigned download URLs (300 s when unset). */
  presignTtlSec?: number;
}

export interface ObservabilitySettings {
  logFormat: 'text' | 'json';
  /** The /metrics listener; null: not served. */
  metrics: { port: number; host: string; token?: string } | null;
}

export const DEFAULT_OBSERVABILITY: ObservabilitySettings = { logFormat: 'text', metrics: null };

export interface BrokerQueueSettings {
  queueType: 'auto' | 'quorum' | 'classic';
  republishAfterSec: number;
}

export const DEFAULT_BROKER_QUEUES: BrokerQueueSettings = { queueType: 'auto', republishAfterSec: 120 };

/** Typed configuration injected into services; nothing else reads process.env. */
export class ApiConfig {
  constructor(
    readonly port: number,
    readonly databaseUrl: string,
    readonly amqpUrl: string,
    readonly jobQueue: string,
    readonly rabbitMgmtUrl: string,
    readonly brokerPublicUrl: string,
    readonly storage: { kind: 'local'; dir: string } | { kind: 's3'; s3: S3Settings },
    readonly uploadTmpDir: string,
    readonly maxBundleBytes: number,
    readonly maxSubmissionBytes: number,
    readonly runLimits: { memoryMb: number; cpus: number; pids: number },
    readonly dispatchIntervalMs: number,
    readonly dispatchWindow: number,
    readonly lease: { sec: number; maxAttempts: number; sweepIntervalMs: number },
    readonly logLevel: string,
    readonly mail: MailSettings,
    readonly submissionTools: { quotaBytes: number; autoMigrationIntervalMs: number } = {
      quotaBytes: 1024 * 1024 * 1024,
      autoMigrationIntervalMs: 5000,
    },
    readonly cacheTtlMs = 1000,
    readonly trustProxy: TrustProxy = false,
    readonly rateLimits: RateLimitSettings = DEFAULT_RATE_LIMITS,
    readonly access: AccessSettings = DEFAULT_ACCESS,
    readonly observability: ObservabilitySettings = DEFAULT_OBSERVABILITY,
    readonly brokerQueues: BrokerQueueSettings = DEFAULT_BROKER_QUEUES,
  ) {}
}

export class ConfigError extends Error {}

/** Reads and checks the environment; the error lists every bad variable by name. */
export function loadApiConfig(env: Record<string, string | undefined>): ApiConfig {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = plainToInstance(ApiEnv, defined, { exposeDefaultValues: true });
  const errors = validateSync(parsed, { whitelist: false });
  const lines = errors.map((e) => `  ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
  if (typeof parsed.TRUST_PROXY === 'string' && trustProxyOf(parsed.TRUST_PROXY) === null) {
    lines.push('  TRUST_PROXY: must be true, false, or comma-separated IP addresses and CIDR ranges of the proxies');
  }
  if (lines.length > 0) {
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const oidc = oidcOf(parsed, lines);
  if (lines.length > 0) {
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const useS3 = Boolean(parsed.S3_ENDPOINT || parsed.S3_BUCKET);
  if (useS3 && !parsed.S3_BUCKET) {
    throw new ConfigError('Invalid configuration:\n  S3_BUCKET: required when S3_ENDPOINT is set');
  }
  return new ApiConfig(
    parsed.PORT,
    parsed.DATABASE_URL,
    parsed.AMQP_URL,
    parsed.JOB_QUEUE,
    parsed.RABBITMQ_MGMT_URL,
    parsed.BROKER_PUBLIC_URL ?? publicBrokerOf(parsed.AMQP_URL),
    useS3
      ? {
          kind: 's3',
          s3: {
            endpoint: parsed.S3_ENDPOINT,
            bucket: parsed.S3_BUCKET!,
            region: parsed.S3_REGION,
            accessKeyId: parsed.S3_ACCESS_KEY_ID,
            secretAccessKey: parsed.S3_SECRET_ACCESS_KEY,
            forcePathStyle: parsed.S3_FORCE_PATH_STYLE === 'true',
            publicEndpoint: parsed.S3_PUBLIC_ENDPOINT,
            presignTtlSec: parsed.S3_PRESIGN_TTL_SEC,
          },
        }
      : { kind: 'local', dir: parsed.STORAGE_DIR },
    parsed.UPLOAD_TMP_DIR,
    parsed.MAX_BUNDLE_MB * 1024 * 1024,
    parsed.MAX_SUBMISSION_MB * 1024 * 1024,
    { memoryMb: parsed.RUN_MEMORY_MB, cpus: parsed.RUN_CPUS, pids: parsed.RUN_PIDS },
    parsed.DISPATCH_INTERVAL_MS,
    parsed.DISPATCH_WINDOW,
    {
      sec: parsed.RUN_LEASE_SEC,
      maxAttempts: parsed.RUN_MAX_ATTEMPTS,
      sweepIntervalMs: parsed.LEASE_SWEEP_INTERVAL_MS,
    },
    parsed.LOG_LEVEL,
    {
      smtp: parsed.SMTP_HOST
        ? {
            host: parsed.SMTP_HOST,
            port: parsed.SMTP_PORT,
            secure: parsed.SMTP_SECURE === 'true',
            user: parsed.SMTP_USER,
            pass: parsed.SMTP_PASS,
          }
        : null,
      from: parsed.SMTP_FROM,
      intervalMs: parsed.MAIL_INTERVAL_MS,
      publicUrl: parsed.PUBLIC_URL.replace(/\/+$/, ''),
    },
    { quotaBytes: parsed.QUOTA_MB * 1024 * 1024, autoMigrationIntervalMs: parsed.AUTO_MIGRATION_INTERVAL_MS },
    parsed.CACHE_TTL_MS,
    trustProxyOf(parsed.TRUST_PROXY)!,
    {
      windowSec: parsed.RATE_LIMIT_WINDOW_SEC,
      login: { perAccount: parsed.RATE_LIMIT_LOGIN_PER_ACCOUNT, perAddress: parsed.RATE_LIMIT_LOGIN_PER_ADDRESS },
      mail: { perAccount: parsed.RATE_LIMIT_MAIL_PER_ACCOUNT, perAddress: parsed.RATE_LIMIT_MAIL_PER_ADDRESS },
      link: { perAccount: 0, perAddress: parsed.RATE_LIMIT_LINK_PER_ADDRESS },
      apiToken: { perAccount: parsed.RATE_LIMIT_TOKEN_PER_ACCOUNT, perAddress: parsed.RATE_LIMIT_TOKEN_PER_ADDRESS },
    },
    {
      oidc,
      passwordLogin: parsed.PASSWORD_LOGIN === 'true',
      organizerRights: parsed.ORGANIZER_RIGHTS as AccessSettings['organizerRights'],
    },
    {
      logFormat: parsed.LOG_FORMAT as ObservabilitySettings['logFormat'],
      metrics:
        parsed.METRICS_PORT > 0
          ? { port: parsed.METRICS_PORT, host: parsed.METRICS_HOST, token: parsed.METRICS_TOKEN }
          : null,
    },
    {
      queueType: parsed.QUEUE_TYPE as BrokerQueueSettings['queueType'],
      republishAfterSec: parsed.JOB_REPUBLISH_AFTER_SEC,
    },
  );
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The OIDC settings, or null without OIDC_ISSUER; problems are added to `lines`. */
function oidcOf(parsed: ApiEnv, lines: string[]): OidcSettings | null {
  if (!parsed.OIDC_ISSUER) {
    if (parsed.PASSWORD_LOGIN === 'false') {
      lines.push('  PASSWORD_LOGIN: false needs OIDC_ISSUER (nobody could sign in)');
    }
    return null;
  }
  const issuer = new URL(parsed.OIDC_ISSUER);
  const allowHttp = LOOPBACK.has(issuer.hostname);
  if (issuer.protocol !== 'https:' && !allowHttp) {
    lines.push('  OIDC_ISSUER: must be https:// (http only for a provider on this machine)');
  }
  if (!parsed.OIDC_CLIENT_ID) {
    lines.push('  OIDC_CLIENT_ID: required with OIDC_ISSUER');
  }
  if (!parsed.OIDC_SCOPES.split(/\s+/).includes('openid')) {
    lines.push('  OIDC_SCOPES: must include openid');
  }
  return {
    issuer: parsed.OIDC_ISSUER,
    clientId: parsed.OIDC_CLIENT_ID ?? '',
    clientSecret: parsed.OIDC_CLIENT_SECRET,
    scopes: parsed.OIDC_SCOPES,
    groupsClaim: parsed.OIDC_GROUPS_CLAIM,
    providerName: parsed.OIDC_PROVIDER_NAME,
    createAccounts: parsed.OIDC_CREATE_ACCOUNTS === 'true',
    redirectUri: `${parsed.PUBLIC_URL.replace(/\/+$/, '')}/api/auth/oidc/callback`,
    allowHttp,
  };
}

/** Fastify's trustProxy from TRUST_PROXY; null when it is none of the accepted forms. */
function trustProxyOf(value: string): TrustProxy | null {
  if (value === 'true' || value === 'false') {
    return value === 'true';
  }
  const entries = value.split(',').map((a) => a.trim());
  const valid = (entry: string) => {
    const [address, bits, ...rest] = entry.split('/');
    const family = isIP(address);
    if (family === 0 || rest.length > 0) {
      return false;
    }
    return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
  };
  return entries.every(valid) ? entries : null;
}

/** amqp://user:pass@host:port/vhost -> amqp://host:port */
function publicBrokerOf(amqpUrl: string): string {
  const u = new URL(amqpUrl);
  return `${u.protocol}//${u.host}`;
}
