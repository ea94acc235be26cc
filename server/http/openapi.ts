import { OpenAPIRegistry, OpenApiGeneratorV31, type ZodMediaTypeObject } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { ErrorBodySchema } from '../../shared/schemas/common.js';
import type { AnyRoute } from './route.js';

const STANDARD_ERRORS: Record<number, string> = {
  400: 'Malformed request or invalid fields (details.fields lists them)',
  401: 'Not logged in',
  403: 'Not allowed, or the CSRF token is missing',
  404: 'Not found',
  413: 'Body too large',
  415: 'Body is not application/json',
  429: 'Too many requests',
};

/**
 * The generator reads classic zod schemas only; `zod/mini` ones (the residents' payloads, shared
 * with the phone) are described through zod's own JSON Schema output, which OpenAPI 3.1 embeds as is.
 */
function documented(schema: z.core.$ZodType): NonNullable<ZodMediaTypeObject['schema']> {
  if (schema instanceof z.ZodType) return schema;
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return json as NonNullable<ZodMediaTypeObject['schema']>;
}

/**
 * The OpenAPI 3.1 document, generated from the same route table that Express mounts, so a route
 * cannot exist without its documentation (test/integration/openapi.test.ts checks the router too).
 */
export function buildOpenApi(routes: AnyRoute[], version: string): object {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'yishi_sid' });
  for (const r of routes) {
    const statuses = new Set<number>([
      400,
      ...(r.access === 'staff' ? [401, 403] : []),
      ...(r.params ? [404] : []),
      ...(r.body ? [413, 415] : []),
      ...(r.errors ?? []),
    ]);
    const responses: Record<string, { description: string; content?: Record<string, { schema: z.ZodType }> }> = {
      [r.response.status]: {
        description: r.response.description ?? 'OK',
        ...(r.response.contentType
          ? { content: { [r.response.contentType]: { schema: z.string().meta({ format: 'binary' }) } } }
          : r.response.schema
            ? { content: { 'application/json': { schema: r.response.schema } } }
            : {}),
      },
    };
    for (const status of statuses) {
      responses[status] = {
        description: STANDARD_ERRORS[status] ?? 'Error',
        content: { 'application/json': { schema: ErrorBodySchema } },
      };
    }
    registry.registerPath({
      method: r.method,
      path: r.path.replace(/:(\w+)/g, '{$1}'),
      summary: r.summary,
      tags: [r.tag],
      ...(r.access === 'staff' ? { security: [{ session: [] }] } : {}),
      request: {
        ...(r.params ? { params: r.params as z.ZodObject } : {}),
        ...(r.query ? { query: r.query as z.ZodObject } : {}),
        ...(r.body
          ? {
              body: {
                content: {
                  'application/json': { schema: documented(r.body) },
                  ...(r.multipart
                    ? {
                        'multipart/form-data': {
                          schema: z.object({
                            [r.multipart.jsonField]: z.string().meta({ description: 'the JSON body as a string' }),
                            [r.multipart.fileField]: z
                              .array(z.string().meta({ format: 'binary' }))
                              .max(r.multipart.maxFiles),
                          }),
                        },
                      }
                    : {}),
                },
              },
            }
          : {}),
      },
      responses,
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Yishi 议事 API',
      version,
      description:
        'Every error has the body { "error": { "code", "message", "details"? } }; message is in the request’s language.',
    },
  });
}
