import type { Job } from 'bullmq';

import type { DirectoryImportProcess } from './directory-import-process';
import type { DirectoryImportService } from './directory-import.service';
import { DirectoryJob, RunImportPayload } from './directory.jobs';
import { DirectoryProcessor } from './directory.processor';

describe('DirectoryProcessor', () => {
  const job = (attemptsMade: number): Job<RunImportPayload> =>
    ({
      name: DirectoryJob.RunImport,
      data: { importId: 'import-1' },
      attemptsMade,
      opts: { attempts: 3 },
    }) as Job<RunImportPayload>;

  const processor = (outcome: Promise<void>) => {
    const gaveUp: string[] = [];
    const imports = { run: () => outcome } as unknown as DirectoryImportProcess;
    const service = {
      giveUp: (importId: string) => {
        gaveUp.push(importId);
        return Promise.resolve();
      },
    } as unknown as DirectoryImportService;
    return { gaveUp, processor: new DirectoryProcessor(imports, service) };
  };

  it('fails the import when the last attempt fails, and fails the job too', async () => {
    const failing = processor(Promise.reject(new Error('the process ended with SIGTERM')));
    await expect(failing.processor.process(job(2))).rejects.toThrow('SIGTERM');
    expect(failing.gaveUp).toEqual(['import-1']);
  });

  it('leaves the import to the next attempt when one is left', async () => {
    const failing = processor(Promise.reject(new Error('exit code 1')));
    await expect(failing.processor.process(job(1))).rejects.toThrow('exit code 1');
    expect(failing.gaveUp).toEqual([]);
  });

  it('gives nothing up when the import ran to its end', async () => {
    const passing = processor(Promise.resolve());
    await expect(passing.processor.process(job(2))).resolves.toBeUndefined();
    expect(passing.gaveUp).toEqual([]);
  });
});
