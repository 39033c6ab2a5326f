import Redis from 'ioredis';

import { HttpSession } from '../../src/auth/http-session';
import { DemoWorld, startDemoWorld } from '../support/demo-world';
import { testRedisUrl } from '../support/test-env';

// With REDIS_URL set, sessions live in Redis; TEST_REQUIRE_REDIS=1 (CI) makes a missing
// REDIS_URL fail the run in global-setup instead of leaving this unrun.
if (testRedisUrl()) {
  describe('sessions in Redis', () => {
    let world: DemoWorld;
    let redis: Redis;

    beforeAll(async () => {
      world = await startDemoWorld({ queue: 'redis' });
      redis = new Redis(testRedisUrl()!);
    });

    afterAll(async () => {
      redis.disconnect();
      await world.close();
    });

    it('keeps the session in Redis with the idle timeout, and removes it at logout', async () => {
      expect(world.testApp.app.get(HttpSession).storeKind).toBe('redis');
      const pattern = `${world.testApp.config.queue.redisPrefix}:session:*`;

      const agent = await world.signIn('larare');
      const keys = await redis.keys(pattern);
      expect(keys).toHaveLength(1);
      const ttl = await redis.ttl(keys[0]);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(world.testApp.config.auth.sessionIdleMinutes * 60);
      await agent.get('/api/v1/me').expect(200);

      await agent.post('/api/v1/auth/logout').expect(204);

      expect(await redis.keys(pattern)).toHaveLength(0);
      await agent.get('/api/v1/me').expect(401);
    });
  });
} else {
  describe('sessions in Redis', () => {
    it.todo('runs when REDIS_URL is set (not set in this run)');
  });
}
