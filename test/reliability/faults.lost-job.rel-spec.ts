import { Queue } from 'bullmq';

import { REQUESTS_QUEUE } from '../../src/queue/queue-names';
import { firstStepsJobId } from '../../src/requests/requests.jobs';
import { FaultScenario } from '../support/fault-scenario';
import { describeWithRedisServer, PrivateRedis } from '../support/private-redis';
import { freePort } from '../support/service-process';
import { tally } from '../support/tally';

/**
 * The crash between "request committed" and "job enqueued": the web process
 * commits requests while Redis is away (their jobs wait in its memory for
 * Redis) and is killed with SIGKILL before Redis returns, so the jobs die
 * with it. A worker started afterwards finds the requests through its
 * sweeper and runs their first steps once.
 *
 * The sweeper takes requests committed over SWEEP_AFTER_MS (a minute) ago;
 * the test moves the rows' created_at back two minutes instead of waiting.
 */
describeWithRedisServer('a crash between commit and enqueue', () => {
  let redis: PrivateRedis;
  let scenario: FaultScenario;
  let queue: Queue | undefined;

  beforeAll(async () => {
    redis = new PrivateRedis(await freePort());
    await redis.start();
    scenario = new FaultScenario({ REDIS_URL: redis.url });
  });

  afterAll(async () => {
    await queue?.close();
    await scenario.close();
    await redis.kill();
  });

  it('is swept up by a worker and the first steps run once', async () => {
    const { web, baseUrl } = await scenario.startWeb();
    await redis.kill();
    const filed = await Promise.all(
      [1, 2, 3].map((n) =>
        scenario.fileByApi(baseUrl, { description: `Förlorat jobb ${n}.`, delivery: 'on_site' }),
      ),
    );
    expect(filed.map((each) => each.status)).toEqual([201, 201, 201]);
    web.signal('SIGKILL');
    await web.exitCode();

    const numbers = filed.map((each) => String(each.body.registrationNumber));
    const rows = await scenario.sql(
      `update records_request set created_at = created_at - interval '2 minutes'
        where registration_number = any($1) returning id`,
      [numbers],
    );
    expect(rows).toHaveLength(3);

    await redis.start();
    queue = new Queue(REQUESTS_QUEUE, {
      connection: { url: redis.url, maxRetriesPerRequest: 1 },
      prefix: scenario.config.queue.redisPrefix,
    });
    const mismatches: string[] = [];
    for (const row of rows) {
      // Lost for real: nothing of it reached Redis.
      if (await queue.getJob(firstStepsJobId(String(row.id)))) {
        mismatches.push(`${String(row.id)}: its job reached Redis after all`);
      }
    }

    const worker = await scenario.startWorker();
    await scenario.processed(numbers);
    mismatches.push(...(await scenario.firstStepsMismatches(numbers)));
    if (!worker.log.includes('Swept requests whose first steps had not run')) {
      mismatches.push('the worker did not say it swept them');
    }
    tally('faults', { cases: numbers.length, failures: mismatches.length, note: 'jobs lost' });
    expect(mismatches).toEqual([]);
  }, 150_000);
});
