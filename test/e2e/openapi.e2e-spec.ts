import Ajv, { type ValidateFunction } from 'ajv';
import type TestAgent from 'supertest/lib/agent';

import { SESSION_SECURITY_SCHEME } from '../../src/auth/access.guard';
import { SESSION_COOKIE } from '../../src/auth/http-session';
import { ErrorCode } from '../../src/common/errors/domain-error';
import { buildApiDocument } from '../../src/http-app';
import { DemoWorld, query, startDemoWorld } from '../support/demo-world';
import { fileRequestFor } from '../support/requests';
import { startTestApp } from '../support/test-app';

type Json = Record<string, unknown>;

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly operation: {
    readonly responses: Record<string, Json>;
    readonly security?: Record<string, unknown>[];
    readonly parameters?: Json[];
  };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const WRITES = ['put', 'post', 'delete', 'patch'];
const ERROR_REF = '#/components/schemas/ErrorResponse';

function operationsOf(document: Json): Operation[] {
  return Object.entries(document.paths as Record<string, Json>).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({
      method,
      path,
      operation: item[method] as Operation['operation'],
    })),
  );
}

/** Every `$ref` in the document, with where it stands. */
function refsOf(value: unknown, at = '#'): { at: string; ref: string }[] {
  if (Array.isArray(value)) {
    return value.flatMap((each, index) => refsOf(each, `${at}/${index}`));
  }
  if (value === null || typeof value !== 'object') {
    return [];
  }
  return Object.entries(value as Json).flatMap(([key, each]) =>
    key === '$ref' && typeof each === 'string'
      ? [{ at, ref: each }]
      : refsOf(each, `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`),
  );
}

function resolvePointer(document: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) {
    return undefined;
  }
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>(
      (node, part) =>
        node !== null && typeof node === 'object' ? (node as Json)[part] : undefined,
      document,
    );
}

/**
 * The shape of an OpenAPI 3.0 document, as far as this API uses it: no
 * OpenAPI meta-schema is at hand (and none may be vendored), so this checks
 * the structure the specification requires of each part, and the test below
 * that every `$ref` resolves.
 */
const OPENAPI_3_0_STRUCTURE = {
  type: 'object',
  required: ['openapi', 'info', 'paths'],
  properties: {
    openapi: { type: 'string', pattern: '^3\\.0\\.\\d+$' },
    info: {
      type: 'object',
      required: ['title', 'version'],
      properties: { title: { type: 'string' }, version: { type: 'string' } },
    },
    paths: {
      type: 'object',
      propertyNames: { pattern: '^/' },
      additionalProperties: {
        type: 'object',
        propertyNames: {
          enum: [...METHODS, 'trace', 'parameters', 'summary', 'description', 'servers', '$ref'],
        },
        additionalProperties: { $ref: '#/definitions/operation' },
      },
    },
    components: {
      type: 'object',
      properties: {
        schemas: { type: 'object', additionalProperties: { type: 'object' } },
        securitySchemes: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            required: ['type'],
            properties: {
              type: { enum: ['apiKey', 'http', 'oauth2', 'openIdConnect'] },
              in: { enum: ['query', 'header', 'cookie'] },
            },
            if: { properties: { type: { const: 'apiKey' } } },
            then: { required: ['name', 'in'] },
          },
        },
      },
    },
    security: { type: 'array', items: { type: 'object' } },
    tags: { type: 'array', items: { type: 'object', required: ['name'] } },
  },
  definitions: {
    operation: {
      type: 'object',
      required: ['responses'],
      properties: {
        operationId: { type: 'string' },
        tags: { type: 'array', items: { type: 'string' } },
        parameters: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'in'],
            properties: {
              name: { type: 'string' },
              in: { enum: ['query', 'header', 'path', 'cookie'] },
              required: { type: 'boolean' },
            },
            if: { properties: { in: { const: 'path' } } },
            then: { required: ['required'], properties: { required: { const: true } } },
          },
        },
        requestBody: {
          type: 'object',
          required: ['content'],
          properties: { content: { $ref: '#/definitions/content' } },
        },
        responses: {
          type: 'object',
          minProperties: 1,
          propertyNames: { pattern: '^([1-5](\\d\\d|XX)|default)$' },
          additionalProperties: {
            type: 'object',
            required: ['description'],
            properties: {
              description: { type: 'string' },
              headers: {
                type: 'object',
                additionalProperties: {
                  type: 'object',
                  required: ['schema'],
                  properties: { schema: { type: 'object' } },
                },
              },
              content: { $ref: '#/definitions/content' },
            },
          },
        },
        security: { type: 'array', items: { type: 'object' } },
      },
    },
    content: {
      type: 'object',
      propertyNames: { pattern: '^[a-z*]+/[a-z0-9.+*-]+$' },
      additionalProperties: {
        type: 'object',
        properties: { schema: { type: 'object' } },
      },
    },
  },
};

