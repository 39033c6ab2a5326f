import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';

import { PLAN_READ_NAMES, type PlanReadAction } from '../../src/audit/plan-reads.queries';
import { roleNameSv } from '../../src/auth/me.view';
import { stockholmClock, stockholmToday } from '../../src/common/stockholm';
import type { RequestDetailView as RequestDetail } from '../../src/requests/views/request-detail.view';
import { DemoWorld, query, startDemoWorld } from '../support/demo-world';
import { establishPlan } from '../support/established-plan';
import { fileRequestFor } from '../support/requests';

const PUPIL = 'demo:person:pupil-4-1';
const GROUND = 'OSL 23 kap. 2 §';
const AGREEMENTS = 'Vi ses igen i mars. Eleven tränar läsning hemma varje kväll.';
const REQUESTER = { contactName: 'Rebecka Frågvis', contactEmail: 'rebecka.fragvis@exempel.se' };

/** The log's rows of one table (the page's first table is the releases, the second the reads). */
function tableRows(html: string, caption: string): string[][] {
  const start = html.indexOf(caption);
  if (start < 0) return [];
  const table = html.slice(start, html.indexOf('</table>', start));
  return [...table.matchAll(/<tr><td>(.*?)<\/td><td>(.*?)<\/td><td>(.*?)<\/td><\/tr>/g)].map(
    (match) => match.slice(1, 4),
  );
}

const READS = 'Läsningar av planen';
const RELEASES = 'Kopior av planen som har lämnats ut';

