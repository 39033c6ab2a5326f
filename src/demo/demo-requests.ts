import { randomUUID } from 'node:crypto';

import type { EntityManager } from '@mikro-orm/postgresql';

import { stockholmInstant, stockholmToday } from '../common/stockholm';
import type { AppConfig } from '../config/app-config';
import { RecordsService } from '../records/records.service';
import type { Redaction } from '../redaction/apply-redactions';
import { applyRedactions } from '../redaction/apply-redactions';
import { makeCheckedCopy } from '../redaction/checked-copy';
import { findRecordSource } from '../redaction/redaction.service';
import { hashReceiptCode } from '../requests/receipt-code';
import { PreparedCopy, storeDecisionDocuments } from '../requests/request-delivery.service';
import {
  Channel,
  computeDeadlines,
  DeliveryMethod,
  RequestStatus,
} from '../requests/request-lifecycle';
import { NO_PUBLIC_RECORD_REASON } from '../requests/check-decision';
import { addDays, addWorkingDays, isWorkingDay } from '../requests/working-days';

type Row = Record<string, unknown>;

/** Receipt codes of the demo requests, so a newcomer can try the status page (README). */
export const DEMO_RECEIPT_CODES = {
  received: 'DEMA-0000-0001',
  overdue: 'DEMA-0000-0002',
  inReview: 'DEMA-0000-0003',
  awaitingClarification: 'DEMA-0000-0004',
  decided: 'DEMA-0000-0005',
  delivered: 'DEMA-0000-0006',
  forwarded: 'DEMA-0000-0007',
  toPost: 'DEMA-0000-0008',
  viewingBooked: 'DEMA-0000-0009',
} as const;

interface DemoRequest {
  readonly code: string;
  readonly status: RequestStatus;
  readonly channel: Channel;
  readonly workingDaysAgo: number;
  readonly description: string;
  readonly pupil: string | null;
  readonly delivery: DeliveryMethod;
  readonly contact?: { name?: string; email?: string; postalAddress?: string };
  readonly claimed?: boolean;
  readonly question?: string;
  /** Decisions for the pupil's records, in registration order; missing ones stay undecided. */
  readonly decisions?: readonly ('release' | 'release_with_redactions' | 'refuse')[];
  readonly note?: string;
  /** The requester agreed to an invoice for paper copies. */
  readonly invoiceConsent?: boolean;
  /** A booked time to read on site: working days from today, and the hour. */
  readonly viewing?: { readonly inWorkingDays: number; readonly time: string };
  /** A large request: the decision date moved this many working days, and what the requester was told. */
  readonly extension?: { readonly workingDays: number; readonly notice: string };
}

