import { randomUUID } from 'node:crypto';

import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { Insertable, RawBuilder, SqlBool } from 'kysely';

import type { AccountProvisioningService } from '../auth/account-provisioning.service';
import { inBatches } from '../common/in-batches';
import type { UsernamePool } from '../auth/username-pool';
import { diffColumns, reportOf, withChange } from './directory-import-report';
import type { ColumnValue } from './directory-import-report';
import type { ImportReportEntry } from './directory-importer';
import type { DirectoryTables } from './directory.entities';
import type { DutyItem, GroupItem, GuardianshipItem, PersonItem } from './import/import-document';

/*
 * The import's writes for a whole chunk of items at once: one statement per table and kind of
 * change (select the existing rows, insert the new ones, update the changed ones), instead of
 * several round trips per item. Items the file itself contradicts (a reference to something not in
 * the file) are refused here, before anything is written, with the same Swedish reasons as the
 * item-by-item path; anything the database refuses (a conflict with a row the file does not name)
 * throws `SetNotApplicable` or a database error, and the importer then redoes the chunk item by
 * item in savepoints, so that only the offending item is refused. The outcome per item (created,
 * updated with which fields, unchanged, rejected) is the same either way.
 */

/** The chunk cannot be written as a set (e.g. the same person twice in it); write it item by item. */
export class SetNotApplicable extends Error {}

/** The ids earlier phases gave each key of the file: of persons, those a chunk names (`readPersonIds`). */
export interface ImportIds {
  readonly unitIds: ReadonlyMap<string, string>;
  readonly personIds: ReadonlyMap<string, string>;
  readonly groupIds: ReadonlyMap<string, string>;
}

/** A chunk's report entries, in the chunk's order, and the ids it gave (kept only after commit). */
export interface SetOutcome {
  readonly entries: readonly ImportReportEntry[];
  readonly ids: ReadonlyMap<string, string>;
}

/** `column = any($1)`: one array parameter, however many values (an `in` list has one each); raw because Kysely has no typed `= any`. */
const anyOf = (column: string, values: readonly string[]): RawBuilder<SqlBool> =>
  sql<SqlBool>`${sql.ref(column)} = any(${values})`;

const rejectedEntry = (source: string, reason: string): ImportReportEntry => ({
  source,
  kind: 'rad',
  outcome: 'rejected',
  reason,
});

/**
 * The row ids of the persons these keys name that this import wrote: every written person has its
 * key as `external_id` (unique), so a key is looked up there unless the writes refused its person
 * (a row with that key is then not this file's person). A key of no written person is left out, as
 * the writers expect of a person the file does not have.
 */
export async function readPersonIds(
  em: EntityManager,
  keys: readonly string[],
  refused: ReadonlySet<string>,
): Promise<ReadonlyMap<string, string>> {
  const wanted = [...new Set(keys)].filter((key) => !refused.has(key));
  if (wanted.length === 0) {
    return new Map();
  }
  const rows = await em
    .getKysely<DirectoryTables>()
    .selectFrom('person')
    .select(['id', 'external_id'])
    .where(anyOf('external_id', wanted))
    .execute();
  return new Map(rows.map((row) => [row.external_id, row.id]));
}

function requireUnique(values: readonly string[]): void {
  if (new Set(values).size !== values.length) {
    throw new SetNotApplicable('The same key twice in one chunk');
  }
}

/** What became of a chunk's items against the rows already there: new, changed or unchanged. */
interface Sorted<Wanted> {
  readonly created: { readonly key: string; readonly id: string; readonly wanted: Wanted }[];
  readonly updates: { readonly id: string; readonly wanted: Wanted }[];
  readonly ids: Map<string, string>;
}

/**
 * Compares each item's wanted columns with its existing row (found by `match`): a new id and a
 * `created` entry when there is none, an update when columns differ (the entry names them).
 */
