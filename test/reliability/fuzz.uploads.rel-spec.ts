import { crc32 } from 'node:zlib';

import fc from 'fast-check';
import sharp from 'sharp';
import type { Response } from 'supertest';

import { query } from '../support/demo-world';
import {
  apiProblems,
  fuzz,
  IMG_ONERROR,
  NASTY_STRINGS,
  pageProblems,
  percentEncode,
  runsOf,
  SCRIPT,
  unescapedIn,
} from '../support/fuzz';
import { FuzzAgent, FuzzWorld, startFuzzWorld } from '../support/fuzz-agents';
import { tally } from '../support/tally';

/**
 * Uploads and what comes back out: photos, import files and broken
 * multipart (never a 5xx, never HTML served back), and payloads accepted in
 * one place rendered escaped wherever they are shown again.
 */

const UPLOAD_RUNS = runsOf(12);
const ECHO_RUNS = runsOf(4);

/** A PNG whose header claims a picture far beyond the pixel limit (a decompression bomb). */
function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', Buffer.from([0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01])),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

interface Upload {
  readonly name: string;
  readonly type: string;
  readonly bytes: Buffer;
}

describe('fuzzing uploads, and payloads shown again', () => {
  let fuzzing: FuzzWorld;
  let png: Buffer;
  let jpeg: Buffer;

  beforeAll(async () => {
    fuzzing = await startFuzzWorld(['vardnadshavare', 'admin', 'granskare', 'mentor']);
    const picture = sharp({
      create: { width: 40, height: 30, channels: 3, background: { r: 200, g: 80, b: 40 } },
    });
    png = await picture.clone().png().toBuffer();
    jpeg = await picture.clone().jpeg().toBuffer();
  }, 120_000);

  afterAll(() => fuzzing?.close());

  const agent = (role: 'vardnadshavare' | 'admin' | 'granskare' | 'mentor'): FuzzAgent =>
    fuzzing.agents.get(role)!;

  /** Files no one should be able to pass off as a photo or an import, and a few real ones. */
  const files = (): fc.Arbitrary<Upload> =>
    fc.oneof(
      fc.constantFrom<Upload>(
        { name: 'bild.png', type: 'image/png', bytes: Buffer.from(`<html>${SCRIPT}</html>`) },
        {
          name: 'bild.svg',
          type: 'image/svg+xml',
          bytes: Buffer.from(
            `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">${SCRIPT}</svg>`,
          ),
        },
        { name: 'bild.jpg', type: 'image/jpeg', bytes: Buffer.from('alert(document.cookie);') },
        { name: `${IMG_ONERROR}.png`, type: 'text/html', bytes: Buffer.from(IMG_ONERROR) },
        { name: '../../etc/passwd', type: 'image/png', bytes: Buffer.from('root:x:0:0') },
        { name: 'bomb.png', type: 'image/png', bytes: pngClaiming(100_000, 100_000) },
        { name: 'tom.png', type: 'image/png', bytes: Buffer.alloc(0) },
        {
          name: 'import.csv',
          type: 'text/csv',
          bytes: Buffer.from('roll;personnummer\n\u0000;;;\n'),
        },
        { name: 'import.json', type: 'application/json', bytes: Buffer.from('{"data": [') },
      ),
      // Real pictures, cut short or with HTML after the image data (a polyglot).
      fc
        .tuple(
          fc.constantFrom('png', 'jpeg'),
          fc.double({ min: 0.05, max: 1, noNaN: true }),
          fc.boolean(),
        )
        .map(([kind, share, polyglot]) => {
          const whole = kind === 'png' ? png : jpeg;
          const cut = whole.subarray(0, Math.max(8, Math.floor(whole.length * share)));
          return {
            name: `bild.${kind}`,
            type: `image/${kind}`,
            bytes: polyglot ? Buffer.concat([whole, Buffer.from(SCRIPT)]) : cut,
          };
        }),
      fc.uint8Array({ maxLength: 2_000 }).map((bytes) => ({
        name: 'slump.bin',
        type: 'application/octet-stream',
        bytes: Buffer.from(bytes),
      })),
    );

  /** Multipart as no browser sends it. */
  const brokenMultipart = fc.constantFrom(
    {
      type: 'multipart/form-data',
      body: '--x\r\nContent-Disposition: form-data; name="photo"\r\n\r\nabc',
    },
    {
      type: 'multipart/form-data; boundary=x',
      body: '--x\r\nContent-Disposition: form-data; name="photo"; filename="a.png"\r\n\r\nabc',
    },
    {
      type: 'multipart/form-data; boundary=y',
      body: '--x\r\nContent-Disposition: form-data; name="photo"\r\n\r\nabc\r\n--x--\r\n',
    },
    { type: 'multipart/form-data; boundary=x', body: '--x\r\n\r\n\r\n--x--' },
    { type: 'multipart/form-data; boundary=x', body: '' },
    {
      type: 'multipart/form-data; boundary=x',
      body: `--x\r\nContent-Disposition: form-data; name="photo"; filename="${'a'.repeat(5_000)}.png"\r\nContent-Type: image/png\r\n\r\n\u0000\u0000\r\n--x--\r\n`,
    },
  );

  /** A multipart upload through a real browser-like encoder, or a broken one by hand. */
  const uploadArbitrary = (field: string) =>
    fc.oneof(
      {
        weight: 4,
        arbitrary: fc
          .tuple(files(), fc.constantFrom(field, 'annat'), fc.nat(7))
          .map(([file, name, extra]) => ({ kind: 'file' as const, file, name, extra })),
      },
      { weight: 1, arbitrary: brokenMultipart.map((raw) => ({ kind: 'raw' as const, raw })) },
    );

  function sendUpload(
    who: FuzzAgent,
    path: string,
    input:
      | { kind: 'file'; file: Upload; name: string; extra: number }
      | { kind: 'raw'; raw: { type: string; body: string } },
  ): Promise<Response> {
    // The token in the header, so that every body (even a broken one) reaches the upload.
    const url = path;
    if (input.kind === 'raw') {
      return who.agent
        .post(url)
        .set('X-CSRF-Token', who.csrf)
        .set('Accept', 'text/html')
        .set('Content-Type', input.raw.type)
        .send(input.raw.body)
        .then((r) => r);
    }
    let test = who.agent.post(url).set('X-CSRF-Token', who.csrf).set('Accept', 'text/html');
    // More fields than the route allows, and sometimes the file twice.
    for (let index = 0; index < input.extra; index += 1)
      test = test.field(`f${index}`, NASTY_STRINGS[index] ?? 'x');
    test = test.attach(input.name, input.file.bytes, {
      filename: input.file.name,
      contentType: input.file.type,
    });
    if (input.extra === 7)
      test = test.attach(input.name, input.file.bytes, {
        filename: input.file.name,
        contentType: input.file.type,
      });
    return test.then((r) => r);
  }

  it('POST /profil/bild: disguised, broken and oversized files get a 4xx; what is kept is only ever a JPEG', async () => {
    const guardian = agent('vardnadshavare');
    await fuzz('POST /profil/bild', uploadArbitrary('photo'), UPLOAD_RUNS, async (input) => {
      const response = await sendUpload(guardian, '/profil/bild', input);
      const problems = pageProblems(response, [303]);
      if (response.status === 303) {
        const photo = await guardian.agent.get('/profil/bild').buffer(true);
        const bytes = photo.body as Buffer;
        if (
          photo.status !== 200 ||
          photo.headers['content-type'] !== 'image/jpeg' ||
          !Buffer.isBuffer(bytes) ||
          bytes[0] !== 0xff ||
          bytes[1] !== 0xd8
        ) {
          problems.push(
            `the kept photo is served as ${String(photo.headers['content-type'])}, not a JPEG`,
          );
        }
        if (photo.headers['x-content-type-options'] !== 'nosniff')
          problems.push('the photo is served without nosniff');
      }
      return problems;
    });
  });

  it('POST /profil/bild: a file over 5 MB gets 413', async () => {
    const guardian = agent('vardnadshavare');
    const response = await sendUpload(guardian, '/profil/bild', {
      kind: 'file',
      file: {
        name: 'stor.png',
        type: 'image/png',
        bytes: Buffer.concat([png, Buffer.alloc(5 * 1024 * 1024)]),
      },
      name: 'photo',
      extra: 0,
    });
    const problems = [
      ...pageProblems(response, []),
      ...(response.status === 413 ? [] : [`answered ${response.status}`]),
    ];
    tally('fuzz', { cases: 1, failures: problems.length });
    expect(problems).toEqual([]);
  });

  it('POST /admin/import: hostile files and names get a 4xx or a queued import whose pages show the name escaped', async () => {
    const admin = agent('admin');
    const withHostileName = fc
      .tuple(
        uploadArbitrary('file'),
        fc.constantFrom(...NASTY_STRINGS.filter((each) => each !== '')),
      )
      .map(([input, name]) =>
        input.kind === 'file' ? { ...input, file: { ...input.file, name: `${name}.csv` } } : input,
      );
    await fuzz('POST /admin/import', withHostileName, UPLOAD_RUNS, async (input) => {
      const response = await sendUpload(admin, '/admin/import', input);
      const problems = pageProblems(response, [303]);
      if (response.status === 303) {
        const location = String(response.headers.location);
        for (const page of [location, '/admin/import']) {
          const shown = await admin.agent.get(page).set('Accept', 'text/html');
          problems.push(...pageProblems(shown, [200]).map((problem) => `${page}: ${problem}`));
          problems.push(...unescapedIn(shown.text).map((problem) => `${page}: ${problem}`));
        }
      }
      return problems;
    });
  });

  it('POST /api/v1/directory/imports: hostile bodies, types and file names get 202 or a 4xx in the stable shape', async () => {
    const admin = agent('admin');
    const arbitrary = fc.record({
      type: fc.constantFrom(
        'application/json',
        'text/csv',
        'text/html',
        'multipart/form-data; boundary=x',
        'image/svg+xml',
      ),
      body: fc.oneof(
        fc.constantFrom(
          '{"data": [',
          '{}',
          '[]',
          'null',
          SCRIPT,
          'roll;personnummer\n;;;\n',
          '\ufeff{"Person": "x"}',
        ),
        fc.string({ unit: 'binary', maxLength: 400 }),
      ),
      fileName: fc.constantFrom(...NASTY_STRINGS).map(percentEncode),
    });
    await fuzz(
      'POST /api/v1/directory/imports',
      arbitrary,
      UPLOAD_RUNS,
      async ({ type, body, fileName }) => {
        const response = await admin.agent
          .post(`/api/v1/directory/imports?fileName=${fileName}`)
          .set('Accept', 'application/json')
          .set('Content-Type', type)
          .send(body);
        const problems = apiProblems(response, [202]);
        if (response.status === 202) {
          const shown = await admin.agent.get(
            `/api/v1/directory/imports/${String(response.body.id)}`,
          );
          problems.push(...apiProblems(shown, [200]));
        }
        return problems;
      },
    );
  });

  it('POST /api/v1/directory/imports: beyond 200 MB gets 413 in the stable shape', async () => {
    const response = await agent('admin')
      .agent.post('/api/v1/directory/imports?fileName=stor.csv')
      .set('Content-Type', 'text/csv')
      .send(Buffer.alloc(200 * 1024 * 1024 + 10, 0x41));
    const problems = [
      ...apiProblems(response, []),
      ...(response.status === 413 ? [] : [`answered ${response.status}`]),
    ];
    tally('fuzz', { cases: 1, failures: problems.length });
    expect(problems).toEqual([]);
  });

  /**
   * Text with markup in it that a requester or staff member may well type. (Direction controls
   * such as U+202E are refused when text is saved: test/e2e/text-characters.e2e-spec.ts.)
   */
  const payload = fc
    .tuple(
      fc.constantFrom(SCRIPT, IMG_ONERROR, "'><svg onload=alert(1)>"),
      fc.constantFrom('Planen för', 'Min sons', ''),
      fc.constantFrom('2025/26', 'Ö', '”citat” – é\u00a0ß'),
    )
    .map(([markup, before, after]) => `${before} ${markup} ${after}`.trim());

  it('a request with markup in it is shown escaped to the reviewer, in the queue, on the status page and as JSON', async () => {
    const reviewer = agent('granskare');
    const anonymous = fuzzing.agents.get('anonymous')!;
    await fuzz(
      'payloads in a request',
      fc.record({ description: payload, pupilName: payload, contactName: payload, note: payload }),
      ECHO_RUNS,
      async (text) => {
        const problems: string[] = [];
        const filed = await anonymous.agent.post('/api/v1/records-requests').send({
          description: text.description,
          pupilName: text.pupilName,
          contactName: text.contactName,
          delivery: 'electronic',
        });
        if (filed.status !== 201) return [`filing answered ${filed.status}`];
        if (!/^application\/json/.test(String(filed.headers['content-type'])))
          problems.push('the filing answer is not JSON');
        const [row] = await query(
          fuzzing.world.testApp,
          'select id from records_request where registration_number = $1',
          [filed.body.registrationNumber],
        );
        const id = String(row?.id);
        const noted = await reviewer.agent
          .post(`/api/v1/records-requests/${id}/notes`)
          .send({ text: text.note });
        problems.push(...apiProblems(noted, [204]));
        // The requester's status page opens with the code posted (never in a URL).
        const opened = await anonymous.agent
          .post('/begaran/status')
          .set('X-CSRF-Token', anonymous.csrf)
          .set('Accept', 'text/html')
          .type('form')
          .send({ kod: String(filed.body.receiptCode) });
        if (opened.status !== 303)
          problems.push(`opening the status page answered ${opened.status}`);
        const pages = [
          `/handlaggning/begaran/${id}`,
          '/handlaggning?status=all',
          '/begaran/status',
        ];
        for (const page of pages) {
          const shown = await (page.startsWith('/begaran') ? anonymous : reviewer).agent
            .get(page)
            .set('Accept', 'text/html');
          problems.push(...pageProblems(shown, [200]).map((problem) => `${page}: ${problem}`));
          problems.push(...unescapedIn(shown.text).map((problem) => `${page}: ${problem}`));
        }
        const requestPage = await reviewer.agent
          .get(`/handlaggning/begaran/${id}`)
          .set('Accept', 'text/html');
        // The description is shown there: it must be there, as text.
        if (text.description.includes('<script>') && !requestPage.text.includes('&lt;script&gt;')) {
          problems.push('the description is not shown escaped on the request page');
        }
        const json = await reviewer.agent.get(`/api/v1/records-requests/${id}`);
        if (!/^application\/json/.test(String(json.headers['content-type'])))
          problems.push('the API echo is not JSON');
        return problems;
      },
    );
  });

  it('plan texts, a guardian profile and a staff-filed request with markup are shown escaped, and the plan PDF still renders', async () => {
    const mentor = agent('mentor');
    const guardian = agent('vardnadshavare');
    const planId = fuzzing.context.planId;
    await fuzz(
      'payloads in plans and profiles',
      fc.record({ goal: payload, other: payload, city: payload, guard: payload }),
      ECHO_RUNS,
      async (text) => {
        const problems: string[] = [];
        const [plan] = await query(
          fuzzing.world.testApp,
          'select revision from plan where id = $1',
          [planId],
        );
        const saved = await mentor.agent.put(`/api/v1/plans/${planId}/goals`).send({
          revision: Number(plan?.revision),
          goals: [
            {
              subject: null,
              text: text.goal,
              actions: { school: text.goal, pupil: 'Läsa', guardian: 'Fråga' },
              followUp: text.other,
            },
          ],
          otherDevelopment: text.other,
          acknowledgeWarnings: true,
        });
        problems.push(...apiProblems(saved, [200]));
        const planPage = await mentor.agent.get(`/planer/${planId}`).set('Accept', 'text/html');
        problems.push(...pageProblems(planPage, [200]), ...unescapedIn(planPage.text));
        if (
          saved.status === 200 &&
          text.goal.includes('<script>') &&
          !planPage.text.includes('&lt;script&gt;')
        ) {
          problems.push('the goal is not shown escaped on the plan page');
        }
        const pdf = await mentor.agent.get(`/planer/${planId}/pdf`).buffer(true);
        if (pdf.status !== 200 || pdf.headers['content-type'] !== 'application/pdf')
          problems.push(`the plan PDF answered ${pdf.status}`);
        const profile = await guardian.agent
          .post('/profil')
          .set('X-CSRF-Token', guardian.csrf)
          .set('Accept', 'text/html')
          .type('form')
          .send({
            streetAddress: 'Storgatan 1',
            postalCode: '443 30',
            city: text.city,
            phone: '',
            mobile: '',
            email: '',
          });
        problems.push(...pageProblems(profile, [303]), ...unescapedIn(profile.text ?? ''));
        const profilePage = await guardian.agent.get('/profil').set('Accept', 'text/html');
        problems.push(...pageProblems(profilePage, [200]), ...unescapedIn(profilePage.text));
        const checked = await mentor.agent
          .post('/api/v1/content-guard/check')
          .send({ text: text.guard });
        problems.push(...apiProblems(checked, [200]));
        if (!/^application\/json/.test(String(checked.headers['content-type'])))
          problems.push('the content guard answer is not JSON');
        return problems;
      },
    );
  });
});