/**
 * An OpenAPI 3.0 schema object as JSON Schema: `nullable: true` allows null
 * besides what the rest allows (as OpenAPI tools read it: for a `$ref` in
 * `allOf`, and for an `enum` that does not list null).
 */
function asJsonSchema(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(asJsonSchema);
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const { nullable, ...rest } = value as Json;
  const converted = Object.fromEntries(
    Object.entries(rest).map(([key, each]) => [key, asJsonSchema(each)]),
  );
  return nullable === true ? { anyOf: [{ type: 'null' }, converted] } : converted;
}

/** A validator of the document's schema `name`. */
function schemaValidator(document: Json, name: string): ValidateFunction {
  const definitions = asJsonSchema(
    JSON.parse(
      JSON.stringify((document.components as Json).schemas).replaceAll(
        '#/components/schemas/',
        '#/definitions/',
      ),
    ),
  ) as Json;
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  return ajv.compile({ definitions, $ref: `#/definitions/${name}` });
}

describe('the OpenAPI description', () => {
  let world: DemoWorld;
  let document: Json;
  let operations: Operation[];

  beforeAll(async () => {
    world = await startDemoWorld({ withPlans: true });
    document = (await world.testApp.http().get('/api/docs/openapi.json').expect(200)).body as Json;
    operations = operationsOf(document);
  });

  afterAll(() => world.close());

  it('is the one the app builds, and a structurally valid OpenAPI 3.0 document', () => {
    expect(document).toEqual(JSON.parse(JSON.stringify(buildApiDocument(world.testApp.app))));
    const ajv = new Ajv({ strict: false, allErrors: true });
    const valid = ajv.validate(OPENAPI_3_0_STRUCTURE, document);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(operations.length).toBeGreaterThan(60);
  });

  it('resolves every $ref', () => {
    const refs = refsOf(document);
    expect(refs.length).toBeGreaterThan(100);
    const dangling = refs.filter(({ ref }) => resolvePointer(document, ref) === undefined);
    expect(dangling).toEqual([]);
  });

  it('holds the API and nothing else: no page routes', () => {
    const paths = Object.keys(document.paths as Json);
    expect(paths.filter((path) => !/^\/(api\/v1|health)\//.test(path))).toEqual([]);
  });

  it('gives every operation its 2xx answer with a schema (204: none)', () => {
    const missing = operations.flatMap(({ method, path, operation }) => {
      const successes = Object.entries(operation.responses).filter(([status]) => /^2/.test(status));
      if (successes.length === 0) {
        return [`${method.toUpperCase()} ${path}: no 2xx response`];
      }
      return successes.flatMap(([status, response]) => {
        if (status === '204') {
          return response.content ? [`${method.toUpperCase()} ${path}: 204 with a body`] : [];
        }
        const content = (response.content ?? {}) as Record<string, { schema?: Json }>;
        const schemas = Object.values(content).map((media) => media.schema);
        return schemas.length > 0 && schemas.every((schema) => schema && Object.keys(schema).length)
          ? []
          : [`${method.toUpperCase()} ${path}: ${status} without a schema`];
      });
    });
    expect(missing).toEqual([]);
  });

  it('documents every operation’s errors as the one ErrorResponse schema', () => {
    const problems = operations.flatMap(({ method, path, operation }) => {
      const name = `${method.toUpperCase()} ${path}`;
      const errors = Object.entries(operation.responses).filter(([status]) => /^[45]/.test(status));
      const found: string[] = [];
      if (!errors.some(([status]) => status.startsWith('4')) && !path.startsWith('/health/')) {
        found.push(`${name}: no 4xx response`);
      }
      for (const [status, response] of errors) {
        const schema = (response.content as Record<string, { schema?: Json }> | undefined)?.[
          'application/json'
        ]?.schema;
        // Terminus answers an unhealthy dependency with its own report (documented by it).
        const isHealthReport = path.startsWith('/health/') && status === '503';
        if (!isHealthReport && schema?.$ref !== ERROR_REF) {
          found.push(`${name}: ${status} is not the ErrorResponse`);
        }
        if (status === '429' && !(response.headers as Json | undefined)?.['Retry-After']) {
          found.push(`${name}: 429 without Retry-After`);
        }
      }
      const has = (status: string) => status in operation.responses;
      if (WRITES.includes(method) && !(has('400') && has('403'))) {
        found.push(`${name}: a write without 400 and 403 (middleware)`);
      }
      if (path.includes('{') && !has('404')) {
        found.push(`${name}: a path parameter and no 404`);
      }
      const secured = (operation.security ?? []).some((each) => SESSION_SECURITY_SCHEME in each);
      if (secured && !has('401')) {
        found.push(`${name}: needs a session and documents no 401`);
      }
      return found;
    });
    expect(problems).toEqual([]);

    const error = (document.components as { schemas: Record<string, Json> }).schemas;
    expect(error.ErrorResponse).toBeDefined();
    const detail = resolvePointer(
      document,
      String(((error.ErrorResponse?.properties as Json).error as Json).$ref),
    ) as { properties: Record<string, Json>; required: string[] };
    expect(Object.keys(detail.properties)).toEqual([
      'status',
      'code',
      'message',
      'fields',
      'requestId',
    ]);
    const code = detail.properties.code as { $ref?: string; allOf?: { $ref: string }[] };
    const codes = resolvePointer(document, code.$ref ?? code.allOf?.[0]?.$ref ?? '') as {
      enum: string[];
    };
    expect([...codes.enum].sort()).toEqual([...Object.values(ErrorCode)].sort());
  });

  it('names the session cookie as the security scheme of every operation that needs a session', () => {
    const schemes = (document.components as { securitySchemes: Record<string, Json> })
      .securitySchemes;
    expect(schemes[SESSION_SECURITY_SCHEME]).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: SESSION_COOKIE,
    });
    const securedOf = (method: string, path: string) =>
      operations
        .find((each) => each.method === method && each.path === path)
        ?.operation.security?.some((each) => SESSION_SECURITY_SCHEME in each) ?? false;
    expect(securedOf('get', '/api/v1/me')).toBe(true);
    expect(securedOf('post', '/api/v1/records-requests/as-guardian/{pupilId}')).toBe(true);
    expect(securedOf('get', '/api/v1/records-requests/{id}')).toBe(true);
    expect(securedOf('get', '/api/v1/plans/{planId}')).toBe(true);
    expect(securedOf('post', '/api/v1/records-requests')).toBe(false);
    expect(securedOf('post', '/api/v1/auth/login')).toBe(false);
  });

  it('describes the Idempotency-Key header on every filing route', () => {
    const filing = [
      '/api/v1/records-requests',
      '/api/v1/records-requests/as-guardian/{pupilId}',
      '/api/v1/records-requests/registered',
      '/api/v1/records-requests/forwarded',
    ];
    for (const path of filing) {
      const operation = operations.find((each) => each.method === 'post' && each.path === path);
      expect(operation?.operation.parameters).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ in: 'header', name: 'Idempotency-Key', required: false }),
        ]),
      );
      expect(Object.keys(operation?.operation.responses ?? {})).toEqual(
        expect.arrayContaining(['201', '409', '422']),
      );
    }
  });

  /*
   * The schemas say what the service answers: real answers, validated against
   * the document's own schemas (so a DTO that drifts from the view fails here).
   */
  describe('matches what the service answers', () => {
    let reviewer: TestAgent;
    let requestId: string;
    let receiptCode: string;

    beforeAll(async () => {
      reviewer = await world.signIn('granskare');
      const filed = await fileRequestFor(world, 'demo:person:pupil-4-1');
      requestId = filed.id;
      receiptCode = filed.receiptCode;
    });

    const expectValid = (name: string, body: unknown) => {
      const validate = schemaValidator(document, name);
      validate(body);
      expect({ name, errors: validate.errors ?? [] }).toEqual({ name, errors: [] });
    };

    it('the requester’s answers', async () => {
      const filed = await world.testApp
        .http()
        .post('/api/v1/records-requests')
        .send({ description: 'Planerna.', delivery: 'paper', postalAddress: 'Storgatan 1' })
        .expect(201);
      expectValid('FiledRequestDto', filed.body);
      const status = await world.testApp
        .http()
        .get('/api/v1/records-requests/status')
        .set('X-Receipt-Code', receiptCode)
        .expect(200);
      expectValid('PublicRequestStatusDto', status.body);
    });

    it('the reviewer’s answers', async () => {
      const detail = await reviewer.get(`/api/v1/records-requests/${requestId}`).expect(200);
      expectValid('RequestDetailDto', detail.body);
      const items = (detail.body as { items: { id: string; kind: string }[] }).items;
      const record = items.find((item) => item.kind === 'record');
      expect(record).toBeDefined();
      const review = await reviewer
        .get(`/api/v1/records-requests/${requestId}/items/${record?.id}/review`)
        .expect(200);
      expect((review.body as { document: unknown }).document).not.toBeNull();
      expectValid('RequestItemReviewDto', review.body);
      expectValid('RequestQueuePageDto', (await reviewer.get('/api/v1/records-requests')).body);
      expectValid(
        'RequestReportDto',
        (await reviewer.get('/api/v1/records-requests/reports')).body,
      );
      const notices = await reviewer.get('/api/v1/records-requests/notifications').expect(200);
      for (const notice of notices.body as unknown[]) {
        expectValid('RequestNoticeDto', notice);
      }
    });

    it('the signed-in user, plans and the archivist', async () => {
      const guardian = await world.signIn('vardnadshavare');
      const me = await guardian.get('/api/v1/me').expect(200);
      expectValid('MeDto', me.body);
      const [plan] = await query(
        world.testApp,
        `select p.id, p.established_version from plan p join person pe on pe.id = p.pupil_id
          where pe.external_id = 'demo:person:pupil-4-1' and p.established_version > 0`,
      );
      const mentor = await world.signIn('mentor');
      const planId = String(plan?.id);
      expectValid('PlanViewDto', (await mentor.get(`/api/v1/plans/${planId}`).expect(200)).body);
      const pupilId = await world.personId('demo:person:pupil-4-1');
      const plans = await mentor.get(`/api/v1/pupils/${pupilId}/plans`).expect(200);
      for (const summary of plans.body as unknown[]) {
        expectValid('PlanSummaryDto', summary);
      }
      const version = await mentor
        .get(`/api/v1/plans/${planId}/versions/${String(plan?.established_version)}`)
        .expect(200);
      expectValid('PlanVersionViewDto', version.body);
      const archivist = await world.signIn('arkivarie');
      expectValid(
        'RetentionOverviewDto',
        (await archivist.get('/api/v1/retention').expect(200)).body,
      );
      const admin = await world.signIn('admin');
      for (const account of (await admin.get('/api/v1/accounts?search=a').expect(200))
        .body as unknown[]) {
        expectValid('AccountSummaryDto', account);
      }
    });

    it('the errors', async () => {
      const invalid = await world.testApp
        .http()
        .post('/api/v1/records-requests')
        .send({ delivery: 'pigeon' })
        .expect(400);
      expectValid('ErrorResponse', invalid.body);
      const missing = await reviewer.get(`/api/v1/records-requests/${requestId}x`).expect(404);
      expectValid('ErrorResponse', missing.body);
      const anonymous = await world.testApp.http().get('/api/v1/me').expect(401);
      expectValid('ErrorResponse', anonymous.body);
    });
  });
});

