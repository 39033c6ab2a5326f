import sharp from 'sharp';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';

import {
  chooseClassListDetails,
  csrfFrom,
  DemoWorld,
  query,
  startDemoWorld,
} from '../support/demo-world';

/** The choices' form as the page posts it, for the refusals (a wrong field, a wrong token). */
function choicesForm(token: string, choices: readonly string[]): string {
  return [`_csrf=${encodeURIComponent(token)}`, ...choices.map((choice) => `visa=${choice}`)].join(
    '&',
  );
}

const DETAILS = {
  streetAddress: 'Björkvägen 7',
  postalCode: '44331',
  city: 'Lerum',
  phone: '0302-12 34 56',
  mobile: '070-111 22 33',
  email: 'karin@exempel.se',
};

/** The form body of the class list choices, with the page's token (boxes as the browser sends them). */
describe('contact details in class lists by the guardian’s choice', () => {
  let world: DemoWorld;
  let guardian: TestAgent;
  let otherGuardian: TestAgent;
  let classUrl: string;
  let photoUrl: string;
  let guardianId: string;

  const choose = (choices: readonly string[]): Promise<void> =>
    chooseClassListDetails(guardian, choices);

  /** The class list as another guardian of the class sees it. */
  const listSeenByOther = async (): Promise<string> =>
    (await otherGuardian.get(classUrl).expect(200)).text;

  beforeAll(async () => {
    world = await startDemoWorld();
    guardian = await world.signIn('vardnadshavare');
    guardianId = await world.personId('demo:person:guardian-shared');
    const [fourA] = await query(world.testApp, "select id from student_group where name = '4A'");
    classUrl = `/klasslista/${String(fourA?.id)}`;
    photoUrl = `${classUrl}/bild/${guardianId}`;

    const profile = await guardian.get('/profil').expect(200);
    await guardian
      .post('/profil')
      .type('form')
      .send({ _csrf: csrfFrom(profile.text), ...DETAILS })
      .expect(303);
    const photo = await sharp({
      create: { width: 80, height: 80, channels: 3, background: { r: 30, g: 90, b: 160 } },
    })
      .jpeg()
      .toBuffer();
    await guardian
      .post('/profil/bild')
      .field('_csrf', csrfFrom(profile.text))
      .attach('photo', photo, { filename: 'bild.jpg', contentType: 'image/jpeg' })
      .expect(303);

    // Another guardian in 4A (of pupil 4-2), signed in.
    const [other] = await query(
      world.testApp,
      `select a.username from account a
         join guardianship g on g.guardian_id = a.person_id
         join person p on p.id = g.pupil_id
        where p.external_id = 'demo:person:pupil-4-2' and a.person_id <> $1
        limit 1`,
      [guardianId],
    );
    await query(
      world.testApp,
      "update account set password_hash = (select password_hash from account where username = 'admin') where username = $1",
      [other?.username],
    );
    otherGuardian = request.agent(world.testApp.app.getHttpServer());
    await otherGuardian
      .post('/api/v1/auth/login')
      .send({ username: other?.username, password: 'demo-lösenord-2026' })
      .expect(200);
  });

  afterAll(() => world.close());

  it('shows only the name by default, however much the guardian entered', async () => {
    const [row] = await query(
      world.testApp,
      'select shows_address, shows_phone, shows_mobile, shows_email, shows_photo from self_contact where person_id = $1',
      [guardianId],
    );
    expect(row).toEqual({
      shows_address: false,
      shows_phone: false,
      shows_mobile: false,
      shows_email: false,
      shows_photo: false,
    });
    const [name] = await query(
      world.testApp,
      'select given_name, family_name from person where id = $1',
      [guardianId],
    );

    for (const viewer of [otherGuardian, await world.signIn('mentor'), guardian]) {
      const list = (await viewer.get(classUrl).expect(200)).text;
      expect(list).toContain(`${String(name?.given_name)} ${String(name?.family_name)}`);
      for (const value of [
        DETAILS.streetAddress,
        '443 31',
        DETAILS.phone,
        DETAILS.mobile,
        DETAILS.email,
      ]) {
        expect(list).not.toContain(value);
      }
      expect(list).not.toContain(photoUrl);
    }
    // The profile says so, with every box unticked.
    const profile = (await guardian.get('/profil').expect(200)).text;
    expect(profile).toContain('Det här visas i klasslistan');
    expect(profile).not.toMatch(/name="visa" value="[a-z]+" checked/);
  });

  it('refuses the photo of a guardian who has not chosen to show it (404), to everyone in the class', async () => {
    await otherGuardian.get(photoUrl).expect(404);
    await (await world.signIn('mentor')).get(photoUrl).expect(404);
    // Their own photo on Min profil is theirs to see.
    await guardian.get('/profil/bild').expect(200);
  });

  it('shows the phone only, when the phone is all the guardian chose', async () => {
    await choose(['phone']);

    const list = await listSeenByOther();
    expect(list).toContain(`Telefon: ${DETAILS.phone}`);
    for (const value of [DETAILS.streetAddress, DETAILS.mobile, DETAILS.email]) {
      expect(list).not.toContain(value);
    }
    expect(list).not.toContain(photoUrl);
    await otherGuardian.get(photoUrl).expect(404);
    const profile = (await guardian.get('/profil?sparat=klasslista').expect(200)).text;
    expect(profile).toContain('Ditt val av vad klasslistan visar är sparat.');
    expect(profile).toContain('name="visa" value="phone" checked');
    const [audit] = await query(
      world.testApp,
      "select details from audit_entry where action = 'profile.class_list_choices.updated' order by id desc limit 1",
    );
    expect(audit?.details).toEqual({ shows: 'phone' });
  });

  it('shows each field chosen, and the photo once chosen; unchoosing hides them again', async () => {
    await choose(['address', 'email', 'photo']);

    const list = await listSeenByOther();
    expect(list).toContain(DETAILS.streetAddress);
    expect(list).toContain('443 31 Lerum');
    expect(list).toContain(DETAILS.email);
    expect(list).not.toContain(DETAILS.phone);
    expect(list).not.toContain(DETAILS.mobile);
    expect(list).toContain(photoUrl);
    const photo = await otherGuardian.get(photoUrl).expect(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');

    await choose([]);
    expect(await listSeenByOther()).not.toContain(DETAILS.email);
    await otherGuardian.get(photoUrl).expect(404);
  });

  it('refuses what is not a choice, and a form without its token, and changes nothing', async () => {
    const profile = await guardian.get('/profil').expect(200);
    const refused = await guardian
      .post('/profil/klasslista')
      .type('form')
      .send(choicesForm(csrfFrom(profile.text), ['phone', 'civicNo']))
      .expect(400);
    expect(refused.text).toContain('Valet sparades inte');
    expect(refused.text).toContain('Det som visas i klasslistan är inte ett av valen på sidan.');

    await guardian
      .post('/profil/klasslista')
      .type('form')
      .send(choicesForm('fel', ['phone']))
      .expect(403);
    const [row] = await query(
      world.testApp,
      'select shows_phone from self_contact where person_id = $1',
      [guardianId],
    );
    expect(row?.shows_phone).toBe(false);
    // Staff and pupils have no profile to choose for.
    const mentor = await world.signIn('mentor');
    const mentorForm = await mentor.get('/').expect(200);
    await mentor
      .post('/profil/klasslista')
      .type('form')
      .send(choicesForm(csrfFrom(mentorForm.text), ['phone']))
      .expect(404);
  });

  it('keeps a guardian with protected identity out of class lists, with nothing to choose', async () => {
    const admin = await world.signIn('admin');
    const [account] = await query(
      world.testApp,
      `select a.id, a.username, p.given_name, p.family_name from account a join person p on p.id = a.person_id
        where p.external_id = 'demo:person:guardian-5-3-1'`,
    );
    await admin
      .put(`/api/v1/accounts/${String(account?.id)}/password`)
      .send({ password: 'skyddad vårdnadshavare 1' })
      .expect(204);
    const agent = request.agent(world.testApp.app.getHttpServer());
    await agent
      .post('/api/v1/auth/login')
      .send({ username: account?.username, password: 'skyddad vårdnadshavare 1' })
      .expect(200);

    const profile = await agent.get('/profil').expect(200);
    expect(profile.text).toContain('visas inte i någon klasslista');
    expect(profile.text).not.toContain('action="/profil/klasslista"');
    const refused = await agent
      .post('/profil/klasslista')
      .type('form')
      .send(choicesForm(csrfFrom(profile.text), ['phone', 'photo']))
      .expect(409);
    expect(refused.text).toContain(
      'Du har skyddade personuppgifter och visas inte i någon klasslista',
    );
    // Even chosen in the database, they are not in their child's class list.
    await query(
      world.testApp,
      `insert into self_contact (person_id, phone, updated_at, shows_phone)
       select id, '0302-99 88 77', now(), true from person where external_id = 'demo:person:guardian-5-3-1'
       on conflict (person_id) do update set phone = excluded.phone, shows_phone = true`,
    );
    const [fiveA] = await query(world.testApp, "select id from student_group where name = '5A'");
    const list = (
      await (await world.signIn('rektor')).get(`/klasslista/${String(fiveA?.id)}`).expect(200)
    ).text;
    expect(list).not.toContain(`${String(account?.given_name)} ${String(account?.family_name)}`);
    expect(list).not.toContain('0302-99 88 77');
  });

  it('names the choice on the information page', async () => {
    const page = (await world.testApp.http().get('/information').expect(200)).text;
    expect(page).toContain('och ditt val av vilka av dem som visas i klasslistan');
    expect(page).toContain('(om du inte har valt något bara ditt namn)');
  });
});
