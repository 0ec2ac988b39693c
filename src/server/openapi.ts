import { z } from 'zod';
import { MAX_JSON_BODY_BYTES } from './route.js';

/** The document's description: what every operation shares (errors, body limits, ids, lists). */
const API_DESCRIPTION = [
  'Sori (소리) Voice-of-Customer platform API. Errors are RFC 9457 problem+json with a stable `code`.',
  '',
  `Body limits: a JSON body is read up to ${MAX_JSON_BODY_BYTES / 1024 / 1024} MB (each operation's own limit: \`x-sori-max-body-bytes\`), ` +
    '16 KB for /auth/* (sign-in, setup, own password) and 5 MB for webhook receivers (POST /webhooks/{slug}); a file upload ' +
    '(multipart: /imports, /imports/preview, /imports/metrics) up to the server\'s SORI_MAX_UPLOAD_MB (GET /auth/me: limits.upload_bytes). ' +
    'A larger body is refused with 413 payload_too_large and `limit_bytes`, before it is read when its Content-Length says so.',
  '',
  'Ids: an item\'s, topic\'s, import run\'s, model\'s and cluster\'s id (and dup_group, topic_id) are strings of digits (bigints); ' +
    'a workspace\'s, user\'s, API token\'s and webhook receiver\'s id are JSON numbers. Instants are ISO 8601 in UTC; days YYYY-MM-DD in the workspace\'s time zone.',
  '',
  'Query parameters: a list is comma-separated (channel=chat,email); a parameter given twice or one the operation does not take is 400 validation_failed.',
].join('\n');

export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string; // Hono style: /items/:id
  summary: string;
  access: string;
  tag: string;
  /**
   * The operation's stable name in the document (a typed client's method name): camelCase, verb
   * first (listItems, getItem, ingestItems). Derived from the method and path when not given.
   */
  operationId?: string;
  body?: z.ZodType;
  query?: z.ZodType;
  /** Path parameters' schema (an object keyed by name). */
  params?: z.ZodType;
  bodyContentType?: string;
  /** The body as documented when `body` cannot say it (validated item by item, or a multipart upload's fields). */
  docBody?: z.ZodType;
  /** The largest JSON body the route reads (documented as x-sori-max-body-bytes). */
  maxBodyBytes?: number;
  responseDescription?: string;
  /** The status of a success the handler answers with a value (201 created, 202 started, 204 no body); 200 unless set. */
  status?: 200 | 201 | 202 | 204;
  /** The JSON body of the success answer (`status`): what the handler returns. */
  response?: z.ZodType;
  /** A success answer that is a file rather than JSON: its media types (text/csv, application/gzip …). */
  produces?: string[];
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

/** An instant as the API writes it (JSON of a Date: ISO 8601 in UTC, 2026-11-02T01:15:00.000Z). */
export const instantDoc = z.string().meta({ format: 'date-time', description: 'ISO 8601 instant in UTC' });
/** A calendar day, YYYY-MM-DD. */
export const dayDoc = z.string().meta({ format: 'date', description: 'YYYY-MM-DD' });
/** A bigint id as the API writes it: a string of decimal digits (JSON numbers cannot hold every bigint). */
export const bigIdDoc = z.string().regex(/^\d+$/).describe('id: a string of decimal digits (a bigint)');

/** The media types of a file download, as `produces` names them. */
export const CSV_TYPE = 'text/csv';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const NDJSON_TYPE = 'application/x-ndjson';
export const GZIP_TYPE = 'application/gzip';

/** A multipart upload: a `file` part plus these text fields. */
export function multipartDoc(fields: z.ZodObject): z.ZodType {
  return fields.extend({ file: z.string().meta({ format: 'binary', description: 'the file' }) });
}

const STATUS_TEXT = { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No content' } as const;

/** Where named schemas (`.meta({ id })`) live in the document. */
const COMPONENT_REF = '#/components/schemas/';

/**
 * A zod schema as JSON Schema. Named subschemas (`.meta({ id: 'Item' })`) go to `components`
 * (shared by every operation; a name given to two different schemas is an error) and are referred to.
 */
function jsonSchema(schema: z.ZodType, components?: Record<string, unknown>, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  let out: Record<string, unknown>;
  try {
    out = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  } catch {
    return {};
  }
  const { $schema: _s, $defs, ...rest } = out as { $schema?: string; $defs?: Record<string, unknown> };
  const refer = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(refer);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/') ? COMPONENT_REF + v.slice('#/$defs/'.length) : refer(v)]),
    );
  };
  for (const [name, def] of Object.entries($defs ?? {})) {
    if (!components) break;
    const resolved = refer(def);
    if (name in components && JSON.stringify(components[name]) !== JSON.stringify(resolved)) {
      throw new Error(`OpenAPI: two different schemas are named ${name}`);
    }
    components[name] = resolved;
  }
  return refer(rest) as Record<string, unknown>;
}

