import type TestAgent from 'supertest/lib/agent';

import type { RecordSearchView } from '../../src/requests/views/record-search.view';
import { csrfFrom, DemoWorld, query, startDemoWorld } from '../support/demo-world';
import { fileRequest } from '../support/requests';

interface KnownRecord {
  readonly id: string;
  readonly registrationNumber: string;
  readonly pupilId: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly civicNo: string;
  readonly schoolName: string;
  readonly period: string;
}

describe('the reviewers’ record search, and the queue’s free text', () => {
  let world: DemoWorld;
  let reviewer: TestAgent;
  let records: KnownRecord[];
  /** A record whose serial is 2 ("iup 2026 2"). */
  let second: KnownRecord;

  const search = async (q: string, extra: Record<string, string> = {}) =>
    (
      await reviewer
        .get('/api/v1/records/search')
        .query({ q, ...extra })
        .expect(200)
    ).body as RecordSearchView;
  const searchAudits = () =>
    query(
      world.testApp,
      `select pupil_id, target_id, details from audit_entry
        where action = 'record.search.read' order by id`,
    );

  beforeAll(async () => {
    world = await startDemoWorld({ withPlans: true });
    reviewer = await world.signIn('granskare');
    const rows = await query(
      world.testApp,
      `select r.id, r.registration_number, r.pupil_id, pe.given_name, pe.family_name, pe.civic_no,
              su.name as school_name, p.period
         from public_record r
         join plan_version v on v.record_id = r.id
         join plan p on p.id = v.plan_id
         join person pe on pe.id = r.pupil_id
         join school_unit su on su.id = r.school_unit_id
        order by r.registration_number`,
    );
    records = rows.map((row) => ({
      id: String(row.id),
      registrationNumber: String(row.registration_number),
      pupilId: String(row.pupil_id),
      givenName: String(row.given_name),
      familyName: String(row.family_name),
      civicNo: String(row.civic_no),
      schoolName: String(row.school_name),
      period: String(row.period),
    }));
    const found = records.find((record) => record.registrationNumber.endsWith('-00002'));
    if (!found) throw new Error('The demo plans have no record with serial 2');
    second = found;
  });

  afterAll(() => world.close());

  it('finds a registration number from a loose fragment ("iup 2026 2")', async () => {
    const year = second.registrationNumber.split('-')[1] ?? '';
    for (const q of [`iup ${year} 2`, `IUP${year}-02`, second.registrationNumber]) {
      const result = await search(q);
      expect(result.hits.map((hit) => hit.registrationNumber)).toEqual([second.registrationNumber]);
      expect(result.understood).toEqual([`Diarienummer ${second.registrationNumber}`]);
    }
    const hit = (await search(`iup ${year} 2`)).hits[0];
    expect(hit).toMatchObject({
      recordId: second.id,
      pupilName: `${second.givenName} ${second.familyName}`,
      schoolUnitName: second.schoolName,
      period: second.period,
      establishedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    expect(hit?.version).toBeGreaterThanOrEqual(1);
  });

  it('finds a pupil by a misspelt name, on the trigram index', async () => {
    // One letter dropped from the family name, and the given name in lower case.
    const family = second.familyName;
    const misspelt = `${second.givenName.toLowerCase()} ${family.slice(0, 2)}${family.slice(3)}`;
    const result = await search(misspelt);
    const pupilsRecords = records
      .filter((record) => record.pupilId === second.pupilId)
      .map((record) => record.registrationNumber);
    expect(result.hits.map((hit) => hit.registrationNumber)).toEqual(
      expect.arrayContaining(pupilsRecords),
    );
    // The closest name first.
    expect(result.hits[0]?.pupilName).toBe(`${second.givenName} ${second.familyName}`);
  });

  it('finds a pupil by personal identity number in any written form', async () => {
    const civic = second.civicNo;
    const short = civic.slice(2);
    const expected = records
      .filter((record) => record.pupilId === second.pupilId)
      .map((record) => record.registrationNumber)
      .sort();
    for (const q of [
      civic,
      `${short.slice(0, 6)}-${short.slice(6)}`,
      short,
      `${short.slice(0, 6)} ${short.slice(6)}`,
    ]) {
      const result = await search(q);
      expect(result.hits.map((hit) => hit.registrationNumber).sort()).toEqual(expected);
      expect(result.understood).toEqual(['Personnummer']);
    }
    // A number that cannot be one is said, and nothing is guessed.
    const wrong = `${short.slice(0, 9)}${(Number(short[9]) + 1) % 10}`;
    const refused = await search(wrong);
    expect(refused.hits).toEqual([]);
    expect(refused.problem).toBe('Personnumret har fel kontrollsiffra.');
  });

  it('finds by school and school year', async () => {
    const result = await search(`${second.schoolName} ${second.period}`);
    const expected = records.filter(
      (record) => record.schoolName === second.schoolName && record.period === second.period,
    );
    expect(result.hits.map((hit) => hit.registrationNumber).sort()).toEqual(
      expected.map((record) => record.registrationNumber).sort(),
    );
    expect(result.more).toBe(false);
    expect(result.understood).toEqual([
      `Läsår ${second.period}`,
      `Namn på elev eller skola: ”${second.schoolName.toLowerCase()}”`,
    ]);
  });

  it('shows the signals: marking, protected identity and the disposal hold', async () => {
    await query(
      world.testApp,
      `update public_record set confidentiality_marking = 'OSL 23 kap. 2 §',
              confidentiality_marked_on = current_date where id = $1`,
      [second.id],
    );
    await query(
      world.testApp,
      `update person set security_marking = 'Skyddad folkbokföring' where id = $1`,
      [second.pupilId],
    );
    // The demo may already hold this record for the archivist: set those holds aside (lifted)
    // for the first look, and put them back afterwards.
    const seededHolds = (
      await query(
        world.testApp,
        `update retention_hold set lifted_at = now()
          where record_id = $1 and lifted_at is null returning id`,
        [second.id],
      )
    ).map((row) => row.id);
    let placed: unknown[] = [];
    try {
      const hit = (await search(second.registrationNumber)).hits[0];
      expect(hit).toMatchObject({
        marking: 'OSL 23 kap. 2 §',
        protectedIdentity: true,
        held: false,
        heldByArchivist: false,
        signals: ['Sekretessmarkering: OSL 23 kap. 2 §', 'Skyddade personuppgifter'],
      });
      // The archivist's hold shows too; a lifted one does not.
      placed = (
        await query(
          world.testApp,
          `insert into retention_hold (id, record_id, reason, placed_at, lifted_at)
           values (gen_random_uuid(), $1, 'Lifted', now(), now()),
                  (gen_random_uuid(), $1, 'Utredning pågår', now(), null)
           returning id`,
          [second.id],
        )
      ).map((row) => row.id);
      const heldHit = (await search(second.registrationNumber)).hits[0];
      expect(heldHit).toMatchObject({
        heldByArchivist: true,
        signals: [
          'Sekretessmarkering: OSL 23 kap. 2 §',
          'Skyddade personuppgifter',
          'Hålls från gallring av arkivarien',
        ],
      });
      const page = await reviewer
        .get('/handlaggning/handlingar')
        .query({ q: second.registrationNumber })
        .expect(200);
      expect(page.text).toContain('Skyddade personuppgifter');
      expect(page.text).toContain('Sekretessmarkering: OSL 23 kap. 2 §');
    } finally {
      await query(world.testApp, 'delete from retention_hold where id = any($1)', [placed]);
      await query(world.testApp, `update person set security_marking = 'Ingen' where id = $1`, [
        second.pupilId,
      ]);
      await query(world.testApp, 'update retention_hold set lifted_at = null where id = any($1)', [
        seededHolds,
      ]);
    }
  });

  it('is refused as not found to everyone but reviewers, page and API', async () => {
    for (const username of ['mentor', 'rektor', 'elev', 'admin', 'arkivarie'] as const) {
      const agent = await world.signIn(username);
      await agent.get('/api/v1/records/search').query({ q: 'iup 2026 2' }).expect(404);
      await agent.get('/handlaggning/handlingar').query({ q: 'iup 2026 2' }).expect(404);
    }
    await world.testApp.http().get('/api/v1/records/search').query({ q: 'a' }).expect(401);
  });

  it('audits every search that shows pupils, per pupil, without the searched text', async () => {
    const before = (await searchAudits()).length;
    const civic = second.civicNo.slice(2);
    await search(civic);
    const entries = (await searchAudits()).slice(before);
    expect(entries).toEqual([
      {
        pupil_id: second.pupilId,
        target_id: null,
        details: {
          criteria: ['civic_number'],
          registrationNumbers: expect.arrayContaining([second.registrationNumber]),
        },
      },
    ]);
    expect(JSON.stringify(entries)).not.toContain(civic.slice(0, 6));
    // A search that found nothing is one entry; an empty search reads nothing and is not one.
    await search('zzzxqy');
    await search('');
    const after = (await searchAudits()).slice(before + 1);
    expect(after).toEqual([
      { pupil_id: null, target_id: null, details: { criteria: ['text'], registrationNumbers: [] } },
    ]);
  });

  it('adds a found record to a request from the request page, in one action', async () => {
    const filed = await fileRequest(world, {
      description: 'Utvecklingsplanen för en elev vars namn jag inte minns.',
      pupilName: 'Okänd Elevsson',
      delivery: 'electronic',
    });
    const requestPage = await reviewer.get(`/handlaggning/begaran/${filed.id}`).expect(200);
    expect(requestPage.text).toContain('Sök en handling att lägga till');

    const year = second.registrationNumber.split('-')[1] ?? '';
    const results = await reviewer
      .get('/handlaggning/handlingar')
      .query({ q: `iup ${year} 2`, begaran: filed.id })
      .expect(200);
    expect(results.text).toContain(`Lägg till i ${filed.registrationNumber}`);
    await reviewer
      .post(`/handlaggning/begaran/${filed.id}/handling`)
      .type('form')
      .send({ _csrf: csrfFrom(results.text), registrationNumber: second.registrationNumber })
      .expect(303)
      .expect('Location', `/handlaggning/begaran/${filed.id}`);
    const items = await query(
      world.testApp,
      'select record_id, source from records_request_item where request_id = $1',
      [filed.id],
    );
    expect(items).toEqual([{ record_id: second.id, source: 'added' }]);

    // Searched again from the request, the record is marked as already in it.
    const again = await search(second.registrationNumber, { requestId: filed.id });
    expect(again.hits[0]?.inRequest).toBe(true);
    // Named in an open request, it is held from disposal, and says so.
    expect(again.hits[0]?.held).toBe(true);
    expect(again.hits[0]?.signals).toContain(
      'Hålls från gallring: en begäran eller ett överklagande pågår',
    );
    const againPage = await reviewer
      .get('/handlaggning/handlingar')
      .query({ q: second.registrationNumber, begaran: filed.id })
      .expect(200);
    expect(againPage.text).toContain('Finns redan i begäran');
    // The audit of a search from a request names the request.
    const [last] = (await searchAudits()).slice(-1);
    expect(last?.target_id).toBe(filed.id);

    // An unknown request is not found.
    await reviewer
      .get('/handlaggning/handlingar')
      .query({ q: 'a', begaran: '00000000-0000-4000-8000-000000000000' })
      .expect(404);
  });

  it('the queue searches registration numbers, pupils and descriptions, in staff wording', async () => {
    const filed = await fileRequest(world, {
      description:
        'Jag vill ta del av alla utvecklingsplaner för min dotter under lågstadiet, inklusive de skriftliga omdömena i svenska och matematik.',
      pupilName: 'Märta Queuesdotter',
      delivery: 'electronic',
    });
    const serial = Number(filed.registrationNumber.split('-')[2]);
    const year = filed.registrationNumber.split('-')[1] ?? '';
    for (const q of [
      'queuesdotter',
      'LÅGSTADIET',
      filed.registrationNumber,
      `beg ${year} ${serial}`,
    ]) {
      const list = (
        await reviewer.get('/api/v1/records-requests').query({ q, status: 'all' }).expect(200)
      ).body as { rows: { registrationNumber: string; asked: string; statusLabel: string }[] };
      expect(list.rows.map((row) => row.registrationNumber)).toEqual([filed.registrationNumber]);
      expect(list.rows[0]?.asked).toMatch(/^Jag vill ta del av alla utvecklingsplaner.*…$/u);
      expect([...(list.rows[0]?.asked ?? '')].length).toBeLessThanOrEqual(81);
    }
    const page = await reviewer.get('/handlaggning').query({ q: 'queuesdotter' }).expect(200);
    expect(page.text).toContain(filed.registrationNumber);
    expect(page.text).toContain('Det som begärs');
    expect(page.text).toContain('Jag vill ta del av alla utvecklingsplaner');
    expect(page.text).toContain('value="queuesdotter"');
    expect(page.text).not.toContain('vi väntar på svar från dig');

    await reviewer
      .post(`/api/v1/records-requests/${filed.id}/clarification`)
      .send({ question: 'Vilken skola gick eleven på?' })
      .expect((response) => {
        if (response.status >= 300) throw new Error(`clarification: ${response.status}`);
      });
    const waiting = await reviewer.get('/handlaggning').query({ q: 'queuesdotter' }).expect(200);
    expect(waiting.text).toContain('Väntar på komplettering från den som begär');
    expect(waiting.text).not.toContain('vi väntar på svar från dig');
    // The request's own page words its status for staff too.
    const detailPage = await reviewer.get(`/handlaggning/begaran/${filed.id}`).expect(200);
    expect(detailPage.text).toContain('Väntar på komplettering från den som begär');
    const none = await reviewer.get('/handlaggning').query({ q: 'finns-inte-alls' }).expect(200);
    expect(none.text).toContain('Inga begäranden matchar sökningen och filtret.');
  });

  it('caps the list at 25 and asks to narrow the search ("fler träffar")', async () => {
    // 30 more versions of another pupil's plan, registered in a year of their own.
    const other = records.find((record) => record.pupilId !== second.pupilId)!;
    for (let serial = 1; serial <= 30; serial += 1) {
      const number = `IUP-2099-${String(serial).padStart(5, '0')}`;
      await query(
        world.testApp,
        `with r as (
           insert into public_record (id, registration_number, kind, title, pupil_id, school_unit_id,
                                      document_date, registered_at)
           select gen_random_uuid(), $2, kind, title, pupil_id, school_unit_id, document_date, now()
             from public_record where id = $1
           returning id)
         insert into plan_version (plan_id, version, content, template, talk_date, established_at,
                                   established_by_account_id, record_id)
         select v.plan_id, 100 + $3::int, v.content, v.template, v.talk_date, v.established_at,
                v.established_by_account_id, r.id
           from plan_version v, r where v.record_id = $1`,
        [other.id, number, serial],
      );
    }
    const result = await search('iup 2099');
    expect(result.hits).toHaveLength(25);
    expect(result.more).toBe(true);
    expect(result.understood).toEqual(['Diarienummer från 2099']);
    const page = await reviewer
      .get('/handlaggning/handlingar')
      .query({ q: 'iup 2099' })
      .expect(200);
    expect(page.text).toContain('Visar de 25 första träffarna. Fler träffar – förfina sökningen.');
    // Narrowed, everything shows.
    const narrowed = await search('iup 2099 7');
    expect(narrowed.hits.map((hit) => hit.registrationNumber)).toEqual(['IUP-2099-00007']);
    expect(narrowed.more).toBe(false);
  });
});
