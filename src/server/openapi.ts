import { z } from 'zod';

export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string; // Hono style: /items/:id
  summary: string;
  access: string;
  tag: string;
  body?: z.ZodType;
  query?: z.ZodType;
  bodyContentType?: string;
  responseDescription?: string;
}

function jsonSchema(schema: z.ZodType): unknown {
  try {
    return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  } catch {
    return {};
  }
}

/** Builds the OpenAPI 3.1 document from the registered routes. */
export function buildOpenApi(routes: RouteDoc[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = `/api/v1${r.path}`.replace(/:([a-zA-Z_]+)/g, '{$1}');
    const params: unknown[] = [...path.matchAll(/\{([a-zA-Z_]+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (r.query) {
      const schema = jsonSchema(r.query) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(schema.properties ?? {})) {
        params.push({ name, in: 'query', required: schema.required?.includes(name) ?? false, schema: s });
      }
    }
    paths[path] ??= {};
    paths[path][r.method] = {
      summary: r.summary,
      tags: [r.tag],
      'x-sori-access': r.access,
      security: r.access === 'public' ? [] : [{ bearerToken: [] }, { sessionCookie: [] }],
      parameters: params.length ? params : undefined,
      requestBody: r.body
        ? { required: true, content: { [r.bodyContentType ?? 'application/json']: { schema: jsonSchema(r.body) } } }
        : undefined,
      responses: {
        '200': { description: r.responseDescription ?? 'OK' },
        default: { description: 'Problem (RFC 9457)', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Sori API', version, description: 'Sori (소리) Voice-of-Customer platform API. Errors are RFC 9457 problem+json with a stable `code`.' },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'API token (scopes: ingest, read, admin)' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'sori_session' },
      },
      schemas: {
        Problem: {
          type: 'object',
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            code: { type: 'string' },
          },
          required: ['type', 'title', 'status', 'code'],
        },
      },
    },
  };
}
