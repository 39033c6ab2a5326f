import { Injectable } from '@nestjs/common';

import { AuditService } from '../audit/audit.service';
import { PlanReadsQueries } from '../audit/plan-reads.queries';
import { canAccessPupil } from '../auth/access-policy';
import { auditActor } from '../auth/actor';
import type { Actor } from '../auth/actor';
import { AccessRefusedError, NotFoundError } from '../common/errors/domain-error';
import { DirectoryQueries } from '../directory/directory.queries';
import { RecordReleasesQueries } from '../requests/record-releases.queries';
import { PlanAccessLogView, planAccessLogView, READS_PER_PAGE } from './plan-access-log.view';

const LOG_NOT_FOUND = 'Eleven finns inte, eller så har du inte tillgång till elevens uppgifter.';

/**
 * "Vem har läst planen": for the pupil and the pupil's guardians, every read of the plan
 * from the audit chain (roles and times, never who) and every copy of its record released
 * in a records request (decision, struck passages, day; never who asked). Reading the log
 * is itself a read of the pupil's data and audited, as `plan.access_log.read` — not a plan
 * read, so it does not show in the log.
 */
@Injectable()
export class PlanAccessLogService {
  constructor(
    private readonly directory: DirectoryQueries,
    private readonly planReads: PlanReadsQueries,
    private readonly releases: RecordReleasesQueries,
    private readonly audit: AuditService,
  ) {}

  async readLog(actor: Actor, pupilId: string, page: number): Promise<PlanAccessLogView> {
    const facts = await this.directory.findPupilFacts(pupilId);
    if (!facts) {
      throw new NotFoundError(LOG_NOT_FOUND);
    }
    if (!canAccessPupil(actor, 'plan.accessLog.read', facts)) {
      throw new AccessRefusedError(LOG_NOT_FOUND, {
        action: 'plan.accessLog.read',
        targetType: 'pupil',
        targetId: facts.pupilId,
        pupilId: facts.pupilId,
      });
    }
    // The log's own read goes to the chain before the reads are read: it is not among them.
    await this.audit.recordNow({
      action: 'plan.access_log.read',
      actor: auditActor(actor),
      pupilId: facts.pupilId,
      targetType: 'pupil',
      targetId: facts.pupilId,
      details: { page },
    });
    const [[pupil], reads, releases] = await Promise.all([
      this.directory.findPupilSummaries([facts.pupilId]),
      this.planReads.findPlanReadsPage(facts.pupilId, {
        limit: READS_PER_PAGE,
        offset: (page - 1) * READS_PER_PAGE,
      }),
      this.releases.findReleasesOfPupil(facts.pupilId),
    ]);
    return planAccessLogView({
      pupilId: facts.pupilId,
      pupilName: pupil ? `${pupil.givenName} ${pupil.familyName}` : '',
      isPupil: actor.personId === facts.pupilId,
      reads: reads.reads,
      totalReads: reads.total,
      releases,
      page,
    });
  }
}
