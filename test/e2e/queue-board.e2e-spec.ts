import { randomUUID } from 'node:crypto';

import { getQueueToken } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import type TestAgent from 'supertest/lib/agent';

import { Metrics } from '../../src/common/metrics/metrics';
import type { DemoUsername } from '../../src/demo/demo-directory';
import { SYSTEM_QUEUE } from '../../src/queue/queue.jobs';
import { DemoWorld, eventually, query, startDemoWorld } from '../support/demo-world';
import { inlineCodeProblems, securityHeaderProblems } from '../support/websec';

/**
 * The queue view (/admin/koer, bull-board): administrators only, through the
 * access policy; reading, and running failed jobs again, audited; nothing a
 * page on another site sends gets through.
 */
describe('the queue view for administrators', () => {
  let world: DemoWorld;
  let admin: TestAgent;
  let systemQueue: Queue;

  beforeAll(async () => {
    world = await startDemoWorld();
    admin = await world.signIn('admin');
    systemQueue = world.testApp.app.get<Queue>(getQueueToken(SYSTEM_QUEUE), { strict: false });
  });

  afterAll(() => world.close());

  /** A job the system processor refuses (an unknown name): it ends failed after one attempt. */
  async function failedJob(): Promise<Job> {
    const job = await systemQueue.add('no-such-job', {}, { jobId: `board-${randomUUID()}` });
    await eventually(
      async () => ((await job.getState()) === 'failed' ? true : null),
      'the job to fail',
    );
    return job;
  }

  const auditOf = (requestId: string) =>
    query(
      world.testApp,
      'select action, target_type, target_id, details from audit_entry where request_id = $1',
      [requestId],
    );

  /** What the board's own page sends: a same-origin fetch (axios), no body. */
  const sameOrigin = (agent: TestAgent, path: string, requestId = randomUUID()) =>
    agent
      .put(path)
      .set('X-Request-Id', requestId)
      .set('Accept', 'application/json, text/plain, */*')
      .set('Sec-Fetch-Site', 'same-origin')
      .set('Origin', 'http://127.0.0.1');

  it('shows the administrator its page (Swedish, no inline code) with bull-board’s own bundle', async () => {
    const requestId = randomUUID();
    const page = await admin
      .get('/admin/koer')
      .set('Accept', 'text/html')
      .set('X-Request-Id', requestId)
      .expect(200);
    expect(page.type).toBe('text/html');
    expect(page.text).toContain('<html lang="sv">');
    expect(page.text).toContain('<base href="/admin/koer/">');
    expect(inlineCodeProblems(page.text)).toEqual([]);
    expect(securityHeaderProblems(page)).toEqual([]);
    expect(page.text).not.toContain('fonts.googleapis.com');
    const script = /<script defer src="(static\/js\/main\.[^"]+\.js)">/.exec(page.text)?.[1];
    expect(script).toBeDefined();
    const bundle = await admin.get(`/admin/koer/${script}`).expect(200);
    expect(bundle.type).toBe('text/javascript');
    expect(securityHeaderProblems(bundle)).toEqual([]);
    expect(await auditOf(requestId)).toEqual([
      expect.objectContaining({ action: 'queue.board.viewed', target_type: null }),
    ]);

    // The administrator's start page links to it.
    const home = await admin.get('/').set('Accept', 'text/html').expect(200);
    expect(home.text).toContain('href="/admin/koer"');
  });

  it('lists every queue with its counts for the administrator', async () => {
    const response = await admin.get('/admin/koer/api/queues').expect(200);
    const queues = (response.body as { queues: { name: string; counts: Record<string, number> }[] })
      .queues;
    expect(queues.map((queue) => queue.name).sort()).toEqual(
      ['directory', 'email', 'records-requests', 'register-extract', 'retention', 'system'].sort(),
    );
    for (const queue of queues) {
      expect(queue.counts).toEqual(
        expect.objectContaining({
          waiting: expect.any(Number) as number,
          failed: expect.any(Number) as number,
        }),
      );
    }
    expect(securityHeaderProblems(response)).toEqual([]);
    // Timed like every other route, by its template.
    const { text } = await world.testApp.app.get(Metrics).exposition();
    expect(text).toMatch(
      /iup_http_request_duration_seconds_count\{method="GET",route="\/admin\/koer\/api\/queues",status="200"\} [1-9]/,
    );
  });

  it.each([
    'elev',
    'vardnadshavare',
    'mentor',
    'larare',
    'rektor',
    'granskare',
    'teamledare',
    'arkivarie',
  ] as DemoUsername[])('is not there for %s (404, as any admin page)', async (role) => {
    const agent = await world.signIn(role);
    const page = await agent.get('/admin/koer').set('Accept', 'text/html').expect(404);
    expect(page.text).toContain('<html lang="sv">');
    const api = await agent.get('/admin/koer/api/queues').expect(404);
    expect((api.body as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    await agent.get('/admin/koer/static/favicon-32x32.png').expect(404);
    const job = await failedJob();
    await sameOrigin(agent, `/admin/koer/api/queues/${SYSTEM_QUEUE}/${job.id}/retry`).expect(404);
    expect(await job.getState()).toBe('failed');
  });

  it('sends a caller without a session to the login page (its API: 401)', async () => {
    const page = await world.testApp
      .http()
      .get('/admin/koer/queue/system')
      .set('Accept', 'text/html')
      .expect(303);
    expect(page.headers.location).toBe('/logga-in?nasta=%2Fadmin%2Fkoer%2Fqueue%2Fsystem');
    const api = await world.testApp.http().get('/admin/koer/api/queues').expect(401);
    expect((api.body as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  });

  it('runs a failed job again for the administrator, and audits who did', async () => {
    const job = await failedJob();
    const requestId = randomUUID();
    await sameOrigin(
      admin,
      `/admin/koer/api/queues/${SYSTEM_QUEUE}/${job.id}/retry`,
      requestId,
    ).expect(204);
    // It ran again (and, an unknown job still, failed again).
    await eventually(async () => {
      const again = await systemQueue.getJob(String(job.id));
      return again && again.attemptsMade >= 2 && (await again.getState()) === 'failed'
        ? true
        : null;
    }, 'the job to run again');
    expect(await auditOf(requestId)).toEqual([
      {
        action: 'queue.job.retried',
        target_type: 'queue',
        target_id: SYSTEM_QUEUE,
        details: { queue: SYSTEM_QUEUE, jobId: job.id },
      },
    ]);

    const all = await failedJob();
    const retryAll = randomUUID();
    const answer = await sameOrigin(
      admin,
      `/admin/koer/api/queues/${SYSTEM_QUEUE}/retry/failed`,
      retryAll,
    ).expect(200);
    expect((answer.body as { retried: number }).retried).toBeGreaterThanOrEqual(1);
    await eventually(
      async () => ((await systemQueue.getJob(String(all.id)))?.attemptsMade ?? 0) >= 2 || null,
      'the failed jobs to run again',
    );
    expect(await auditOf(retryAll)).toEqual([
      expect.objectContaining({ action: 'queue.jobs.retried', target_id: SYSTEM_QUEUE }),
    ]);
  });

  it('never runs a job again that went through (an e-mail would go twice)', async () => {
    const job = await systemQueue.add('queue-probe', { probeId: randomUUID() });
    await eventually(
      async () => ((await job.getState()) === 'completed' ? true : null),
      'the job to complete',
    );
    const requestId = randomUUID();
    const single = await sameOrigin(
      admin,
      `/admin/koer/api/queues/${SYSTEM_QUEUE}/${job.id}/retry`,
      requestId,
    ).expect(400);
    expect((single.body as { error: { message: string } }).error.message).toContain(
      'Bara misslyckade jobb',
    );
    await sameOrigin(
      admin,
      `/admin/koer/api/queues/${SYSTEM_QUEUE}/retry/completed`,
      requestId,
    ).expect(400);
    expect(await job.getState()).toBe('completed');
    expect(await auditOf(requestId)).toEqual([]);
  });

  it('offers no way to add, change, promote, clean, empty or pause: those routes are not there', async () => {
    const job = await failedJob();
    const base = `/admin/koer/api/queues/${SYSTEM_QUEUE}`;
    const attempts: [string, string][] = [
      ['post', `${base}/add`],
      ['put', `${base}/${job.id}/clean`],
      ['put', `${base}/${job.id}/promote`],
      ['patch', `${base}/${job.id}/update-data`],
      ['put', `${base}/clean/failed`],
      ['put', `${base}/empty`],
      ['put', `${base}/pause`],
      ['put', `${base}/obliterate`],
      ['put', '/admin/koer/api/queues/pause'],
    ];
    for (const [method, path] of attempts) {
      const response = await admin[method as 'put'](path)
        .set('Sec-Fetch-Site', 'same-origin')
        .send({ name: 'x', data: {} });
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
    expect(await job.getState()).toBe('failed');
    expect(await systemQueue.getJobCounts('waiting', 'delayed')).toEqual({
      waiting: 0,
      delayed: 0,
    });
  });

  it('runs nothing again for a page on another site, with or without what browsers say', async () => {
    const job = await failedJob();
    const path = `/admin/koer/api/queues/${SYSTEM_QUEUE}/${job.id}/retry`;
    const requestIds: string[] = [];
    const forged = (test: ReturnType<TestAgent['put']>) => {
      const requestId = randomUUID();
      requestIds.push(requestId);
      return test.set('X-Request-Id', requestId);
    };
    // A form on another site (its POST carries the cookie only from the same site: SameSite=Lax).
    const crossSiteForm = await forged(admin.post(path))
      .set('Origin', 'https://angripare.example')
      .set('Sec-Fetch-Site', 'cross-site')
      .type('form')
      .send({ x: '1' });
    expect(crossSiteForm.status).toBe(403);
    // The same from a sibling site of the municipality's domain.
    const sameSite = await forged(admin.put(path))
      .set('Origin', 'https://annan-tjanst.kommun.example')
      .set('Sec-Fetch-Site', 'same-site');
    expect(sameSite.status).toBe(403);
    // An old browser that says nothing: a form can only send form bodies, which are refused.
    for (const type of ['form', 'text/plain', 'multipart/form-data']) {
      const test = forged(admin.post(path));
      const response =
        type === 'multipart/form-data'
          ? await test.field('x', '1')
          : await test.type(type).send(type === 'form' ? { x: '1' } : 'x=1');
      expect({ type, status: response.status }).toEqual({ type, status: 400 });
    }
    // And there is no POST at all: even a JSON POST finds nothing.
    await forged(admin.post(path)).send({}).expect(404);

    expect(await job.getState()).toBe('failed');
    expect(await systemQueue.getJob(String(job.id)).then((found) => found?.attemptsMade)).toBe(1);
    const audited = await query(
      world.testApp,
      'select action from audit_entry where request_id = any($1::text[])',
      [requestIds],
    );
    expect(audited).toEqual([]);
  });

  it('answers an unknown queue or job as not found, in the service’s shapes', async () => {
    for (const path of [
      '/admin/koer/queue/finns-inte',
      `/admin/koer/queue/${SYSTEM_QUEUE}/finns-inte`,
      `/admin/koer/queue/${SYSTEM_QUEUE}/a%00b`,
      '/admin/koer/finns/inte',
    ]) {
      const page = await admin.get(path).set('Accept', 'text/html').expect(404);
      // The service's own page, as for any other path.
      expect(page.text).toContain('<html lang="sv">');
    }
    await admin.get(`/admin/koer/api/queues/${SYSTEM_QUEUE}/finns-inte/logs`).expect(404);
    await admin.get(`/admin/koer/api/queues/${SYSTEM_QUEUE}/a%00b/flow`).expect(404);
    const api = await admin.get('/admin/koer/api/queues/finns-inte/metrics').expect(404);
    expect(api.body).toEqual({
      error: expect.objectContaining({ status: 404, code: 'NOT_FOUND' }) as unknown,
    });
    const job = await admin.get(`/admin/koer/api/queues/${SYSTEM_QUEUE}/finns-inte`).expect(404);
    expect((job.body as { error: { message: string } }).error.message).toBe(
      'Kön eller jobbet finns inte.',
    );
  });
});
