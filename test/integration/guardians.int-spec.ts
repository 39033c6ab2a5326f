import { Guardianship } from '../../src/directory/directory.entities';
import { ClassListQueries } from '../../src/directory/class-list.queries';
import { GuardiansQueries } from '../../src/guardians/guardians.queries';
import { NO_CLASS_LIST_CHOICES } from '../../src/guardians/class-list-choices';
import type { MediumDatabase } from './medium';
import { openMediumDatabase } from './medium';

describe('GuardiansQueries against PostgreSQL', () => {
  let db: MediumDatabase;
  let queries: GuardiansQueries;

  beforeAll(async () => {
    db = await openMediumDatabase();
    queries = new GuardiansQueries(db.em(), new ClassListQueries(db.em()));
  });

  afterAll(async () => {
    await db?.close();
  });

  async function guardianship(guardianId: string, pupilId: string): Promise<void> {
    const em = db.em();
    em.create(Guardianship, { guardianId, pupilId });
    await em.flush();
  }

  const contact = {
    streetAddress: 'Storgatan 1',
    postalCode: '44330',
    city: 'Lerum',
    phone: null,
    mobile: '070-1234567',
    email: 'karin@example.se',
  };

  it('saves a profile, says what changed, and reads it back', async () => {
    const guardian = await db.given.person({ givenName: 'Karin', familyName: 'Berg' });

    const first = await db
      .em()
      .transactional((em) => queries.saveProfile(em, guardian.id, contact));
    expect(first.sort()).toEqual(['city', 'email', 'mobile', 'postalCode', 'streetAddress']);
    const second = await db
      .em()
      .transactional((em) => queries.saveProfile(em, guardian.id, { ...contact, city: 'Gråbo' }));
    expect(second).toEqual(['city']);
    await db.em().transactional((em) => queries.savePhoto(em, guardian.id, Buffer.from('jpeg')));

    expect(await queries.findOwnProfile(guardian.id)).toEqual({
      name: 'Karin Berg',
      hasProtectedIdentity: false,
      hasPhoto: true,
      classListChoices: NO_CLASS_LIST_CHOICES,
      ...contact,
      city: 'Gråbo',
    });
    expect(await queries.findPhoto(guardian.id)).toEqual(Buffer.from('jpeg'));
    // Not chosen for class lists (the default): no photo there.
    expect(await queries.findClassListPhoto(guardian.id)).toBeNull();

    const chosen = { ...NO_CLASS_LIST_CHOICES, phone: true, photo: true };
    await db.em().transactional((em) => queries.saveClassListChoices(em, guardian.id, chosen));
    expect((await queries.findOwnProfile(guardian.id))?.classListChoices).toEqual(chosen);
    expect(await queries.findClassListPhoto(guardian.id)).toEqual(Buffer.from('jpeg'));
    // Choosing keeps what was entered.
    expect(await queries.findOwnProfile(guardian.id)).toMatchObject({ ...contact, city: 'Gråbo' });
  });

  it('keeps choices made before any details were entered', async () => {
    const guardian = await db.given.person({ givenName: 'Per', familyName: 'Holm' });
    await db
      .em()
      .transactional((em) =>
        queries.saveClassListChoices(em, guardian.id, { ...NO_CLASS_LIST_CHOICES, email: true }),
      );
    await db.em().transactional((em) => queries.saveProfile(em, guardian.id, contact));
    await db.em().transactional((em) => queries.savePhoto(em, guardian.id, Buffer.from('jpeg')));

    expect(await queries.findOwnProfile(guardian.id)).toMatchObject({
      classListChoices: { ...NO_CLASS_LIST_CHOICES, email: true },
      email: contact.email,
    });
  });

  it('never reads the address of a person with protected identity', async () => {
    const person = await db.given.person({ securityMarking: 'Skyddad folkbokföring' });
    await db.em().transactional((em) => queries.saveProfile(em, person.id, contact));

    expect(await queries.findOwnProfile(person.id)).toMatchObject({
      hasProtectedIdentity: true,
      hasPhoto: false,
      streetAddress: null,
      postalCode: null,
      city: null,
      mobile: '070-1234567',
    });
    expect(await queries.findPhoto(person.id)).toBeNull();
  });

  it('lists a class without anyone with protected identity', async () => {
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
    const hidden = await db.given.person({ securityMarking: 'Sekretessmarkering' });
    const group = await db.given.schoolClass(unit.id, [ada.id, bo.id, hidden.id], { name: '4B' });
    const mother = await db.given.person({ givenName: 'Maria', familyName: 'Öberg' });
    const protectedFather = await db.given.person({ securityMarking: 'Sekretessmarkering' });
    await guardianship(mother.id, ada.id);
    await guardianship(protectedFather.id, ada.id);
    await db.em().transactional((em) => queries.saveProfile(em, mother.id, contact));
    await db.em().transactional((em) => queries.saveProfile(em, protectedFather.id, contact));
    const nothingShown = {
      streetAddress: null,
      postalCode: null,
      city: null,
      phone: null,
      mobile: null,
      email: null,
    };

    // By default the class list shows the name only.
    expect((await queries.findClassList(group.id))?.pupils[1]?.guardians).toEqual([
      { id: mother.id, name: 'Maria Öberg', hasPhoto: false, ...nothingShown },
    ]);
    // Field by field: the phone alone.
    await db
      .em()
      .transactional((em) =>
        queries.saveClassListChoices(em, mother.id, { ...NO_CLASS_LIST_CHOICES, mobile: true }),
      );
    expect((await queries.findClassList(group.id))?.pupils[1]?.guardians).toEqual([
      {
        id: mother.id,
        name: 'Maria Öberg',
        hasPhoto: false,
        ...nothingShown,
        mobile: contact.mobile,
      },
    ]);
    // Everything chosen; the protected father stays out whatever he chose.
    const everything = { address: true, phone: true, mobile: true, email: true, photo: true };
    await db.em().transactional((em) => queries.saveClassListChoices(em, mother.id, everything));
    await db
      .em()
      .transactional((em) => queries.saveClassListChoices(em, protectedFather.id, everything));

    const list = await queries.findClassList(group.id);

    expect(list).toEqual({
      groupId: group.id,
      name: '4B',
      schoolUnitName: 'Ekskolan',
      pupils: [
        { id: bo.id, name: 'Bo Andersson', guardians: [] },
        {
          id: ada.id,
          name: 'Ada Öberg',
          guardians: [{ id: mother.id, name: 'Maria Öberg', hasPhoto: false, ...contact }],
        },
      ],
    });
    expect(await queries.isListedGuardian(group.id, mother.id)).toBe(true);
    expect(await queries.isListedGuardian(group.id, protectedFather.id)).toBe(false);
    expect(await queries.findGroupFacts(group.id)).toEqual({
      groupId: group.id,
      schoolUnitId: unit.id,
      memberIds: new Set([ada.id, bo.id, hidden.id]),
    });
    expect(await queries.findCurrentClasses([ada.id])).toEqual(
      new Map([[ada.id, { id: group.id, name: '4B' }]]),
    );
  });
});
