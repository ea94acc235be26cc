import os from 'node:os';
import path from 'node:path';
import * as z from 'zod';
import type { SmsConfig } from './services/sms/provider.js';

/**
 * Configuration from the environment, with defaults that make `npm start` work on a fresh
 * machine. Documented in README.md ("Configuration").
 */
export interface Config {
  port: number;
  host: string;
  /** `sqlite:<path>` or `postgres://…`. */
  databaseUrl: string;
  /** Set when several instances serve one county (needs PostgreSQL); see server/cluster/. */
  redisUrl: string | null;
  /** Prepended to every Redis key and channel, so several deployments (or tests) can share one Redis. */
  redisKeyPrefix: string;
  /** Origin printed into QR codes; phones in the hall must reach it, so never localhost by default. */
  publicUrl: string;
  demo: boolean;
  logLevel: string;
  /** Secure cookies only when served over https. */
  secureCookies: boolean;
  /** Where the built client lives. */
  clientDir: string;
  /** Express `trust proxy`: whose X-Forwarded-For to believe (the balancer's addresses). */
  trustProxy: string;
  /**
   * Browser origins besides PUBLIC_URL's that may open Socket.IO and Yjs connections (other host
   * names the proxy answers to). Normalised to `scheme://host[:port]`; see server/http/origins.ts.
   */
  allowedOrigins: string[];
  /** Failed login attempts per address per 15 minutes before 429 (successful logins do not count). */
  loginRateLimit: number;
  /**
   * Topic submissions per 10 minutes per address and per device. Per address is generous: a
   * whole village may share one carrier-NAT address.
   */
  intakeRateLimit: { perAddress: number; perDevice: number };
  /**
   * Shared documents: edits are stored in batches of `batchMs` (the minutes issue allows 500 ms)
   * and a document idle for `idleMs` is compacted into one row. Not read from the environment.
   */
  collab: { batchMs: number; idleMs: number };
  /** Where one-time codes for co-signing go: the server log (default), Aliyun SMS or Tencent Cloud SMS. */
  sms: SmsConfig;
  /**
   * GET /metrics (Prometheus): readable with this Bearer token, and/or served on a port of its
   * own. Neither set: /metrics answers 404 (server/http/metrics.ts says why).
   */
  metrics: { token: string | null; port: number | null };
}

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, { message: 'must start with redis:// or rediss://' })
    .optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[\w:.-]{1,40}$/, { message: 'letters, digits and _ : . - only' })
    .default('yishi:'),
  PUBLIC_URL: z.string().url().optional(),
  YISHI_DEMO: z.enum(['0', '1']).default('1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  YISHI_TRUST_PROXY: z
    .string()
    .regex(/^[\w.:/, -]{1,200}$/, { message: 'addresses, subnets or names like loopback, comma-separated' })
    .default('loopback'),
  YISHI_ALLOWED_ORIGINS: z
    .string()
    .transform((value, ctx) => {
      const origins: string[] = [];
      for (const item of value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)) {
        const origin = originOf(item);
        if (origin) origins.push(origin);
        else ctx.addIssue({ code: 'custom', message: `not an origin like https://host[:port]: ${item}` });
      }
      return origins;
    })
    .default([]),
  YISHI_LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
  YISHI_INTAKE_RATE_LIMIT: z.coerce.number().int().min(1).default(120),
  YISHI_INTAKE_DEVICE_LIMIT: z.coerce.number().int().min(1).default(10),
  YISHI_SMS_PROVIDER: z.enum(['log', 'aliyun', 'tencent']).default('log'),
  YISHI_SMS_SIGN_NAME: z.string().max(40).optional(),
  YISHI_SMS_TEMPLATE: z.string().max(40).optional(),
  YISHI_SMS_RESULT_TEMPLATE: z.string().max(40).optional(),
  YISHI_SMS_ENDPOINT: z.string().url().optional(),
  ALIYUN_ACCESS_KEY_ID: z.string().optional(),
  ALIYUN_ACCESS_KEY_SECRET: z.string().optional(),
  TENCENTCLOUD_SECRET_ID: z.string().optional(),
  TENCENTCLOUD_SECRET_KEY: z.string().optional(),
  YISHI_SMS_TENCENT_APP_ID: z.string().optional(),
  YISHI_SMS_TENCENT_REGION: z.string().default('ap-guangzhou'),
  YISHI_METRICS_TOKEN: z.string().min(16, { message: 'at least 16 characters' }).optional(),
  YISHI_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
});

