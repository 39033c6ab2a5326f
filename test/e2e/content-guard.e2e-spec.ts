import { DemoWorld, query, startDemoWorld } from '../support/demo-world';

describe('the content guard in use', () => {
  let world: DemoWorld;

  beforeAll(async () => {
    world = await startDemoWorld();
  });

  afterAll(() => world.close());

  it('answers staff with findings and exact offsets', async () => {
    const mentor = await world.signIn('mentor');
    const text = 'Åsa är lat och har en ADHD-diagnos.';

    const response = await mentor.post('/api/v1/content-guard/check').send({ text }).expect(200);

    expect(response.body).toEqual({
      findings: [
        { category: 'character_judgement', severity: 'block', start: 7, end: 10, match: 'lat' },
        { category: 'health', severity: 'block', start: 22, end: 34, match: 'ADHD-diagnos' },
      ],
    });
  });

  it('is for staff only, and refuses text that is too long in the stable shape', async () => {
    for (const username of ['elev', 'vardnadshavare', 'admin'] as const) {
      await (
        await world.signIn(username)
      )
        .post('/api/v1/content-guard/check')
        .send({ text: 'x' })
        .expect(404);
    }
    await world.testApp.http().post('/api/v1/content-guard/check').send({ text: 'x' }).expect(401);
    const tooLong = await (
      await world.signIn('mentor')
    )
      .post('/api/v1/content-guard/check')
      .send({ text: 'a'.repeat(100_001) })
      .expect(400);
    expect(tooLong.body.error.fields).toEqual([
      { field: 'text', problems: ['Texten får vara högst 100000 tecken.'] },
    ]);
  });

  it('stops a plan save with sensitive data, marking the passage, and saves nothing', async () => {
    const mentor = await world.signIn('mentor');
    const pupilId = await world.personId('demo:person:pupil-4-3');
    const plan = (await mentor.post(`/api/v1/pupils/${pupilId}/plans`).expect(201)).body as {
      id: string;
      revision: number;
    };

    const blocked = await mentor
      .put(`/api/v1/plans/${plan.id}/goals`)
      .send({
        revision: plan.revision,
        goals: [],
        otherDevelopment: 'Eleven är lat och har diagnosen autism.',
      })
      .expect(400);

    expect(blocked.body.error.message).toContain(
      'Texten innehåller uppgifter som inte får stå i planen.',
    );
    const fields = blocked.body.error.fields as { problems: string[] }[];
    expect(fields.map((field) => field.problems[0])).toEqual([
      expect.stringContaining('”lat”: Beskriv vad eleven gör och kan'),
      expect.stringContaining('”diagnosen”: Uppgifter om hälsa och diagnoser'),
      expect.stringContaining('”autism”: Uppgifter om hälsa och diagnoser'),
    ]);
    const [row] = await query(
      world.testApp,
      "select draft->>'otherDevelopment' as other, revision from plan where id = $1",
      [plan.id],
    );
    expect(row).toEqual({ other: '', revision: plan.revision });
  });

  it('saves a warned text only when the writer confirms, and logs that', async () => {
    const mentor = await world.signIn('mentor');
    const pupilId = await world.personId('demo:person:pupil-4-4');
    const plan = (await mentor.post(`/api/v1/pupils/${pupilId}/plans`).expect(201)).body as {
      id: string;
      revision: number;
    };
    const body = {
      revision: plan.revision,
      goals: [],
      otherDevelopment: 'Ring skolan på 0302-52 10 00 vid frågor.',
    };

    const warned = await mentor.put(`/api/v1/plans/${plan.id}/goals`).send(body).expect(400);
    expect(warned.body.error.message).toContain('Läs varningen');

    await mentor
      .put(`/api/v1/plans/${plan.id}/goals`)
      .send({ ...body, acknowledgeWarnings: true })
      .expect(200);
    const audited = await query(
      world.testApp,
      "select details->>'warnings' as warnings from audit_entry where action = 'plan.part.saved_with_warnings'",
    );
    expect(audited).toEqual([{ warnings: 'address_or_phone' }]);
  });

  it('on the page, shows why and keeps what the writer typed', async () => {
    const mentor = await world.signIn('mentor');
    const pupilId = await world.personId('demo:person:pupil-4-5');
    const plan = (await mentor.post(`/api/v1/pupils/${pupilId}/plans`).expect(201)).body as {
      id: string;
    };
    const page = await mentor.get(`/planer/${plan.id}`).expect(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const revision = /name="revision" value="(\d+)"/.exec(page.text)![1];

    const refused = await mentor
      .post(`/planer/${plan.id}/mal`)
      .type('form')
      .send({
        _csrf: token,
        revision,
        goal_0_text: 'Sluta vara så besvärlig på lektionerna.',
        otherDevelopment: '',
      })
      .expect(400);

    expect(refused.text).toContain('Texten innehåller uppgifter som inte får stå i planen.');
    expect(refused.text).toContain('”besvärlig”');
    expect(refused.text).toContain('>Sluta vara så besvärlig på lektionerna.</textarea>');
  });
});