function sortAgainstExisting<Wanted extends Readonly<Record<string, ColumnValue>>>(
  items: readonly { index: number; key: string; match: string; source: string; wanted: Wanted }[],
  existing: ReadonlyMap<
    string,
    { readonly id: string } & { readonly [C in keyof Wanted]: ColumnValue }
  >,
  kind: string,
  entries: ImportReportEntry[],
): Sorted<Wanted> {
  const sorted: Sorted<Wanted> = { created: [], updates: [], ids: new Map() };
  for (const { index, key, match, source, wanted } of items) {
    const row = existing.get(match);
    if (!row) {
      const id = randomUUID();
      sorted.created.push({ key, id, wanted });
      sorted.ids.set(key, id);
      entries[index] = { source, kind, outcome: 'created' };
    } else {
      const diff = diffColumns(row, wanted);
      if (diff.changed.length > 0) {
        sorted.updates.push({ id: row.id, wanted });
      }
      sorted.ids.set(key, row.id);
      entries[index] = reportOf(diff.changed, source, kind);
    }
  }
  return sorted;
}

type EnrolmentRow = {
  id: string;
  person_id: string;
  school_unit_id: string;
  school_form: string;
  start_date: string;
  school_year: number | null;
  end_date: string | null;
};

/** Persons with their accounts (new persons) and enrolments: created, updated or unchanged. */
export async function writePersons(
  em: EntityManager,
  chunk: readonly PersonItem[],
  ids: ImportIds,
  accounts: AccountProvisioningService,
  usernames: UsernamePool,
  now: Date,
): Promise<SetOutcome> {
  const db = em.getKysely<DirectoryTables>();
  const entries: ImportReportEntry[] = new Array<ImportReportEntry>(chunk.length);
  const valid: { index: number; item: PersonItem }[] = [];
  chunk.forEach((item, index) => {
    const missing = item.enrolments.find((enrolment) => !ids.unitIds.has(enrolment.schoolUnitKey));
    if (missing) {
      entries[index] = rejectedEntry(
        item.source,
        `Inskrivningen hänvisar till en skolenhet som inte finns i filen (${missing.schoolUnitKey}).`,
      );
    } else {
      valid.push({ index, item });
    }
  });
  requireUnique(valid.map(({ item }) => item.civicNo));
  requireUnique(valid.map(({ item }) => item.key));

  const existing =
    valid.length === 0
      ? []
      : await db
          .selectFrom('person')
          .select([
            'id',
            'civic_no',
            'external_id',
            'given_name',
            'family_name',
            'security_marking',
            'imported_email',
          ])
          .where(
            anyOf(
              'civic_no',
              valid.map(({ item }) => item.civicNo),
            ),
          )
          .execute();
  const byCivicNo = new Map(existing.map((row) => [row.civic_no, row]));

  const {
    created,
    updates,
    ids: personIds,
  } = sortAgainstExisting(
    valid.map(({ index, item }) => ({
      index,
      key: item.key,
      match: item.civicNo,
      source: item.source,
      wanted: {
        external_id: item.key,
        given_name: item.givenName,
        family_name: item.familyName,
        security_marking: item.securityMarking,
        imported_email: item.email,
      } satisfies PersonColumns,
    })),
    byCivicNo,
    'person',
    entries,
  );
  if (created.length > 0) {
    const civicNoByKey = new Map(valid.map(({ item }) => [item.key, item.civicNo]));
    await inBatches(
      created.map(({ key, id, wanted }) => ({
        id,
        civic_no: civicNoByKey.get(key) as string,
        ...wanted,
        created_at: now,
        updated_at: now,
      })),
      (batch) => db.insertInto('person').values(batch).execute(),
    );
    await accounts.createAccounts(
      em,
      created.map(({ id, wanted }) => ({
        id,
        givenName: wanted.given_name,
        familyName: wanted.family_name,
      })),
      usernames,
      now,
    );
  }
  if (updates.length > 0) {
    // Raw SQL: Kysely has no typed `update … from unnest(…)`; the columns are the person entity's.
    await sql`
      update person as p
         set external_id = v.external_id, given_name = v.given_name, family_name = v.family_name,
             security_marking = v.security_marking, imported_email = v.imported_email,
             updated_at = ${now}
        from unnest(${updates.map((u) => u.id)}::uuid[],
                    ${updates.map((u) => u.wanted.external_id)}::text[],
                    ${updates.map((u) => u.wanted.given_name)}::text[],
                    ${updates.map((u) => u.wanted.family_name)}::text[],
                    ${updates.map((u) => u.wanted.security_marking)}::text[],
                    ${updates.map((u) => u.wanted.imported_email)}::text[])
             as v(id, external_id, given_name, family_name, security_marking, imported_email)
       where p.id = v.id`.execute(db);
  }

  const enrolmentChanges = await writeEnrolments(
    em,
    valid.map(({ item }) => ({ personId: personIds.get(item.key) as string, item })),
    ids.unitIds,
    existing.map((row) => row.id),
    now,
  );
  for (const { index, item } of valid) {
    const entry = entries[index];
    if ((enrolmentChanges.get(personIds.get(item.key) as string) ?? 0) > 0) {
      entries[index] =
        entry.outcome === 'unchanged'
          ? { source: item.source, kind: 'person', outcome: 'updated', changes: ['inskrivning'] }
          : entry.outcome === 'updated'
            ? { ...entry, changes: [...(entry.changes ?? []), 'inskrivning'] }
            : entry;
    }
  }
  return { entries, ids: personIds };
}

