import type TestAgent from 'supertest/lib/agent';

import { binaryBody } from '../support/binary-body';
import { csrfFrom, DemoWorld, query, startDemoWorld } from '../support/demo-world';
import { establishPlan } from '../support/established-plan';
import { fileRequestFor } from '../support/requests';
import { extractPdfText } from '../support/pdf-text';

const AGREEMENT = 'Vi ses i mars. Mamma nås på 070-111 22 33 på kvällarna.';

describe('the back office pages, without JavaScript', () => {
  let world: DemoWorld;
  let reviewer: TestAgent;
  let requestId: string;
  let registrationNumber: string;

  beforeAll(async () => {
    world = await startDemoWorld();
    await establishPlan(world, {
      pupil: 'demo:person:pupil-4-5',
      otherDevelopment: 'Hjälper gärna andra.',
      agreements: AGREEMENT,
    });
    const filed = await fileRequestFor(world, 'demo:person:pupil-4-5', {
      description: 'Elevens utvecklingsplan.',
      delivery: 'paper',
      contactName: 'Anna Andersson',
      postalAddress: 'Storgatan 1\n443 30 Lerum',
    });
    registrationNumber = filed.registrationNumber;
    requestId = filed.id;
    reviewer = await world.signIn('granskare');
  });

  afterAll(() => world.close());

  it('the queue shows the new request and tells the reviewer it is new', async () => {
    const page = await reviewer.get('/handlaggning').set('Accept', 'text/html').expect(200);
    expect(page.text).toContain(registrationNumber);
    expect(page.text).toMatch(/ny begäran|nya begäranden/);
  });

  it('claims, notes and asks through forms, and shows the history', async () => {
    let page = await reviewer.get(`/handlaggning/begaran/${requestId}`).expect(200);
    expect(page.text).toContain('Anna Andersson');
    expect(page.text).toContain('Papperskopia per post');
    await reviewer
      .post(`/handlaggning/begaran/${requestId}/ta`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(303);
    page = await reviewer.get(`/handlaggning/begaran/${requestId}`).expect(200);
    expect(page.text).toContain('Du har tagit begäran.');
    await reviewer
      .post(`/handlaggning/begaran/${requestId}/anteckning`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), text: '' })
      .expect(303);
    page = await reviewer.get(`/handlaggning/begaran/${requestId}`).expect(200);
    expect(page.text).toContain('Skriv en anteckning.');
    await reviewer
      .post(`/handlaggning/begaran/${requestId}/anteckning`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), text: 'Kollade med <b>mentorn</b>.' })
      .expect(303);
    page = await reviewer.get(`/handlaggning/begaran/${requestId}`).expect(200);
    expect(page.text).toContain('Kollade med &lt;b&gt;mentorn&lt;/b&gt;.');
    expect(page.text).toContain('Handläggaren tog begäran.');
  });

  it('reviews a record: suggestions pre-marked, preview as PDF, decision with reasons', async () => {
    const detail = await reviewer.get(`/handlaggning/begaran/${requestId}`).expect(200);
    const itemPath = new RegExp(
      `/handlaggning/begaran/${requestId}/handlingar/([0-9a-f-]{36})`,
    ).exec(detail.text)?.[1];
    expect(itemPath).toBeDefined();
    const page = await reviewer
      .get(`/handlaggning/begaran/${requestId}/handlingar/${itemPath}`)
      .expect(200);
    expect(page.text).toContain('070-111 22 33');
    const suggestion = /name="suggestion__talk\.agreements" value="(\d+-\d+)" checked/.exec(
      page.text,
    )?.[1];
    expect(suggestion).toBeDefined();
    const version = /name="version" value="(\d+)"/.exec(page.text)?.[1];
    const form = {
      _csrf: csrfFrom(page.text),
      version,
      'suggestion__talk.agreements': suggestion,
      'ground__talk.agreements': 'OSL 21 kap. 3 §',
      'passage__talk.agreements': 'på kvällarna',
    };

    const preview = await binaryBody(
      reviewer
        .post(`/handlaggning/begaran/${requestId}/handlingar/${itemPath}/forhandsgranska`)
        .type('form')
        .send(form),
    ).expect(200);
    expect(preview.headers['content-type']).toBe('application/pdf');
    const text = (await extractPdfText(preview.body as Buffer)).pages.join('\n');
    expect(text).not.toContain('070-111');
    expect(text).not.toContain('kvällarna');
    expect(text).toContain('Vi ses i mars.');

    const missingReasons = await reviewer
      .post(`/handlaggning/begaran/${requestId}/handlingar/${itemPath}/beslut`)
      .type('form')
      .send({ ...form, decision: 'release_with_redactions' })
      .expect(400);
    expect(missingReasons.text).toContain('Skriv skälen för maskeringarna.');

    const wrongPassage = await reviewer
      .post(`/handlaggning/begaran/${requestId}/handlingar/${itemPath}/beslut`)
      .type('form')
      .send({
        ...form,
        _csrf: csrfFrom(missingReasons.text),
        'passage__talk.agreements': 'pappa',
        decision: 'release_with_redactions',
        reasons: 'Skäl.',
      })
      .expect(400);
    expect(wrongPassage.text).toContain('finns inte i fältet');

    // The record carries a sekretessmarkering: a signal for the reviewer, never a decision.
    expect(page.text).toContain('Sekretessmarkering: OSL 23 kap. 2 §');
    await reviewer
      .post(`/handlaggning/begaran/${requestId}/handlingar/${itemPath}/beslut`)
      .type('form')
      .send({ _csrf: csrfFrom(wrongPassage.text), version, decision: 'release' })
      .expect(303);
    const [released] = await query(
      world.testApp,
      'select decision from records_request_item where id = $1',
      [itemPath],
    );
    expect(released?.decision).toBe('release');

    // The reviewer changes the decision (from the version now current) to strike the number.
    await reviewer
      .post(`/handlaggning/begaran/${requestId}/handlingar/${itemPath}/beslut`)
      .type('form')
      .send({
        ...form,
        _csrf: csrfFrom(wrongPassage.text),
        version: String(Number(version) + 1),
        decision: 'release_with_redactions',
        reasons: 'Telefonnumret till en vårdnadshavare omfattas av sekretess.',
      })
      .expect(303);
    const [item] = await query(
      world.testApp,
      'select decision, jsonb_array_length(redactions) as count from records_request_item where id = $1',
      [itemPath],
    );
    expect(item).toEqual({ decision: 'release_with_redactions', count: 2 });
  });

  it.each(['larare', 'rektor', 'mentor', 'vardnadshavare', 'elev'] as const)(
    '%s sees no back office page (404)',
    async (username) => {
      const agent = await world.signIn(username);
      await agent.get('/handlaggning').set('Accept', 'text/html').expect(404);
      await agent.get(`/handlaggning/begaran/${requestId}`).set('Accept', 'text/html').expect(404);
      await agent.get('/handlaggning/registrera').set('Accept', 'text/html').expect(404);
    },
  );

  it('a teacher forwards a request from their pages', async () => {
    const teacher = await world.signIn('larare');
    const form = await teacher.get('/vidarebefordra-begaran').expect(200);
    expect(form.text).toContain('skolan fattar inga beslut om utlämnande');
    await teacher
      .post('/vidarebefordra-begaran')
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        receivedOn: '2026-11-27',
        description: 'En förälder ringde och bad om planen.',
        delivery: 'on_site',
      })
      .expect(303);
    const receipt = await teacher.get('/begaran/kvitto').expect(200);
    expect(receipt.text).toMatch(/BEG-\d{4}-\d{5}/);
  });
});