/** A route's default operationId: the method's verb and the path's words, camelCase (get /items/:id → getItemsById). */
export function defaultOperationId(method: string, path: string): string {
  const words = path
    .split('/')
    .filter(Boolean)
    .flatMap((part) => (part.startsWith(':') ? ['by', part.slice(1)] : part.split(/[^A-Za-z0-9]+/)))
    .filter(Boolean);
  return [method, ...words].map((w, i) => (i ? w[0]!.toUpperCase() + w.slice(1) : w.toLowerCase())).join('');
}

/** The body of a file download: bytes, or text for the textual ones. */
function fileSchema(contentType: string): Record<string, unknown> {
  return contentType.startsWith('text/') || contentType === NDJSON_TYPE ? { type: 'string' } : { type: 'string', format: 'binary' };
}

/** Builds the OpenAPI 3.1 document from the registered routes. */
export function buildOpenApi(routes: RouteDoc[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, unknown> = {};
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
      const schema = jsonSchema(r.query) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
      for (const [name, s] of Object.entries(schema.properties ?? {})) {
        // The description is the parameter's own (where a client's generator and a reader look), and stays on the schema too.
        params.push({ name, in: 'query', required: schema.required?.includes(name) ?? false, ...(typeof s.description === 'string' ? { description: s.description } : {}), schema: s });
      }
    }
    if (r.access !== 'public') params.push({ $ref: '#/components/parameters/workspace' }, { $ref: '#/components/parameters/workspaceHeader' });
    for (const [name, description] of Object.entries(r.headers ?? {})) params.push({ name, in: 'header', required: false, description, schema: { type: 'string' } });
    const body = r.docBody ?? r.body;
    const status = r.status ?? 200;
    const description = r.responseDescription ?? STATUS_TEXT[status];
    const success: Record<string, unknown> = r.responses
      ? Object.fromEntries(
          Object.entries(r.responses).map(([code, doc]) => [
            code,
            typeof doc === 'string'
              ? { description: doc }
              : { description: doc.description, content: { [doc.contentType ?? 'application/json']: { schema: jsonSchema(doc.schema, schemas, 'output') } } },
          ]),
        )
      : {
          [status]: r.response
            ? { description, content: { 'application/json': { schema: jsonSchema(r.response, schemas, 'output') } } }
            : r.produces
              ? { description, content: Object.fromEntries(r.produces.map((type) => [type, { schema: fileSchema(type) }])) }
              : { description },
        };
    const jsonBody = body && !r.bodyContentType?.startsWith('multipart/') && r.body && !(r as { rawBody?: boolean }).rawBody;
    paths[path] ??= {};
    paths[path][r.method] = {
      operationId: r.operationId ?? defaultOperationId(r.method, r.path),
      summary: r.summary,
      tags: [r.tag],
      'x-sori-access': r.access,
      // session and admin-session routes take a signed-in user's cookie only, never a token.
      security: r.access === 'public' ? [] : r.access === 'session' || r.access === 'admin-session' ? [{ sessionCookie: [] }] : [{ bearerToken: [] }, { sessionCookie: [] }],
      parameters: params.length ? params : undefined,
      requestBody: body ? { required: true, content: { [r.bodyContentType ?? 'application/json']: { schema: jsonSchema(body, schemas) } } } : undefined,
      'x-sori-max-body-bytes': jsonBody ? (r.maxBodyBytes ?? MAX_JSON_BODY_BYTES) : undefined,
      responses: {
        ...success,
        default: { description: 'Problem (RFC 9457)', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Sori API', version, description: API_DESCRIPTION },
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
        ...schemas,
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

/**
 * The documented JSON Schema of one answer, self-contained (the components it refers to under
 * `$defs`), to check a real answer against: null when the document gives that answer no body of
 * that media type (`application/json; charset=utf-8` is application/json).
 */
export function documentedResponseSchema(
  doc: Record<string, unknown>,
  method: string,
  path: string,
  status: string,
  contentType: string,
): Record<string, unknown> | null {
  const operation = (doc.paths as Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>)[path]?.[method.toLowerCase()];
  const content = operation?.responses[status]?.content;
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  const schema = content?.[mediaType]?.schema;
  if (!schema) return null;
  const components = ((doc.components as { schemas?: Record<string, unknown> }).schemas ?? {}) as Record<string, unknown>;
  const local = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(local);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith(COMPONENT_REF) ? `#/$defs/${v.slice(COMPONENT_REF.length)}` : local(v)]),
    );
  };
  return { ...(local(schema) as Record<string, unknown>), $defs: local(components) };
}
