import express, { type Request, type RequestHandler, type Response } from 'express';
import multer from 'multer';
import * as z from 'zod';
import type { Locale } from '../../shared/roles.js';
import { AppError, parse } from '../errors.js';
import type { Principal } from '../services/access.js';
import type { ResolvedSession } from '../services/sessions.js';

export type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';
export type Access = 'public' | 'staff';

export interface RouteContext<B, Q, P, A extends Access> {
  body: B;
  query: Q;
  params: P;
  /** Staff routes always have a principal: the middleware answered 401 otherwise. */
  principal: A extends 'staff' ? Principal : Principal | null;
  session: A extends 'staff' ? ResolvedSession : ResolvedSession | null;
  /** Uploaded files of a multipart route, in order. */
  files: Buffer[];
  locale: Locale;
  req: Request;
  res: Response;
}

/**
 * Any zod schema: classic (`zod`) or `zod/mini`, which the residents' payloads use so the phone
 * can run the same schema (shared/schemas/intake-form.ts).
 */
export type Schema = z.core.$ZodType;

export interface RouteDef<B extends Schema, Q extends Schema, P extends Schema, A extends Access> {
  method: Method;
  /** Express path syntax (`/api/users/:id`); converted to `{id}` in the OpenAPI document. */
  path: string;
  summary: string;
  tag: string;
  access: A;
  body?: B;
  query?: Q;
  params?: P;
  /**
   * Success status and body schema; no schema means 204 No Content. With `contentType` the
   * handler writes a binary body itself (images, PDF) and the document says so.
   */
  response: { status: 200 | 201 | 204; schema?: z.ZodType; description?: string; contentType?: string };
  /** Also accept multipart/form-data: the JSON body in field `topic`, files in `photos`. */
  multipart?: { jsonField: string; fileField: string; maxFiles: number; maxFileBytes: number };
  /** Extra error statuses worth documenting besides the standard ones. */
  errors?: number[];
  /** Per-route middleware run before validation (rate limits). */
  before?: RequestHandler[];
  handler: (ctx: RouteContext<z.output<B>, z.output<Q>, z.output<P>, A>) => Promise<unknown>;
}

export type AnyRoute = RouteDef<Schema, Schema, Schema, Access>;

/** Declares a route; the identity function exists for type inference of body/query/params. */
export function defineRoute<
  A extends Access,
  B extends Schema = z.ZodUndefined,
  Q extends Schema = z.ZodObject<Record<string, never>>,
  P extends Schema = z.ZodObject<Record<string, never>>,
>(def: RouteDef<B, Q, P, A>): AnyRoute {
  return def as unknown as AnyRoute;
}

const EMPTY = z.object({}).strict();

/** Express leaves query values as strings/arrays; anything past one level is refused by the schemas. */
function plainQuery(req: Request): Record<string, unknown> {
  return Object.fromEntries(Object.entries(req.query));
}

/**
 * Mounts routes on a router. Each handler reads as steps: authenticate (req.auth was resolved by
 * the session middleware), check CSRF on writes, validate params/query/body, act, present.
 */
export function mountRoutes(router: express.Router, routes: AnyRoute[]): void {
  for (const r of routes) {
    const run: RequestHandler = async (req, res, next) => {
      try {
        const auth = req.auth ?? null;
        if (r.access === 'staff') {
          if (!auth) throw new AppError('unauthenticated');
          if (r.method !== 'get' && req.get('x-csrf-token') !== auth.csrfToken) throw new AppError('csrf_failed');
        }
        let body: unknown = req.body;
        let files: Buffer[] = [];
        if (r.multipart && req.is('multipart/form-data')) {
          ({ body, files } = await readMultipart(req, res, r.multipart));
        } else if (r.method !== 'get' && r.method !== 'delete' && r.body && !req.is('application/json')) {
          throw new AppError('unsupported_media_type');
        }
        const ctx: RouteContext<unknown, unknown, unknown, Access> = {
          params: parse(r.params ?? EMPTY, { ...req.params }),
          query: parse(r.query ?? EMPTY.passthrough(), plainQuery(req)),
          body: r.body ? parse(r.body, body) : undefined,
          files,
          principal: auth?.principal ?? null,
          session: auth,
          locale: req.locale,
          req,
          res,
        };
        const result = await r.handler(ctx as never);
        if (res.headersSent) return;
        if (r.response.status === 204 || result === undefined) res.status(204).end();
        else res.status(r.response.status).json(result);
      } catch (err) {
        next(err);
      }
    };
    router[r.method](r.path, ...(r.before ?? []), run);
  }
}

/** Parses a multipart body with multer (memory storage, strict limits) into JSON + files. */
function readMultipart(
  req: Request,
  res: Response,
  spec: NonNullable<AnyRoute['multipart']>,
): Promise<{ body: unknown; files: Buffer[] }> {
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: {
      fileSize: spec.maxFileBytes,
      files: spec.maxFiles,
      fields: 4,
      fieldSize: 64 * 1024,
      parts: spec.maxFiles + 4,
    },
  }).array(spec.fileField, spec.maxFiles);
  return new Promise((resolve, reject) =>
    upload(req, res, (err: unknown) => {
      if (err) {
        const code = (err as { code?: string }).code;
        if (code === 'LIMIT_FILE_SIZE')
          return reject(new AppError('payload_too_large', 'intake.error.photo_too_large'));
        if (code === 'LIMIT_FILE_COUNT' || code === 'LIMIT_UNEXPECTED_FILE')
          return reject(new AppError('validation_failed', 'intake.error.too_many_photos', { max: spec.maxFiles }));
        return reject(new AppError('bad_request'));
      }
      const raw = (req.body as Record<string, unknown>)[spec.jsonField];
      let body: unknown;
      try {
        body = typeof raw === 'string' ? JSON.parse(raw) : undefined;
      } catch {
        return reject(new AppError('bad_request'));
      }
      const files = ((req.files as Express.Multer.File[] | undefined) ?? []).map((f) => f.buffer);
      resolve({ body, files });
    }),
  );
}
