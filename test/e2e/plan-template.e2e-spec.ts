import { csrfFrom, DemoWorld, query, startDemoWorld } from '../support/demo-world';

describe('the principal’s plan template', () => {
  let world: DemoWorld;
  let north: string;
  let south: string;

  beforeAll(async () => {
    world = await startDemoWorld();
    const units = await query(world.testApp, 'select id, name from school_unit order by name');
    north = String(units.find((unit) => unit.name === 'Björkängsskolan')?.id);
    south = String(units.find((unit) => unit.name === 'Solbackaskolan')?.id);
  });

  afterAll(() => world.close());

  it('is set by the principal and shapes the plans started after it', async () => {
    const principal = await world.signIn('rektor');
    const home = await principal.get('/').expect(200);
    expect(home.text).toContain(`/skolenheter/${north}/iup-mall`);
    const page = await principal.get(`/skolenheter/${north}/iup-mall`).expect(200);

    const refused = await principal
      .post(`/skolenheter/${north}/iup-mall`)
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        periodKind: 'term',
        subjects: '',
        scale: 'Bra',
        questions: '',
      })
      .expect(400);
    expect(refused.text).toContain('ska vara mellan 1 och 30 ämnen, ett per rad');

    await principal
      .post(`/skolenheter/${north}/iup-mall`)
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        periodKind: 'term',
        subjects: 'Svenska\nMatematik\nIdrott och hälsa',
        scale: 'Inte uppnått\nUppnått\nVäl uppnått',
        questions: 'Vad är du stolt över?',
      })
      .expect(303);

    const mentor = await world.signIn('mentor');
    const pupilId = await world.personId('demo:person:pupil-4-2');
    const plan = await mentor.post(`/api/v1/pupils/${pupilId}/plans`).expect(201);
    expect(plan.body.period).toMatch(/^(HT|VT) \d{4}$/);
    expect(plan.body.template.subjects).toEqual(['Svenska', 'Matematik', 'Idrott och hälsa']);
    expect(plan.body.template.includesOtherDevelopment).toBe(false);
    expect(plan.body.draft.otherDevelopment).toBeNull();
  });

  it('is out of reach for other units’ principals and for everyone else', async () => {
    await (await world.signIn('rektor')).get(`/skolenheter/${south}/iup-mall`).expect(404);
    for (const username of ['mentor', 'larare', 'admin', 'granskare'] as const) {
      await (await world.signIn(username)).get(`/skolenheter/${north}/iup-mall`).expect(404);
    }
  });
});
