import type { InferShape, JsonSchema, ObjectSchema, Schema, SchemaIssue } from '@flowline/api-contract';
import type { Role } from '@flowline/storage';
import type { ApiDeps } from './api-deps.js';
import { fail, type ApiResponse } from './api-response.js';
import type { Permission } from './permissions.js';

/** Who is calling: the authenticated token, its workspace and role. */
export interface AuthContext {
  readonly workspaceId: string;
  readonly tokenId: string;
  readonly tokenName: string;
  readonly role: Role;
  /** How the caller is named in the audit log. */
  readonly actor: string;
}

/** The body of a route that takes bytes (a file) instead of JSON: read by its handler, as a stream. */
export interface RawBody {
  readonly stream: ReadableStream<Uint8Array> | null;
  /** The request's Content-Type header, as sent. */
  readonly contentType: string | undefined;
  /** The declared Content-Length, when it is a number (the handler still counts what it reads). */
  readonly contentLength: number | undefined;
}

/** What a route that takes bytes says about them, for the OpenAPI document. */
export interface RawBodySpec {
  readonly description: string;
  /** The largest body the route may accept, in bytes (its handler may accept less). */
  readonly maxBytes: number;
}

/** The parsed input a handler receives. */
export interface RouteInput<Q, B> {
  readonly auth: AuthContext;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Q;
  readonly body: B;
  /** The bytes of the request, for a route with `rawBody` (never read before the handler). */
  readonly raw: RawBody | undefined;
  readonly deps: ApiDeps;
}

/** HTTP methods used by the API. */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The raw input of a request before validation. */
export interface RawRouteInput {
  readonly auth: AuthContext;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  /** The parsed JSON body, or undefined when there was none. */
  readonly body: unknown;
  /** The request's bytes, for a route with `rawBody`. */
  readonly raw?: RawBody;
  readonly deps: ApiDeps;
}

/** A registered route: its place in the route table (method, path, permission, schemas) and its runner. */
export interface ApiRoute {
  readonly method: HttpMethod;
  /** OpenAPI-style path below `/api/v1`, e.g. `/flows/{flowId}`. */
  readonly path: string;
  readonly permission: Permission;
  readonly summary: string;
  readonly tag: string;
  readonly query: ObjectSchema<Record<string, Schema<unknown>>> | undefined;
  readonly body: Schema<unknown> | undefined;
  /** Set when the route takes bytes (a file) as its body instead of JSON. */
  readonly rawBody: RawBodySpec | undefined;
  readonly response: JsonSchema | undefined;
  /** The status of a successful answer. */
  readonly status: number;
  run(input: RawRouteInput): Promise<ApiResponse>;
}

type Shape = Record<string, Schema<unknown>>;

/** The definition of one route, typed by its query shape and body. */
export interface RouteDefinition<QS extends Shape, B> {
  readonly method: HttpMethod;
  readonly path: string;
  readonly permission: Permission;
  readonly summary: string;
  readonly tag: string;
  readonly query?: ObjectSchema<QS>;
  readonly body?: Schema<B>;
  /** The route takes bytes as its body (not JSON): the handler reads `raw`. A route has `body` or `rawBody`, not both. */
  readonly rawBody?: RawBodySpec;
  readonly response?: JsonSchema;
  readonly status?: number;
  handle(input: RouteInput<InferShape<QS>, B>): Promise<ApiResponse>;
}

/** Turns a typed route definition into a table entry that validates its input before calling the handler. */
export function defineRoute<QS extends Shape = Record<never, never>, B = undefined>(definition: RouteDefinition<QS, B>): ApiRoute {
  const { query, body } = definition;
  return {
    method: definition.method,
    path: definition.path,
    permission: definition.permission,
    summary: definition.summary,
    tag: definition.tag,
    query,
    body,
    rawBody: definition.rawBody,
    response: definition.response,
    status: definition.status ?? 200,
    async run(input) {
      const issues: Array<SchemaIssue & { in: 'query' | 'body' }> = [];
      const parsedQuery = query === undefined ? { ok: true as const, value: {} } : query.parse(input.query);
      if (!parsedQuery.ok) issues.push(...parsedQuery.issues.map((i) => ({ in: 'query' as const, ...i })));
      let parsedBody: { ok: true; value: B | undefined } | { ok: false } = { ok: true, value: undefined };
      if (body !== undefined) {
        if (input.body === undefined) {
          if (!('optional' in body && body.optional === true)) {
            issues.push({ in: 'body', pointer: '', message: 'a JSON body is required' });
            parsedBody = { ok: false };
          }
        } else {
          const r = body.parse(input.body);
          if (r.ok) parsedBody = r;
          else {
            parsedBody = { ok: false };
            issues.push(...r.issues.map((i) => ({ in: 'body' as const, ...i })));
          }
        }
      }
      if (issues.length > 0 || !parsedQuery.ok || !parsedBody.ok) {
        return fail(400, 'VALIDATION_FAILED', describeIssues(issues), { issues });
      }
      // Boundary: the query and body were parsed by the schemas they are typed by; a route without a
      // body schema is typed with B = undefined and receives undefined.
      return definition.handle({
        auth: input.auth,
        params: input.params,
        query: parsedQuery.value as InferShape<QS>,
        body: parsedBody.value as B,
        raw: input.raw,
        deps: input.deps,
      });
    },
  };
}

function describeIssues(issues: ReadonlyArray<SchemaIssue & { in: string }>): string {
  const first = issues[0];
  if (first === undefined) return 'invalid request';
  const where = `${first.in}${first.pointer === '' ? '' : ` ${first.pointer}`}`;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return `${where}: ${first.message}${more}`;
}
