import { randomUUID } from 'node:crypto';

import { Guardianship, StudentGroup } from '../../src/directory/directory.entities';
import { DirectoryQueries } from '../../src/directory/directory.queries';
import type { MediumDatabase } from './medium';
import { openMediumDatabase } from './medium';

describe('DirectoryQueries against PostgreSQL', () => {
  let db: MediumDatabase;
  let directory: DirectoryQueries;

  beforeAll(async () => {
    db = await openMediumDatabase();
    directory = new DirectoryQueries(db.em());
  });

  afterAll(async () => {
    await db?.close();
  });

  it('summarises pupils with their class and school unit, in Swedish order', async () => {
    const unit = await db.given.schoolUnit({ name: 'Ekskolan' });
    const ada = await db.given.pupil({
      givenName: 'Ada',
      familyName: 'Öberg',
      schoolUnitId: unit.id,
    });
    const bo = await db.given.pupil({
      givenName: 'Bo',
      familyName: 'Andersson',
      schoolUnitId: unit.id,
    });
    const group = await db.given.schoolClass(unit.id, [ada.id, bo.id], {
      name: '4A',
      schoolYear: 4,
    });

    const summaries = await directory.findPupilSummaries([ada.id, bo.id]);

    expect(summaries).toEqual([
      {
        id: bo.id,
        givenName: 'Bo',
        familyName: 'Andersson',
        classId: group.id,
        className: '4A',
        schoolUnitName: 'Ekskolan',
        schoolYear: 4,
      },
      {
        id: ada.id,
        givenName: 'Ada',
        familyName: 'Öberg',
        classId: group.id,
        className: '4A',
        schoolUnitName: 'Ekskolan',
        schoolYear: 4,
      },
    ]);
  });

  it('reads a pupil without a class', async () => {
    const pupil = await db.given.pupil({ givenName: 'Ines' });

    const [summary] = await directory.findPupilSummaries([pupil.id]);

    expect(summary).toMatchObject({ givenName: 'Ines', classId: null, schoolUnitName: null });
  });

  it("reads a pupil's facts in one statement: units in force, groups not ended, only the enrolled", async () => {
    const unit = await db.given.schoolUnit({ name: 'Björkskolan' });
    const current = await db.given.pupil({ schoolUnitId: unit.id });
    const left = await db.given.pupil({ schoolUnitId: unit.id, endDate: '2021-06-10' });
    const neverEnrolled = await db.given.person();
    const inForce = await db.given.schoolClass(unit.id, [current.id, left.id]);
    const ended = await db.given.schoolClass(unit.id, [current.id], { name: '3A' });
    await db.em().nativeUpdate(StudentGroup, { id: ended.id }, { endDate: '2001-06-10' });

    const facts = await directory.findPupilFactsMany([current.id, left.id, neverEnrolled.id]);

    expect([...facts.keys()].sort()).toEqual([current.id, left.id].sort());
    expect(facts.get(current.id)).toEqual({
      pupilId: current.id,
      groupIds: new Set([inForce.id]),
      schoolUnitIds: new Set([unit.id]),
    });
    // Enrolled once: still a pupil the policy knows, of no unit today.
    expect(facts.get(left.id)).toEqual({
      pupilId: left.id,
      groupIds: new Set([inForce.id]),
      schoolUnitIds: new Set(),
    });
    expect(await directory.findPupilFacts(neverEnrolled.id)).toBeNull();
  });

  it("names the guard's context in one statement: the pupil, the groups' members and staff in force", async () => {
    const unit = await db.given.schoolUnit();
    const pupil = await db.given.pupil({
      givenName: 'Tove',
      familyName: 'Lind',
      schoolUnitId: unit.id,
    });
    const classmate = await db.given.pupil({
      givenName: 'Hugo',
      familyName: 'Ek',
      schoolUnitId: unit.id,
    });
    const elsewhere = await db.given.pupil({
      givenName: 'Saga',
      familyName: 'Berg',
      schoolUnitId: unit.id,
    });
    const group = await db.given.schoolClass(unit.id, [pupil.id, classmate.id]);
    await db.given.schoolClass(unit.id, [elsewhere.id], { name: '5B' });
    const mentor = await db.given.person({ givenName: 'Karin', familyName: 'Holm' });
    const formerTeacher = await db.given.person({ givenName: 'Rut', familyName: 'Sand' });
    const special = await db.given.person({ givenName: 'Leo', familyName: 'Dahl' });
    await db.given.duty(mentor.id, 'mentor', { groupId: group.id });
    await db.given.duty(formerTeacher.id, 'teacher', { groupId: group.id, endDate: '2001-06-10' });
    await db.given.duty(special.id, 'mentor', { pupilId: pupil.id });

    const context = await directory.findGuardContext(pupil.id);

    expect(context.pupil).toEqual({ givenName: 'Tove', familyName: 'Lind' });
    expect(context.classmates).toEqual([{ givenName: 'Hugo', familyName: 'Ek' }]);
    expect(context.staff.map((name) => `${name.givenName} ${name.familyName}`).sort()).toEqual([
      'Karin Holm',
      'Leo Dahl',
    ]);
    expect(await directory.findGuardContext('not-a-uuid')).toEqual({
      pupil: null,
      classmates: [],
      staff: [],
    });
  });

  it('reads the facts of a signed-in person in one statement: duties in force only, custody', async () => {
    const unit = await db.given.schoolUnit();
    const child = await db.given.pupil({ schoolUnitId: unit.id });
    const group = await db.given.schoolClass(unit.id, [child.id]);
    const staff = await db.given.person({ givenName: 'Maj', familyName: 'Ström' });
    await db.given.duty(staff.id, 'mentor', { groupId: group.id });
    await db.given.duty(staff.id, 'teacher', { groupId: group.id, startDate: '2999-08-17' });
    await db.given.duty(staff.id, 'reviewer', { endDate: '2001-06-10' });
    const em = db.em();
    em.create(Guardianship, { guardianId: staff.id, pupilId: child.id });
    await em.flush();

    const facts = await directory.findActorFacts(staff.id);

    expect(facts).toEqual({
      givenName: 'Maj',
      familyName: 'Ström',
      isPupil: false,
      guardianOf: [child.id],
      duties: [
        { role: 'mentor', schoolUnitId: null, groupId: group.id, pupilId: null, subject: null },
      ],
    });
    expect((await directory.findActorFacts(child.id))?.isPupil).toBe(true);
    expect(await directory.findActorFacts(randomUUID())).toBeNull();
  });
});