const REQUESTS: readonly DemoRequest[] = [
  {
    code: DEMO_RECEIPT_CODES.received,
    status: 'received',
    channel: 'web',
    workingDaysAgo: 0,
    description: 'Jag vill ta del av den senaste individuella utvecklingsplanen för eleven.',
    pupil: 'demo:person:pupil-4-1',
    delivery: 'electronic',
  },
  {
    code: DEMO_RECEIPT_CODES.overdue,
    status: 'received',
    channel: 'email',
    workingDaysAgo: 5,
    description: 'Begäran per e-post om elevens utvecklingsplaner från förra läsåret.',
    pupil: 'demo:person:pupil-4-6',
    delivery: 'paper',
    contact: { name: 'Per Journalist', postalAddress: 'Redaktionen\nBox 12\n443 21 Lerum' },
  },
  {
    code: DEMO_RECEIPT_CODES.inReview,
    status: 'in_review',
    channel: 'web',
    workingDaysAgo: 1,
    description: 'Utvecklingsplaner för eleven, alla som finns.',
    pupil: 'demo:person:pupil-4-2',
    delivery: 'electronic',
    claimed: true,
    decisions: ['release_with_redactions'],
    note: 'Ringde mentorn: inga fler planer finns för eleven.',
    extension: {
      workingDays: 5,
      notice:
        'Begäran omfattar alla planer eleven har haft, och varje plan måste sekretessprövas för sig. Vi lämnar ut dem i omgångar.',
    },
  },
  {
    code: DEMO_RECEIPT_CODES.awaitingClarification,
    status: 'awaiting_clarification',
    channel: 'phone',
    workingDaysAgo: 1,
    description: 'Ringde och ville ha ”planen för min dotter”.',
    pupil: null,
    delivery: 'on_site',
    claimed: true,
    question: 'Vilken elev och vilket läsår gäller din begäran?',
  },
  {
    code: DEMO_RECEIPT_CODES.decided,
    status: 'decided',
    channel: 'web',
    workingDaysAgo: 3,
    description: 'Elevens utvecklingsplaner.',
    pupil: 'demo:person:pupil-4-3',
    delivery: 'electronic',
    claimed: true,
    decisions: ['release', 'refuse'],
  },
  {
    code: DEMO_RECEIPT_CODES.delivered,
    status: 'delivered',
    channel: 'letter',
    workingDaysAgo: 8,
    description: 'Brev med begäran om elevens utvecklingsplan.',
    pupil: 'demo:person:pupil-4-4',
    delivery: 'paper',
    contact: { name: 'Eva Exempel', postalAddress: 'Exempelvägen 3\n443 30 Lerum' },
    claimed: true,
    decisions: ['release', 'release'],
  },
  {
    code: DEMO_RECEIPT_CODES.forwarded,
    status: 'received',
    channel: 'forwarded',
    workingDaysAgo: 0,
    description:
      'En vårdnadshavare frågade efter planen på utvecklingssamtalet; vidarebefordrad av läraren.',
    pupil: 'demo:person:pupil-4-7',
    delivery: 'on_site',
  },
  {
    code: DEMO_RECEIPT_CODES.toPost,
    status: 'decided',
    channel: 'web',
    workingDaysAgo: 1,
    description: 'Papperskopior av elevens utvecklingsplaner.',
    pupil: 'demo:person:pupil-4-5',
    delivery: 'paper',
    contact: { name: 'Per Papper', postalAddress: 'Brevvägen 8\n443 31 Lerum' },
    invoiceConsent: true,
    claimed: true,
    decisions: ['release', 'release_with_redactions'],
  },
  {
    code: DEMO_RECEIPT_CODES.viewingBooked,
    status: 'decided',
    channel: 'phone',
    workingDaysAgo: 1,
    description: 'Vill läsa elevens utvecklingsplan på plats.',
    pupil: 'demo:person:pupil-4-4',
    delivery: 'on_site',
    claimed: true,
    viewing: { inWorkingDays: 1, time: '10:00' },
  },
];

/**
 * Requests in every state, so the back office is alive on first start:
 * new, overdue, in review with a decision made, waiting for the requester,
 * decided, delivered, and one forwarded by a teacher about a draft.
 */
