import { randomUUID } from 'node:crypto';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import sharp from 'sharp';
import type TestAgent from 'supertest/lib/agent';

import { binaryBody } from '../support/binary-body';
import { csrfFrom, DemoWorld, eventually, query, startDemoWorld } from '../support/demo-world';
import { PeopleDisposalService } from '../../src/retention/people-disposal.service';
import { extractPdfText } from '../support/pdf-text';

/** The JSON file of an extract, as far as this suite reads it. */
interface ExtractJson {
  format: string;
  person: { name: string; civicNo: string };
  children: { name: string }[];
  guardians: { name: string }[];
  enrolments: unknown[];
  groups: unknown[];
  account: { username: string } | null;
  contactDetails: Record<string, string | null> | null;
  photo: { contentType: string; base64: string } | null;
  plans: {
    pupil: string;
    period: string;
    state: string;
    draft: unknown;
    versions: { version: number; content: unknown; registrationNumber: string }[];
  }[];
  requests: { registrationNumber: string; description: string; pupilName: string | null }[];
  planReads: { pupil: string; what: string; roles: string[]; occurredAt: string }[];
}

interface PlanApiView {
  id: string;
  period: string;
  state: string;
  draft: unknown;
  versions: { version: number; registrationNumber: string }[];
}

const PROFILE = {
  streetAddress: 'Storgatan 12',
  postalCode: '443 30',
  city: 'Lerum',
  phone: '0302-52 10 00',
  mobile: '070-123 45 67',
  email: 'karin.registerutdrag@example.se',
};

async function postForm(
  agent: TestAgent,
  page: string,
  action: string,
  form: Record<string, string> = {},
): Promise<{ status: number; location: string }> {
  const shown = await agent.get(page).expect(200);
  const response = await agent
    .post(action)
    .type('form')
    .send({ _csrf: csrfFrom(shown.text), ...form });
  return { status: response.status, location: String(response.headers.location ?? '') };
}

