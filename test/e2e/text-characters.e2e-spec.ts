import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';

import { COPY_RENDERER } from '../../src/redaction/redaction.service';
import type { CopyRenderer } from '../../src/redaction/checked-copy';
import { renderRedactedCopy } from '../../src/redaction/redacted-pdf';
import { binaryBody } from '../support/binary-body';
import { csrfFrom, DemoWorld, query, startDemoWorld } from '../support/demo-world';
import { establishPlan } from '../support/established-plan';
import { extractPdfText } from '../support/pdf-text';
import { fileRequestFor } from '../support/requests';

/**
 * Characters that once made plans impossible to release or forms lose what
 * was typed: presentation-form ligatures and direction controls in plan
 * text, and NUL in the public request form.
 */

// Written before such text was refused at saving: stored as typed.
const STRUCK = 'ﬁskeläget hos mor\u200fmor Öberg';
const EARLIER = `Eleven har ﬁna resultat och läser \u202eflytande\u202c. Hon är ofta på ${STRUCK} på helgerna.`;

interface ErrorBody {
  error: {
    status: number;
    code: string;
    fields: { field: string; label?: string; problems: string[] }[];
  };
}

function goals(text: string, revision: number) {
  return {
    revision,
    goals: [
      {
        subject: 'Svenska',
        text,
        actions: { school: 'Lästid varje dag', pupil: 'Läsa hemma', guardian: '' },
        followUp: '',
      },
    ],
    otherDevelopment: '',
  };
}

describe('ligatures and direction controls in plans', () => {
  let world: DemoWorld;
  let mentor: TestAgent;

  beforeAll(async () => {
    world = await startDemoWorld();
    mentor = await world.signIn('mentor');
  });

  afterAll(() => world.close());

  async function newPlan(pupil: string): Promise<{ id: string; revision: number }> {
    const pupilId = await world.personId(pupil);
    return (await mentor.post(`/api/v1/pupils/${pupilId}/plans`).expect(201)).body as {
      id: string;
      revision: number;
    };
  }

  it('writes ligatures as their letters when a plan is saved, and keeps Swedish letters as typed', async () => {
    const plan = await newPlan('demo:person:pupil-4-4');
    const saved = await mentor
      .put(`/api/v1/plans/${plan.id}/goals`)
      .send(goals('Läsa ﬁna böcker och skriva ﬂytande på svenska, också om café.', plan.revision))
      .expect(200);
    expect((saved.body as { draft: { goals: { text: string }[] } }).draft.goals[0]?.text).toBe(
      'Läsa fina böcker och skriva flytande på svenska, också om café.',
    );
  });

  it('refuses a direction control in the API with the stable error shape, naming field and character', async () => {
    const plan = await newPlan('demo:person:pupil-4-3');
    const refused = await mentor
      .put(`/api/v1/plans/${plan.id}/goals`)
      .send(goals('Läsa \u202ebaklänges', plan.revision))
      .expect(400);
    const { error } = refused.body as ErrorBody;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.fields).toEqual([
      {
        field: 'goals.0.text',
        label: 'Mål 1 – Målet',
        problems: [
          expect.stringContaining('(U+202E, höger-till-vänster-åsidosättning) efter ”Läsa”'),
        ],
      },
    ]);
    const [row] = await query(world.testApp, 'select draft from plan where id = $1', [plan.id]);
    expect(JSON.stringify(row?.draft)).not.toContain('baklänges');
  });

  it('on the plan page, refuses a NUL or a direction control in Swedish and keeps what was typed', async () => {
    const plan = await newPlan('demo:person:pupil-4-8');
    const page = await mentor.get(`/planer/${plan.id}`).expect(200);
    const revision = /name="revision" value="(\d+)"/.exec(page.text)?.[1];
    for (const [typed, named] of [
      ['Läsa en bok\u0000 i månaden.', '(NUL, U+0000)'],
      ['Läsa en bok \u2067i månaden.', '(U+2067, höger-till-vänster-isolering)'],
    ] as const) {
      const refused = await mentor
        .post(`/planer/${plan.id}/mal`)
        .type('form')
        .send({ _csrf: csrfFrom(page.text), revision, goal_0_text: typed, otherDevelopment: '' })
        .expect(400);
      expect(refused.text).toContain('Uppgifterna kunde inte tas emot.');
      expect(refused.text).toContain(`Mål 1 – Målet: innehåller`);
      expect(refused.text).toContain(named);
      // Typed text kept; a NUL shown as the replacement character a browser would show.
      expect(refused.text).toContain(`>${typed.replace('\u0000', '\ufffd')}</textarea>`);
      expect(refused.text).not.toMatch(/goals\.0|must be|is invalid/);
    }
  });

  it('releases a copy of text saved with them before, and the leak check still finds a struck passage', async () => {
    const { recordId } = await establishPlan(world, {
      pupil: 'demo:person:pupil-4-6',
      otherDevelopment: 'Läser gärna.',
      agreements: 'Vi hörs i mars.',
      writtenEarlier: EARLIER,
    });
    const filed = await fileRequestFor(world, 'demo:person:pupil-4-6');
    const reviewer = await world.signIn('granskare');
    const detail = (await reviewer.get(`/api/v1/records-requests/${filed.id}`).expect(200))
      .body as { items: { id: string; kind: string; version: number; recordId: string | null }[] };
    const item = detail.items.find((each) => each.recordId === recordId);
    expect(item).toBeDefined();
    const start = EARLIER.indexOf(STRUCK);
    const redactions = [
      {
        fieldId: 'otherDevelopment',
        ground: 'OSL 23 kap. 2 §',
        span: { start, end: start + STRUCK.length },
      },
    ];

    await reviewer
      .post(`/api/v1/records-requests/${filed.id}/items/${item?.id}/decision`)
      .send({
        decision: 'release_with_redactions',
        redactions,
        reasons: 'Uppgifter om var eleven vistas omfattas av sekretess.',
        version: item?.version,
      })
      .expect(204);
    for (const other of detail.items.filter((each) => each.id !== item?.id)) {
      await reviewer
        .post(`/api/v1/records-requests/${filed.id}/items/${other.id}/decision`)
        .send({
          decision: other.kind === 'draft' ? 'no_public_record' : 'refuse',
          refusalGround: 'OSL 23 kap. 2 §',
          reasons: 'Uppgifter om elevhälsans insatser.',
          redactions: [],
          version: other.version,
        })
        .expect(204);
    }
    await reviewer.post(`/api/v1/records-requests/${filed.id}/complete`).expect(204);

    const [copy] = await query(
      world.testApp,
      "select content from records_request_document where item_id = $1 and kind = 'copy'",
      [item?.id],
    );
    expect(copy).toBeDefined();
    const text = (await extractPdfText(copy?.content as Buffer)).pages.join('\n');
    expect(text).toContain('Eleven har fina resultat och läser flytande.');
    expect(text).toContain('OSL 23 kap. 2 §');
    expect(text).not.toMatch(/fiskeläget|ﬁskeläget|mormor|Öberg/);
    const blocked = await query(
      world.testApp,
      "select count(*)::int as count from audit_entry where action = 'record.copy.blocked' and target_id = $1",
      [recordId],
    );
    expect(blocked[0]?.count).toBe(0);
  });
});

