import { Body, Controller, Get, Post } from '@nestjs/common';
import { IsEmail, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

import { DomainError, ErrorCode } from '../../src/common/errors/domain-error';
import { startTestApp, TestApp } from '../support/test-app';

class ProbeInput {
  @IsString()
  name!: string;

  @IsInt()
  @Min(1)
  @Max(10)
  copies!: number;

  @IsOptional()
  @IsEmail()
  email?: string;
}

/** Stands in for the feature controllers to come: the pipe, filter and shape are global. */
@Controller('api/v1/test-shell')
class ShellProbeController {
  @Post()
  accept(@Body() input: ProbeInput): { received: ProbeInput } {
    return { received: input };
  }

  @Get('boom')
  fail(): never {
    throw new Error('secret internal detail: connection string postgres://x');
  }

  @Get('conflict')
  conflict(): never {
    throw new DomainError(ErrorCode.Conflict, 'Planen har ändrats av någon annan.');
  }
}

@Controller('test-shell-page')
class ShellPageController {
  @Get('boom')
  fail(): never {
    throw new Error('secret internal detail');
  }
}

describe('HTTP shell (pages, API errors, OpenAPI, health)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({
      extra: { controllers: [ShellProbeController, ShellPageController] },
    });
  });

  afterAll(() => testApp.close());

  it('serves the Swedish start page with the municipality’s name', async () => {
    const response = await testApp.http().get('/').expect(200);

    expect(response.type).toBe('text/html');
    expect(response.text).toContain('<html lang="sv">');
    expect(response.text).toContain('Lerums kommun');
    expect(response.text).toContain('<h1>IUP och allmänna handlingar</h1>');
  });

  it('answers an unknown page with the Swedish 404 page', async () => {
    const response = await testApp.http().get('/finns-inte').set('Accept', 'text/html').expect(404);

    expect(response.text).toContain('<h1>Sidan finns inte</h1>');
    expect(response.text).toContain(response.headers['x-request-id']);
  });

  it('answers a failing page with the Swedish 500 page and no internal detail', async () => {
    const response = await testApp
      .http()
      .get('/test-shell-page/boom')
      .set('Accept', 'text/html')
      .expect(500);

    expect(response.text).toContain('Något gick fel');
    expect(response.text).not.toContain('secret internal detail');
  });

  it('answers an unknown API route with the stable JSON error shape', async () => {
    const response = await testApp.http().get('/api/v1/finns-inte').expect(404);

    expect(response.body).toEqual({
      error: {
        status: 404,
        code: 'NOT_FOUND',
        message: 'Sidan eller uppgiften finns inte.',
        fields: [],
        requestId: response.headers['x-request-id'],
      },
    });
  });

  it('accepts a valid body and converts its types', async () => {
    const response = await testApp
      .http()
      .post('/api/v1/test-shell')
      .send({ name: 'Ada', copies: 2 })
      .expect(201);

    expect(response.body).toEqual({ received: { name: 'Ada', copies: 2 } });
  });

  it('refuses unknown fields and wrong values field by field, in Swedish', async () => {
    const response = await testApp
      .http()
      .post('/api/v1/test-shell')
      .send({ name: 42, copies: 11, email: 'inte-en-adress', isAdmin: true })
      .expect(400);

    expect(response.body.error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(response.body.error.fields).toEqual(
      expect.arrayContaining([
        { field: 'isAdmin', problems: ['är inte ett tillåtet fält'] },
        { field: 'name', problems: ['måste vara text'] },
        { field: 'copies', problems: ['är för stort'] },
        { field: 'email', problems: ['måste vara en giltig e-postadress'] },
      ]),
    );
  });

  it('answers malformed JSON with 400 in the same shape, with a request id', async () => {
    const response = await testApp
      .http()
      .post('/api/v1/test-shell')
      .set('Content-Type', 'application/json')
      .send('{"name": ')
      .expect(400);

    expect(response.body.error).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      fields: [],
    });
    expect(response.body.error.requestId).toBe(response.headers['x-request-id']);
  });

  it('answers an oversized body with 413 in the same shape', async () => {
    const response = await testApp
      .http()
      .post('/api/v1/test-shell')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024), copies: 1 }))
      .expect(413);

    expect(response.body.error).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('maps a domain error to its status with its own Swedish message', async () => {
    const response = await testApp.http().get('/api/v1/test-shell/conflict').expect(409);

    expect(response.body.error).toMatchObject({
      code: 'CONFLICT',
      message: 'Planen har ändrats av någon annan.',
    });
  });

  it('hides an unexpected failure behind a generic 500', async () => {
    const response = await testApp.http().get('/api/v1/test-shell/boom').expect(500);

    expect(response.body.error).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
    expect(JSON.stringify(response.body)).not.toContain('secret');
  });

  it('keeps a well-formed request id from the proxy and replaces a malformed one', async () => {
    const kept = await testApp.http().get('/health/live').set('X-Request-Id', 'proxy-1234-abcd');
    const replaced = await testApp.http().get('/health/live').set('X-Request-Id', '<script>');

    expect(kept.headers['x-request-id']).toBe('proxy-1234-abcd');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports liveness and readiness with the database and queue checked', async () => {
    await testApp
      .http()
      .get('/health/live')
      .expect(200, { status: 'ok', info: {}, error: {}, details: {} });
    const ready = await testApp.http().get('/health/ready').expect(200);

    expect(ready.body.status).toBe('ok');
    expect(ready.body.details).toEqual({
      database: { status: 'up' },
      queue: { status: 'up', backend: 'postgres' },
    });
  });

  it('serves the OpenAPI description and its UI', async () => {
    const document = await testApp.http().get('/api/docs/openapi.json').expect(200);
    await testApp.http().get('/api/docs').expect(200).expect('Content-Type', /html/);

    const description = document.body as { openapi: string; paths: Record<string, unknown> };
    expect(description.openapi).toMatch(/^3\./);
    expect(Object.keys(description.paths)).toEqual(
      expect.arrayContaining(['/health/live', '/health/ready']),
    );
  });

  it('serves static assets and sends security headers', async () => {
    const response = await testApp.http().get('/static/css/app.css').expect(200);

    expect(response.type).toBe('text/css');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['strict-transport-security']).toContain('max-age=');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });
});
