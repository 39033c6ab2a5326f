import { PDFDocument } from '@cantoo/pdf-lib';
import type TestAgent from 'supertest/lib/agent';

import { renderRedactedCopy } from '../../src/redaction/redacted-pdf';
import { COPY_RENDERER } from '../../src/redaction/redaction.service';
import type { CopyRenderer } from '../../src/redaction/checked-copy';
import type { ReviewDocument } from '../../src/redaction/redaction.service';
import { binaryBody } from '../support/binary-body';
import { DemoWorld, query, startDemoWorld } from '../support/demo-world';
import { establishPlan } from '../support/established-plan';
import { extractPdfText } from '../support/pdf-text';

const PHONE = '070-123 45 67';
const AGREEMENT = `Vi hörs igen i mars. Mamma nås på ${PHONE} efter klockan 16.`;
const NOTE = 'Eleven har extra anpassningar i matematik efter beslut av elevhälsan.';

async function establishRecord(world: DemoWorld): Promise<string> {
  const { recordId } = await establishPlan(world, {
    pupil: 'demo:person:pupil-4-2',
    otherDevelopment: NOTE,
    agreements: AGREEMENT,
  });
  return recordId;
}

describe('redacted copies of a record', () => {
  let world: DemoWorld;
  let reviewer: TestAgent;
  let recordId: string;
  let review: ReviewDocument;

  beforeAll(async () => {
    world = await startDemoWorld();
    recordId = await establishRecord(world);
    reviewer = await world.signIn('granskare');
  });

  afterAll(() => world.close());

  const field = (id: string) =>
    review.sections.flatMap((section) => section.fields).find((each) => each.id === id);

  it('shows the reviewer the record with the free-text guard’s findings as suggestions', async () => {
    review = (await reviewer.get(`/api/v1/records/${recordId}/review`).expect(200))
      .body as ReviewDocument;
    expect(review.registrationNumber).toMatch(/^IUP-\d{4}-\d{5}$/);
    expect(review.confidentialityMarking).toBe('OSL 23 kap. 2 §');
    expect(review.grounds).toEqual(['OSL 23 kap. 2 §', 'OSL 21 kap. 3 §', 'OSL 21 kap. 7 §']);
    const agreements = field('talk.agreements');
    expect(agreements?.text).toBe(AGREEMENT);
    const suggestion = agreements?.suggestions[0];
    expect(suggestion?.category).toBe('address_or_phone');
    expect(AGREEMENT.slice(suggestion?.start, suggestion?.end)).toContain('070-123');

    const [audit] = await query(
      world.testApp,
      "select count(*)::int as count from audit_entry where action = 'record.review.read' and target_id = $1",
      [recordId],
    );
    expect(audit?.count).toBe(1);
  });

  it('suggests striking a classmate’s name, found through the directory, but not the pupil’s own', async () => {
    const pupilId = await world.personId('demo:person:pupil-4-3');
    const [own] = await query(world.testApp, 'select given_name from person where id = $1', [
      pupilId,
    ]);
    const [classmate] = await query(
      world.testApp,
      `select p.given_name, p.family_name from person p
         join group_membership gm on gm.person_id = p.id
        where gm.group_id in (select group_id from group_membership where person_id = $1)
          and p.id <> $1 and p.given_name <> $2
        order by p.external_id limit 1`,
      [pupilId, own.given_name],
    );
    const fullName = `${String(classmate.given_name)} ${String(classmate.family_name)}`;
    const text = `${String(own.given_name)} och ${fullName} har en vårdnadstvist gemensamt.`;
    const { recordId: other } = await establishPlan(world, {
      pupil: 'demo:person:pupil-4-3',
      otherDevelopment: 'Läser gärna.',
      agreements: 'Vi hörs i mars.',
      writtenEarlier: text,
    });

    const document = (await reviewer.get(`/api/v1/records/${other}/review`).expect(200))
      .body as ReviewDocument;

    const suggestions = document.sections
      .flatMap((section) => section.fields)
      .find((each) => each.id === 'otherDevelopment')?.suggestions;
    expect(suggestions?.map((s) => [s.category, text.slice(s.start, s.end)])).toEqual([
      ['classmate_name', fullName],
      ['social_family', 'vårdnadstvist'],
    ]);
  });

  it('previews a copy with a span and a whole field struck: the struck text is gone, a box names the ground', async () => {
    const suggestion = field('talk.agreements')?.suggestions[0];
    const response = await binaryBody(
      reviewer.post(`/api/v1/records/${recordId}/copy-preview`).send({
        redactions: [
          {
            fieldId: 'talk.agreements',
            ground: 'OSL 21 kap. 3 §',
            span: { start: suggestion?.start, end: suggestion?.end },
          },
          { fieldId: 'otherDevelopment', ground: 'OSL 23 kap. 2 §' },
        ],
      }),
    ).expect(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['cache-control']).toBe('private, no-store');

    const pdf = response.body as Buffer;
    const text = await extractPdfText(pdf);
    const all = text.pages.join('\n');
    // The phone number's parts: '070' alone could be in a registration number (IUP-2026-00070).
    expect(all).not.toContain('070-123');
    expect(all).not.toContain('45 67');
    expect(all).not.toContain('elevhälsan');
    expect(all).not.toContain('anpassningar');
    expect(all).toContain('Vi hörs igen i mars. Mamma nås på');
    expect(all).toContain('OSL 21 kap. 3 §');
    expect(all).toContain('OSL 23 kap. 2 §');
    expect(all).toContain(review.registrationNumber);
    expect(all).toContain('Förhandsgranskning');
    expect(all).toMatch(/sida 1 av \d/);
    expect(text.info).toEqual(
      expect.objectContaining({ Title: 'Kopia av allmän handling', Producer: 'Sektor Lärande' }),
    );
    expect(text.info).not.toHaveProperty('Author');

    const [audit] = await query(
      world.testApp,
      "select details from audit_entry where action = 'record.copy.produced' and target_id = $1",
      [recordId],
    );
    expect(audit?.details).toEqual(
      expect.objectContaining({
        purpose: 'preview',
        markers: 2,
        registrationNumber: review.registrationNumber,
      }),
    );
    expect(JSON.stringify(audit?.details)).not.toContain('070-123');
  });

  it('refuses a span outside the text and an unknown ground with the stable error shape', async () => {
    const response = await reviewer
      .post(`/api/v1/records/${recordId}/copy-preview`)
      .send({
        redactions: [
          { fieldId: 'talk.agreements', ground: 'OSL 21 kap. 3 §', span: { start: 3, end: 9999 } },
          { fieldId: 'talk.agreements', ground: 'Jag tycker inte om det' },
        ],
      })
      .expect(400);
    const error = (response.body as { error: { code: string; fields: { field: string }[] } }).error;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.fields.map((f) => f.field)).toEqual(['redactions.0', 'redactions.1']);

    await reviewer
      .post(`/api/v1/records/${recordId}/copy-preview`)
      .send({ redactions: [{ fieldId: 7, ground: [] }] })
      .expect(400);
  });

  it('answers 404 for a record that does not exist', async () => {
    await reviewer.get('/api/v1/records/00000000-0000-4000-8000-000000000000/review').expect(404);
    await reviewer.get('/api/v1/records/inte-ett-id/review').expect(404);
  });

  it.each(['mentor', 'larare', 'rektor', 'vardnadshavare', 'elev', 'arkivarie', 'admin'] as const)(
    'answers %s 404: only reviewers at Sektor Lärande see records for review or make copies',
    async (username) => {
      const agent = await world.signIn(username);
      const refused = await agent.get(`/api/v1/records/${recordId}/review`).expect(404);
      // Not the phone number (a random request id may well hold the digits 070).
      expect(JSON.stringify(refused.body)).not.toContain('070-123');
      await agent
        .post(`/api/v1/records/${recordId}/copy-preview`)
        .send({ redactions: [] })
        .expect(404);
    },
  );

  it('refuses callers who are not signed in', async () => {
    await world.testApp.http().get(`/api/v1/records/${recordId}/review`).expect(401);
  });
});