describe('a faulty renderer that draws a struck passage saved with ligatures and direction controls', () => {
  let world: DemoWorld;

  /** Draws the struck passage as stored where its box should be: a fault the check must catch. */
  const leakyRenderer: CopyRenderer = (document, header) =>
    renderRedactedCopy(
      {
        ...document,
        sections: document.sections.map((section) => ({
          ...section,
          fields: section.fields.map((field) => ({
            ...field,
            segments: field.segments.map((segment) =>
              segment.kind === 'marker' ? { kind: 'text' as const, text: STRUCK } : segment,
            ),
          })),
        })),
      },
      header,
    );

  beforeAll(async () => {
    world = await startDemoWorld({ replace: [{ token: COPY_RENDERER, value: leakyRenderer }] });
  });

  afterAll(() => world.close());

  it('is blocked: 422 COPY_BLOCKED, struck text extractable', async () => {
    const { recordId } = await establishPlan(world, {
      pupil: 'demo:person:pupil-4-6',
      otherDevelopment: 'Läser gärna.',
      agreements: 'Vi hörs i mars.',
      writtenEarlier: EARLIER,
    });
    const reviewer = await world.signIn('granskare');
    const start = EARLIER.indexOf(STRUCK);
    const response = await binaryBody(
      reviewer.post(`/api/v1/records/${recordId}/copy-preview`).send({
        redactions: [
          {
            fieldId: 'otherDevelopment',
            ground: 'OSL 23 kap. 2 §',
            span: { start, end: start + STRUCK.length },
          },
        ],
      }),
    ).expect(422);
    const { error } = JSON.parse((response.body as Buffer).toString('utf8')) as ErrorBody;
    expect(error.code).toBe('COPY_BLOCKED');
    const [audit] = await query(
      world.testApp,
      "select details from audit_entry where action = 'record.copy.blocked' and target_id = $1",
      [recordId],
    );
    expect((audit?.details as { checks: string[] }).checks).toContain('struck-text-extractable');
  });
});

