import { csrfFrom } from '../support/demo-world';
import { FaultScenario } from '../support/fault-scenario';
import { describeWithRedisServer, PrivateRedis } from '../support/private-redis';
import { freePort } from '../support/service-process';
import { tally } from '../support/tally';

/** A visitor's browser without JavaScript: the public form with its session cookie. */
async function openForm(baseUrl: string): Promise<{ cookie: string; csrf: string }> {
  const page = await fetch(`${baseUrl}/begaran`, { signal: AbortSignal.timeout(20_000) });
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { cookie, csrf: csrfFrom(await page.text()) };
}

async function submitForm(
  baseUrl: string,
  form: { cookie: string; csrf: string },
  description: string,
): Promise<{ status: number; location: string | null; text: string }> {
  const response = await fetch(`${baseUrl}/begaran`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'text/html',
      cookie: form.cookie,
    },
    body: new URLSearchParams({ _csrf: form.csrf, description, delivery: 'on_site' }).toString(),
    // A hang fails the test: the outage must be answered, not waited out.
    signal: AbortSignal.timeout(20_000),
  });
  return {
    status: response.status,
    location: response.headers.get('location'),
    text: await response.text(),
  };
}

/**
 * Redis (queues and sessions) killed while requests come in: the API still
 * commits and answers 201 at once; the form, whose CSRF token and receipt
 * live in the session, answers a Swedish 503 page and commits nothing. When
 * Redis is back (empty: nothing was saved), every request committed
 * meanwhile gets its first steps exactly once, and the form works again.
 */
describeWithRedisServer('Redis stopped during intake', () => {
  let redis: PrivateRedis;
  let scenario: FaultScenario;

  beforeAll(async () => {
    redis = new PrivateRedis(await freePort());
    await redis.start();
    scenario = new FaultScenario({ REDIS_URL: redis.url });
  });

  afterAll(async () => {
    await scenario.close();
    await redis.kill();
  });

  it('commits what is filed meanwhile and queues it once when Redis is back', async () => {
    const { baseUrl } = await scenario.startWeb();
    await scenario.startWorker();
    const form = await openForm(baseUrl);
    const mismatches: string[] = [];

    await redis.kill();
    const during = await Promise.all(
      Array.from({ length: 6 }, (_, n) =>
        scenario.fileByApi(baseUrl, {
          description: `Begäran ${n} medan Redis ligger nere.`,
          delivery: 'on_site',
          ...(n % 2 === 0 ? { contactEmail: `under-avbrott-${n}@example.se` } : {}),
        }),
      ),
    );
    for (const filed of during) {
      if (filed.status !== 201) mismatches.push(`API answered ${filed.status}`);
    }
    const numbers = during.map((filed) => String(filed.body.registrationNumber));
    const committed = await scenario.sql(
      'select registration_number from records_request where registration_number = any($1)',
      [numbers],
    );
    if (committed.length !== numbers.length) {
      mismatches.push(`${committed.length} of ${numbers.length} committed`);
    }

    const refused = await submitForm(baseUrl, form, 'Via formuläret medan Redis ligger nere.');
    if (refused.status !== 503 || !refused.text.includes('Tjänsten är tillfälligt otillgänglig')) {
      mismatches.push(`form during the outage: ${refused.status} ${refused.text.slice(0, 200)}`);
    }
    const [half] = await scenario.sql(
      "select count(*)::int as count from records_request where description like 'Via formuläret medan%'",
    );
    if (half?.count !== 0) mismatches.push('the refused form committed a request');

    await redis.start();
    await scenario.processed(numbers);
    mismatches.push(...(await scenario.firstStepsMismatches(numbers)));

    const after = await submitForm(baseUrl, await openForm(baseUrl), 'Via formuläret efteråt.');
    if (after.status !== 303 || after.location !== '/begaran/kvitto') {
      mismatches.push(`form after the outage: ${after.status} ${after.location}`);
    }
    const [viaForm] = await scenario.sql(
      "select registration_number from records_request where description = 'Via formuläret efteråt.'",
    );
    if (viaForm) {
      await scenario.processed([String(viaForm.registration_number)]);
      mismatches.push(
        ...(await scenario.firstStepsMismatches([String(viaForm.registration_number)])),
      );
    } else {
      mismatches.push('the form after the outage committed nothing');
    }

    tally('faults', {
      cases: during.length + 2,
      failures: mismatches.length,
      note: 'filed with Redis down and after',
    });
    expect(mismatches).toEqual([]);
  }, 150_000);
});