describe('a copy that fails the leak check', () => {
  let world: DemoWorld;

  /** A renderer with a fault a library update could bring: it names a person in the metadata. */
  const leakyRenderer: CopyRenderer = async (document, header) => {
    const drawn = await PDFDocument.load(await renderRedactedCopy(document, header), {
      updateMetadata: false,
    });
    drawn.setAuthor('Anna Granskare');
    return drawn.save();
  };

  beforeAll(async () => {
    world = await startDemoWorld({ replace: [{ token: COPY_RENDERER, value: leakyRenderer }] });
  });

  afterAll(() => world.close());

  it('is never handed out: 422 COPY_BLOCKED, and the audit log records the stop', async () => {
    const recordId = await establishRecord(world);
    const reviewer = await world.signIn('granskare');
    const response = await reviewer
      .post(`/api/v1/records/${recordId}/copy-preview`)
      .send({ redactions: [{ fieldId: 'otherDevelopment', ground: 'OSL 23 kap. 2 §' }] })
      .expect(422);
    const error = (response.body as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('COPY_BLOCKED');
    expect(error.message).toContain('Dokumentinformationen');
    expect(response.headers['content-type']).toContain('application/json');

    const rows = await query(
      world.testApp,
      "select action, details from audit_entry where target_id = $1 and action like 'record.copy.%'",
      [recordId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.action).toBe('record.copy.blocked');
    expect((rows[0]?.details as { checks: string[] }).checks).toEqual(
      expect.arrayContaining(['document-information']),
    );
  });
});
