import { binaryBody } from '../support/binary-body';
import { DemoWorld, query, startDemoWorld } from '../support/demo-world';
import { extractPdfText } from '../support/pdf-text';

describe('the plan as a PDF', () => {
  let world: DemoWorld;
  let planId: string;

  beforeAll(async () => {
    world = await startDemoWorld({ withPlans: true });
    const [plan] = await query(
      world.testApp,
      `select p.id from plan p join person pupil on pupil.id = p.pupil_id
        where pupil.external_id = 'demo:person:pupil-4-1' and p.period = '2025/26'`,
    );
    planId = String(plan?.id);
  });

  afterAll(() => world.close());

  it('renders an established version with Swedish text, its registration number and page numbers', async () => {
    const guardian = await world.signIn('vardnadshavare');

    const response = await binaryBody(guardian.get(`/planer/${planId}/version/2/pdf`)).expect(200);

    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="utvecklingsplan-version-2.pdf"',
    );
    expect(response.headers['cache-control']).toBe('private, no-store');
    const pdf = await extractPdfText(response.body as Buffer);
    const text = pdf.pages.join('\n');
    const [pupil] = await query(
      world.testApp,
      "select given_name, family_name from person where external_id = 'demo:person:pupil-4-1'",
    );
    expect(text).toContain('Individuell utvecklingsplan (IUP)');
    expect(text).toContain(`Elev: ${String(pupil?.given_name)} ${String(pupil?.family_name)}`);
    expect(text).toMatch(/Diarienummer: IUP-\d{4}-\d{5}/);
    expect(text).toContain('Läser med flyt och återberättar handlingen');
    expect(text).toContain('Elevens självskattning');
    expect(text).toContain('Överenskommelser');
    expect(pdf.pages[pdf.pageCount - 1]).toContain(`sida ${pdf.pageCount} av ${pdf.pageCount}`);
    expect(pdf.info.Title ?? null).toBeNull();
    expect(pdf.info.Author ?? null).toBeNull();
  });

  it('is refused to those who may not read the whole plan', async () => {
    for (const username of ['larare', 'granskare', 'admin'] as const) {
      await (await world.signIn(username)).get(`/planer/${planId}/pdf`).expect(404);
    }
  });
});
