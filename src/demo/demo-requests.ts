import { randomUUID } from 'node:crypto';

import type { EntityManager } from '@mikro-orm/postgresql';

import { AccountDemoSeedWriter } from '../auth/demo-seed.writer';
import { ReviewerAccounts } from '../auth/reviewer-accounts.queries';
import { stockholmInstant, stockholmToday } from '../common/stockholm';
import type { AppConfig } from '../config/app-config';
import type { JsonObject } from '../database/kysely';
import { DirectoryDemoSeedWriter } from '../directory/demo-seed.writer';
import { StaffNames } from '../directory/staff-names.queries';
import { PlanDemoSeedWriter } from '../plans/demo-seed.writer';
import { RecordsService } from '../records/records.service';
import { RequestRecords } from '../records/request-records.queries';
import { applyRedactions } from '../redaction/apply-redactions';
import { makeCheckedCopy } from '../redaction/checked-copy';
import { findRecordSource } from '../redaction/redaction.service';
import { RequestDemoSeedWriter } from '../requests/demo-seed.writer';
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
  const accounts = new AccountDemoSeedWriter();
  const directory = new DirectoryDemoSeedWriter();
  const requests = new RequestDemoSeedWriter();
  const now = new Date();
  const today = stockholmToday(now);
  const reviewerId = await accounts.findAccountId(em, 'granskare');
  const teacherId = await accounts.findAccountId(em, 'larare');
  for (const demo of REQUESTS) {
    const id = randomUUID();
    const receivedOn = workingDaysBefore(today, demo.workingDaysAgo);
    const deadlines = computeDeadlines(receivedOn, config.requests);
    const registrationNumber = await records.nextRegistrationNumber(em, 'BEG', now);
    const pupil = demo.pupil ? await directory.findPerson(em, demo.pupil) : null;
    const decidedAt = demo.status === 'decided' || demo.status === 'delivered' ? now : null;
    await requests.insertRequest(em, {
      id,
      registrationNumber,
      receiptCodeHash: hashReceiptCode(demo.code),
      channel: demo.channel,
      receivedOn,
      receivedAt: now,
      description: demo.description,
      pupilName: pupil ? `${pupil.givenName} ${pupil.familyName}` : null,
      delivery: demo.delivery,
      contactName: demo.contact?.name ?? null,
      contactEmail: demo.contact?.email ?? null,
      postalAddress: demo.contact?.postalAddress ?? null,
      status: demo.status,
      assigneeAccountId: demo.claimed ? reviewerId : null,
      registeredByAccountId: ['email', 'letter', 'phone', 'desk'].includes(demo.channel)
        ? reviewerId
        : null,
      forwardedByAccountId: demo.channel === 'forwarded' ? teacherId : null,
      firstActionDue: deadlines.firstActionDue,
      decisionDue: deadlines.decisionDue,
      // Taken the day it was due, as a reviewer keeping the same-day target would (not after now).
      firstActionAt: demo.claimed
        ? new Date(
            Math.min(stockholmInstant(deadlines.firstActionDue, '10:00').getTime(), now.getTime()),
          )
        : null,
      processedAt: now,
      clarificationQuestion: demo.question ?? null,
      clarificationAskedOn: demo.question ? today : null,
      decidedAt,
      createdAt: now,
    });
    await requests.insertEvent(em, {
      requestId: id,
      occurredAt: now,
      kind: 'received',
      details: { channel: demo.channel, receivedOn },
    });
    if (pupil) {
      await seedItems(em, requests, id, pupil.id, demo, reviewerId, now);
    }
    if (decidedAt && reviewerId) {
      await seedDecisionDocuments(em, config, records, id, registrationNumber, reviewerId, now);
      if (demo.status === 'delivered') {
        await requests.updateRequest(em, id, { deliveredAt: now });
      }
    }
    await seedArrangements(em, config, requests, id, demo, deadlines.decisionDue, today, now);
    if (demo.note) {
      await requests.insertNote(em, {
        requestId: id,
        authorAccountId: reviewerId,
        text: demo.note,
        createdAt: now,
      });
    }
    if (demo.status === 'received') {
      await requests.notify(em, {
        requestId: id,
        accountIds: await accounts.findReviewerAccountIds(em),
        kind: 'new_request',
        createdAt: now,
      });
    }
  }
  return REQUESTS.length;
}

