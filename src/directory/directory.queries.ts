import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';

import type { Actor, ActorRole, PupilFacts, TeacherAssignment } from '../auth/actor';
import { SQL_TODAY, uuidArray } from '../common/stockholm';
import { isUuid } from '../common/uuid';
import type { DutyRole, SecurityMarking } from './directory.types';

type Row = Record<string, unknown>;

/** "Today" is a date in Sweden, whatever the server's time zone. */
const TODAY = SQL_TODAY;
const ACTIVE_DUTY = `(d.start_date is null or d.start_date <= ${TODAY}) and (d.end_date is null or d.end_date >= ${TODAY})`;
const ACTIVE_ENROLMENT = `e.start_date <= ${TODAY} and (e.end_date is null or e.end_date >= ${TODAY})`;
const CURRENT_GROUP = `(g.end_date is null or g.end_date >= ${TODAY})`;

export interface AccountLogin {
  readonly accountId: string;
  readonly personId: string;
  readonly passwordHash: string | null;
  readonly failedLoginCount: number;
  readonly lockedUntil: Date | null;
  readonly isDisabled: boolean;
}

export interface PupilSummary {
  readonly id: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly classId: string | null;
  readonly className: string | null;
  readonly schoolUnitName: string | null;
  readonly schoolYear: number | null;
}

export interface PupilCard extends PupilSummary {
  readonly schoolForm: string | null;
  readonly hasProtectedIdentity: boolean;
  readonly guardians: readonly { readonly name: string; readonly hasProtectedIdentity: boolean }[];
}

/** Reads of the directory. Writes happen only in the importer and the account service. */
@Injectable()
export class DirectoryQueries {
  constructor(private readonly em: EntityManager) {}

  async findAccountForLogin(username: string): Promise<AccountLogin | null> {
    const [row] = await this.em.fork().execute<Row[]>(
      `select id, person_id, password_hash, failed_login_count, locked_until, is_disabled
         from account where username = ?`,
      [username.trim().toLowerCase()],
    );
    if (!row) {
      return null;
    }
    return {
      accountId: String(row.id),
      personId: String(row.person_id),
      passwordHash: (row.password_hash as string | null) ?? null,
      failedLoginCount: Number(row.failed_login_count),
      lockedUntil: row.locked_until ? new Date(row.locked_until as string | Date) : null,
      isDisabled: Boolean(row.is_disabled),
    };
  }

  /** Everything the access policy needs about a signed-in account; null if it may not sign in. */
  async loadActor(accountId: string): Promise<Actor | null> {
    const em = this.em.fork();
    const [account] = await em.execute<Row[]>(
      `select a.id, a.username, a.is_disabled, p.id as person_id, p.given_name, p.family_name
         from account a join person p on p.id = a.person_id where a.id = ?`,
      [accountId],
    );
    if (!account || account.is_disabled) {
      return null;
    }
    const personId = String(account.person_id);
    const [duties, guarded, enrolled] = await Promise.all([
      em.execute<Row[]>(
        `select role, school_unit_id, group_id, pupil_id, subject from staff_duty d
          where person_id = ? and ${ACTIVE_DUTY}`,
        [personId],
      ),
      em.execute<Row[]>('select pupil_id from guardianship where guardian_id = ?', [personId]),
      em.execute<Row[]>(
        `select 1 from enrolment e where person_id = ? and ${ACTIVE_ENROLMENT} limit 1`,
        [personId],
      ),
    ]);

    const roles = new Set<ActorRole>(duties.map((duty) => duty.role as DutyRole));
    if (guarded.length > 0) roles.add('guardian');
    if (enrolled.length > 0) roles.add('pupil');
    const ids = (rows: Row[], column: string): Set<string> =>
      new Set(rows.filter((row) => row[column]).map((row) => String(row[column])));
    const mentorDuties = duties.filter((duty) => duty.role === 'mentor');
    const teacherAssignments: TeacherAssignment[] = duties
      .filter((duty) => duty.role === 'teacher' && duty.group_id)
      .map((duty) => ({
        groupId: String(duty.group_id),
        subject: (duty.subject as string | null) ?? null,
      }));

    return {
      accountId: String(account.id),
      personId,
      username: String(account.username),
      displayName: `${String(account.given_name)} ${String(account.family_name)}`,
      roles,
      guardianOf: ids(guarded, 'pupil_id'),
      mentorGroupIds: ids(mentorDuties, 'group_id'),
      mentorPupilIds: ids(mentorDuties, 'pupil_id'),
      teacherAssignments,
      principalUnitIds: ids(
        duties.filter((duty) => duty.role === 'principal'),
        'school_unit_id',
      ),
    };
  }

  /** Where a pupil belongs now; null when the person has never been a pupil here. */
  /**
   * `em`: the caller's transaction, when it holds a lock. Taking a second
   * connection from the pool while holding a lock starves the pool when
   * others wait on that lock, each holding a connection of their own.
   */
  async findPupilFacts(pupilId: string, em?: EntityManager): Promise<PupilFacts | null> {
    if (!isUuid(pupilId)) {
      return null;
    }
    return (await this.findPupilFactsMany([pupilId], em)).get(pupilId) ?? null;
  }

