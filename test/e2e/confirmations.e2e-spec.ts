import { stockholmToday } from '../../src/common/stockholm';
import { csrfFrom, DemoWorld, eventually, query, startDemoWorld } from '../support/demo-world';
import { establishPlan, writeDraftWithTalk } from '../support/established-plan';
import { fileRequestFor } from '../support/requests';

/**
 * Establishing a plan, completing a request and disposing now cannot be undone: one click on
 * the old button only shows a confirmation page, and that page's own POST does it.
 */
describe('confirming what cannot be undone', () => {
  let world: DemoWorld;
  const today = stockholmToday(new Date());

  const nameOf = async (externalId: string): Promise<string> => {
    const [row] = await query(
      world.testApp,
      'select given_name, family_name from person where external_id = $1',
      [externalId],
    );
    return `${String(row?.given_name)} ${String(row?.family_name)}`;
  };
  const countAudit = async (action: string): Promise<number> =>
    (await query(world.testApp, 'select id from audit_entry where action = $1', [action])).length;

  beforeAll(async () => {
    world = await startDemoWorld();
  });

  afterAll(async () => {
    await world.close();
  });

  it('establishes a plan only from its confirmation page, which shows what becomes a public record', async () => {
    const { mentor, planId, revision } = await writeDraftWithTalk(world, {
      pupil: 'demo:person:pupil-4-5',
      otherDevelopment: 'Bekräftelsemarkör: läser varje dag.',
      agreements: 'Vi följer upp läsningen i mars.',
    });
    const versions = () =>
      query(world.testApp, 'select version from plan_version where plan_id = $1', [planId]);
    const page = await mentor.get(`/planer/${planId}`).expect(200);
    expect(page.text).toContain('Fastställ efter hållet samtal');

    // The old one-click POST only asks.
    const asked = await mentor
      .post(`/planer/${planId}/faststall`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), revision: String(revision), confidentialityMarking: '' })
      .expect(200);
    expect(asked.text).toContain(
      'Fastställ utvecklingsplanen och registrera den som allmän handling',
    );
    expect(asked.text).toContain('Bekräftelsemarkör: läser varje dag.');
    expect(asked.text).toContain('Vi följer upp läsningen i mars.');
    expect(asked.text).toContain('vem som helst begära att ta del av den');
    expect(asked.text).toContain('Sektor Lärande prövar varje begäran');
    expect(asked.text).toContain('Det går inte att ångra.');
    expect(asked.text).toContain('name="bekraftat" value="ja"');
    expect(await versions()).toEqual([]);
    expect((await mentor.get(`/planer/${planId}/faststall`).expect(200)).text).toContain(
      'Bekräftelsemarkör',
    );
    // Only the mentor reaches it: anyone else is told "not found".
    const teacher = await world.signIn('larare');
    await teacher.get(`/planer/${planId}/faststall`).expect(404);

    const established = await mentor
      .post(`/planer/${planId}/faststall`)
      .type('form')
      .send({
        _csrf: csrfFrom(asked.text),
        revision: String(revision),
        confidentialityMarking: '',
        bekraftat: 'ja',
      })
      .expect(303);
    expect(established.headers.location).toBe(`/planer/${planId}?sparat=faststalld#faststalld`);
    expect(await versions()).toEqual([{ version: 1 }]);
    // Established, its confirmation page is gone.
    await mentor.get(`/planer/${planId}/faststall`).expect(409);
  });

  it('completes a request only from the page that shows the decision letter first', async () => {
    await establishPlan(world, {
      pupil: 'demo:person:pupil-4-6',
      otherDevelopment: 'Planens text.',
      agreements: 'Överenskommelse.',
    });
    const filed = await fileRequestFor(world, 'demo:person:pupil-4-6');
    const reviewer = await world.signIn('granskare');
    const detail = (await reviewer.get(`/api/v1/records-requests/${filed.id}`).expect(200))
      .body as { items: { id: string; kind: string; version: number }[] };
    expect(detail.items.length).toBeGreaterThan(0);
    for (const item of detail.items) {
      await reviewer
        .post(`/api/v1/records-requests/${filed.id}/items/${item.id}/decision`)
        .send({
          decision: item.kind === 'draft' ? 'no_public_record' : 'refuse',
          refusalGround: 'OSL 23 kap. 2 §',
          reasons: 'Bekräftelseskäl: uppgifter om elevhälsans insatser.',
          redactions: [],
          version: item.version,
        })
        .expect(204);
    }
    const documents = () =>
      query(world.testApp, 'select kind from records_request_document where request_id = $1', [
        filed.id,
      ]);
    const status = async () =>
      (
        await query(world.testApp, 'select status from records_request where id = $1', [filed.id])
      )[0]?.status;
    const page = await reviewer.get(`/handlaggning/begaran/${filed.id}`).expect(200);
    expect(page.text).toContain('Begäran är färdigbeslutad');

    // The old one-click POST shows the letter; any field the request page sent goes on.
    const asked = await reviewer
      .post(`/handlaggning/begaran/${filed.id}/klar`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), consistencyReason: 'Ett skäl från begäransidan.' })
      .expect(200);
    expect(asked.text).toContain('Registrera beslutet och avsluta prövningen');
    expect(asked.text).toContain('Beslut om utlämnande av allmänna handlingar');
    expect(asked.text).toContain('Bekräftelseskäl: uppgifter om elevhälsans insatser.');
    expect(asked.text).toMatch(/kammarrätt/i);
    expect(asked.text).toContain('Det går inte att ångra.');
    expect(asked.text).toContain(
      '<input type="hidden" name="consistencyReason" value="Ett skäl från begäransidan.">',
    );
    expect(await documents()).toEqual([]);
    expect(await status()).toBe('in_review');
    expect(await countAudit('records_request.letter.previewed')).toBe(1);
    const shown = await reviewer.get(`/handlaggning/begaran/${filed.id}/klar`).expect(200);
    expect(shown.text).toContain('Beslut om utlämnande av allmänna handlingar');
    expect(await documents()).toEqual([]);

    await reviewer
      .post(`/handlaggning/begaran/${filed.id}/klar`)
      .type('form')
      .send({ _csrf: csrfFrom(asked.text), bekraftat: 'ja' })
      .expect(303);
    expect(await status()).toBe('decided');
    expect(await documents()).toEqual([{ kind: 'decision_letter' }]);
    // Decided, there is nothing left to confirm: told on the request page.
    const again = await reviewer.get(`/handlaggning/begaran/${filed.id}/klar`).expect(303);
    expect(again.headers.location).toBe(`/handlaggning/begaran/${filed.id}`);
  });

  it('disposes only from the page that lists what goes; held records are not listed, protected pupils not named', async () => {
    const archivist = await world.signIn('arkivarie');
    const made: Record<string, { recordId: string; number: string }> = {};
    for (const [key, pupil] of [
      ['due', 'demo:person:pupil-4-7'],
      ['protected', 'demo:person:pupil-4-8'],
      ['held', 'demo:person:pupil-4-2'],
    ] as const) {
      const plan = await establishPlan(world, {
        pupil,
        otherDevelopment: `Gallringsbekräftelse-${key}.`,
        agreements: 'Överenskommelse.',
      });
      const [row] = await query(
        world.testApp,
        'update public_record set disposal_date = $2 where id = $1 returning registration_number',
        [plan.recordId, today],
      );
      made[key] = { recordId: plan.recordId, number: String(row?.registration_number) };
    }
    await query(
      world.testApp,
      "update person set security_marking = 'Skyddad folkbokföring' where external_id = $1",
      ['demo:person:pupil-4-8'],
    );
    await archivist
      .post('/api/v1/retention/holds')
      .send({ registrationNumber: made.held?.number, reason: 'Tillsyn pågår.' })
      .expect(201);

    const overview = await archivist.get('/gallring').expect(200);
    expect(overview.text).toContain('<form method="get" action="/gallring/kor"');
    const shown = await archivist.get('/gallring/kor').expect(200);
    expect(shown.text).toContain('Gallra det förfallna nu');
    expect(shown.text).toContain('Det går inte att ångra:');
    expect(shown.text).toContain(made.due?.number);
    expect(shown.text).toContain(await nameOf('demo:person:pupil-4-7'));
    expect(shown.text).toContain(made.protected?.number);
    expect(shown.text).toContain('Skyddade personuppgifter');
    expect(shown.text).not.toContain(await nameOf('demo:person:pupil-4-8'));
    expect(shown.text).not.toContain(made.held?.number);
    expect(shown.text).toContain('Individuell utvecklingsplan');

    // The old one-click POST only asks.
    const asked = await archivist
      .post('/gallring/kor')
      .type('form')
      .send({ _csrf: csrfFrom(overview.text) })
      .expect(200);
    expect(asked.text).toContain(made.due?.number);
    expect(await countAudit('retention.run.requested')).toBe(0);
    const exists = async (recordId: string) =>
      (await query(world.testApp, 'select id from public_record where id = $1', [recordId]))
        .length > 0;
    expect(await exists(made.due.recordId)).toBe(true);

    const run = await archivist
      .post('/gallring/kor')
      .type('form')
      .send({ _csrf: csrfFrom(asked.text), bekraftat: 'ja' })
      .expect(303);
    expect(run.headers.location).toBe('/gallring');
    expect(await countAudit('retention.run.requested')).toBe(1);
    await eventually(
      async () => (!(await exists(made.due.recordId)) ? true : null),
      'the disposal',
    );
    expect(await exists(made.protected.recordId)).toBe(false);
    expect(await exists(made.held.recordId)).toBe(true);
    // Viewing named pupils is audited, by registration number only.
    const [read] = await query(
      world.testApp,
      "select details from audit_entry where action = 'retention.due.read' order by id limit 1",
    );
    expect(JSON.stringify(read?.details)).toContain(made.due.number);
    expect(JSON.stringify(read?.details)).not.toContain(await nameOf('demo:person:pupil-4-7'));
  });
});