describe('who read my child’s plan (the log for the pupil and the guardians)', () => {
  let world: DemoWorld;
  let pupilId: string;
  let planId: string;
  let requestNumber: string;
  let guardian: TestAgent;

  const logUrl = (): string => `/elever/${pupilId}/vem-har-last-planen`;

  /** The reads of the plan as the audit chain holds them, newest first, as the page words them. */
  const auditedReads = async (): Promise<string[][]> => {
    const rows = await query(
      world.testApp,
      `select action, actor_roles, occurred_at, details from audit_entry
        where pupil_id = $1
          and (action in ('plan.read', 'plan.version.read', 'plan.pdf.read', 'record.review.read')
               or (action = 'record.copy.produced' and details->>'purpose' = 'preview'))
        order by occurred_at desc, id desc`,
      [pupilId],
    );
    return rows.map((row) => {
      const at = new Date(row.occurred_at as string);
      const subjects = (row.details as { subjects?: string[] }).subjects;
      const name = PLAN_READ_NAMES[row.action as PlanReadAction];
      return [
        `${stockholmToday(at)} ${stockholmClock(at)}`,
        (row.actor_roles as string[]).map(roleNameSv).join(', '),
        subjects?.length ? `${name} (bara ${subjects.join(', ')})` : name,
      ];
    });
  };

  beforeAll(async () => {
    world = await startDemoWorld();
    pupilId = await world.personId(PUPIL);
    ({ planId } = await establishPlan(world, {
      pupil: PUPIL,
      otherDevelopment: 'Eleven läser gärna och mycket.',
      agreements: AGREEMENTS,
    }));

    // Reads by each role: the plan page, a version and the PDF.
    const mentor = await world.signIn('mentor');
    await mentor.get(`/planer/${planId}`).expect(200);
    await mentor.get(`/planer/${planId}/version/1`).expect(200);
    await mentor.get(`/planer/${planId}/pdf`).expect(200);
    const teacher = await world.signIn('larare');
    await teacher.get(`/planer/${planId}`).expect(200);
    const principal = await world.signIn('rektor');
    await principal.get(`/planer/${planId}`).expect(200);
    await principal.get(`/planer/${planId}/version/1/pdf`).expect(200);
    guardian = await world.signIn('vardnadshavare');
    await guardian.get(`/planer/${planId}`).expect(200);

    // A records request for the plan, released with two passages struck.
    const filed = await fileRequestFor(world, PUPIL, REQUESTER);
    requestNumber = filed.registrationNumber;
    const reviewer = await world.signIn('granskare');
    const detail = (await reviewer.get(`/api/v1/records-requests/${filed.id}`).expect(200))
      .body as RequestDetail;
    const item = detail.items.find((each) => each.kind === 'record');
    if (!item) throw new Error('the plan’s record is not in the request');
    await reviewer.get(`/handlaggning/begaran/${filed.id}/handlingar/${item.id}`).expect(200);
    const first = AGREEMENTS.indexOf('mars');
    const second = AGREEMENTS.indexOf('läsning');
    const redactions = [
      { fieldId: 'talk.agreements', ground: GROUND, span: { start: first, end: first + 4 } },
      { fieldId: 'talk.agreements', ground: GROUND, span: { start: second, end: second + 7 } },
    ];
    await reviewer
      .post(`/api/v1/records-requests/${filed.id}/items/${item.id}/preview`)
      .send({ redactions })
      .expect(200);
    await reviewer
      .post(`/api/v1/records-requests/${filed.id}/items/${item.id}/decision`)
      .send({
        decision: 'release_with_redactions',
        redactions,
        reasons: 'Uppgifter om elevens förhållanden omfattas av sekretess.',
        version: item.version,
      })
      .expect(204);
    await reviewer.post(`/api/v1/records-requests/${filed.id}/complete`).expect(204);
    await reviewer.post(`/api/v1/records-requests/${filed.id}/deliver`).expect(204);
  });

  afterAll(() => world.close());

  it('shows the guardian exactly the audited reads of the plan, newest first, by role and Swedish time', async () => {
    const expected = await auditedReads();
    const page = await guardian.get(logUrl()).expect(200);

    const shown = tableRows(page.text, READS);
    expect(shown).toEqual(expected);
    // Every role that read it is there, in the words of the register extract.
    const roles = new Set(shown.map((row) => row[1]));
    for (const role of [
      'Mentor',
      'Lärare',
      'Rektor',
      'Handläggare, Sektor Lärande',
      'Vårdnadshavare',
    ]) {
      expect(roles).toContain(role);
    }
    const what = new Set(shown.map((row) => row[2]));
    expect(what).toContain('Planen som PDF');
    expect(what).toContain('En fastställd version');
    expect(what).toContain('Planen (bara Matematik)');
    expect(what).toContain('Den fastställda planen som allmän handling');
    expect(page.text).toContain(`${expected.length} läsningar, de senaste först.`);
  });

  it('shows the release with its decision and the number of struck passages, and nothing of the request', async () => {
    const page = await guardian.get(logUrl()).expect(200);

    expect(tableRows(page.text, RELEASES)).toEqual([
      [stockholmToday(), 'Utlämnad med delar maskerade (överstrukna)', '2 avsnitt'],
    ]);
    expect(page.text).not.toContain(REQUESTER.contactName);
    expect(page.text).not.toContain(REQUESTER.contactEmail);
    expect(page.text).not.toContain(requestNumber);
    // No staff names: only roles.
    const staff = await query(
      world.testApp,
      `select p.given_name, p.family_name from person p join account a on a.person_id = p.id
        where a.username in ('mentor', 'larare', 'rektor', 'granskare')`,
    );
    expect(staff).toHaveLength(4);
    for (const person of staff) {
      expect(page.text).not.toContain(String(person.family_name));
    }
  });

  it('audits reading the log as a read of the pupil’s data, never shown as a read of the plan', async () => {
    const before = (await auditedReads()).length;
    await guardian.get(logUrl()).expect(200);
    await guardian.get(`${logUrl()}?sida=1`).expect(200);

    const entries = await query(
      world.testApp,
      "select actor_roles, target_type from audit_entry where action = 'plan.access_log.read' and pupil_id = $1",
      [pupilId],
    );
    expect(entries.length).toBeGreaterThanOrEqual(2);
    expect(entries[0]).toMatchObject({ actor_roles: ['guardian'], target_type: 'pupil' });
    const page = await guardian.get(logUrl()).expect(200);
    expect(tableRows(page.text, READS)).toHaveLength(before);
  });

  it('pages a long log fifty reads at a time, newest first', async () => {
    const mentor = await world.signIn('mentor');
    for (let read = 0; read < 50; read++) {
      await mentor.get(`/planer/${planId}/version/1`).expect(200);
    }
    const expected = await auditedReads();
    expect(expected.length).toBeGreaterThan(50);

    const first = await guardian.get(logUrl()).expect(200);
    expect(tableRows(first.text, READS)).toEqual(expected.slice(0, 50));
    expect(first.text).toContain(`${logUrl()}?sida=2`);
    const second = await guardian.get(`${logUrl()}?sida=2`).expect(200);
    expect(tableRows(second.text, READS)).toEqual(expected.slice(50, 100));
    expect(second.text).toContain(`${logUrl()}?sida=1`);
    // A page past the end or no number: a page, never an error.
    expect((await guardian.get(`${logUrl()}?sida=99`).expect(200)).text).toContain(
      'Sidan finns inte.',
    );
    expect(tableRows((await guardian.get(`${logUrl()}?sida=x`).expect(200)).text, READS)).toEqual(
      expected.slice(0, 50),
    );
  });

  it('links the log from Mina barn and from the pupil’s own page; the pupil sees theirs', async () => {
    expect((await guardian.get('/mina-barn').expect(200)).text).toContain(logUrl());
    const pupil = await world.signIn('elev');
    expect((await pupil.get(`/elever/${pupilId}`).expect(200)).text).toContain(logUrl());

    const page = await pupil.get(logUrl()).expect(200);
    expect(tableRows(page.text, READS)).toEqual((await auditedReads()).slice(0, 50));
    expect(tableRows(page.text, RELEASES)).toHaveLength(1);
    expect(page.text).toContain('din individuella utvecklingsplan');
  });

  it('answers 404 to another guardian and to staff, and sends anonymous visitors to log in', async () => {
    const [other] = await query(
      world.testApp,
      `select a.username from account a
         join guardianship g on g.guardian_id = a.person_id
         join person p on p.id = g.pupil_id
        where p.external_id = 'demo:person:pupil-4-2'
          and not exists (select 1 from guardianship mine where mine.guardian_id = a.person_id and mine.pupil_id = $1)
        limit 1`,
      [pupilId],
    );
    await query(
      world.testApp,
      "update account set password_hash = (select password_hash from account where username = 'admin') where username = $1",
      [other?.username],
    );
    const otherGuardian = request.agent(world.testApp.app.getHttpServer());
    await otherGuardian
      .post('/api/v1/auth/login')
      .send({ username: other?.username, password: 'demo-lösenord-2026' })
      .expect(200);
    const refused = await otherGuardian.get(logUrl()).expect(404);
    expect(refused.text).not.toContain('Vem har läst planen');

    for (const staff of ['mentor', 'rektor', 'granskare', 'admin'] as const) {
      await (await world.signIn(staff)).get(logUrl()).expect(404);
    }
    // An unknown pupil is the same 404.
    await guardian
      .get('/elever/00000000-0000-4000-8000-000000000000/vem-har-last-planen')
      .expect(404);

    const anonymous = await request(world.testApp.app.getHttpServer()).get(logUrl()).expect(303);
    expect(anonymous.headers.location).toBe(`/logga-in?nasta=${encodeURIComponent(logUrl())}`);
  });
});
