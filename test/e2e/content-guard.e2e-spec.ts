import { DemoWorld, query, startDemoWorld } from '../support/demo-world';

describe('the content guard in use', () => {
  let world: DemoWorld;

  beforeAll(async () => {
    world = await startDemoWorld();
  });

  afterAll(() => world.close());

  /** The mentor starts a plan for the pupil and opens its page: the form's token and revision. */
  async function openNewPlanPage(pupil: string) {
    const mentor = await world.signIn('mentor');
    const pupilId = await world.personId(pupil);
    const plan = (await mentor.post(`/api/v1/pupils/${pupilId}/plans`).expect(201)).body as {
      id: string;
    };
    const page = await mentor.get(`/planer/${plan.id}`).expect(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const revision = /name="revision" value="(\d+)"/.exec(page.text)![1];
    return { mentor, plan, token, revision };
  }

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
    const fields = blocked.body.error.fields as {
      field: string;
      label: string;
      problems: string[];
      passages: { match: string; category: string; start: number }[];
    }[];
    expect(fields.map((field) => [field.field, field.label])).toEqual([
      ['otherDevelopment', 'Utveckling i övrigt'],
    ]);
    expect(fields[0].problems).toEqual([
      expect.stringContaining('”lat”: Planen beskriver vad eleven gör och kan'),
      expect.stringContaining('”diagnosen”: Uppgifter om hälsa'),
      expect.stringContaining('”autism”: Uppgifter om hälsa'),
    ]);
    expect(fields[0].problems[1]).toContain('Skriv om behovet av stöd utan diagnosen');
    expect(fields[0].passages.map((passage) => [passage.category, passage.match])).toEqual([
      ['character_judgement', 'lat'],
      ['health', 'diagnosen'],
      ['health', 'autism'],
    ]);
    // What a person reads names the field as the page does, never the content's path.
    expect(fields[0].problems.join(' ')).not.toMatch(/otherDevelopment|goals\./);
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

  it('finds a classmate’s name from the directory, but not the pupil’s own', async () => {
    const mentor = await world.signIn('mentor');
    const pupilId = await world.personId('demo:person:pupil-4-6');
    const [own] = await query(world.testApp, 'select given_name from person where id = $1', [
      pupilId,
    ]);
    const [classmate] = await query(
      world.testApp,
      `select p.given_name from person p
         join group_membership gm on gm.person_id = p.id
        where gm.group_id in (select group_id from group_membership where person_id = $1)
          and p.id <> $1 and p.given_name <> $2
        order by p.external_id limit 1`,
      [pupilId, own.given_name],
    );
    const plan = (await mentor.post(`/api/v1/pupils/${pupilId}/plans`).expect(201)).body as {
      id: string;
      revision: number;
    };
    const goal = (pupil: string) => ({
      revision: plan.revision,
      goals: [
        {
          subject: null,
          text: 'Läsa en bok i månaden.',
          actions: { school: 'Boktips varje vecka.', pupil, guardian: '' },
          followUp: '',
        },
      ],
      otherDevelopment: '',
    });

    const blocked = await mentor
      .put(`/api/v1/plans/${plan.id}/goals`)
      .send(goal(`${String(own.given_name)} läser högt för ${String(classmate.given_name)}.`))
      .expect(400);

    expect(blocked.body.error.fields).toEqual([
      expect.objectContaining({
        field: 'goals.0.actions.pupil',
        label: 'Mål 1 – Det här gör eleven',
        passages: [
          expect.objectContaining({
            category: 'classmate_name',
            match: classmate.given_name,
            message: expect.stringContaining('en klasskamrat'),
          }),
        ],
      }),
    ]);
    await mentor
      .put(`/api/v1/plans/${plan.id}/goals`)
      .send(goal(`${String(own.given_name)} läser högt för en klasskamrat.`))
      .expect(200);
  });

  it('on the page, shows why and keeps what the writer typed', async () => {
    const { mentor, plan, token, revision } = await openNewPlanPage('demo:person:pupil-4-5');

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
    // The summary links to the field by the name the page gives it; the field is marked.
    expect(refused.text).toMatch(
      /<div class="error-summary" role="alert" tabindex="-1"[^>]*>[\s\S]*<a href="#goal-0-text">Mål 1 – Målet: ”besvärlig”<\/a>/,
    );
    expect(refused.text).toContain(
      '<div class="field field--error"><label for="goal-0-text">Mål</label>',
    );
    expect(refused.text).toContain('”Sluta vara så <mark>besvärlig</mark> på lektionerna.”');
    expect(refused.text).toContain(
      '<textarea id="goal-0-text" name="goal_0_text" rows="2" aria-describedby="goal-0-text-error" aria-invalid="true">Sluta vara så besvärlig på lektionerna.</textarea>',
    );
    expect(refused.text).not.toMatch(/goals\.0|otherDevelopment:/);
  });

  it('on the page, warns with the field’s label and saves when the writer confirms', async () => {
    const { mentor, plan, token, revision } = await openNewPlanPage('demo:person:pupil-4-7');
    const form = {
      _csrf: token,
      revision,
      goal_0_text: 'Läsa en bok i månaden.',
      goal_0_guardian: 'Ring mentorn på 0302-52 10 00 vid frågor.',
      otherDevelopment: '',
    };

    const warned = await mentor.post(`/planer/${plan.id}/mal`).type('form').send(form).expect(400);

    expect(warned.text).toContain(
      '<a href="#goal-0-guardian">Mål 1 – Det här gör vårdnadshavare: ”0302-52 10 00”</a>',
    );
    expect(warned.text).toContain(
      'Varning: ”Ring mentorn på <mark>0302-52 10 00</mark> vid frågor.”',
    );
    expect(warned.text).toContain('Jag har läst varningen och vill spara ändå');
    await mentor
      .post(`/planer/${plan.id}/mal`)
      .type('form')
      .send({ ...form, acknowledgeWarnings: 'ja' })
      .expect(303);
  });
  it('answers autosave with the new revision as JSON, and its refusals in the API’s shape', async () => {
    const { mentor, plan, token, revision } = await openNewPlanPage('demo:person:pupil-4-8');
    const form = {
      _csrf: token,
      revision,
      goal_0_text: 'Läsa en bok i månaden.',
      otherDevelopment: '',
    };
    const autosave = (body: Record<string, string>) =>
      mentor
        .post(`/planer/${plan.id}/mal`)
        .set('Accept', 'application/json')
        .type('form')
        .send(body);

    const saved = await autosave(form).expect(200);
    expect(saved.body).toEqual({ section: 'mal', revision: Number(revision) + 1 });

    // From the old revision again: refused, not written over, and the revision is not handed out.
    const stale = await autosave({ ...form, goal_0_text: 'Skrivet över.' }).expect(409);
    expect(stale.body.error).toMatchObject({
      status: 409,
      code: 'CONFLICT',
      message: expect.stringContaining('Planen har ändrats av någon annan'),
    });
    expect(stale.body).not.toHaveProperty('revision');

    const guarded = await autosave({
      ...form,
      revision: String(saved.body.revision),
      goal_0_text: 'Sluta vara så besvärlig på lektionerna.',
    }).expect(400);
    expect(guarded.body.error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });

    const now = (await mentor.get(`/api/v1/plans/${plan.id}`).expect(200)).body as {
      revision: number;
      draft: { goals: { text: string }[] };
    };
    expect(now.revision).toBe(saved.body.revision);
    expect(now.draft.goals[0].text).toBe('Läsa en bok i månaden.');
  });
});
