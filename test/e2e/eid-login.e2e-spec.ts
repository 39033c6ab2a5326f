import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';

import { DemoWorld, query, startDemoWorld } from '../support/demo-world';
import { freePort } from '../support/service-process';

const CLIENT_ID = 'iup-records';
const CLIENT_SECRET = 'en-hemlighet-som-bara-testerna-kanner';
const CODE_TTL_SECONDS = 2;

/** Starts the test provider and waits for the issuer it prints. */
async function startProvider(
  redirectUri: string,
): Promise<{ child: ChildProcess; issuer: string }> {
  const child = spawn(
    process.execPath,
    [
      join(__dirname, '..', 'support', 'oidc-provider.mjs'),
      CLIENT_ID,
      CLIENT_SECRET,
      redirectUri,
      String(CODE_TTL_SECONDS),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`oidc-provider exited with ${code}`)));
  });
  return { child, issuer: (JSON.parse(line) as { issuer: string }).issuer };
}

describe('e-legitimation (OpenID Connect with PKCE) against a real provider', () => {
  let world: DemoWorld;
  let provider: { child: ChildProcess; issuer: string };
  let baseUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    provider = await startProvider(`${baseUrl}/logga-in/bankid/callback`);
    world = await startDemoWorld({
      env: {
        PUBLIC_BASE_URL: baseUrl,
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: CLIENT_ID,
        OIDC_CLIENT_SECRET: CLIENT_SECRET,
        OIDC_ACR_VALUES: 'urn:grn:authn:se:bankid:same-device',
      },
    });
    await world.testApp.app.listen(port, '127.0.0.1');
  });

  afterAll(async () => {
    provider?.child.kill('SIGTERM');
    await world?.close();
  });

  const civicNumberOf = async (externalId: string): Promise<string> => {
    const [row] = await query(world.testApp, 'select civic_no from person where external_id = $1', [
      externalId,
    ]);
    return String(row?.civic_no);
  };

  /** Starts a login in the app and returns the broker URL it sends the person to. */
  const startLogin = async (agent: TestAgent, next = '/mina-barn'): Promise<URL> => {
    const response = await agent
      .get(`/logga-in/bankid?nasta=${encodeURIComponent(next)}`)
      .expect(303);
    return new URL(response.headers.location);
  };

  /** The person identifies themselves at the broker; returns the callback path into the app. */
  const identifyAtBroker = async (authorizationUrl: URL, civicNumber: string): Promise<string> => {
    const cookies = new Map<string, string>();
    authorizationUrl.searchParams.set('login_hint', civicNumber);
    let next = authorizationUrl.toString();
    for (let hop = 0; hop < 10; hop += 1) {
      const response = await fetch(next, {
        redirect: 'manual',
        headers: {
          cookie: [...cookies.entries()].map(([name, value]) => `${name}=${value}`).join('; '),
        },
      });
      for (const cookie of response.headers.getSetCookie()) {
        const [pair] = cookie.split(';');
        const [name, ...value] = pair.split('=');
        cookies.set(name, value.join('='));
      }
      const location = response.headers.get('location');
      if (!location) {
        throw new Error(
          `The provider stopped at ${next} with ${response.status}: ${await response.text()}`,
        );
      }
      const target = new URL(location, next);
      if (target.origin === baseUrl) {
        return `${target.pathname}${target.search}`;
      }
      next = target.toString();
    }
    throw new Error('Too many redirects at the provider');
  };

  it('signs a guardian in with the broker’s personal identity number claim', async () => {
    const agent = request.agent(world.testApp.app.getHttpServer());
    const authorizationUrl = await startLogin(agent);

    expect(authorizationUrl.origin).toBe(provider.issuer);
    expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizationUrl.searchParams.get('acr_values')).toBe(
      'urn:grn:authn:se:bankid:same-device',
    );
    expect(authorizationUrl.searchParams.get('state')).toBeTruthy();
    expect(authorizationUrl.searchParams.get('nonce')).toBeTruthy();

    const callback = await identifyAtBroker(
      authorizationUrl,
      await civicNumberOf('demo:person:guardian-shared'),
    );
    await agent.get(callback).expect(303).expect('Location', '/mina-barn');

    const me = await agent.get('/api/v1/me').expect(200);
    expect(me.body.roles).toEqual(['guardian']);
    expect(me.body.pupils).toHaveLength(2);
    const audited = await query(
      world.testApp,
      "select details from audit_entry where action = 'auth.login.succeeded' and details->>'method' = 'eid'",
    );
    expect(audited).toHaveLength(1);
  });

  it('refuses an unknown personal identity number in Swedish and creates no account', async () => {
    const [before] = await query(world.testApp, 'select count(*)::int as count from account');
    const agent = request.agent(world.testApp.app.getHttpServer());

    const callback = await identifyAtBroker(await startLogin(agent), '191212121212');
    const refused = await agent.get(callback).expect(401);

    expect(refused.text).toContain('Vi hittar inget konto för ditt personnummer.');
    await agent.get('/api/v1/me').expect(401);
    const [after] = await query(world.testApp, 'select count(*)::int as count from account');
    expect(after?.count).toBe(before?.count);
    const audited = await query(
      world.testApp,
      "select 1 from audit_entry where action = 'auth.login.failed' and details->>'reason' = 'unknown-civic-number'",
    );
    expect(audited).toHaveLength(1);
  });

  it('refuses staff without custody, and pupils where the municipality does not allow them', async () => {
    for (const externalId of ['demo:person:mentor-4', 'demo:person:pupil-4-1']) {
      const agent = request.agent(world.testApp.app.getHttpServer());
      const callback = await identifyAtBroker(
        await startLogin(agent),
        await civicNumberOf(externalId),
      );
      const refused = await agent.get(callback).expect(401);
      expect(refused.text).toContain('Vi hittar inget konto för ditt personnummer.');
    }
  });

  it('refuses a callback whose state was tampered with', async () => {
    const agent = request.agent(world.testApp.app.getHttpServer());
    const callback = await identifyAtBroker(
      await startLogin(agent),
      await civicNumberOf('demo:person:guardian-shared'),
    );
    const tampered = callback.replace(/state=[^&]+/, 'state=forfalskad');

    const refused = await agent.get(tampered).expect(401);

    expect(refused.text).toContain('Inloggningen med BankID kunde inte slutföras.');
    await agent.get('/api/v1/me').expect(401);
  });

  it('refuses an ID token whose nonce is not the one this session asked for', async () => {
    const agent = request.agent(world.testApp.app.getHttpServer());
    const authorizationUrl = await startLogin(agent);
    authorizationUrl.searchParams.set('nonce', 'en-annan-nonce');

    const callback = await identifyAtBroker(
      authorizationUrl,
      await civicNumberOf('demo:person:guardian-shared'),
    );
    const refused = await agent.get(callback).expect(401);

    expect(refused.text).toContain('Inloggningen med BankID kunde inte slutföras.');
    await agent.get('/api/v1/me').expect(401);
  });

  it('refuses an expired authorization code', async () => {
    const agent = request.agent(world.testApp.app.getHttpServer());
    const callback = await identifyAtBroker(
      await startLogin(agent),
      await civicNumberOf('demo:person:guardian-shared'),
    );
    await new Promise((resolve) => setTimeout(resolve, (CODE_TTL_SECONDS + 1) * 1000));

    await agent.get(callback).expect(401);
    await agent.get('/api/v1/me').expect(401);
  });

  it('refuses a callback with no login started in this session', async () => {
    const refused = await request(world.testApp.app.getHttpServer())
      .get('/logga-in/bankid/callback?code=x&state=y')
      .expect(400);

    expect(refused.text).toContain('Inloggningen med BankID kunde inte slutföras.');
  });

  it('offers BankID on the login page beside username and password', async () => {
    const page = await request(world.testApp.app.getHttpServer()).get('/logga-in').expect(200);

    expect(page.text).toContain('Logga in med BankID');
    expect(page.text).toContain('href="/logga-in/bankid?nasta=%2F"');
    expect(page.text).toContain('id="password"');
  });
});
