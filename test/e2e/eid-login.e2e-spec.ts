import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';

import { DemoWorld, query } from '../support/demo-world';
import { EidWorld, identifyAtBroker as identifyAt, startEidWorld } from '../support/oidc-login';

const CODE_TTL_SECONDS = 2;

describe('e-legitimation (OpenID Connect with PKCE) against a real provider', () => {
  let eid: EidWorld;
  let world: DemoWorld;
  let baseUrl: string;

  beforeAll(async () => {
    eid = await startEidWorld(CODE_TTL_SECONDS, {
      OIDC_ACR_VALUES: 'urn:grn:authn:se:bankid:same-device',
    });
    ({ world, baseUrl } = eid);
  });

  afterAll(() => eid?.close());

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

  const identifyAtBroker = (authorizationUrl: URL, civicNumber: string): Promise<string> =>
    identifyAt(authorizationUrl, civicNumber, baseUrl);

  it('signs a guardian in with the broker’s personal identity number claim', async () => {
    const agent = request.agent(world.testApp.app.getHttpServer());
    const authorizationUrl = await startLogin(agent);

    expect(authorizationUrl.origin).toBe(eid.issuer);
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