/** The SMS provider's settings; a cloud provider without its keys is a configuration error, not a silent log. */
function smsConfig(e: z.infer<typeof Env>): SmsConfig {
  const need = (name: string, value: string | undefined): string => {
    if (!value) throw new Error(`Invalid configuration: YISHI_SMS_PROVIDER=${e.YISHI_SMS_PROVIDER} needs ${name}`);
    return value;
  };
  if (e.YISHI_SMS_PROVIDER === 'aliyun') {
    return {
      provider: 'aliyun',
      accessKeyId: need('ALIYUN_ACCESS_KEY_ID', e.ALIYUN_ACCESS_KEY_ID),
      accessKeySecret: need('ALIYUN_ACCESS_KEY_SECRET', e.ALIYUN_ACCESS_KEY_SECRET),
      signName: need('YISHI_SMS_SIGN_NAME', e.YISHI_SMS_SIGN_NAME),
      templateCode: need('YISHI_SMS_TEMPLATE', e.YISHI_SMS_TEMPLATE),
      resultTemplateCode: e.YISHI_SMS_RESULT_TEMPLATE ?? null,
      endpoint: e.YISHI_SMS_ENDPOINT ?? 'https://dysmsapi.aliyuncs.com',
    };
  }
  if (e.YISHI_SMS_PROVIDER === 'tencent') {
    return {
      provider: 'tencent',
      secretId: need('TENCENTCLOUD_SECRET_ID', e.TENCENTCLOUD_SECRET_ID),
      secretKey: need('TENCENTCLOUD_SECRET_KEY', e.TENCENTCLOUD_SECRET_KEY),
      sdkAppId: need('YISHI_SMS_TENCENT_APP_ID', e.YISHI_SMS_TENCENT_APP_ID),
      signName: need('YISHI_SMS_SIGN_NAME', e.YISHI_SMS_SIGN_NAME),
      templateId: need('YISHI_SMS_TEMPLATE', e.YISHI_SMS_TEMPLATE),
      resultTemplateId: e.YISHI_SMS_RESULT_TEMPLATE ?? null,
      region: e.YISHI_SMS_TENCENT_REGION,
      endpoint: e.YISHI_SMS_ENDPOINT ?? 'https://sms.tencentcloudapi.com',
    };
  }
  return { provider: 'log' };
}

/** `scheme://host[:port]` of an http(s) URL with no path, query or credentials; null otherwise. */
function originOf(value: string): string | null {
  try {
    const url = new URL(value);
    if (!/^https?:$/.test(url.protocol) || url.username || url.password || url.search || url.hash) return null;
    return url.pathname === '/' ? url.origin : null;
  } catch {
    return null;
  }
}

/** The first non-internal IPv4 address, so a phone on the hall's Wi-Fi can open the printed URL. */
export function lanAddress(): string {
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const a of addresses ?? []) {
      if (a.family === 'IPv4' && !a.internal) return a.address;
    }
  }
  return '127.0.0.1';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, root = process.cwd()): Config {
  // An empty variable (`REDIS_URL=` in a unit file or .env) means unset, as in most tools.
  const parsed = Env.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  if (e.REDIS_URL && !(e.DATABASE_URL ?? '').startsWith('postgres')) {
    // Several processes cannot share one SQLite file safely (its write queue is in-process).
    throw new Error(
      'Invalid configuration: REDIS_URL is for running several instances, which needs PostgreSQL (DATABASE_URL=postgres://…). Unset REDIS_URL to run one instance on SQLite.',
    );
  }
  const publicUrl = (e.PUBLIC_URL ?? `http://${lanAddress()}:${e.PORT}`).replace(/\/+$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL ?? `sqlite:${path.join(root, 'data', 'yishi.sqlite')}`,
    redisUrl: e.REDIS_URL ?? null,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    publicUrl,
    demo: e.YISHI_DEMO === '1',
    logLevel: e.LOG_LEVEL,
    secureCookies: publicUrl.startsWith('https:'),
    clientDir: path.join(root, 'dist', 'client'),
    trustProxy: e.YISHI_TRUST_PROXY,
    allowedOrigins: e.YISHI_ALLOWED_ORIGINS,
    loginRateLimit: e.YISHI_LOGIN_RATE_LIMIT,
    intakeRateLimit: { perAddress: e.YISHI_INTAKE_RATE_LIMIT, perDevice: e.YISHI_INTAKE_DEVICE_LIMIT },
    collab: { batchMs: 200, idleMs: 10_000 },
    sms: smsConfig(e),
    metrics: { token: e.YISHI_METRICS_TOKEN ?? null, port: e.YISHI_METRICS_PORT ?? null },
  };
}