type PersonColumns = {
  external_id: string;
  given_name: string;
  family_name: string;
  security_marking: PersonItem['securityMarking'];
  imported_email: string | null;
};

/** Adds and updates the enrolments the file lists (never deletes one); changes per person id. */
async function writeEnrolments(
  em: EntityManager,
  persons: readonly { personId: string; item: PersonItem }[],
  unitIds: ReadonlyMap<string, string>,
  existingPersonIds: readonly string[],
  now: Date,
): Promise<Map<string, number>> {
  const db = em.getKysely<DirectoryTables>();
  const key = (personId: string, unitId: string, form: string, start: string): string =>
    `${personId}|${unitId}|${form}|${start}`;
  const existing: EnrolmentRow[] =
    existingPersonIds.length === 0
      ? []
      : await db
          .selectFrom('enrolment')
          .select([
            'id',
            'person_id',
            'school_unit_id',
            'school_form',
            'start_date',
            'school_year',
            'end_date',
          ])
          .where(anyOf('person_id', existingPersonIds))
          .execute();
  const byKey = new Map(
    existing.map((row) => [
      key(row.person_id, row.school_unit_id, row.school_form, row.start_date),
      row,
    ]),
  );
  const changes = new Map<string, number>();
  const inserts: Insertable<DirectoryTables['enrolment']>[] = [];
  const updates: { id: string; schoolYear: number | null; endDate: string | null }[] = [];
  const seen = new Set<string>();
  for (const { personId, item } of persons) {
    for (const enrolment of item.enrolments) {
      const unitId = unitIds.get(enrolment.schoolUnitKey) as string;
      const enrolmentKey = key(personId, unitId, enrolment.schoolForm, enrolment.startDate);
      if (seen.has(enrolmentKey)) {
        throw new SetNotApplicable('The same enrolment twice in one person');
      }
      seen.add(enrolmentKey);
      const row = byKey.get(enrolmentKey);
      if (!row) {
        inserts.push({
          id: randomUUID(),
          person_id: personId,
          school_unit_id: unitId,
          school_form: enrolment.schoolForm,
          school_year: enrolment.schoolYear,
          start_date: enrolment.startDate,
          end_date: enrolment.endDate,
          updated_at: now,
        });
      } else if (row.school_year !== enrolment.schoolYear || row.end_date !== enrolment.endDate) {
        updates.push({ id: row.id, schoolYear: enrolment.schoolYear, endDate: enrolment.endDate });
      } else {
        continue;
      }
      changes.set(personId, (changes.get(personId) ?? 0) + 1);
    }
  }
  if (inserts.length > 0) {
    await inBatches(inserts, (batch) => db.insertInto('enrolment').values(batch).execute());
  }
  if (updates.length > 0) {
    // Raw SQL: Kysely has no typed `update … from unnest(…)`; the columns are the enrolment entity's.
    await sql`
      update enrolment as e
         set school_year = v.school_year, end_date = v.end_date, updated_at = ${now}
        from unnest(${updates.map((u) => u.id)}::uuid[],
                    ${updates.map((u) => u.schoolYear)}::int[],
                    ${updates.map((u) => u.endDate)}::date[]) as v(id, school_year, end_date)
       where e.id = v.id`.execute(db);
  }
  return changes;
}