describe('a NUL in the public request form', () => {
  let world: DemoWorld;

  beforeAll(async () => {
    world = await startDemoWorld();
  });

  afterAll(() => world.close());

  const typed = {
    description: 'Min sons utvecklingsplan\u0000 från läsåret 2025/26.',
    pupilName: 'Alva Lindqvist',
    school: 'Björkängsskolan',
    period: '2025/26',
    delivery: 'paper',
    contactName: 'Kim Berg',
    contactEmail: 'kim@example.org',
    contactPhone: '070-123 45 67',
    postalAddress: 'Storgatan 1\n443 30 Lerum',
  };

  it('shows the form again with everything typed kept and the field named in Swedish', async () => {
    const visitor = request.agent(world.testApp.app.getHttpServer());
    const form = await visitor.get('/begaran').expect(200);
    const refused = await visitor
      .post('/begaran')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), ...typed })
      .expect(400);
    expect(refused.text).toContain('Begäran skickades inte. Rätta det som är markerat.');
    expect(refused.text).toContain('Beskrivningen: innehåller ett otillåtet tecken (NUL, U+0000)');
    expect(refused.text).toContain('efter ”Min sons utvecklingsplan”');
    expect(refused.text).toContain(
      'Min sons utvecklingsplan\ufffd från läsåret 2025/26.</textarea>',
    );
    for (const value of [
      'Alva Lindqvist',
      'Björkängsskolan',
      '2025/26',
      'Kim Berg',
      'kim@example.org',
    ]) {
      expect(refused.text).toContain(`value="${value}"`);
    }
    expect(refused.text).toContain('070-123 45 67');
    expect(refused.text).toContain('Storgatan 1\n443 30 Lerum</textarea>');
    expect(refused.text).toMatch(/id="delivery-paper" name="delivery" value="paper" checked/);
    expect(refused.text).not.toMatch(/description:|must be|is invalid/);
    const [count] = await query(
      world.testApp,
      'select count(*)::int as count from records_request',
    );
    expect(count?.count).toBe(0);

    // Fixed and sent again, it is filed.
    await visitor
      .post('/begaran')
      .type('form')
      .send({
        _csrf: csrfFrom(refused.text),
        ...typed,
        description: 'Min sons utvecklingsplan från läsåret 2025/26.',
      })
      .expect(303)
      .expect('Location', '/begaran/kvitto');
  });

  it('keeps the typing on the staff form too', async () => {
    const reviewer = await world.signIn('granskare');
    const form = await reviewer.get('/handlaggning/registrera').expect(200);
    const refused = await reviewer
      .post('/handlaggning/registrera')
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        ...typed,
        description: 'Begäran per telefon.',
        contactName: 'Kim\u0000 Berg',
        channel: 'phone',
        receivedOn: '2026-12-01',
      })
      .expect(400);
    expect(refused.text).toContain('Namnet: innehåller ett otillåtet tecken (NUL, U+0000)');
    expect(refused.text).toContain('value="Kim\ufffd Berg"');
    expect(refused.text).toContain('Begäran per telefon.</textarea>');
  });

  it('keeps the answer on the status page, naming the character in Swedish', async () => {
    const filed = await fileRequestFor(world, 'demo:person:pupil-4-5');
    const reviewer = await world.signIn('granskare');
    await reviewer
      .post(`/api/v1/records-requests/${filed.id}/clarification`)
      .send({ question: 'Gäller din begäran även förra läsåret?' })
      .expect(204);
    const visitor = request.agent(world.testApp.app.getHttpServer());
    const form = await visitor.get('/begaran').expect(200);
    await visitor
      .post('/begaran/status')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), kod: filed.receiptCode })
      .expect(303);
    const status = await visitor.get('/begaran/status').expect(200);
    const refused = await visitor
      .post('/begaran/status/svar')
      .type('form')
      .send({ _csrf: csrfFrom(status.text), svar: 'Ja, båda\u0000 läsåren.' })
      .expect(400);
    expect(refused.text).toContain('Svaret innehåller ett otillåtet tecken (NUL, U+0000)');
    expect(refused.text).toContain('>Ja, båda\ufffd läsåren.</textarea>');
    const [row] = await query(
      world.testApp,
      'select clarification_question from records_request where id = $1',
      [filed.id],
    );
    expect(row?.clarification_question).toBe('Gäller din begäran även förra läsåret?');
  });

  it('in the API, answers 400 with the field and a direction control with the stable error shape', async () => {
    const http = world.testApp.http();
    const nul = await http
      .post('/api/v1/records-requests')
      .send({ description: 'Planen\u0000', delivery: 'electronic' })
      .expect(400);
    expect((nul.body as ErrorBody).error.fields).toEqual([
      expect.objectContaining({ field: 'description' }),
    ]);
    const bidi = await http
      .post('/api/v1/records-requests')
      .send({ description: 'Planen för \u202eAlva', delivery: 'electronic' })
      .expect(400);
    expect((bidi.body as ErrorBody).error).toEqual(
      expect.objectContaining({
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: [
          {
            field: 'description',
            problems: [expect.stringContaining('(U+202E, höger-till-vänster-åsidosättning)')],
          },
        ],
      }),
    );
  });
});
