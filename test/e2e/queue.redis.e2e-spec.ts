import { describeQueueScenarios } from '../support/queue-scenarios';
import { testRedisUrl } from '../support/test-env';

// Runs when REDIS_URL is set; TEST_REQUIRE_REDIS=1 (CI) makes a missing REDIS_URL
// fail the whole run in global-setup instead of skipping here.
if (testRedisUrl()) {
  describeQueueScenarios('redis');
} else {
  describe('queue on Redis', () => {
    it.todo('runs when REDIS_URL is set (not set in this run)');
  });
}