/** Groups and their members: a class in the file is authoritative for its members. */
export async function writeGroups(
  em: EntityManager,
  chunk: readonly GroupItem[],
  ids: ImportIds,
  now: Date,
): Promise<SetOutcome> {
  const db = em.getKysely<DirectoryTables>();
  const entries: ImportReportEntry[] = new Array<ImportReportEntry>(chunk.length);
  const valid: { index: number; item: GroupItem; unitId: string; memberIds: string[] }[] = [];
  chunk.forEach((item, index) => {
    const unitId = ids.unitIds.get(item.schoolUnitKey);
    const missingMember = item.memberKeys.find((memberKey) => !ids.personIds.has(memberKey));
    if (!unitId) {
      entries[index] = rejectedEntry(
        item.source,
        `Gruppen hänvisar till en skolenhet som inte finns i filen (${item.schoolUnitKey}).`,
      );
    } else if (missingMember !== undefined) {
      entries[index] = rejectedEntry(
        item.source,
        `Gruppen har en medlem som inte finns i filen (${missingMember}).`,
      );
    } else {
      const memberIds = [
        ...new Set(item.memberKeys.map((memberKey) => ids.personIds.get(memberKey) as string)),
      ];
      valid.push({ index, item, unitId, memberIds });
    }
  });
  requireUnique(valid.map(({ item }) => item.key));

  const existing =
    valid.length === 0
      ? []
      : await db
          .selectFrom('student_group')
          .select([
            'id',
            'external_id',
            'school_unit_id',
            'name',
            'group_type',
            'school_year',
            'start_date',
            'end_date',
          ])
          .where(
            anyOf(
              'external_id',
              valid.map(({ item }) => item.key),
            ),
          )
          .execute();
  const byKey = new Map(existing.map((row) => [row.external_id, row]));
  const {
    created,
    updates,
    ids: groupIds,
  } = sortAgainstExisting(
    valid.map(({ index, item, unitId }) => ({
      index,
      key: item.key,
      match: item.key,
      source: item.source,
      wanted: {
        school_unit_id: unitId,
        name: item.name,
        group_type: item.groupType,
        school_year: item.schoolYear,
        start_date: item.startDate,
        end_date: item.endDate,
      } satisfies GroupColumns,
    })),
    byKey,
    'grupp',
    entries,
  );
  if (created.length > 0) {
    await inBatches(
      created.map(({ key, id, wanted }) => ({ id, external_id: key, ...wanted, updated_at: now })),
      (batch) => db.insertInto('student_group').values(batch).execute(),
    );
  }
  if (updates.length > 0) {
    // Raw SQL: Kysely has no typed `update … from unnest(…)`; the columns are the group entity's.
    await sql`
      update student_group as g
         set school_unit_id = v.school_unit_id, name = v.name, group_type = v.group_type,
             school_year = v.school_year, start_date = v.start_date, end_date = v.end_date,
             updated_at = ${now}
        from unnest(${updates.map((u) => u.id)}::uuid[],
                    ${updates.map((u) => u.wanted.school_unit_id)}::uuid[],
                    ${updates.map((u) => u.wanted.name)}::text[],
                    ${updates.map((u) => u.wanted.group_type)}::text[],
                    ${updates.map((u) => u.wanted.school_year)}::int[],
                    ${updates.map((u) => u.wanted.start_date)}::date[],
                    ${updates.map((u) => u.wanted.end_date)}::date[])
             as v(id, school_unit_id, name, group_type, school_year, start_date, end_date)
       where g.id = v.id`.execute(db);
  }

  const changed = await syncPairs(
    em,
    'group_membership',
    'group_id',
    'person_id',
    valid.map(({ item, memberIds }) => ({ ownerId: groupIds.get(item.key) as string, memberIds })),
  );
  for (const { index, item } of valid) {
    entries[index] = withChange(
      entries[index],
      changed.has(groupIds.get(item.key) as string),
      'medlemmar',
    );
  }
  return { entries, ids: groupIds };
}

type GroupColumns = {
  school_unit_id: string;
  name: string;
  group_type: GroupItem['groupType'];
  school_year: number | null;
  start_date: string | null;
  end_date: string | null;
};