describe('429 answers carry Retry-After', () => {
  it('intake and login, as the limiters count', async () => {
    const testApp = await startTestApp({
      env: { INTAKE_RATE_LIMIT: '2', LOGIN_RATE_LIMIT: '2' },
    });
    try {
      const file = () =>
        testApp
          .http()
          .post('/api/v1/records-requests')
          .send({ description: 'Planerna.', delivery: 'electronic' });
      await file().expect(201);
      await file().expect(201);
      const limited = await file().expect(429);
      expect((limited.body as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
      const intakeWait = Number(limited.headers['retry-after']);
      expect(Number.isInteger(intakeWait)).toBe(true);
      expect(intakeWait).toBeGreaterThan(0);
      expect(intakeWait).toBeLessThanOrEqual(3600);

      let login = await testApp
        .http()
        .post('/api/v1/auth/login')
        .send({ username: 'ingen', password: 'fel-lösenord-1' });
      for (let attempt = 2; login.status !== 429 && attempt <= 30; attempt += 1) {
        expect(login.status).toBe(401);
        login = await testApp
          .http()
          .post('/api/v1/auth/login')
          .send({ username: `ingen-${attempt}`, password: `fel-lösenord-${attempt}` });
      }
      expect(login.status).toBe(429);
      const loginWait = Number(login.headers['retry-after']);
      expect(Number.isInteger(loginWait)).toBe(true);
      expect(loginWait).toBeGreaterThan(0);
    } finally {
      await testApp.close();
    }
  });
});
