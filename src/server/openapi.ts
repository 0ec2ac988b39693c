import { z } from 'zod';

export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string; // Hono style: /items/:id
  summary: string;
  access: string;
  tag: string;
  body?: z.ZodType;
  query?: z.ZodType;
  /** Path parameters' schema (an object keyed by name). */
  params?: z.ZodType;
  bodyContentType?: string;
  /** The body as documented when `body` cannot say it (validated item by item, or a multipart upload's fields). */
  docBody?: z.ZodType;
  responseDescription?: string;
  /** The status of a success the handler answers with a value (201 created, 202 started, 204 no body); 200 unless set. */
  status?: 200 | 201 | 202 | 204;
  /**
   * A route with several statuses (207 partial, 422 every item refused), each with what it means,
   * and optionally the body's schema (JSON, or problem+json for a 4xx).
   */
  responses?: Record<string, string | ResponseDoc>;
  /** Request headers the route reads (a webhook's signature). */
  headers?: Record<string, string>;
}

/** One documented answer: what it means and the shape of its body. */
export interface ResponseDoc {
  description: string;
  schema: z.ZodType;
  contentType?: string;
}

/** A multipart upload: a `file` part plus these text fields. */
export function multipartDoc(fields: z.ZodObject): z.ZodType {
  return fields.extend({ file: z.string().meta({ format: 'binary', description: 'the file' }) });
}

const STATUS_TEXT = { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No content' } as const;

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
    const pathSchemas = (r.params ? jsonSchema(r.params) : {}) as { properties?: Record<string, unknown> };
    const params: unknown[] = [...path.matchAll(/\{([a-zA-Z_]+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: pathSchemas.properties?.[m[1]] ?? { type: 'string' },
    }));
    if (r.query) {
      const schema = jsonSchema(r.query) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(schema.properties ?? {})) {
        params.push({ name, in: 'query', required: schema.required?.includes(name) ?? false, schema: s });
      }
    }
    if (r.access !== 'public') params.push({ $ref: '#/components/parameters/workspace' }, { $ref: '#/components/parameters/workspaceHeader' });
    for (const [name, description] of Object.entries(r.headers ?? {})) params.push({ name, in: 'header', required: false, description, schema: { type: 'string' } });
    const body = r.docBody ?? r.body;
    const status = r.status ?? 200;
    const success = r.responses ?? { [status]: r.responseDescription ?? STATUS_TEXT[status] };
    paths[path] ??= {};
    paths[path][r.method] = {
      summary: r.summary,
      tags: [r.tag],
      'x-sori-access': r.access,
      // session and admin-session routes take a signed-in user's cookie only, never a token.
      security: r.access === 'public' ? [] : r.access === 'session' || r.access === 'admin-session' ? [{ sessionCookie: [] }] : [{ bearerToken: [] }, { sessionCookie: [] }],
      parameters: params.length ? params : undefined,
      requestBody: body ? { required: true, content: { [r.bodyContentType ?? 'application/json']: { schema: jsonSchema(body) } } } : undefined,
      responses: {
        ...Object.fromEntries(
          Object.entries(success).map(([status, doc]) => [
            status,
            typeof doc === 'string'
              ? { description: doc }
              : { description: doc.description, content: { [doc.contentType ?? 'application/json']: { schema: jsonSchema(doc.schema) } } },
          ]),
        ),
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
      parameters: {
        workspace: { name: 'workspace', in: 'query', required: false, description: "the workspace's slug (default: default; an API token works on its own workspace only)", schema: { type: 'string' } },
        workspaceHeader: { name: 'X-Sori-Workspace', in: 'header', required: false, description: 'the same as ?workspace=', schema: { type: 'string' } },
      },
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'API token (scopes: ingest, read, admin)' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'sori_session', description: 'the dashboard\'s session; named __Host-sori_session when the cookie is Secure (https)' },
      },
      schemas: {
        Problem: {
          type: 'object',
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            code: { type: 'string', description: 'stable error code, e.g. validation_failed, invalid_json, unsupported_media_type, payload_too_large, not_found' },
            errors: {
              type: 'array',
              description: 'what was wrong, one entry per field (validation_failed) or per item (items_rejected, with its index)',
              items: {
                type: 'object',
                properties: { index: { type: 'integer' }, field: { type: ['string', 'null'] }, code: { type: 'string' }, message: { type: 'string' } },
                required: ['field', 'message'],
              },
            },
          },
          required: ['type', 'title', 'status', 'code'],
        },
      },
    },
  };
}