export async function seedDemoRequests(em: EntityManager, config: AppConfig): Promise<number> {
  const records = new RecordsService(config);
  const now = new Date();
  const today = stockholmToday(now);
  const [reviewer] = await em.execute<Row[]>(
    `select a.id from account a join person p on p.id = a.person_id where a.username = 'granskare'`,
  );
  const [teacher] = await em.execute<Row[]>(
    `select a.id from account a join person p on p.id = a.person_id where a.username = 'larare'`,
  );
  const reviewerId = reviewer ? String(reviewer.id) : null;
  for (const demo of REQUESTS) {
    const id = randomUUID();
    const receivedOn = workingDaysBefore(today, demo.workingDaysAgo);
    const deadlines = computeDeadlines(receivedOn, config.requests);
    const registrationNumber = await records.nextRegistrationNumber(em, 'BEG', now);
    const pupil = demo.pupil
      ? (
          await em.execute<Row[]>(
            'select given_name, family_name, id from person where external_id = ?',
            [demo.pupil],
          )
        )[0]
      : undefined;
    const decidedAt = demo.status === 'decided' || demo.status === 'delivered' ? now : null;
    await em.execute(
      `insert into records_request (id, registration_number, receipt_code_hash, channel, received_on, received_at,
         description, pupil_name, delivery, contact_name, contact_email, postal_address, status,
         assignee_account_id, registered_by_account_id, forwarded_by_account_id, first_action_due, decision_due,
         first_action_at, processed_at, clarification_question, clarification_asked_on, decided_at,
         created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        registrationNumber,
        hashReceiptCode(demo.code),
        demo.channel,
        receivedOn,
        now,
        demo.description,
        pupil ? `${String(pupil.given_name)} ${String(pupil.family_name)}` : null,
        demo.delivery,
        demo.contact?.name ?? null,
        demo.contact?.email ?? null,
        demo.contact?.postalAddress ?? null,
        demo.status,
        demo.claimed ? reviewerId : null,
        ['email', 'letter', 'phone', 'desk'].includes(demo.channel) ? reviewerId : null,
        demo.channel === 'forwarded' && teacher ? String(teacher.id) : null,
        deadlines.firstActionDue,
        deadlines.decisionDue,
        demo.claimed ? now : null,
        now,
        demo.question ?? null,
        demo.question ? today : null,
        decidedAt,
        now,
        now,
      ],
    );
    await em.execute(
      `insert into records_request_event (request_id, occurred_at, kind, details) values (?, ?, 'received', ?::jsonb)`,
      [id, now, JSON.stringify({ channel: demo.channel, receivedOn })],
    );
    if (pupil) {
      await seedItems(em, id, String(pupil.id), demo, reviewerId, now);
    }
    if (decidedAt && reviewerId) {
      await seedDecisionDocuments(em, config, records, id, registrationNumber, reviewerId, now);
      if (demo.status === 'delivered') {
        await em.execute('update records_request set delivered_at = ? where id = ?', [now, id]);
      }
    }
    await seedArrangements(em, config, id, demo, deadlines.decisionDue, today, now);
    if (demo.note) {
      await em.execute(
        'insert into records_request_note (id, request_id, author_account_id, text, created_at) values (?, ?, ?, ?, ?)',
        [randomUUID(), id, reviewerId, demo.note, now],
      );
    }
    if (demo.status === 'received') {
      await em.execute(
        `insert into staff_notification (id, account_id, request_id, kind, created_at)
         select gen_random_uuid(), a.id, ?, 'new_request', ? from account a
          where exists (select 1 from staff_duty d where d.person_id = a.person_id and d.role = 'reviewer')`,
        [id, now],
      );
    }
  }
  return REQUESTS.length;
}

/** Consent to an invoice, a booked viewing, a longer date: what the requester was told. */
async function seedArrangements(
  em: EntityManager,
  config: AppConfig,
  requestId: string,
  demo: DemoRequest,
  decisionDue: string,
  today: string,
  now: Date,
): Promise<void> {
  if (demo.invoiceConsent) {
    await em.execute('update records_request set invoice_consent_at = ? where id = ?', [
      now,
      requestId,
    ]);
  }
  const events: [string, Record<string, unknown>][] = [];
  if (demo.viewing) {
    const date = addWorkingDays(addDays(today, 1), demo.viewing.inWorkingDays - 1);
    const place = config.requests.viewingPlace;
    await em.execute('update records_request set viewing_at = ?, viewing_place = ? where id = ?', [
      stockholmInstant(date, demo.viewing.time),
      place,
      requestId,
    ]);
    events.push(['viewing_booked', { date, time: demo.viewing.time, place }]);
  }
  if (demo.extension) {
    const later = addWorkingDays(decisionDue, demo.extension.workingDays);
    await em.execute(
      'update records_request set decision_due = ?, extension_notice = ? where id = ?',
      [later, demo.extension.notice, requestId],
    );
    events.push([
      'extended',
      { from: decisionDue, decisionDue: later, notice: demo.extension.notice },
    ]);
  }
  for (const [kind, details] of events) {
    await em.execute(
      `insert into records_request_event (request_id, occurred_at, kind, details) values (?, ?, ?, ?::jsonb)`,
      [requestId, now, kind, JSON.stringify(details)],
    );
  }
}

async function seedItems(
  em: EntityManager,
  requestId: string,
  pupilId: string,
  demo: DemoRequest,
  reviewerId: string | null,
  now: Date,
): Promise<void> {
  const versions = await em.execute<Row[]>(
    `select v.record_id from plan_version v join plan p on p.id = v.plan_id
      where p.pupil_id = ? order by v.established_at`,
    [pupilId],
  );
  for (const [index, version] of versions.entries()) {
    const settled = demo.status === 'decided' || demo.status === 'delivered';
    const decision = demo.decisions?.[index] ?? (settled ? 'release' : null);
    const redactions =
      decision === 'release_with_redactions'
        ? [{ fieldId: 'talk.agreements', ground: 'OSL 23 kap. 2 §' }]
        : [];
    await em.execute(
      `insert into records_request_item (id, request_id, record_id, kind, source, decision, redactions,
         refusal_ground, reasons, decided_by_account_id, decided_at, created_at)
       values (?, ?, ?, 'record', 'matched', ?, ?::jsonb, ?, ?, ?, ?, ?)`,
      [
        randomUUID(),
        requestId,
        version.record_id,
        decision,
        JSON.stringify(redactions),
        decision === 'refuse' ? 'OSL 23 kap. 2 §' : null,
        decision === 'refuse'
          ? 'Planen innehåller uppgifter om elevens särskilda stöd som omfattas av sekretess i sin helhet.'
          : decision === 'release_with_redactions'
            ? 'Överenskommelsen nämner elevhälsans insatser, som omfattas av sekretess.'
            : null,
        decision ? reviewerId : null,
        decision ? now : null,
        now,
      ],
    );
  }
  const drafts = await em.execute<Row[]>(
    `select id from plan where pupil_id = ? and state = 'draft'`,
    [pupilId],
  );
  for (const draft of drafts) {
    const answered = demo.status === 'decided' || demo.status === 'delivered';
    await em.execute(
      `insert into records_request_item (id, request_id, plan_id, kind, source, decision, reasons,
         decided_by_account_id, decided_at, created_at)
       values (?, ?, ?, 'draft', 'matched', ?, ?, ?, ?, ?)`,
      [
        randomUUID(),
        requestId,
        draft.id,
        answered ? 'no_public_record' : null,
        answered ? NO_PUBLIC_RECORD_REASON : null,
        answered ? reviewerId : null,
        answered ? now : null,
        now,
      ],
    );
  }
}

/**
 * The letter and the checked copies of a decided demo request, made the way
 * a real decision makes them, so the back office can deliver them.
 */
async function seedDecisionDocuments(
  em: EntityManager,
  config: AppConfig,
  records: RecordsService,
  requestId: string,
  registrationNumber: string,
  reviewerId: string,
  now: Date,
): Promise<void> {
  const today = stockholmToday(now);
  const [reviewer] = await em.execute<Row[]>(
    `select p.given_name || ' ' || p.family_name as name from account a join person p on p.id = a.person_id where a.id = ?`,
    [reviewerId],
  );
  const items = await em.execute<Row[]>(
    `select i.id, i.record_id, i.redactions, r.title from records_request_item i
       join public_record r on r.id = i.record_id
      where i.request_id = ? and i.decision in ('release', 'release_with_redactions')
      order by r.registration_number`,
    [requestId],
  );
  const copies: PreparedCopy[] = [];
  for (const item of items) {
    const source = await findRecordSource(em, String(item.record_id));
    if (!source) {
      continue;
    }
    const applied = applyRedactions(
      source.document,
      (item.redactions as Redaction[] | null) ?? [],
      config.redaction.grounds,
    );
    const { bytes, report } = await makeCheckedCopy(
      applied,
      {
        municipalityName: config.municipality.name,
        release: { registrationNumber, date: today },
        preparedOn: today,
      },
      config.redaction.grounds,
    );
    if (!report.passed) {
      throw new Error(
        `A demo copy failed the leak check: ${report.findings.map((f) => f.check).join(', ')}`,
      );
    }
    copies.push({
      itemId: String(item.id),
      registrationNumber: source.document.registrationNumber,
      title: String(item.title),
      pages: report.stats.pages,
      bytes,
    });
  }
  await storeDecisionDocuments(
    em,
    records,
    config,
    {
      displayName: typeof reviewer?.name === 'string' ? reviewer.name : 'Sektor Lärande',
      accountId: reviewerId,
    },
    requestId,
    copies,
    now,
  );
}

/** The day `count` working days before `today` (0: the last working day on or before it). */
function workingDaysBefore(today: string, count: number): string {
  let day = today;
  while (!isWorkingDay(day)) {
    day = addDays(day, -1);
  }
  for (let left = count; left > 0; left -= 1) {
    day = addDays(day, -1);
    while (!isWorkingDay(day)) {
      day = addDays(day, -1);
    }
  }
  return day;
}
