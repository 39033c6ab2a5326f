import { describeQueueScenarios } from '../support/queue-scenarios';

describeQueueScenarios('postgres');