/** Each pupil's guardians exactly as the file has them. */
export async function writeGuardianships(
  em: EntityManager,
  chunk: readonly GuardianshipItem[],
  ids: ImportIds,
): Promise<SetOutcome> {
  const entries: ImportReportEntry[] = new Array<ImportReportEntry>(chunk.length);
  const valid: {
    index: number;
    item: GuardianshipItem;
    pupilId: string;
    guardianIds: string[];
  }[] = [];
  chunk.forEach((item, index) => {
    const pupilId = ids.personIds.get(item.pupilKey);
    if (!pupilId) {
      entries[index] = rejectedEntry(
        item.source,
        'Eleven kunde inte sparas, så inte heller elevens vårdnadshavare.',
      );
      return;
    }
    const guardianIds = item.guardianKeys
      .map((guardianKey) => ids.personIds.get(guardianKey))
      .filter((id): id is string => id !== undefined);
    valid.push({ index, item, pupilId, guardianIds: [...new Set(guardianIds)] });
  });
  requireUnique(valid.map(({ pupilId }) => pupilId));
  const changed = await syncPairs(
    em,
    'guardianship',
    'pupil_id',
    'guardian_id',
    valid.map(({ pupilId, guardianIds }) => ({ ownerId: pupilId, memberIds: guardianIds })),
  );
  for (const { index, item, pupilId } of valid) {
    const isChanged = changed.has(pupilId);
    entries[index] = {
      source: item.source,
      kind: 'vårdnadshavare',
      outcome: isChanged ? 'updated' : 'unchanged',
      ...(isChanged ? { changes: ['vårdnadshavare'] } : {}),
    };
  }
  return { entries, ids: new Map() };
}

/**
 * Makes each owner's members exactly the given ones, for all owners at once: reads the pairs
 * there are, then deletes those not wanted and inserts the missing ones (a file that changes
 * nothing costs one read); the owners whose pairs changed.
 */
async function syncPairs(
  em: EntityManager,
  table: 'group_membership' | 'guardianship',
  ownerColumn: 'group_id' | 'pupil_id',
  memberColumn: 'person_id' | 'guardian_id',
  sets: readonly { ownerId: string; memberIds: readonly string[] }[],
): Promise<Set<string>> {
  if (sets.length === 0) {
    return new Set();
  }
  const db = em.getKysely<DirectoryTables>();
  const pair = (owner: string, member: string): string => `${owner}|${member}`;
  // Raw SQL: one function for two link tables, named by parameter (Kysely types need a literal table).
  const existing = await sql<{ owner: string; member: string }>`
    select ${sql.ref(ownerColumn)} as owner, ${sql.ref(memberColumn)} as member
      from ${sql.table(table)}
     where ${sql.ref(ownerColumn)} = any(${sets.map((set) => set.ownerId)}::uuid[])`.execute(db);
  const wanted = new Set(
    sets.flatMap((set) => set.memberIds.map((member) => pair(set.ownerId, member))),
  );
  const there = new Set(existing.rows.map((row) => pair(row.owner, row.member)));
  const removed = existing.rows.filter((row) => !wanted.has(pair(row.owner, row.member)));
  const missing = sets.flatMap((set) =>
    set.memberIds
      .filter((member) => !there.has(pair(set.ownerId, member)))
      .map((member) => ({ owner: set.ownerId, member })),
  );
  if (removed.length > 0) {
    // Raw SQL: `delete … using unnest(…)` pairs, which Kysely does not type.
    await sql`
      delete from ${sql.table(table)} as t
       using unnest(${removed.map((row) => row.owner)}::uuid[],
                    ${removed.map((row) => row.member)}::uuid[]) as d(owner, member)
       where t.${sql.ref(ownerColumn)} = d.owner and t.${sql.ref(memberColumn)} = d.member`.execute(
      db,
    );
  }
  if (missing.length > 0) {
    // Raw SQL: `insert … select from unnest(…)` pairs, which Kysely does not type.
    await sql`
      insert into ${sql.table(table)} (${sql.ref(ownerColumn)}, ${sql.ref(memberColumn)})
      select owner, member
        from unnest(${missing.map((row) => row.owner)}::uuid[],
                    ${missing.map((row) => row.member)}::uuid[]) as w(owner, member)
      on conflict do nothing`.execute(db);
  }
  return new Set([...removed, ...missing].map((row) => row.owner));
}

