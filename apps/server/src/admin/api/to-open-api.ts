import type { JsonSchema } from '@flowline/api-contract';
import { ROLES } from '@flowline/storage';
import type { ApiRoute } from './define-route.js';
import { isAllowed } from './permissions.js';

const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
    },
  },
};

const errorResponse = (description: string): JsonSchema => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

/** The OpenAPI 3.1 document of a route table: paths, parameters, bodies and the permission each route needs. */
export function toOpenApi(routes: readonly ApiRoute[]): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
    const query = route.query;
    const queryRequired = new Set(Array.isArray(query?.json['required']) ? (query.json['required'] as string[]) : []);
    const parameters = [
      ...pathParams.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      ...Object.entries(query?.shape ?? {}).map(([name, schema]) => ({
        name,
        in: 'query',
        required: queryRequired.has(name),
        schema: schema.json,
        ...(typeof schema.json['description'] === 'string' ? { description: schema.json['description'] } : {}),
      })),
    ];
    const roles = ROLES.filter((role) => isAllowed(role, route.permission));
    const operation: Record<string, unknown> = {
      operationId: toOperationId(route),
      summary: route.summary,
      tags: [route.tag],
      description: `Requires the \`${route.permission}\` permission (roles: ${roles.join(', ')}).`,
      'x-permission': route.permission,
      'x-roles': roles,
      parameters,
      responses: {
        [String(route.status)]: route.status === 204
          ? { description: 'done' }
          : { description: 'success', content: { 'application/json': { schema: route.response ?? {} } } },
        ...(route.body !== undefined || route.query !== undefined ? { '400': errorResponse('invalid input') } : {}),
        '401': errorResponse('missing, unknown or revoked token'),
        '403': errorResponse('the token\'s role lacks the permission'),
        ...(pathParams.length > 0 ? { '404': errorResponse('not found in the token\'s workspace') } : {}),
        ...(route.body !== undefined ? { '413': errorResponse('the body is larger than 4 MiB (counted while it is read)') } : {}),
        ...(route.rawBody !== undefined ? { '413': errorResponse(`the file is larger than the route accepts (at most ${route.rawBody.maxBytes} bytes; counted while it is read)`) } : {}),
        '429': errorResponse('too many failed authentications from this address; see Retry-After'),
      },
    };
    if (route.rawBody !== undefined) operation['requestBody'] = { required: true, description: route.rawBody.description, content: { '*/*': { schema: { type: 'string', format: 'binary' } } } };
    if (route.body !== undefined) operation['requestBody'] = { required: !('optional' in route.body && route.body.optional === true), content: { 'application/json': { schema: route.body.json } } };
    const entry = paths[route.path] ?? {};
    entry[route.method] = operation;
    paths[route.path] = entry;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Flowline admin API', version: '1', description: 'Every route is scoped to the workspace of the bearer token.' },
    servers: [{ url: '/api/v1' }],
    security: [{ bearerAuth: [] }],
    components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } }, schemas: { Error: ERROR_SCHEMA } },
    paths,
  };
}

function toOperationId(route: ApiRoute): string {
  const words = route.path.split('/').filter((s) => s !== '').map((s) => s.replace(/[{}]/g, '').replace(/-(\w)/g, (_m, c: string) => c.toUpperCase()));
  return [route.method, ...words.map((w) => w.charAt(0).toUpperCase() + w.slice(1))].join('');
}
