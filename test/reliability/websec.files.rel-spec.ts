import { randomBytes } from 'node:crypto';

import sharp from 'sharp';
import type request from 'supertest';
import type TestAgent from 'supertest/lib/agent';

import { DEMO_RECEIPT_CODES } from '../../src/demo/demo-requests';
import { binaryBody } from '../support/binary-body';
import {
  chooseClassListDetails,
  csrfFrom,
  DemoWorld,
  query,
  startDemoWorld,
} from '../support/demo-world';
import { tally } from '../support/tally';
import { securityHeaderProblems } from '../support/websec';
import { RECEIPT_CODE_HEADER } from '../support/receipt-status';

/** What is wrong with how a private file is sent (a PDF to save, or a photo to show). */
function fileProblems(response: request.Response, type: string, disposition: RegExp): string[] {
  const header = response.headers as Record<string, string | undefined>;
  return [
    ...securityHeaderProblems(response),
    ...(header['content-type'] === type ? [] : [`Content-Type ${header['content-type']}`]),
    ...(disposition.test(header['content-disposition'] ?? '')
      ? []
      : [`Content-Disposition ${header['content-disposition']}`]),
    ...(/no-store/.test(header['cache-control'] ?? '')
      ? []
      : [`Cache-Control ${header['cache-control']}`]),
  ];
}

const GONE = 'Länken fungerar inte längre';

let world: DemoWorld;

// One demo municipality for both parts: starting one is most of the time these tests take.
// The tests below make many links of one request, beyond the few a requester may make.
beforeAll(async () => {
  world = await startDemoWorld({ withPlans: true, env: { DOWNLOAD_LINK_MAX_PER_REQUEST: '100' } });
});

afterAll(() => world.close());

