import { randomUUID } from 'node:crypto';

import { RecordsService } from '../../src/records/records.service';
import type { Redaction } from '../../src/redaction/apply-redactions';
import { RecordReleasesQueries } from '../../src/requests/record-releases.queries';
import type { RequestsTables } from '../../src/requests/requests.entities';
import { jsonb } from '../../src/requests/review-support';
import type { MediumDatabase } from './medium';
import { openMediumDatabase } from './medium';

/*
 * The released copies of a pupil's records, for "Vem har läst planen": which copies went
 * out (delivered with the request, or released in a batch), on which day, with how many
 * struck passages — and none that never went out.
 */
describe('RecordReleasesQueries against PostgreSQL', () => {
  let db: MediumDatabase;
  let queries: RecordReleasesQueries;

  beforeAll(async () => {
    db = await openMediumDatabase();
    queries = new RecordReleasesQueries(db.em());
  });

  afterAll(async () => {
    await db?.close();
  });

  const at = (day: string, time = '10:00'): Date => new Date(`${day}T${time}:00Z`);

  async function recordOf(pupilId: string, unitId: string): Promise<string> {
    const records = new RecordsService(db.config);
    const registered = await db.em().transactional((em) =>
      records.registerRecord(
        em,
        {
          series: 'IUP',
          title: 'IUP 2026/27',
          pupilId,
          schoolUnitId: unitId,
          documentDate: '2026-11-20',
          confidentialityMarking: null,
          leftSchoolOn: null,
        },
        at('2026-11-20'),
      ),
    );
    return registered.id;
  }

  /** A request with one item of the record, decided as given. */
  async function itemOf(
    recordId: string,
    decision: 'release' | 'release_with_redactions' | 'refuse',
    redactions: readonly Redaction[] = [],
    deliveredAt: Date | null = null,
  ): Promise<{ requestId: string; itemId: string }> {
    const request = await db.given.request();
    const itemId = randomUUID();
    await db
      .em()
      .getKysely<RequestsTables>()
      .insertInto('records_request_item')
      .values({
        id: itemId,
        request_id: request.id,
        record_id: recordId,
        plan_id: null,
        kind: 'record',
        source: 'matched',
        decision,
        redactions: jsonb(redactions),
        refusal_ground: decision === 'refuse' ? 'OSL 23 kap. 2 §' : null,
        reasons: null,
        decided_by_account_id: null,
        decided_at: at('2026-12-01'),
        concerned_party: null,
        delivered_at: deliveredAt,
        approved_by_account_id: null,
        approved_at: null,
        approved_for_version: null,
        created_at: at('2026-12-01'),
      })
      .execute();
    return { requestId: request.id, itemId };
  }

  async function copy(
    item: { requestId: string; itemId: string },
    createdAt: Date,
    supersededAt: Date | null = null,
  ): Promise<void> {
    await db
      .em()
      .getKysely<RequestsTables>()
      .insertInto('records_request_document')
      .values({
        id: randomUUID(),
        request_id: item.requestId,
        item_id: item.itemId,
        kind: 'copy',
        registration_number: null,
        title: 'Kopia',
        pages: 1,
        content: Buffer.from('%PDF'),
        created_at: createdAt,
        superseded_at: supersededAt,
        created_by_account_id: null,
      })
      .execute();
  }

  async function delivered(requestId: string, occurredAt: Date): Promise<void> {
    await db
      .em()
      .getKysely<RequestsTables>()
      .insertInto('records_request_event')
      .values({
        request_id: requestId,
        occurred_at: occurredAt,
        kind: 'delivered',
        actor_account_id: null,
        details: jsonb({}),
      })
      .execute();
  }

  it('lists each copy that went out, newest first, with its decision and struck passages', async () => {
    const unit = await db.given.schoolUnit();
    const pupil = await db.given.pupil({ schoolUnitId: unit.id });
    const other = await db.given.pupil({ schoolUnitId: unit.id });
    const record = await recordOf(pupil.id, unit.id);
    const otherRecord = await recordOf(other.id, unit.id);

    // Delivered with its request: two overlapping spans and a whole field are two passages.
    const struck = await itemOf(record, 'release_with_redactions', [
      { fieldId: 'talk.agreements', ground: 'OSL 23 kap. 2 §', span: { start: 0, end: 5 } },
      { fieldId: 'talk.agreements', ground: 'OSL 23 kap. 2 §', span: { start: 3, end: 9 } },
      { fieldId: 'otherDevelopment', ground: 'OSL 23 kap. 2 §' },
    ]);
    await copy(struck, at('2026-12-02'));
    await delivered(struck.requestId, at('2026-12-03'));

    // Released in a batch ahead of the decision: no delivery event needed.
    const batch = await itemOf(record, 'release', [], at('2026-12-04'));
    await copy(batch, at('2026-12-04'));

    // Reconsidered before delivery: the first copy never went out, the second did.
    const reconsidered = await itemOf(record, 'release');
    await copy(reconsidered, at('2026-12-05'), at('2026-12-06'));
    await copy(reconsidered, at('2026-12-06'));
    await delivered(reconsidered.requestId, at('2026-12-07'));

    // Decided, not delivered; refused (no copy); another pupil's release.
    await copy(await itemOf(record, 'release'), at('2026-12-08'));
    await itemOf(record, 'refuse');
    const others = await itemOf(otherRecord, 'release');
    await copy(others, at('2026-12-02'));
    await delivered(others.requestId, at('2026-12-03'));

    expect(await queries.findReleasesOfPupil(pupil.id)).toEqual([
      { releasedOn: '2026-12-07', decision: 'release', struckPassages: 0 },
      { releasedOn: '2026-12-04', decision: 'release', struckPassages: 0 },
      { releasedOn: '2026-12-03', decision: 'release_with_redactions', struckPassages: 2 },
    ]);
    expect(await queries.findReleasesOfPupil(other.id)).toHaveLength(1);
  });

  it('dates a release by the Swedish day it went out', async () => {
    const unit = await db.given.schoolUnit();
    const pupil = await db.given.pupil({ schoolUnitId: unit.id });
    const item = await itemOf(await recordOf(pupil.id, unit.id), 'release');
    await copy(item, at('2026-12-09', '20:00'));
    // 23:30 UTC is already the next day in Stockholm.
    await delivered(item.requestId, at('2026-12-09', '23:30'));

    expect(await queries.findReleasesOfPupil(pupil.id)).toEqual([
      { releasedOn: '2026-12-10', decision: 'release', struckPassages: 0 },
    ]);
  });
});
