import { DemoWorld, query, startDemoWorld } from '../support/demo-world';

describe('the demo municipality’s plans', () => {
  let world: DemoWorld;

  beforeAll(async () => {
    world = await startDemoWorld({ withPlans: true });
  });

  afterAll(() => world.close());

  it('has plans in every state, established ones with two versions and registered records', async () => {
    const states = await query(
      world.testApp,
      'select state, count(*)::int as count from plan group by state order by state',
    );
    const twoVersions = await query(
      world.testApp,
      'select plan_id from plan_version group by plan_id having count(*) >= 2',
    );
    const records = await query(
      world.testApp,
      'select count(*)::int as count from public_record r join plan_version v on v.record_id = r.id',
    );

    expect(states.map((row) => row.state)).toEqual(['draft', 'established']);
    expect(twoVersions.length).toBeGreaterThanOrEqual(2);
    expect(Number(records[0]?.count)).toBeGreaterThanOrEqual(6);
  });

  it('shows the demo pupil their plans, and the guardian the state on My children', async () => {
    const pupil = await world.signIn('elev');
    const pupilId = await world.personId('demo:person:pupil-4-1');
    const plans = await pupil.get(`/api/v1/pupils/${pupilId}/plans`).expect(200);
    expect((plans.body as { period: string }[]).map((plan) => plan.period)).toEqual([
      '2026/27',
      '2025/26',
    ]);

    const guardian = await world.signIn('vardnadshavare');
    const children = await guardian.get('/mina-barn').expect(200);
    expect(children.text).toContain('Utkast inför utvecklingssamtalet (2026/27)');

    const established = (plans.body as { id: string; period: string }[]).find(
      (plan) => plan.period === '2025/26',
    )!;
    const version = await pupil.get(`/api/v1/plans/${established.id}/versions/2`).expect(200);
    expect(version.body.content.talk.date).toBe('2026-03-18');
    expect(version.body.changes).toEqual(
      expect.arrayContaining([expect.objectContaining({ label: 'Utvecklingssamtal, datum' })]),
    );
    const page = await pupil.get(`/planer/${established.id}/version/2`).expect(200);
    expect(page.text).toContain('Ändringar sedan version 1');
    expect(page.text).toContain('<ins>2026-03-18</ins>');
  });

  it('gives the mentor an overview of the mentees with each plan’s state', async () => {
    const mentor = await world.signIn('mentor');

    const home = await mentor.get('/').expect(200);

    expect(home.text).toMatch(/utkast 2026\/27/);
    expect(home.text).toMatch(/fastställd 2026\/27/);
    expect((home.text.match(/href="\/planer\//g) ?? []).length).toBeGreaterThanOrEqual(7);
  });

  it('gives the archivist former pupils to follow: due soon, one already due, one held', async () => {
    const archivist = await world.signIn('arkivarie');
    const overview = (await archivist.get('/api/v1/retention').expect(200)).body as {
      due30: { count: number };
      due90: { count: number };
      dryRun: { records: number };
      held: { reasons: { text: string }[] }[];
    };
    expect(overview.dryRun.records).toBe(1);
    expect(overview.due30.count).toBe(2);
    expect(overview.due90.count).toBe(3);
    expect(overview.held.flatMap((record) => record.reasons.map((reason) => reason.text))).toEqual([
      'Spärrad av arkivarien: Begärd av Skolinspektionen i ett pågående tillsynsärende.',
    ]);
  });
});