describe('register extracts (GDPR art. 15)', () => {
  let world: DemoWorld;
  let guardian: TestAgent;
  let admin: TestAgent;
  let childIds: string[];
  let guardianId: string;
  let extractId: string;
  let pdfBytes: Buffer;
  let json: ExtractJson;
  let requestNumber: string;

  beforeAll(async () => {
    world = await startDemoWorld({ withPlans: true });
    guardian = await world.signIn('vardnadshavare');
    admin = await world.signIn('admin');
    guardianId = await world.personId('demo:person:guardian-shared');
    childIds = [
      await world.personId('demo:person:pupil-4-1'),
      await world.personId('demo:person:pupil-7-1'),
    ];
  });

  afterAll(() => world.close());

  it('a guardian asks from Mina barn; asking again answers with the same request; the deadline is a month', async () => {
    const children = await guardian.get('/mina-barn').expect(200);
    expect(children.text).toContain('<form method="post" action="/registerutdrag"');
    expect(children.text).toContain('Begär registerutdrag');

    const first = await postForm(guardian, '/mina-barn', '/registerutdrag');
    expect(first).toEqual({ status: 303, location: '/registerutdrag?begart=ny' });
    const again = await postForm(guardian, '/mina-barn', '/registerutdrag');
    expect(again).toEqual({ status: 303, location: '/registerutdrag?begart=redan' });

    const rows = await query(
      world.testApp,
      `select id, status, asked_by, due_on::text as due_on, (requested_at at time zone 'Europe/Stockholm')::date::text as asked_on
         from register_extract where person_id = $1`,
      [guardianId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'requested', asked_by: 'person' });
    const asked = new Date(`${String(rows[0]?.asked_on)}T12:00:00Z`);
    const due = new Date(`${String(rows[0]?.due_on)}T12:00:00Z`);
    expect(Math.round((due.getTime() - asked.getTime()) / 86_400_000)).toBeGreaterThanOrEqual(28);
    expect(Math.round((due.getTime() - asked.getTime()) / 86_400_000)).toBeLessThanOrEqual(31);
    extractId = String(rows[0]?.id);

    const own = await guardian.get('/registerutdrag?begart=ny').expect(200);
    expect(own.text).toContain('Din begäran om registerutdrag är mottagen');
    expect(own.text).toContain('Under behandling hos Sektor Lärande');
    expect(own.text).toContain(String(rows[0]?.due_on));

    const [audit] = await query(
      world.testApp,
      "select count(*)::int as n from audit_entry where action = 'register_extract.requested' and target_id = $1",
      [extractId],
    );
    expect(audit?.n).toBe(1);
  });

  it('a pupil asks from their own page', async () => {
    const pupil = await world.signIn('elev');
    const pupilId = await world.personId('demo:person:pupil-4-1');
    const page = await pupil.get(`/elever/${pupilId}`).expect(200);
    expect(page.text).toContain('Begär registerutdrag');
    const asked = await postForm(pupil, `/elever/${pupilId}`, '/registerutdrag');
    expect(asked).toEqual({ status: 303, location: '/registerutdrag?begart=ny' });
    // The guardian looking at the child's page is not offered the child's extract.
    const seenByGuardian = await guardian.get(`/elever/${pupilId}`).expect(200);
    expect(seenByGuardian.text).not.toContain('Begär registerutdrag');
  });

  it('is refused to every other role, on the pages and in the API, leaving nothing behind', async () => {
    for (const username of ['mentor', 'larare', 'rektor', 'granskare', 'arkivarie'] as const) {
      const agent = await world.signIn(username);
      await agent.get('/admin/registerutdrag').expect(404);
      await agent.get(`/admin/registerutdrag/${extractId}`).expect(404);
      await agent.get(`/admin/registerutdrag/${extractId}/fil/pdf`).expect(404);
      const api = await agent.get(`/api/v1/register-extracts/${extractId}`).expect(404);
      expect(api.body).toEqual({
        error: expect.objectContaining({ status: 404, code: 'NOT_FOUND' }) as unknown,
      });
      // Staff without a pupil or a child have nothing to ask for here.
      await agent.get('/registerutdrag').expect(404);
    }
    const anonymous = await world.testApp.http().get(`/api/v1/register-extracts/${extractId}`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
    // The guardian cannot produce extracts either.
    await guardian.get('/admin/registerutdrag').expect(404);
    const [count] = await query(
      world.testApp,
      "select count(*)::int as n from register_extract where status <> 'requested'",
    );
    expect(count?.n).toBe(0);
  });

  it('the administrator finds the person by name and by personal identity number, and sees the request with its deadline', async () => {
    const [person] = await query(
      world.testApp,
      'select given_name, family_name, civic_no from person where id = $1',
      [guardianId],
    );
    const name = `${String(person?.given_name)} ${String(person?.family_name)}`;
    const list = await admin.get('/admin/registerutdrag').expect(200);
    expect(list.text).toContain(name);
    expect(list.text).toContain('Begärt – inte påbörjat');

    const civic = String(person?.civic_no);
    const byNumber = await admin
      .get(
        `/admin/registerutdrag?sok=${encodeURIComponent(`${civic.slice(2, 8)}-${civic.slice(8)}`)}`,
      )
      .expect(200);
    expect(byNumber.text).toContain(civic);
    expect(byNumber.text).toContain(`href="/admin/registerutdrag/${extractId}"`);
    const byName = await admin
      .get(`/admin/registerutdrag?sok=${encodeURIComponent(String(person?.family_name))}`)
      .expect(200);
    expect(byName.text).toContain(name);
    // The search is audited, without the term.
    const [searched] = await query(
      world.testApp,
      "select details from audit_entry where action = 'register_extract.person.searched' order by id desc limit 1",
    );
    expect(JSON.stringify(searched?.details)).not.toContain(String(person?.family_name));
  });

  it('the guardian has given contact details and a photo, read a plan, and filed a request under their name', async () => {
    await postForm(guardian, '/profil', '/profil', PROFILE);
    const profile = await guardian.get('/profil').expect(200);
    const photo = await sharp({
      create: { width: 60, height: 80, channels: 3, background: { r: 40, g: 120, b: 200 } },
    })
      .jpeg()
      .toBuffer();
    await guardian
      .post('/profil/bild')
      .field('_csrf', csrfFrom(profile.text))
      .attach('photo', photo, { filename: 'jag.jpg', contentType: 'image/jpeg' })
      .expect(303);
    const plans = (await guardian.get(`/api/v1/pupils/${childIds[0]}/plans`).expect(200)).body as {
      id: string;
    }[];
    await guardian.get(`/api/v1/plans/${plans[0]?.id}`).expect(200);
    const filed = await guardian
      .post(`/api/v1/records-requests/as-guardian/${childIds[1]}`)
      .send({ delivery: 'electronic', description: 'Alla planer för mitt barn, tack.' })
      .expect(201);
    requestNumber = String(filed.body.registrationNumber);
  });

  it('produces the extract as a queued job with progress, audited', async () => {
    const started = await postForm(
      admin,
      `/admin/registerutdrag/${extractId}`,
      `/admin/registerutdrag/${extractId}/ta-fram`,
    );
    expect(started).toEqual({ status: 303, location: `/admin/registerutdrag/${extractId}` });

    const done = await eventually(async () => {
      const view = (await admin.get(`/api/v1/register-extracts/${extractId}`).expect(200)).body as {
        status: string;
        stepsDone: number;
        stepsTotal: number;
        percent: number;
      };
      return view.status === 'ready' || view.status === 'failed' ? view : null;
    }, 'the extract to be produced');
    // The register and account, contact and photo, each child's plans, requests, plan reads.
    expect(done).toMatchObject({ status: 'ready', stepsDone: 6, stepsTotal: 6, percent: 100 });

    const page = await admin.get(`/admin/registerutdrag/${extractId}`).expect(200);
    expect(page.text).toContain('Registerutdraget är klart att granska och skicka.');
    expect(page.text).toContain('Markera som skickat');

    const actions = (
      await query(
        world.testApp,
        'select action from audit_entry where target_id = $1 order by id',
        [extractId],
      )
    ).map((row) => row.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'register_extract.requested',
        'register_extract.started',
        'register_extract.produced',
      ]),
    );

    const pdf = await binaryBody(admin.get(`/admin/registerutdrag/${extractId}/fil/pdf`)).expect(
      200,
    );
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['cache-control']).toBe('private, no-store');
    expect(pdf.headers['content-disposition']).toMatch(
      /^attachment; filename="registerutdrag-\d{4}-\d{2}-\d{2}\.pdf"$/,
    );
    pdfBytes = pdf.body as Buffer;
    const file = await binaryBody(admin.get(`/admin/registerutdrag/${extractId}/fil/json`)).expect(
      200,
    );
    json = JSON.parse((file.body as Buffer).toString('utf8')) as ExtractJson;
    expect(json.format).toBe('iup-records/registerutdrag/1');
  });

  it('the JSON holds, field by field, what the guardian’s own pages show them', async () => {
    // Min profil: the contact details and the photo.
    const profile = await guardian.get('/profil').expect(200);
    for (const [field, value] of Object.entries(PROFILE)) {
      expect(profile.text).toContain(`value="${value}"`);
      expect(json.contactDetails?.[field]).toBe(value);
    }
    const photo = await binaryBody(guardian.get('/profil/bild')).expect(200);
    expect(json.photo?.contentType).toBe('image/jpeg');
    expect(Buffer.from(json.photo?.base64 ?? '', 'base64').equals(photo.body as Buffer)).toBe(true);

    // Who they are and their account: /api/v1/me.
    const me = (await guardian.get('/api/v1/me').expect(200)).body as {
      username: string;
      name: string;
    };
    expect(json.person.name).toBe(me.name);
    expect(json.account?.username).toBe(me.username);

    // Mina barn: both children, with their school and class.
    const children = await guardian.get('/mina-barn').expect(200);
    expect(json.children.map((child) => child.name).sort()).toHaveLength(2);
    for (const child of json.children) {
      expect(children.text).toContain(child.name);
    }

    // Each child's plans, exactly as the plan pages and the API show them to the guardian.
    let versionsCompared = 0;
    for (const childId of childIds) {
      const [pupil] = await query(
        world.testApp,
        'select given_name, family_name from person where id = $1',
        [childId],
      );
      const childName = `${String(pupil?.given_name)} ${String(pupil?.family_name)}`;
      const listed = (await guardian.get(`/api/v1/pupils/${childId}/plans`).expect(200)).body as {
        id: string;
        period: string;
      }[];
      const inExtract = json.plans.filter((plan) => plan.pupil === childName);
      expect(inExtract.map((plan) => plan.period).sort()).toEqual(
        listed.map((plan) => plan.period).sort(),
      );
      for (const summary of listed) {
        const plan = (await guardian.get(`/api/v1/plans/${summary.id}`).expect(200))
          .body as PlanApiView;
        const extracted = inExtract.find((entry) => entry.period === plan.period);
        expect(extracted?.draft).toEqual(plan.draft);
        expect(extracted?.state).toBe(plan.state === 'established' ? 'Fastställd' : 'Utkast');
        expect(extracted?.versions.map((version) => version.registrationNumber)).toEqual(
          plan.versions.map((version) => version.registrationNumber),
        );
        for (const version of plan.versions) {
          const shown = (
            await guardian.get(`/api/v1/plans/${plan.id}/versions/${version.version}`).expect(200)
          ).body as { content: unknown };
          expect(
            extracted?.versions.find((entry) => entry.version === version.version)?.content,
          ).toEqual(shown.content);
          versionsCompared += 1;
        }
      }
    }
    expect(versionsCompared).toBeGreaterThan(0);

    // The request filed under their own name; anonymous ones are not theirs to see.
    expect(json.requests.map((request) => request.registrationNumber)).toEqual([requestNumber]);
    expect(json.requests[0]?.description).toBe('Alla planer för mitt barn, tack.');

    // Who read the plans: roles and times, never who.
    expect(json.planReads.length).toBeGreaterThan(0);
    expect(
      json.planReads.some(
        (read) => read.roles.includes('Vårdnadshavare') && read.what === 'Planen',
      ),
    ).toBe(true);
    const text = JSON.stringify(json);
    const [mentor] = await query(
      world.testApp,
      "select p.id, p.given_name, p.family_name, a.id as account_id from person p join account a on a.person_id = p.id where a.username = 'mentor'",
    );
    expect(text).not.toContain(String(mentor?.id));
    expect(text).not.toContain(String(mentor?.account_id));
    expect(text).not.toContain(guardianId);
    expect(Object.keys(json.planReads[0] ?? {}).sort()).toEqual([
      'occurredAt',
      'pupil',
      'roles',
      'what',
    ]);
  });

  it('the PDF reads back in Swedish with every category, in the house style', async () => {
    const pdf = await extractPdfText(pdfBytes);
    const text = pdf.pages.join('\n');
    expect(text).toContain('Registerutdrag');
    expect(text).toContain(`För: ${json.person.name}`);
    for (const heading of [
      'Uppgifter från skolans register',
      'Inskrivningar',
      'Barn som du är vårdnadshavare för',
      'Konto',
      'Kontaktuppgifter och bild som du har lämnat',
      'Utvecklingsplaner',
      'Skriftliga omdömen',
      'Begäran om allmänna handlingar som du har gjort',
      'Vilka som har läst planerna',
    ]) {
      expect(text).toContain(heading);
    }
    expect(text).toContain(`Personnummer: ${json.person.civicNo}`);
    expect(text).toContain(`E-post: ${PROFILE.email}`);
    expect(text).toContain(`Diarienummer ${requestNumber}`);
    for (const child of json.children) expect(text).toContain(child.name);
    expect(text).toContain('Vårdnadshavare');
    expect(pdf.pages[pdf.pageCount - 1]).toContain(`sida ${pdf.pageCount} av ${pdf.pageCount}`);
    expect(pdf.info.Title ?? null).toBeNull();
    expect(pdf.info.Author ?? null).toBeNull();
    // For a look with the eyes (pdftoppm -png): test/artifacts/registerutdrag.pdf.
    mkdirSync(join(__dirname, '..', 'artifacts'), { recursive: true });
    writeFileSync(join(__dirname, '..', 'artifacts', 'registerutdrag.pdf'), pdfBytes);
  });

  it('marked sent, the guardian is e-mailed that it is ready (no content) and fetches it through a download link', async () => {
    const sent = await postForm(
      admin,
      `/admin/registerutdrag/${extractId}`,
      `/admin/registerutdrag/${extractId}/skickat`,
    );
    expect(sent).toEqual({
      status: 303,
      location: `/admin/registerutdrag/${extractId}?skickat=epost`,
    });
    const again = await postForm(
      admin,
      `/admin/registerutdrag/${extractId}`,
      `/admin/registerutdrag/${extractId}/skickat`,
    );
    expect(again.status).toBe(409);

    const mails = await query(
      world.testApp,
      "select to_address, subject, body from email_outbox where kind = 'register_extract_ready'",
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to_address).toBe(PROFILE.email);
    expect(mails[0]?.subject).toBe('Ditt registerutdrag är klart');
    const body = String(mails[0]?.body);
    expect(body).toContain('/registerutdrag');
    for (const child of json.children) expect(body).not.toContain(child.name);
    expect(body).not.toContain(json.person.civicNo);

    const own = await guardian.get('/registerutdrag').expect(200);
    expect(own.text).toContain('Klart att hämta');
    const link = await postForm(guardian, '/registerutdrag', `/registerutdrag/${extractId}/lank`);
    expect(link.status).toBe(303);
    const token = /^\/registerutdrag\/hamta\/([A-Za-z0-9_-]{43})$/.exec(link.location)?.[1];
    expect(token).toBeDefined();
    const files = await guardian.get(`/registerutdrag/hamta/${token}`).expect(200);
    expect(files.headers['cache-control']).toBe('private, no-store');
    expect(files.text).toContain(`/registerutdrag/hamta/${token}/pdf`);

    const fetched = await binaryBody(guardian.get(`/registerutdrag/hamta/${token}/pdf`)).expect(
      200,
    );
    expect((fetched.body as Buffer).equals(pdfBytes)).toBe(true);
    const fetchedJson = await binaryBody(
      guardian.get(`/registerutdrag/hamta/${token}/json`),
    ).expect(200);
    expect(JSON.parse((fetchedJson.body as Buffer).toString('utf8'))).toEqual(json);

    // Only the person it is about opens the link.
    const pupil = await world.signIn('elev');
    await pupil.get(`/registerutdrag/hamta/${token}/pdf`).expect(404);
    await admin.get(`/registerutdrag/hamta/${token}/pdf`).expect(404);

    // A new link replaces the one before, which is gone from then on.
    const second = await postForm(guardian, '/registerutdrag', `/registerutdrag/${extractId}/lank`);
    expect(second.status).toBe(303);
    await guardian.get(`/registerutdrag/hamta/${token}/pdf`).expect(410);
    await guardian.get(`/registerutdrag/hamta/${token}`).expect(410);

    const downloads = await query(
      world.testApp,
      "select details from audit_entry where action = 'register_extract.downloaded' and target_id = $1 order by id",
      [extractId],
    );
    expect(downloads.map((row) => (row.details as { format: string }).format)).toEqual([
      'pdf',
      'json',
    ]);
    const list = await admin.get('/admin/registerutdrag').expect(200);
    expect(list.text).toContain('Senast skickade');
  });

  it('deletes a sent extract’s files the set days after sending (REGISTER_EXTRACT_KEEP_DAYS, 30); its dates stay', async () => {
    const people = world.testApp.app.get(PeopleDisposalService);
    const [row] = await query(world.testApp, 'select sent_at from register_extract where id = $1', [
      extractId,
    ]);
    const sentAt = new Date(String(row?.sent_at));
    const after = (days: number) => new Date(sentAt.getTime() + days * 86_400_000);
    const today = after(0).toISOString().slice(0, 10);

    const early = await people.dispose(randomUUID(), today, after(29));
    expect(early.registerExtractFiles).toBe(0);
    const link = await postForm(guardian, '/registerutdrag', `/registerutdrag/${extractId}/lank`);
    expect(link.status).toBe(303);

    const due = await people.dispose(randomUUID(), today, after(30.01));
    expect(due.registerExtractFiles).toBe(1);
    const [kept] = await query(
      world.testApp,
      'select pdf, json, status, requested_at, produced_at, sent_at from register_extract where id = $1',
      [extractId],
    );
    expect(kept).toMatchObject({ pdf: null, json: null, status: 'sent' });
    expect(kept?.requested_at).not.toBeNull();
    expect(kept?.produced_at).not.toBeNull();
    expect(kept?.sent_at).not.toBeNull();
    expect(
      await query(world.testApp, 'select id from register_extract_link where extract_id = $1', [
        extractId,
      ]),
    ).toHaveLength(0);

    // The person's page says so and offers no download; a link can no longer be made.
    const own = await guardian.get('/registerutdrag').expect(200);
    expect(own.text).toContain('filerna är gallrade');
    expect(own.text).not.toContain(`/registerutdrag/${extractId}/lank`);
    const refused = await postForm(
      guardian,
      '/registerutdrag',
      `/registerutdrag/${extractId}/lank`,
    );
    expect(refused.status).toBe(404);
    const staffPage = await admin.get(`/admin/registerutdrag/${extractId}`).expect(200);
    expect(staffPage.text).toContain('Filerna är gallrade');
    expect(staffPage.text).not.toContain(`/admin/registerutdrag/${extractId}/fil/pdf`);

    const log = await query(
      world.testApp,
      "select details from audit_entry where action = 'retention.disposed' order by id desc limit 1",
    );
    expect(log[0]?.details).toMatchObject({ registerExtractFiles: 1 });
  });
});