describe('web security: download links for released copies', () => {
  let requestId: string;
  let registrationNumber: string;

  beforeAll(async () => {
    const [decided] = await query(
      world.testApp,
      "select id, registration_number from records_request where status = 'decided' and delivery = 'electronic'",
    );
    requestId = String(decided?.id);
    registrationNumber = String(decided?.registration_number);
    const reviewer = await world.signIn('granskare');
    await reviewer.post(`/api/v1/records-requests/${requestId}/deliver`).expect(204);
  });

  const newLink = async (): Promise<string> => {
    const link = await world.testApp
      .http()
      .post('/api/v1/records-requests/status/download-link')
      .set(RECEIPT_CODE_HEADER, DEMO_RECEIPT_CODES.decided)
      .expect(201);
    return new URL(String(link.body.url)).pathname.split('/').pop() ?? '';
  };

  it('makes tokens of 256 random bits, each new, and keeps only their hash', async () => {
    const tokens: string[] = [];
    for (let i = 0; i < 12; i += 1) tokens.push(await newLink());
    const stored = await query(world.testApp, 'select * from download_link');
    const storedText = JSON.stringify(stored);
    const problems = [
      ...tokens
        .filter(
          (token) => Buffer.from(token, 'base64url').length < 32 || !/^[\w-]{43}$/.test(token),
        )
        .map((token) => `short token ${token}`),
      ...(new Set(tokens).size === tokens.length ? [] : ['a token came twice']),
      ...tokens.filter((token) => storedText.includes(token)).map(() => 'a token is stored'),
    ];
    // No two tokens share a long prefix (they are not a counter or a timestamp).
    const prefixes = new Set(tokens.map((token) => token.slice(0, 6)));
    // One link works at a time: each new one ended the one before.
    for (const [index, token] of tokens.entries()) {
      const opened = await world.testApp.http().get(`/begaran/hamta/${token}`);
      const expected = index === tokens.length - 1 ? 200 : 410;
      if (opened.status !== expected) problems.push(`link ${index + 1}: ${opened.status}`);
    }

    tally('websec', { cases: tokens.length * 4, failures: problems.length });
    expect(problems).toEqual([]);
    expect(prefixes.size).toBe(tokens.length);
  });

  it('sends each released document as a private attachment, and the link page with no referrer', async () => {
    const token = await newLink();
    const page = await world.testApp.http().get(`/begaran/hamta/${token}`).expect(200);
    const hrefs = [...page.text.matchAll(/href="(\/begaran\/hamta\/[^"]+\/[0-9a-f-]{36})"/g)].map(
      (match) => match[1] ?? '',
    );
    const problems = [
      ...securityHeaderProblems(page),
      ...(page.headers['cache-control'] === 'private, no-store' ? [] : ['page cached']),
      // The token is in the address: no page it leads to may learn it.
      ...(page.headers['referrer-policy'] === 'no-referrer' ? [] : ['page sends a referrer']),
    ];
    for (const href of hrefs) {
      const file = await binaryBody(world.testApp.http().get(href)).expect(200);
      problems.push(
        ...fileProblems(file, 'application/pdf', /^attachment; filename="[\w.-]+\.pdf"$/),
        ...((file.body as Buffer).subarray(0, 5).toString() === '%PDF-' ? [] : ['not a PDF']),
      );
    }

    tally('websec', { cases: 3 + hrefs.length * 7, failures: problems.length });
    expect(hrefs.length).toBeGreaterThanOrEqual(2);
    expect(problems).toEqual([]);
  });

  it('answers a guessed, altered or malformed token alike, without anything of the request', async () => {
    const token = await newLink();
    const page = await world.testApp.http().get(`/begaran/hamta/${token}`).expect(200);
    const documentId =
      /href="\/begaran\/hamta\/[^"/]+\/([0-9a-f-]{36})"/.exec(page.text)?.[1] ?? '';
    const flip = (at: number) =>
      `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
    const guesses = [
      randomBytes(32).toString('base64url'),
      flip(0),
      flip(21),
      flip(42),
      token.toUpperCase(),
      token.slice(0, 42),
      `${token}A`,
      `${token.slice(0, 40)}%00`,
      '..%2F..%2Fetc%2Fpasswd',
      "'%20or%201=1--",
      '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
    ];
    const problems: string[] = [];
    for (const guess of guesses) {
      for (const path of [`/begaran/hamta/${guess}`, `/begaran/hamta/${guess}/${documentId}`]) {
        const response = await world.testApp.http().get(path).set('Accept', 'text/html');
        // A NUL is refused before any route runs (PostgreSQL cannot store one), naming the character.
        const refusedAsInput =
          guess.includes('%00') &&
          response.status === 400 &&
          response.text.includes('får inte innehålla tecknet NUL');
        if (![404, 410].includes(response.status) && !refusedAsInput) {
          problems.push(`${path}: ${response.status}`);
        }
        // A token that cannot be one gets the plain 404 page; one that could, the link's message.
        if (
          !refusedAsInput &&
          !response.text.includes(GONE) &&
          !response.text.includes('<h1>Sidan finns inte</h1>')
        ) {
          problems.push(`${path}: not a Swedish message`);
        }
        if (response.text.includes(registrationNumber) || response.text.includes(documentId)) {
          problems.push(`${path}: shows the request`);
        }
        if (response.text.includes('<script>alert')) problems.push(`${path}: unescaped`);
        problems.push(...securityHeaderProblems(response).map((p) => `${path}: ${p}`));
      }
    }
    // The right token with a document of nothing it released: 404, and no bytes.
    const foreign = await world.testApp
      .http()
      .get(`/begaran/hamta/${token}/00000000-0000-4000-8000-000000000000`);
    if (foreign.status !== 404 || foreign.type === 'application/pdf') {
      problems.push(`foreign document: ${foreign.status} ${foreign.type}`);
    }

    tally('websec', { cases: guesses.length * 2 + 1, failures: problems.length });
    expect(problems).toEqual([]);
  });

  it('refuses an expired link with 410 and a Swedish message, page and documents', async () => {
    const token = await newLink();
    const page = await world.testApp.http().get(`/begaran/hamta/${token}`).expect(200);
    const href = /href="(\/begaran\/hamta\/[^"]+\/[0-9a-f-]{36})"/.exec(page.text)?.[1] ?? '';
    await query(
      world.testApp,
      "update download_link set expires_at = now() - interval '1 second' where expires_at > now()",
    );
    const answers = [
      await world.testApp.http().get(`/begaran/hamta/${token}`).set('Accept', 'text/html'),
      await world.testApp.http().get(href).set('Accept', 'text/html'),
    ];
    const problems = answers.flatMap((answer) => [
      ...(answer.status === 410 ? [] : [`status ${answer.status}`]),
      ...(answer.text.includes(GONE) ? [] : ['not the Swedish message']),
      ...(answer.type === 'application/pdf' ? ['sent the document'] : []),
    ]);

    tally('websec', { cases: answers.length * 3, failures: problems.length });
    expect(problems).toEqual([]);
  });
});

/** A real JPEG with something else glued after its end: a polyglot. */
async function jpegWith(tail: string): Promise<Buffer> {
  const image = await sharp({
    create: { width: 32, height: 32, channels: 3, background: '#47a' },
  })
    .jpeg()
    .toBuffer();
  return Buffer.concat([image, Buffer.from(tail)]);
}

const SCRIPT = '<script>alert(document.cookie)</script>';

describe('web security: uploads cannot serve HTML or script', () => {
  let guardian: TestAgent;

  beforeAll(async () => {
    guardian = await world.signIn('vardnadshavare');
  });

  it('re-encodes or refuses every photo upload, and serves photos only as JPEG', async () => {
    const png = await sharp({ create: { width: 16, height: 16, channels: 4, background: '#fff' } })
      .png()
      .toBuffer();
    const uploads: [string, Buffer, string, string][] = [
      ['HTML', Buffer.from(`<!DOCTYPE html><html>${SCRIPT}</html>`), 'bild.jpg', 'image/jpeg'],
      ['HTML as HTML', Buffer.from(`<html>${SCRIPT}</html>`), 'sida.html', 'text/html'],
      [
        'SVG with script',
        Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg">${SCRIPT}</svg>`),
        'bild.svg',
        'image/svg+xml',
      ],
      ['JavaScript', Buffer.from('alert(document.cookie);'), 'bild.js', 'application/javascript'],
      ['GIF header and script', Buffer.from(`GIF89a/*${SCRIPT}*/`), 'bild.gif', 'image/gif'],
      [
        'JPEG with HTML after it',
        await jpegWith(`<html>${SCRIPT}</html>`),
        'bild.jpg',
        'image/jpeg',
      ],
      [
        'PNG with HTML after it',
        Buffer.concat([png, Buffer.from(SCRIPT)]),
        'bild.png',
        'image/png',
      ],
      ['JPEG named .html', await jpegWith(''), 'bild.html', 'text/html'],
      ['empty file', Buffer.alloc(0), 'bild.jpg', 'image/jpeg'],
    ];
    const problems: string[] = [];
    let accepted = 0;
    for (const [kind, bytes, filename, contentType] of uploads) {
      const profile = await guardian.get('/profil').expect(200);
      const response = await guardian
        .post('/profil/bild')
        .field('_csrf', csrfFrom(profile.text))
        .attach('photo', bytes, { filename, contentType });
      if (response.status === 303) {
        accepted += 1;
        const served = await binaryBody(guardian.get('/profil/bild')).expect(200);
        const body = served.body as Buffer;
        problems.push(
          ...fileProblems(served, 'image/jpeg', /^inline$/).map((p) => `${kind}: ${p}`),
          ...((await sharp(body).metadata()).format === 'jpeg' ? [] : [`${kind}: not a JPEG`]),
          ...(/<script|<html|<svg/i.test(body.toString('latin1')) ? [`${kind}: markup kept`] : []),
        );
      } else if (response.status !== 400 || !response.text.includes('<html lang="sv">')) {
        problems.push(`${kind}: ${response.status} ${response.type}`);
      }
    }

    tally('websec', { cases: uploads.length, failures: problems.length });
    expect(problems).toEqual([]);
    // Only the three real images were taken (re-encoded); everything else was refused.
    expect(accepted).toBe(3);
  });

  it('serves the class list’s photos the same way', async () => {
    // The class list shows a guardian's photo only when they chose to show it.
    await chooseClassListDetails(guardian, ['photo']);
    const [group] = await query(world.testApp, "select id from student_group where name = '4A'");
    const list = await guardian.get(`/klasslista/${String(group?.id)}`).expect(200);
    const photo = /\/klasslista\/[0-9a-f-]+\/bild\/[0-9a-f-]+/.exec(list.text)?.[0];
    expect(photo).toBeDefined();
    const served = await binaryBody(guardian.get(photo!)).expect(200);
    const problems = [
      ...fileProblems(served, 'image/jpeg', /^inline$/),
      ...((await sharp(served.body as Buffer).metadata()).format === 'jpeg' ? [] : ['not a JPEG']),
    ];

    tally('websec', { cases: 2, failures: problems.length });
    expect(problems).toEqual([]);
  });

  it('never serves a directory import file back: its report shows the markup as text', async () => {
    const admin = await world.signIn('admin');
    const marker = `<img src=x onerror=alert(1)>${SCRIPT}`;
    const submitted = await admin
      .post('/api/v1/directory/imports?fileName=elever.html')
      .set('Content-Type', 'text/csv')
      .send(`roll;personnummer;fornamn;efternamn\nelev;${marker};${marker};${marker}\n`)
      .expect(202);
    const id = String(submitted.body.id);
    const answers = [
      await admin.get(`/api/v1/directory/imports/${id}`),
      await admin.get(`/admin/import/${id}`).set('Accept', 'text/html'),
      await admin.get('/admin/import').set('Accept', 'text/html'),
    ];
    const problems = answers.flatMap((answer) => [
      ...securityHeaderProblems(answer),
      ...(['application/json', 'text/html'].includes(answer.type) ? [] : [`type ${answer.type}`]),
      ...(answer.type === 'text/html' && /<script>alert|<img src=x/.test(answer.text)
        ? ['markup rendered']
        : []),
    ]);

    tally('websec', { cases: answers.length * 3, failures: problems.length });
    expect(problems).toEqual([]);
  });

  it('shows what a principal enters in a plan template as text, saved or refused', async () => {
    const principal = await world.signIn('rektor');
    const [unit] = await query(
      world.testApp,
      "select id from school_unit where name = 'Björkängsskolan'",
    );
    const path = `/skolenheter/${String(unit?.id)}/iup-mall`;
    const page = await principal.get(path).expect(200);
    const marker = `Bild <img src=x onerror=alert(1)> ${SCRIPT}`;
    const posted = await principal
      .post(path)
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        periodKind: 'term',
        subjects: `Svenska\n${marker}`,
        scale: `Inte uppnått\nUppnått ${SCRIPT}`,
        questions: `Vad är du stolt över? ${SCRIPT}`,
      })
      .redirects(1);
    // Saved (and shown again) or refused (and the form shown again with it): markup as text.
    const saved = posted;
    const problems = [
      ...securityHeaderProblems(saved),
      ...([200, 400].includes(saved.status) ? [] : [`status ${saved.status}`]),
      ...(saved.type === 'text/html' ? [] : [`type ${saved.type}`]),
      ...(/<script>alert|<img src=x/.test(saved.text) ? ['markup rendered'] : []),
      ...(saved.text.includes('&lt;script&gt;alert') ? [] : ['the text is not shown']),
    ];

    tally('websec', { cases: 4, failures: problems.length });
    expect(problems).toEqual([]);
  });
});
