import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { AuditService } from '../audit/audit.service';
import { canAccessPupil } from '../auth/access-policy';
import { auditActor, type Actor } from '../auth/actor';
import { AccessRefusedError, NotFoundError } from '../common/errors/domain-error';
import { isUuid } from '../common/uuid';
import { DirectoryQueries } from '../directory/directory.queries';
import { PersonNamesQueries } from '../directory/person-names.queries';
import { FiledRequest, RequestIntakeService } from './request-intake.service';
import { publicStatus, type RequestStatus } from './request-lifecycle';
import type { RequestsTables } from './requests.entities';

const CHILD_NOT_FOUND = 'Barnet finns inte, eller så är du inte vårdnadshavare för barnet.';

/** The fields a guardian fills in; the child, their name and their identity come from the directory. */
const GUARDIAN_FIELDS = [
  'description',
  'period',
  'delivery',
  'contactEmail',
  'contactPhone',
  'postalAddress',
  'invoiceConsent',
] as const;

/** What a guardian's form or API body may carry, by field; checked by the intake's validation. */
export type GuardianIntake = Partial<Record<(typeof GUARDIAN_FIELDS)[number], unknown>>;

/** A guardian's own request about a child, as Mina barn lists it. */
export interface GuardianRequestSummary {
  readonly registrationNumber: string;
  readonly receivedOn: string;
  readonly status: RequestStatus;
  readonly statusLabel: string;
}

/**
 * A guardian asking, signed in, for their own child's records (DOMAIN.md: a
 * person concerned, OSL 12 kap. 3 §). Identity is asked only where the
 * review needs it, and here it does: the request names the verified
 * guardian and the child, so the reviewer can lift the confidentiality that
 * protects the child toward the guardian, or keep it where it protects the
 * child against them. A guardian who would rather stay anonymous uses the
 * public form like anyone.
 */
@Injectable()
export class GuardianRequestsService {
  constructor(
    private readonly em: EntityManager,
    private readonly intake: RequestIntakeService,
    private readonly directory: DirectoryQueries,
    private readonly names: PersonNamesQueries,
    private readonly audit: AuditService,
  ) {}

  /** The child's name, once the access policy lets this guardian ask about them; else "not found". */
  async child(actor: Actor, pupilId: string): Promise<{ id: string; name: string }> {
    const facts = isUuid(pupilId) ? await this.directory.findPupilFacts(pupilId) : null;
    if (!facts) {
      throw new NotFoundError(CHILD_NOT_FOUND);
    }
    if (!canAccessPupil(actor, 'records.request.asGuardian', facts)) {
      throw new AccessRefusedError(CHILD_NOT_FOUND, {
        action: 'records.request.asGuardian',
        targetType: 'pupil',
        targetId: facts.pupilId,
        pupilId: facts.pupilId,
      });
    }
    const name = (await this.names.findPersonNames([pupilId])).get(pupilId)?.name;
    if (!name) {
      throw new NotFoundError(CHILD_NOT_FOUND);
    }
    return { id: pupilId, name };
  }

  /**
   * Files the request in the guardian's name about the child (audited as every intake is);
   * with an Idempotency-Key, once per key (`RequestIntakeService.file`).
   */
  async file(
    actor: Actor,
    pupilId: string,
    raw: Readonly<GuardianIntake>,
    idempotencyKey: string | null = null,
  ): Promise<FiledRequest> {
    const child = await this.child(actor, pupilId);
    const fields = Object.fromEntries(GUARDIAN_FIELDS.map((name) => [name, raw[name]]));
    return this.intake.file(
      {
        ...fields,
        description:
          typeof raw.description === 'string' && raw.description.trim() !== ''
            ? raw.description
            : `Utvecklingsplaner för mitt barn ${child.name}.`,
        pupilName: child.name,
        contactName: actor.displayName,
      },
      { channel: 'guardian', actor, pupilId: child.id },
      idempotencyKey,
    );
  }

  /** The guardian's own requests about the child, newest first (the read audited). */
  async listOwn(actor: Actor, pupilId: string): Promise<GuardianRequestSummary[]> {
    const child = await this.child(actor, pupilId);
    await this.audit.recordNow({
      action: 'records_request.own.read',
      actor: auditActor(actor),
      pupilId: child.id,
      targetType: 'person',
      targetId: child.id,
    });
    const rows = await this.em
      .fork()
      .getKysely<RequestsTables>()
      .selectFrom('records_request')
      .select(['registration_number', 'received_on', 'status', 'closure', 'forwarded_to'])
      .where('requester_person_id', '=', actor.personId)
      .where('concerning_pupil_id', '=', child.id)
      .orderBy('received_at', 'desc')
      .limit(50)
      .execute();
    return rows.map((row) => ({
      registrationNumber: row.registration_number,
      receivedOn: row.received_on,
      status: row.status,
      statusLabel: publicStatus(
        row.status,
        row.closure ? { kind: row.closure, forwardedTo: row.forwarded_to } : null,
      ).label,
    }));
  }
}
