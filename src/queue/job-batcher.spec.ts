import type { Queue } from 'bullmq';

import { JobBatcher } from './job-batcher';

/** A queue that records each addBulk and answers when told to. */
function recordingQueue() {
  const calls: string[][] = [];
  const answers: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const queue = {
    addBulk: (jobs: { opts: { jobId: string } }[]) => {
      calls.push(jobs.map((job) => job.opts.jobId));
      return new Promise<void>((resolve, reject) => answers.push({ resolve, reject }));
    },
  } as unknown as Queue<{ n: number }>;
  return { queue, calls, answers };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('JobBatcher', () => {
  it('sends a lone job at once, and the jobs that come meanwhile together in the next call', async () => {
    const { queue, calls, answers } = recordingQueue();
    const batcher = new JobBatcher(queue);
    const first = batcher.add('a', { n: 1 }, { jobId: 'j1' });
    await flush();
    expect(calls).toEqual([['j1']]);
    const later = [2, 3, 4].map((n) => batcher.add('a', { n }, { jobId: `j${n}` }));
    await flush();
    expect(calls).toHaveLength(1);
    answers[0]?.resolve();
    await first;
    await flush();
    expect(calls).toEqual([['j1'], ['j2', 'j3', 'j4']]);
    answers[1]?.resolve();
    await Promise.all(later);
  });

  it('rejects every job of a failed call, and goes on with the next', async () => {
    const { queue, calls, answers } = recordingQueue();
    const batcher = new JobBatcher(queue, 2);
    const first = batcher.add('a', { n: 1 }, { jobId: 'j1' });
    const waiting = [2, 3, 4].map((n) => batcher.add('a', { n }, { jobId: `j${n}` }));
    answers[0]?.reject(new Error('backend down'));
    await expect(first).rejects.toThrow('backend down');
    await flush();
    expect(calls).toEqual([['j1'], ['j2', 'j3']]);
    answers[1]?.reject(new Error('still down'));
    await expect(waiting[0]).rejects.toThrow('still down');
    await expect(waiting[1]).rejects.toThrow('still down');
    await flush();
    expect(calls.at(-1)).toEqual(['j4']);
    answers[2]?.resolve();
    await expect(waiting[2]).resolves.toBeUndefined();
  });
});