/** Consent to an invoice, a booked viewing, a longer date: what the requester was told. */
async function seedArrangements(
  em: EntityManager,
  config: AppConfig,
  requests: RequestDemoSeedWriter,
  requestId: string,
  demo: DemoRequest,
  decisionDue: string,
  today: string,
  now: Date,
): Promise<void> {
  if (demo.invoiceConsent) {
    await requests.updateRequest(em, requestId, { invoiceConsentAt: now });
  }
  const events: [string, JsonObject][] = [];
  if (demo.viewing) {
    const date = addWorkingDays(addDays(today, 1), demo.viewing.inWorkingDays - 1);
    const place = config.requests.viewingPlace;
    await requests.updateRequest(em, requestId, {
      viewingAt: stockholmInstant(date, demo.viewing.time),
      viewingPlace: place,
    });
    events.push(['viewing_booked', { date, time: demo.viewing.time, place }]);
  }
  if (demo.extension) {
    const later = addWorkingDays(decisionDue, demo.extension.workingDays);
    await requests.updateRequest(em, requestId, {
      decisionDue: later,
      extensionNotice: demo.extension.notice,
    });
    events.push([
      'extended',
      { from: decisionDue, decisionDue: later, notice: demo.extension.notice },
    ]);
  }
  for (const [kind, details] of events) {
    await requests.insertEvent(em, { requestId, occurredAt: now, kind, details });
  }
}

async function seedItems(
  em: EntityManager,
  requests: RequestDemoSeedWriter,
  requestId: string,
  pupilId: string,
  demo: DemoRequest,
  reviewerId: string | null,
  now: Date,
): Promise<void> {
  const plans = new PlanDemoSeedWriter();
  const settled = demo.status === 'decided' || demo.status === 'delivered';
  for (const [index, recordId] of (await plans.findVersionRecordIds(em, pupilId)).entries()) {
    const decision = demo.decisions?.[index] ?? (settled ? 'release' : null);
    await requests.insertItem(em, {
      requestId,
      kind: 'record',
      recordId,
      planId: null,
      decision,
      redactions:
        decision === 'release_with_redactions'
          ? [{ fieldId: 'talk.agreements', ground: 'OSL 23 kap. 2 §' }]
          : [],
      refusalGround: decision === 'refuse' ? 'OSL 23 kap. 2 §' : null,
      reasons:
        decision === 'refuse'
          ? 'Planen innehåller uppgifter om elevens särskilda stöd som omfattas av sekretess i sin helhet.'
          : decision === 'release_with_redactions'
            ? 'Överenskommelsen nämner elevhälsans insatser, som omfattas av sekretess.'
            : null,
      decidedByAccountId: decision ? reviewerId : null,
      decidedAt: decision ? now : null,
      createdAt: now,
    });
  }
  for (const planId of await plans.findDraftPlanIds(em, pupilId)) {
    await requests.insertItem(em, {
      requestId,
      kind: 'draft',
      recordId: null,
      planId,
      decision: settled ? 'no_public_record' : null,
      redactions: [],
      refusalGround: null,
      reasons: settled ? NO_PUBLIC_RECORD_REASON : null,
      decidedByAccountId: settled ? reviewerId : null,
      decidedAt: settled ? now : null,
      createdAt: now,
    });
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
  const reviewerName = (await new ReviewerAccounts(new StaffNames()).namesOf(em, [reviewerId])).get(
    reviewerId,
  );
  const released = await new RequestDemoSeedWriter().findReleasedItems(em, requestId);
  const described = await new RequestRecords().describe(
    em,
    released.map((item) => item.recordId),
  );
  // In the registry's order: the copies are numbered and listed as the records are.
  const items = released
    .flatMap((item) => {
      const record = described.get(item.recordId);
      return record ? [{ ...item, record }] : [];
    })
    .sort((a, b) => compareText(a.record.registrationNumber, b.record.registrationNumber));
  const copies: PreparedCopy[] = [];
  for (const item of items) {
    const source = await findRecordSource(em, item.recordId);
    if (!source) {
      continue;
    }
    const applied = applyRedactions(source.document, item.redactions, config.redaction.grounds);
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
      itemId: item.id,
      registrationNumber: source.document.registrationNumber,
      title: item.record.title,
      pages: report.stats.pages,
      bytes,
    });
  }
  await storeDecisionDocuments(
    em,
    records,
    config,
    { displayName: reviewerName ?? 'Sektor Lärande', accountId: reviewerId },
    requestId,
    copies,
    now,
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
