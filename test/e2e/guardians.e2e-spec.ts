import { EntityManager } from '@mikro-orm/postgresql';
import sharp from 'sharp';
import request from 'supertest';

import { DirectoryImporter } from '../../src/directory/directory-importer';
import { buildDemoDirectory } from '../../src/demo/demo-directory';
import { csrfFrom, DemoWorld, query, startDemoWorld } from '../support/demo-world';

async function photoWithGps(): Promise<Buffer> {
  return sharp({
    create: { width: 900, height: 700, channels: 3, background: { r: 10, g: 120, b: 200 } },
  })
    .jpeg()
    .withExif({
      IFD0: { Make: 'Kameratillverkaren' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '57/1 48/1 0/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '12/1 16/1 0/1',
      },
    })
    .toBuffer();
}

describe('guardians: my children, profile and photo, class lists', () => {
  let world: DemoWorld;

  beforeAll(async () => {
    world = await startDemoWorld();
  });

  afterAll(() => world.close());

  const classId = async (name: string): Promise<string> => {
    const [row] = await query(world.testApp, 'select id from student_group where name = $1', [
      name,
    ]);
    return String(row?.id);
  };

  it('shows a guardian their two children in two schools, with class list links, and nobody else', async () => {
    const guardian = await world.signIn('vardnadshavare');

    const page = await guardian.get('/mina-barn').expect(200);

    const children = await query(
      world.testApp,
      `select p.given_name, p.family_name from person p where external_id in ('demo:person:pupil-4-1', 'demo:person:pupil-7-1')`,
    );
    for (const child of children) {
      expect(page.text).toContain(`${String(child.given_name)} ${String(child.family_name)}`);
    }
    expect(page.text).toContain(`/klasslista/${await classId('4A')}`);
    expect(page.text).toContain(`/klasslista/${await classId('7A')}`);
    expect((page.text.match(/class="card"/g) ?? []).length).toBe(2);
    await guardian.get('/').expect(303).expect('Location', '/mina-barn');

    const mentor = await world.signIn('mentor');
    await mentor.get('/mina-barn').expect(404);
  });

  it('validates the profile field by field in Swedish, saves it, and audits which fields changed', async () => {
    const guardian = await world.signIn('vardnadshavare');
    const form = await guardian.get('/profil').expect(200);

    const refused = await guardian
      .post('/profil')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), postalCode: '123', mobile: 'ring inte', email: 'nej' })
      .expect(400);
    expect(refused.text).toContain('Postnummer ska vara fem siffror, till exempel 443 30.');
    expect(refused.text).toContain('Mobiltelefon ska vara ett mobilnummer');
    expect(refused.text).toContain('E-post ska vara en e-postadress');
    expect(refused.text).toContain('value="ring inte"');

    await guardian
      .post('/profil')
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        streetAddress: 'Björkvägen 7',
        postalCode: '44331',
        city: 'Lerum',
        mobile: '070-111 22 33',
        email: 'karin@exempel.se',
      })
      .expect(303)
      .expect('Location', '/profil?sparat=uppgifter');

    const saved = await guardian.get('/profil?sparat=uppgifter').expect(200);
    expect(saved.text).toContain('Dina uppgifter är sparade.');
    expect(saved.text).toContain('value="443 31"');
    const [audit] = await query(
      world.testApp,
      "select details from audit_entry where action = 'profile.updated' order by id desc limit 1",
    );
    expect((audit?.details as { fields: string[] }).fields.sort()).toEqual(
      ['city', 'email', 'mobile', 'postalCode', 'streetAddress'].sort(),
    );
  });

  it('never lets a re-import touch what a guardian entered', async () => {
    const before = await query(world.testApp, 'select * from self_contact order by person_id');
    expect(before.length).toBeGreaterThan(0);

    const em = world.testApp.app.get(EntityManager).fork();
    await new DirectoryImporter(em, 'Lerums kommun').apply(buildDemoDirectory());

    expect(await query(world.testApp, 'select * from self_contact order by person_id')).toEqual(
      before,
    );
  });

  it('re-encodes an uploaded photo without its EXIF and GPS, and refuses what is not an image', async () => {
    const guardian = await world.signIn('vardnadshavare');
    const profile = await guardian.get('/profil').expect(200);
    const token = csrfFrom(profile.text);

    // The form's token travels in the multipart body, as the page's form sends it (no script).
    expect(profile.text).toContain(
      '<form method="post" action="/profil/bild" enctype="multipart/form-data"',
    );
    expect(profile.text).not.toMatch(/action="[^"]*_csrf=/);
    await guardian
      .post('/profil/bild')
      .field('_csrf', token)
      .attach('photo', await photoWithGps(), {
        filename: 'semester.jpg',
        contentType: 'image/jpeg',
      })
      .expect(303);
    const photo = await guardian.get('/profil/bild').expect(200);

    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect(photo.headers['cache-control']).toBe('private, no-store');
    const metadata = await sharp(photo.body as Buffer).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(Math.max(metadata.width ?? 0, metadata.height ?? 0)).toBe(600);
    expect((photo.body as Buffer).includes(Buffer.from('Kameratillverkaren'))).toBe(false);

    const refused = await guardian
      .post('/profil/bild')
      .field('_csrf', token)
      .attach('photo', Buffer.from('<html><script>alert(1)</script></html>'), {
        filename: 'bild.jpg',
        contentType: 'image/jpeg',
      })
      .expect(400);
    expect(refused.text).toContain('Filen är inte en bild som tjänsten kan ta emot.');

    await guardian
      .post('/profil/bild')
      .attach('photo', await photoWithGps(), { filename: 'a.jpg', contentType: 'image/jpeg' })
      .expect(403);
    // A token in the URL is not taken any more (it would stay in history and logs).
    const inUrl = await guardian
      .post(`/profil/bild?_csrf=${encodeURIComponent(token)}`)
      .attach('photo', await photoWithGps(), { filename: 'a.jpg', contentType: 'image/jpeg' })
      .expect(403);
    expect(inUrl.text).toContain('Formuläret har gått ut');
    // A wrong token in the body neither.
    await guardian
      .post('/profil/bild')
      .field('_csrf', 'fel')
      .attach('photo', await photoWithGps(), { filename: 'a.jpg', contentType: 'image/jpeg' })
      .expect(403);
    // The header works as well (a script may send it).
    await guardian
      .post('/profil/bild')
      .set('X-CSRF-Token', token)
      .attach('photo', await photoWithGps(), { filename: 'b.jpg', contentType: 'image/jpeg' })
      .expect(303);
  });

  it('shows the class list with what guardians shared, to the class’s guardians and staff only', async () => {
    const fourA = await classId('4A');
    const guardian = await world.signIn('vardnadshavare');
    // The guardian chooses to show their address, mobile and photo (the default is the name only).
    const profile = await guardian.get('/profil').expect(200);
    await guardian
      .post('/profil/klasslista')
      .type('form')
      .send(
        `_csrf=${encodeURIComponent(csrfFrom(profile.text))}&visa=address&visa=mobile&visa=photo`,
      )
      .expect(303);

    const list = await guardian.get(`/klasslista/${fourA}`).expect(200);
    expect(list.text).toContain('Björkvägen 7');
    expect(list.text).toContain('070-111 22 33');
    expect(list.text).toMatch(/\/klasslista\/[0-9a-f-]+\/bild\/[0-9a-f-]+/);
    const photoUrl = /\/klasslista\/[0-9a-f-]+\/bild\/[0-9a-f-]+/.exec(list.text)![0];
    await (await world.signIn('mentor')).get(photoUrl).expect(200);
    await (await world.signIn('elev')).get(photoUrl).expect(404);

    await (await world.signIn('mentor')).get(`/klasslista/${fourA}`).expect(200);
    await (await world.signIn('larare')).get(`/klasslista/${fourA}`).expect(200);
    await (await world.signIn('rektor')).get(`/klasslista/${fourA}`).expect(200);
    await (await world.signIn('elev')).get(`/klasslista/${fourA}`).expect(404);
    await (await world.signIn('admin')).get(`/klasslista/${fourA}`).expect(404);
    await (await world.signIn('mentor')).get(`/klasslista/${await classId('7A')}`).expect(404);
    await (await world.signIn('larare')).get(`/klasslista/${await classId('8A')}`).expect(404);
  });

  it('leaves pupils and guardians with protected identity out of class lists entirely', async () => {
    const principal = await world.signIn('rektor');
    const protectedPeople = await query(
      world.testApp,
      `select p.given_name, p.family_name, g.name as class_name from person p
         join guardianship gs on gs.guardian_id = p.id or gs.pupil_id = p.id
         join group_membership gm on gm.person_id = gs.pupil_id
         join student_group g on g.id = gm.group_id
        where p.security_marking <> 'Ingen' and g.name in ('3A', '5A')`,
    );
    expect(protectedPeople.length).toBeGreaterThanOrEqual(2);

    for (const person of protectedPeople) {
      const list = await principal
        .get(`/klasslista/${await classId(String(person.class_name))}`)
        .expect(200);
      expect(list.text).not.toContain(`${String(person.given_name)} ${String(person.family_name)}`);
    }
  });

  it('refuses an address from a guardian with protected identity', async () => {
    const admin = await world.signIn('admin');
    const [account] = await query(
      world.testApp,
      `select a.id, a.username from account a join person p on p.id = a.person_id
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

    const form = await agent.get('/profil').expect(200);
    expect(form.text).toContain('Du har skyddade personuppgifter');
    expect(form.text).not.toContain('id="streetAddress"');
    const refused = await agent
      .post('/profil')
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        streetAddress: 'Hemliga gränd 3',
        phone: '0302-11 22 33',
      })
      .expect(400);
    expect(refused.text).toContain('din adress ska inte finnas i tjänsten');
    const stored = await query(
      world.testApp,
      "select 1 from self_contact where street_address = 'Hemliga gränd 3'",
    );
    expect(stored).toHaveLength(0);
  });

  it('serves the information page from every page’s footer, with the settings filled in', async () => {
    const page = await world.testApp.http().get('/information').expect(200);

    expect(page.text).toContain('sparas i 3 år efter att eleven har lämnat grundskolan');
    expect(page.text).toContain('0302-52 10 00');
    expect(page.text).toContain('IUP:n blir en allmän handling först efter utvecklingssamtalet.');
    const home = await world.testApp.http().get('/').expect(200);
    expect(home.text).toContain('href="/information"');
  });
});