  async findPupilFactsMany(
    pupilIds: readonly string[],
    transaction?: EntityManager,
  ): Promise<Map<string, PupilFacts>> {
    const ids = pupilIds.filter(isUuid);
    const facts = new Map<string, { groupIds: Set<string>; schoolUnitIds: Set<string> }>();
    if (ids.length === 0) {
      return new Map();
    }
    const em = transaction ?? this.em.fork();
    const [enrolments, groups] = await Promise.all([
      em.execute<Row[]>(
        `select person_id, school_unit_id, (${ACTIVE_ENROLMENT}) as active from enrolment e
          where person_id = any(?::uuid[])`,
        [toArray(ids)],
      ),
      em.execute<Row[]>(
        `select gm.person_id, gm.group_id from group_membership gm join student_group g on g.id = gm.group_id
          where gm.person_id = any(?::uuid[]) and ${CURRENT_GROUP}`,
        [toArray(ids)],
      ),
    ]);
    for (const row of enrolments) {
      const entry = facts.get(String(row.person_id)) ?? {
        groupIds: new Set(),
        schoolUnitIds: new Set(),
      };
      if (row.active) entry.schoolUnitIds.add(String(row.school_unit_id));
      facts.set(String(row.person_id), entry);
    }
    for (const row of groups) {
      facts.get(String(row.person_id))?.groupIds.add(String(row.group_id));
    }
    return new Map([...facts].map(([pupilId, entry]) => [pupilId, { pupilId, ...entry }]));
  }

  /**
   * The pupils a person works with or is responsible for: themself, their
   * children, mentees, pupils in the groups they teach, pupils of the units
   * they lead. Candidates only: callers still ask the policy for each.
   */
  async findRelatedPupilIds(actor: Actor): Promise<string[]> {
    const groupIds = [...actor.mentorGroupIds, ...actor.teacherAssignments.map((a) => a.groupId)];
    const direct = [...actor.guardianOf, ...actor.mentorPupilIds];
    if (actor.roles.has('pupil')) direct.push(actor.personId);
    const unitIds = [...actor.principalUnitIds];
    const rows = await this.em.fork().execute<Row[]>(
      `select distinct e.person_id from enrolment e
        where e.person_id in (
          select unnest(?::uuid[])
          union select gm.person_id from group_membership gm where gm.group_id = any(?::uuid[])
          union select e2.person_id from enrolment e2 where e2.school_unit_id = any(?::uuid[])
            and e2.start_date <= ${TODAY} and (e2.end_date is null or e2.end_date >= ${TODAY})
        )`,
      [toArray(direct), toArray(groupIds), toArray(unitIds)],
    );
    return rows.map((row) => String(row.person_id));
  }

  async findSchoolUnits(ids: readonly string[]): Promise<{ id: string; name: string }[]> {
    if (ids.length === 0) {
      return [];
    }
    const rows = await this.em
      .fork()
      .execute<Row[]>('select id, name from school_unit where id = any(?::uuid[]) order by name', [
        toArray(ids),
      ]);
    return rows.map((row) => ({ id: String(row.id), name: String(row.name) }));
  }

  async findPupilSummaries(pupilIds: readonly string[]): Promise<PupilSummary[]> {
    if (pupilIds.length === 0) {
      return [];
    }
    const rows = await this.em.fork().execute<Row[]>(
      `select p.id, p.given_name, p.family_name, cls.id as class_id, cls.name as class_name, cls.school_year,
              su.name as school_unit_name
         from person p
         left join lateral (
           select g.id, g.name, g.school_year, g.school_unit_id from group_membership gm
             join student_group g on g.id = gm.group_id
            where gm.person_id = p.id and g.group_type = 'Klass' and ${CURRENT_GROUP}
            order by g.school_year desc nulls last limit 1) cls on true
         left join school_unit su on su.id = cls.school_unit_id
        where p.id = any(?::uuid[])
        order by p.family_name collate "C", p.given_name collate "C"`,
      [toArray(pupilIds)],
    );
    return rows
      .map((row) => ({
        id: String(row.id),
        givenName: String(row.given_name),
        familyName: String(row.family_name),
        classId: (row.class_id as string | null) ?? null,
        className: (row.class_name as string | null) ?? null,
        schoolUnitName: (row.school_unit_name as string | null) ?? null,
        schoolYear: (row.school_year as number | null) ?? null,
      }))
      .sort(
        (a, b) =>
          a.familyName.localeCompare(b.familyName, 'sv') ||
          a.givenName.localeCompare(b.givenName, 'sv'),
      );
  }

  async findPupilCard(pupilId: string): Promise<PupilCard | null> {
    const [summary] = await this.findPupilSummaries([pupilId]);
    if (!summary) {
      return null;
    }
    const em = this.em.fork();
    const [[person], guardians, [enrolment]] = await Promise.all([
      em.execute<Row[]>('select security_marking from person where id = ?', [pupilId]),
      em.execute<Row[]>(
        `select p.given_name, p.family_name, p.security_marking from guardianship gs
           join person p on p.id = gs.guardian_id where gs.pupil_id = ?
          order by p.family_name, p.given_name`,
        [pupilId],
      ),
      em.execute<Row[]>(
        `select school_form from enrolment e where person_id = ? order by start_date desc limit 1`,
        [pupilId],
      ),
    ]);
    return {
      ...summary,
      schoolForm: (enrolment?.school_form as string | undefined) ?? null,
      hasProtectedIdentity: (person?.security_marking as SecurityMarking) !== 'Ingen',
      guardians: guardians.map((row) => ({
        name: `${String(row.given_name)} ${String(row.family_name)}`,
        hasProtectedIdentity: (row.security_marking as SecurityMarking) !== 'Ingen',
      })),
    };
  }
}

const toArray = uuidArray;
