import { randomBytes, randomUUID } from 'node:crypto';

import type { EntityManager } from '@mikro-orm/postgresql';

import { Account } from '../../src/auth/account.entity';
import {
  Enrolment,
  GroupMembership,
  Person,
  SchoolUnit,
  StaffDuty,
  StudentGroup,
} from '../../src/directory/directory.entities';
import type { DutyRole } from '../../src/directory/directory.types';
import { emptyContent } from '../../src/plans/plan-content';
import { DEFAULT_PLAN_TEMPLATE } from '../../src/plans/plan-template';
import { Plan } from '../../src/plans/plans.entities';
import { RecordsRequest } from '../../src/requests/requests.entities';

/** Twelve digits, unique enough for one suite's schema (the column only checks the shape). */
function civicNo(): string {
  return `2015${String(randomBytes(4).readUInt32BE() % 100_000_000).padStart(8, '0')}`;
}

function suffix(): string {
  return randomBytes(3).toString('hex');
}

/**
 * Small factories for the medium tier: each inserts what it names, and what
 * that needs, through the entities (so they follow the schema the schema diff
 * test checks), and returns the entity. Every field has a plain default; a
 * test names only what it is about.
 */
export class Given {
  constructor(private readonly fork: () => EntityManager) {}

  async schoolUnit(fields: Partial<Pick<SchoolUnit, 'name'>> = {}): Promise<SchoolUnit> {
    const now = new Date();
    return this.insert((em) =>
      em.create(SchoolUnit, {
        id: randomUUID(),
        municipalityId: null,
        externalId: `unit-${suffix()}`,
        name: fields.name ?? 'Björkskolan',
        schoolUnitCode: null,
        createdAt: now,
        updatedAt: now,
      }),
    );
  }

  async person(
    fields: Partial<Pick<Person, 'givenName' | 'familyName' | 'securityMarking'>> = {},
  ): Promise<Person> {
    const now = new Date();
    return this.insert((em) =>
      em.create(Person, {
        id: randomUUID(),
        externalId: `person-${suffix()}`,
        civicNo: civicNo(),
        givenName: fields.givenName ?? 'Alva',
        familyName: fields.familyName ?? 'Lind',
        securityMarking: fields.securityMarking ?? 'Ingen',
        importedEmail: null,
        createdAt: now,
        updatedAt: now,
      }),
    );
  }

  /** A pupil enrolled in grundskola at a school unit (a new one unless given), from 2020. */
  async pupil(
    fields: Partial<Pick<Person, 'givenName' | 'familyName'>> & {
      readonly schoolUnitId?: string;
      readonly endDate?: string | null;
    } = {},
  ): Promise<Person> {
    const schoolUnitId = fields.schoolUnitId ?? (await this.schoolUnit()).id;
    const pupil = await this.person(fields);
    await this.insert((em) =>
      em.create(Enrolment, {
        id: randomUUID(),
        personId: pupil.id,
        schoolUnitId,
        schoolForm: 'grundskola',
        schoolYear: 4,
        startDate: '2020-08-17',
        endDate: fields.endDate ?? null,
        updatedAt: new Date(),
      }),
    );
    return pupil;
  }

  /** A class (Klass) of the school unit with the pupils as members. */
  async schoolClass(
    schoolUnitId: string,
    pupilIds: readonly string[],
    fields: Partial<Pick<StudentGroup, 'name' | 'schoolYear'>> = {},
  ): Promise<StudentGroup> {
    const group = await this.insert((em) =>
      em.create(StudentGroup, {
        id: randomUUID(),
        externalId: `group-${suffix()}`,
        schoolUnitId,
        name: fields.name ?? '4A',
        groupType: 'Klass',
        schoolYear: fields.schoolYear ?? 4,
        startDate: null,
        endDate: null,
        updatedAt: new Date(),
      }),
    );
    for (const personId of pupilIds) {
      await this.insert((em) => em.create(GroupMembership, { groupId: group.id, personId }));
    }
    return group;
  }

  /** A staff duty (a role, with the unit, group or pupil it is for), in force unless dated. */
  async duty(
    personId: string,
    role: DutyRole,
    scope: {
      readonly schoolUnitId?: string;
      readonly groupId?: string;
      readonly pupilId?: string;
      readonly subject?: string;
      readonly startDate?: string;
      readonly endDate?: string;
    } = {},
  ): Promise<StaffDuty> {
    return this.insert((em) =>
      em.create(StaffDuty, {
        id: randomUUID(),
        externalId: `duty-${suffix()}`,
        personId,
        role,
        schoolUnitId: scope.schoolUnitId ?? null,
        groupId: scope.groupId ?? null,
        pupilId: scope.pupilId ?? null,
        subject: scope.subject ?? null,
        startDate: scope.startDate ?? null,
        endDate: scope.endDate ?? null,
        updatedAt: new Date(),
      }),
    );
  }

  async account(personId: string): Promise<Account> {
    const now = new Date();
    return this.insert((em) =>
      em.create(Account, {
        id: randomUUID(),
        personId,
        username: `user-${suffix()}`,
        passwordHash: null,
        lockedUntil: null,
        lastLoginAt: null,
        createdAt: now,
        updatedAt: now,
      }),
    );
  }

  /** A draft plan for the pupil in 2026/27, laid out by the default template. */
  async plan(pupilId: string, schoolUnitId: string): Promise<Plan> {
    const now = new Date();
    return this.insert((em) =>
      em.create(Plan, {
        id: randomUUID(),
        pupilId,
        schoolUnitId,
        period: '2026/27',
        state: 'draft',
        draft: emptyContent(DEFAULT_PLAN_TEMPLATE),
        template: DEFAULT_PLAN_TEMPLATE,
        createdAt: now,
        updatedAt: now,
      }),
    );
  }

  /** A request filed on the web form today, not yet reviewed. */
  async request(
    fields: Partial<Pick<RecordsRequest, 'description'>> = {},
  ): Promise<RecordsRequest> {
    const now = new Date();
    return this.insert((em) =>
      em.create(RecordsRequest, {
        id: randomUUID(),
        registrationNumber: `BEG-2026-${suffix()}`,
        receiptCodeHash: randomBytes(32).toString('hex'),
        channel: 'web',
        receivedOn: now.toISOString().slice(0, 10),
        receivedAt: now,
        description: fields.description ?? 'Min dotters IUP för läsåret 2025/26',
        pupilName: null,
        school: null,
        period: null,
        delivery: 'electronic',
        contactName: null,
        contactEmail: null,
        contactPhone: null,
        postalAddress: null,
        assigneeAccountId: null,
        registeredByAccountId: null,
        forwardedByAccountId: null,
        firstActionDue: null,
        decisionDue: null,
        firstActionAt: null,
        processedAt: null,
        clarificationQuestion: null,
        clarificationAskedOn: null,
        decidedAt: null,
        createdAt: now,
        updatedAt: now,
        feeKr: null,
        deliveredAt: null,
        invoiceConsentAt: null,
        payment: null,
        viewingAt: null,
        viewingPlace: null,
        extensionNotice: null,
        closure: null,
        forwardedTo: null,
        closureReasons: null,
        reopenReason: null,
        reopenedForAppealId: null,
        alertsScheduledFor: null,
      }),
    );
  }

  private async insert<T extends object>(build: (em: EntityManager) => T): Promise<T> {
    const em = this.fork();
    const entity = build(em);
    await em.persist(entity).flush();
    return entity;
  }
}
