import { Injectable } from '@nestjs/common';

import { AuditService } from '../audit/audit.service';
import { canAccessPupil } from '../auth/access-policy';
import { auditActor } from '../auth/actor';
import type { Actor } from '../auth/actor';
import { AccessRefusedError, NotFoundError } from '../common/errors/domain-error';
import { DirectoryQueries, PupilCard, PupilSummary } from './directory.queries';

const PUPIL_NOT_FOUND = 'Eleven finns inte, eller så har du inte tillgång till eleven.';

/** Pupils as people see them: every read goes through the access policy and into the audit log. */
@Injectable()
export class PupilDirectoryService {
  constructor(
    private readonly queries: DirectoryQueries,
    private readonly audit: AuditService,
  ) {}

  /** The pupils this person works with or is responsible for, that the policy lets them see. */
  async listPupilsFor(actor: Actor): Promise<PupilSummary[]> {
    const candidates = await this.queries.findRelatedPupilIds(actor);
    const facts = await this.queries.findPupilFactsMany(candidates);
    const visible = [...facts.values()]
      .filter((pupil) => canAccessPupil(actor, 'pupil.profile.read', pupil))
      .map((pupil) => pupil.pupilId);
    const pupils = await this.queries.findPupilSummaries(visible);
    if (pupils.length > 0) {
      await this.audit.recordNow({
        action: 'pupil.list.read',
        actor: auditActor(actor),
        details: { count: pupils.length },
      });
    }
    return pupils;
  }

  /** One pupil's directory card; "not found" when the pupil does not exist or is not theirs to see. */
  async readPupilCard(actor: Actor, pupilId: string): Promise<PupilCard> {
    const facts = await this.queries.findPupilFacts(pupilId);
    if (!facts) {
      throw new NotFoundError(PUPIL_NOT_FOUND);
    }
    if (!canAccessPupil(actor, 'pupil.profile.read', facts)) {
      throw new AccessRefusedError(PUPIL_NOT_FOUND, {
        action: 'pupil.profile.read',
        targetType: 'pupil',
        targetId: facts.pupilId,
        pupilId: facts.pupilId,
      });
    }
    const card = await this.queries.findPupilCard(pupilId);
    if (!card) {
      throw new NotFoundError(PUPIL_NOT_FOUND);
    }
    await this.audit.recordNow({
      action: 'pupil.profile.read',
      actor: auditActor(actor),
      pupilId,
      targetType: 'person',
      targetId: pupilId,
    });
    return card;
  }
}