/** Staff duties; never deleted by an import (a duty ends through its end date). */
export async function writeDuties(
  em: EntityManager,
  chunk: readonly DutyItem[],
  ids: ImportIds,
  now: Date,
): Promise<SetOutcome> {
  const db = em.getKysely<DirectoryTables>();
  const entries: ImportReportEntry[] = new Array<ImportReportEntry>(chunk.length);
  const valid: { index: number; item: DutyItem; wanted: DutyColumns }[] = [];
  chunk.forEach((item, index) => {
    const wanted = resolveDuty(item, ids);
    if (typeof wanted === 'string') {
      entries[index] = rejectedEntry(item.source, wanted);
    } else {
      valid.push({ index, item, wanted });
    }
  });
  requireUnique(valid.map(({ item }) => item.key));
  const existing =
    valid.length === 0
      ? []
      : await db
          .selectFrom('staff_duty')
          .select([
            'id',
            'external_id',
            'person_id',
            'role',
            'school_unit_id',
            'group_id',
            'pupil_id',
            'subject',
            'start_date',
            'end_date',
          ])
          .where(
            anyOf(
              'external_id',
              valid.map(({ item }) => item.key),
            ),
          )
          .execute();
  const byKey = new Map(existing.map((row) => [row.external_id, row]));
  const { created, updates } = sortAgainstExisting(
    valid.map(({ index, item, wanted }) => ({
      index,
      key: item.key,
      match: item.key,
      source: item.source,
      wanted,
    })),
    byKey,
    'uppdrag',
    entries,
  );
  if (created.length > 0) {
    await inBatches(
      created.map(({ key, id, wanted }) => ({ id, external_id: key, ...wanted, updated_at: now })),
      (batch) => db.insertInto('staff_duty').values(batch).execute(),
    );
  }
  if (updates.length > 0) {
    const column = <K extends keyof DutyColumns>(name: K) => updates.map((u) => u.wanted[name]);
    // Raw SQL: Kysely has no typed `update … from unnest(…)`; the columns are the duty entity's.
    await sql`
      update staff_duty as d
         set person_id = v.person_id, role = v.role, school_unit_id = v.school_unit_id,
             group_id = v.group_id, pupil_id = v.pupil_id, subject = v.subject,
             start_date = v.start_date, end_date = v.end_date, updated_at = ${now}
        from unnest(${updates.map((u) => u.id)}::uuid[], ${column('person_id')}::uuid[],
                    ${column('role')}::text[], ${column('school_unit_id')}::uuid[],
                    ${column('group_id')}::uuid[], ${column('pupil_id')}::uuid[],
                    ${column('subject')}::text[], ${column('start_date')}::date[],
                    ${column('end_date')}::date[])
             as v(id, person_id, role, school_unit_id, group_id, pupil_id, subject, start_date,
                  end_date)
       where d.id = v.id`.execute(db);
  }
  return { entries, ids: new Map() };
}

type DutyColumns = {
  person_id: string;
  role: DutyItem['role'];
  school_unit_id: string | null;
  group_id: string | null;
  pupil_id: string | null;
  subject: string | null;
  start_date: string | null;
  end_date: string | null;
};

/** The duty's columns, or why it is refused (in Swedish, as the item-by-item path words it). */
export function resolveDuty(item: DutyItem, ids: ImportIds): DutyColumns | string {
  const personId = ids.personIds.get(item.personKey);
  if (!personId) {
    return `Uppdraget hänvisar till en person som inte finns i filen (${item.personKey}).`;
  }
  const references: [Map<string, string> | ReadonlyMap<string, string>, string | null, string][] = [
    [ids.unitIds, item.schoolUnitKey, 'en skolenhet'],
    [ids.groupIds, item.groupKey, 'en grupp'],
    [ids.personIds, item.pupilKey, 'en elev'],
  ];
  const resolved: (string | null)[] = [];
  for (const [map, key, what] of references) {
    if (key === null) {
      resolved.push(null);
      continue;
    }
    const id = map.get(key);
    if (!id) {
      return `Uppdraget hänvisar till ${what} som inte finns i filen (${key}).`;
    }
    resolved.push(id);
  }
  const [schoolUnitId, groupId, pupilId] = resolved as [
    string | null,
    string | null,
    string | null,
  ];
  return {
    person_id: personId,
    role: item.role,
    school_unit_id: schoolUnitId,
    group_id: groupId,
    pupil_id: pupilId,
    subject: item.subject,
    start_date: item.startDate,
    end_date: item.endDate,
  };
}
