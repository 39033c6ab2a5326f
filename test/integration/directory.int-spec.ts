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
});
