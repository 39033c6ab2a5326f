import { createHash, randomBytes, randomUUID } from 'node:crypto';

import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { PDFDocument } from '@cantoo/pdf-lib';
import { type NotNull, sql } from 'kysely';

import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { DomainError, ErrorCode, NotFoundError } from '../common/errors/domain-error';
import { stockholmToday } from '../common/stockholm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { isUuid } from '../common/uuid';
import { RecordsService } from '../records/records.service';
import { RequestRecords } from '../records/request-records.queries';
import { RequestPlans } from '../plans/request-plans.queries';
import { RedactionService } from '../redaction/redaction.service';
import { copyFee, Payment, paymentFor } from './fees';
import { appealHoldEndsOn, ReopenReason } from './request-lifecycle';
import {
  DISMISSAL_LETTER_TITLE,
  dismissalLetterText,
  letterKind,
  LetterClosure,
  LetterRevision,
  letterTitle,
  LetterRecord,
  letterText,
  parseLetter,
  renderLetterPdf,
} from './letters/letter';
import { hashReceiptCode, normaliseReceiptCode } from './receipt-code';
import type { RequestsTables } from './requests.entities';

/** A leak-checked copy, made before the decision is stored. */
export interface PreparedCopy {
  readonly itemId: string;
  readonly registrationNumber: string;
  readonly title: string;
  readonly pages: number;
  readonly bytes: Uint8Array;
}

export interface DeliveredDocument {
  readonly id: string;
  readonly kind: 'decision_letter' | 'cover_letter' | 'copy';
  readonly title: string;
  readonly registrationNumber: string | null;
  readonly pages: number;
  /** Replaced by a later decision: shown to the reviewer, no longer handed out. */
  readonly superseded: boolean;
}

/** A decided request for paper copies, waiting to be posted. */
export interface PostItem {
  readonly requestId: string;
  readonly registrationNumber: string;
  /** Null when the requester gave no name: the envelope goes to the address alone. */
  readonly recipient: string | null;
  readonly postalAddress: string;
  readonly letter: string | null;
  readonly copies: number;
  /** Letter and copies together. */
  readonly pages: number;
  readonly feeKr: number;
  /** free; invoice (the requester consented); prepaid (the fee is paid before posting). */
  readonly payment: Payment;
  readonly decidedOn: string;
}

/** Decided requests for paper copies not yet sent: the post list, and its count on the queue page. */
const AWAITING_POST = { status: 'decided', delivery: 'paper' } as const;

const LINK_GONE =
  'Länken fungerar inte längre: den har gått ut eller använts för många gånger. Hämta en ny länk på statussidan med koden på ditt kvitto.';

/**
 * What goes out the door: the copies (each through the redaction engine and
 * its leak check), the decision or cover letter with its own registration
 * number, the fee, and the download links for electronic copies.
 */
@Injectable()
export class RequestDeliveryService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly records: RecordsService,
    private readonly requestRecords: RequestRecords,
    private readonly requestPlans: RequestPlans,
    private readonly redaction: RedactionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Every released record as a checked copy; a blocked copy stops the decision (and is audited). */
  async prepareCopies(actor: Actor, requestId: string): Promise<PreparedCopy[]> {
    const em = this.em.fork();
    const released = await em
      .getKysely<RequestsTables>()
      .selectFrom('records_request_item as i')
      .innerJoin('records_request as q', 'q.id', 'i.request_id')
      .select(['i.id', 'i.record_id', 'i.redactions', 'q.registration_number'])
      .where('i.request_id', '=', requestId)
      .where('i.decision', 'in', ['release', 'release_with_redactions'])
      .where('i.record_id', 'is not', null)
      .$narrowType<{ record_id: NotNull }>()
      .execute();
    const records = await this.requestRecords.describe(
      em,
      released.map((item) => item.record_id),
    );
    const items = released
      .flatMap((item) => {
        const record = records.get(item.record_id);
        return record ? [{ ...item, record }] : [];
      })
      .sort((a, b) => compareText(a.record.registrationNumber, b.record.registrationNumber));
    const copies: PreparedCopy[] = [];
    for (const item of items) {
      const copy = await this.redaction.produceCopy(actor, {
        recordId: item.record_id,
        redactions: item.redactions,
        release: {
          registrationNumber: item.registration_number,
          date: stockholmToday(new Date()),
        },
      });
      copies.push({
        itemId: item.id,
        registrationNumber: item.record.registrationNumber,
        title: item.record.title,
        pages: copy.report.stats.pages,
        bytes: copy.bytes,
      });
    }
    return copies;
  }

  /**
   * Stores the copies and the letter inside the decision's transaction: the
   * letter gets its registration number exactly when the decision stands.
   */
  storeDecisionDocuments(
    em: EntityManager,
    actor: Pick<Actor, 'displayName' | 'accountId'>,
    requestId: string,
    copies: readonly PreparedCopy[],
    now: Date,
  ) {
    return storeDecisionDocuments(em, this.records, this.config, actor, requestId, copies, now, {
      records: this.requestRecords,
      plans: this.requestPlans,
    });
  }

  /**
   * The decision to dismiss a late appeal, inside the dismissal's
   * transaction: a letter with its own registration number and appeal notice,
   * stored with the request's documents (the status page's link fetches it;
   * by post the reviewer prints it from the request page).
   */
  async storeDismissalLetter(
    em: EntityManager,
    actor: Pick<Actor, 'displayName' | 'accountId'>,
    requestId: string,
    appeal: { readonly receivedOn: string; readonly deadline: string },
    now: Date,
  ): Promise<string> {
    const kysely = em.getKysely<RequestsTables>();
    const request = await kysely
      .selectFrom('records_request')
      .select(['registration_number', 'contact_name', 'postal_address'])
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    const letterRegistrationNumber = await this.records.nextRegistrationNumber(em, 'BES', now);
    const input = {
      municipalityName: this.config.municipality.name,
      letterRegistrationNumber,
      requestRegistrationNumber: request.registration_number,
      date: stockholmToday(now),
      recipient: { name: request.contact_name, postalAddress: request.postal_address },
      appealReceivedOn: appeal.receivedOn,
      deadline: appeal.deadline,
      decisionMaker: { name: actor.displayName, title: 'handläggare vid Sektor Lärande' },
      delegation: this.config.requests.delegation,
      appealCourt: this.config.requests.appealCourt,
    };
    const letter = await renderLetterPdf(
      input,
      parseLetter(dismissalLetterText(input, this.config.paths.templates)),
    );
    await kysely
      .insertInto('records_request_document')
      .values({
        id: randomUUID(),
        request_id: requestId,
        item_id: null,
        kind: 'decision_letter',
        registration_number: letterRegistrationNumber,
        title: DISMISSAL_LETTER_TITLE,
        pages: (await PDFDocument.load(letter, { updateMetadata: false })).getPageCount(),
        content: Buffer.from(letter),
        created_at: now,
        created_by_account_id: actor.accountId,
      })
      .execute();
    return letterRegistrationNumber;
  }

  /** How many requests wait on the post list. */
  async countToPost(): Promise<number> {
    const row = await this.em
      .fork()
      .getKysely<RequestsTables>()
      .selectFrom('records_request')
      .select((eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('waiting'))
      .where('status', '=', AWAITING_POST.status)
      .where('delivery', '=', AWAITING_POST.delivery)
      .executeTakeFirstOrThrow();
    return row.waiting;
  }

  /**
   * The post list: decided requests for paper copies not yet sent, oldest
   * decision first, with the recipient, what goes in the envelope, the fee
   * and how it is paid (invoice only with consent, else paid in advance).
   */
  async postList(): Promise<PostItem[]> {
    const rows = await this.em
      .fork()
      .getKysely<RequestsTables>()
      .selectFrom('records_request as r')
      .leftJoin('records_request_document as d', (join) =>
        join.onRef('d.request_id', '=', 'r.id').on('d.superseded_at', 'is', null),
      )
      .select((eb) => [
        'r.id',
        'r.registration_number',
        'r.contact_name',
        'r.postal_address',
        'r.fee_kr',
        'r.invoice_consent_at',
        'r.decided_at',
        eb
          .cast<number>(eb.fn.count('d.id').filterWhere('d.kind', '=', 'copy'), 'integer')
          .as('copies'),
        eb.cast<number>(eb.fn.coalesce(eb.fn.sum('d.pages'), eb.lit(0)), 'integer').as('pages'),
        eb.fn.max('d.registration_number').filterWhere('d.kind', '<>', 'copy').as('letter'),
      ])
      .where('r.status', '=', AWAITING_POST.status)
      .where('r.delivery', '=', AWAITING_POST.delivery)
      // Set with the status (completeDecision); the filter only tells the type so.
      .where('r.decided_at', 'is not', null)
      .$narrowType<{ decided_at: NotNull }>()
      .groupBy('r.id')
      .orderBy('r.decided_at')
      .orderBy('r.registration_number')
      .limit(500)
      .execute();
    return rows.map((row) => {
      const feeKr = row.fee_kr ?? 0;
      return {
        requestId: row.id,
        registrationNumber: row.registration_number,
        recipient: row.contact_name,
        postalAddress: row.postal_address ?? '',
        letter: row.letter,
        copies: row.copies,
        pages: row.pages,
        feeKr,
        payment: paymentFor('paper', feeKr, row.invoice_consent_at !== null),
        // pg hands a timestamptz over as text here; new Date reads either.
        decidedOn: stockholmToday(new Date(row.decided_at)),
      };
    });
  }

  /**
   * The documents of a request: for the reviewer's page all of them (the
   * superseded marked, after the current), for the requester's link only
   * the current ones.
   */
  async documents(requestId: string, current = false): Promise<DeliveredDocument[]> {
    const rows = await this.em
      .fork()
      .getKysely<RequestsTables>()
      .selectFrom('records_request_document')
      .select(['id', 'kind', 'title', 'registration_number', 'pages', 'superseded_at'])
      .where('request_id', '=', requestId)
      .$if(current, (qb) => qb.where('superseded_at', 'is', null))
      .orderBy((eb) => eb('superseded_at', 'is not', null))
      .orderBy('kind', 'desc')
      .orderBy('created_at')
      .execute();
    return rows.map((row): DeliveredDocument => ({
      id: row.id,
      kind: row.kind,
      title: row.title,
      registrationNumber: row.registration_number,
      pages: row.pages,
      superseded: row.superseded_at !== null,
    }));
  }

  /** A document's bytes for the reviewer (the caller has checked the access policy). */
  async documentForReviewer(requestId: string, documentId: string): Promise<StoredDocument> {
    return this.findDocument(this.em.fork(), requestId, documentId);
  }

  /**
   * A new download link for the requester who shows their receipt code on
   * the status page: 256 random bits, only the hash kept, an expiry and a
   * download limit from the settings.
   */
  async linkForReceiptCode(code: string): Promise<{ token: string; expiresAt: Date } | null> {
    const normalised = normaliseReceiptCode(code);
    if (!normalised) {
      return null;
    }
    return this.em.fork().transactional(async (em) => {
      const request = await em
        .getKysely<RequestsTables>()
        .selectFrom('records_request')
        .select(['id', 'registration_number'])
        .where('receipt_code_hash', '=', hashReceiptCode(normalised))
        .where('status', '=', 'delivered')
        .where('delivery', '=', 'electronic')
        .executeTakeFirst();
      if (!request) {
        return null;
      }
      return this.createLink(em, request.id, request.registration_number);
    });
  }

  /** A new link for a request, inside the caller's transaction (status page or delivery e-mail). */
  async createLink(
    em: EntityManager,
    requestId: string,
    registrationNumber: string,
  ): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.config.requests.downloadLinkDays * 86_400_000);
    await em
      .getKysely<RequestsTables>()
      .insertInto('download_link')
      .values({
        id: randomUUID(),
        request_id: requestId,
        token_hash: hashToken(token),
        expires_at: expiresAt,
        max_downloads: this.config.requests.downloadLinkMaxDownloads,
        created_at: now,
      })
      .execute();
    await this.audit.record(em, {
      action: 'records_request.download_link.created',
      actor: { accountId: null, personId: null },
      targetType: 'records_request',
      targetId: requestId,
      details: { registrationNumber },
    });
    return { token, expiresAt };
  }

  /** What a link opens: the request's letter and copies, while the link is valid. */
  async documentsForLink(
    token: string,
  ): Promise<{ registrationNumber: string; expiresAt: Date; documents: DeliveredDocument[] }> {
    const link = await this.findLink(this.em.fork(), token, false);
    return {
      registrationNumber: link.registration_number,
      // pg hands a timestamptz over as text here; new Date reads either.
      expiresAt: new Date(link.expires_at),
      documents: await this.documents(link.request_id, true),
    };
  }

  /** One download through a link: counted against its limit and audited. */
  async download(token: string, documentId: string): Promise<StoredDocument> {
    return this.em.fork().transactional(async (em) => {
      const link = await this.findLink(em, token, true);
      const document = await this.findDocument(em, link.request_id, documentId, true);
      await em
        .getKysely<RequestsTables>()
        .updateTable('download_link')
        .set((eb) => ({ downloads: eb('downloads', '+', 1) }))
        .where('id', '=', link.id)
        .execute();
      if (document.kind === 'decision_letter') {
        await this.noteDecisionSeen(em, link.request_id, new Date());
      }
      await this.audit.record(em, {
        action: 'records_request.document.downloaded',
        actor: { accountId: null, personId: null },
        pupilId: document.pupilId,
        targetType: 'records_request',
        targetId: link.request_id,
        details: {
          kind: document.kind,
          document: documentId,
          downloads: link.downloads + 1,
        },
      });
      return document;
    });
  }

  /**
   * The first download of the decision: the day the requester took part of
   * it, from which the three weeks to appeal count. The hold on the records
   * moves on if that day is later than the one assumed at delivery.
   */
  private async noteDecisionSeen(em: EntityManager, requestId: string, now: Date): Promise<void> {
    const kysely = em.getKysely<RequestsTables>();
    const first = await kysely
      .updateTable('records_request')
      .set({ decision_seen_at: now })
      .where('id', '=', requestId)
      .where('decision_seen_at', 'is', null)
      .returning(['appeal_hold_until'])
      .executeTakeFirst();
    if (!first || first.appeal_hold_until === null) {
      return;
    }
    const holdUntil = appealHoldEndsOn(
      stockholmToday(now),
      this.config.requests.appealPostMarginWorkingDays,
    );
    if (holdUntil > first.appeal_hold_until) {
      await kysely
        .updateTable('records_request')
        .set({ appeal_hold_until: holdUntil })
        .where('id', '=', requestId)
        .execute();
    }
  }

  private async findLink(em: EntityManager, token: string, lock: boolean) {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) {
      throw new DomainError(ErrorCode.NotFound, LINK_GONE);
    }
    const query = em
      .getKysely<RequestsTables>()
      .selectFrom('download_link as l')
      .innerJoin('records_request as r', 'r.id', 'l.request_id')
      .select([
        'l.id',
        'l.request_id',
        'l.expires_at',
        'l.max_downloads',
        'l.downloads',
        'r.registration_number',
        sql<boolean>`l.expires_at <= now()`.as('expired'),
      ])
      .where('l.token_hash', '=', hashToken(token));
    const link = await (lock ? query.forUpdate('l') : query).executeTakeFirst();
    if (!link || link.expired || link.downloads >= link.max_downloads) {
      throw new DomainError(ErrorCode.Gone, LINK_GONE);
    }
    return link;
  }

  /** A letter or copy of the request; 404 for anything else (another request's, or no id at all). */
  private async findDocument(
    em: EntityManager,
    requestId: string,
    documentId: string,
    current = false,
  ): Promise<StoredDocument> {
    const row = isUuid(documentId)
      ? await em
          .getKysely<RequestsTables>()
          .selectFrom('records_request_document as d')
          .leftJoin('records_request_item as i', 'i.id', 'd.item_id')
          .select(['d.content', 'd.registration_number', 'd.kind', 'd.item_id', 'i.record_id'])
          .where('d.id', '=', documentId)
          .where('d.request_id', '=', requestId)
          // A superseded letter or copy is no longer the requester's to fetch.
          .$if(current, (qb) => qb.where('d.superseded_at', 'is', null))
          .executeTakeFirst()
      : undefined;
    if (!row) {
      throw new NotFoundError('Dokumentet finns inte.');
    }
    const recordId = row.record_id;
    const record = recordId
      ? (await this.requestRecords.describe(em, [recordId])).get(recordId)
      : undefined;
    return {
      bytes: row.content,
      name: documentName(row.kind, row.registration_number, row.item_id),
      kind: row.kind,
      pupilId: record?.pupilId ?? null,
    };
  }
}

export interface StoredDocument {
  readonly bytes: Uint8Array;
  readonly name: string;
  readonly kind: string;
  /** The pupil a copy is about (none for a letter), for the audit entry. */
  readonly pupilId: string | null;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Registration numbers in order: `a.localeCompare` would weigh the hyphens differently from one locale to another. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A file name that names no one: the kind and a registration number. */
function documentName(
  kind: DeliveredDocument['kind'],
  registrationNumber: string | null,
  itemId: string | null,
): string {
  return kind === 'copy'
    ? `kopia-${itemId !== null ? itemId.slice(0, 8) : 'handling'}.pdf`
    : `beslut-${registrationNumber ?? 'brev'}.pdf`;
}

/** The other modules' answers a decision letter needs: the records' numbers and titles, the drafts' periods. */
export interface DecisionLookups {
  readonly records: RequestRecords;
  readonly plans: RequestPlans;
}

/**
 * Stores the copies and the letter inside the decision's transaction: the
 * letter gets its registration number exactly when the decision stands.
 */
export async function storeDecisionDocuments(
  em: EntityManager,
  records: RecordsService,
  config: AppConfig,
  actor: Pick<Actor, 'displayName' | 'accountId'>,
  requestId: string,
  copies: readonly PreparedCopy[],
  now: Date,
  // Stateless query services; the demo data calls this without Nest.
  lookups: DecisionLookups = { records: new RequestRecords(), plans: new RequestPlans() },
): Promise<{
  letterRegistrationNumber: string;
  feeKr: number;
  pages: number;
  appealable: boolean;
}> {
  const kysely = em.getKysely<RequestsTables>();
  const request = await kysely
    .selectFrom('records_request')
    .select([
      'registration_number',
      'description',
      'received_on',
      'delivery',
      'contact_name',
      'postal_address',
      'closure',
      'forwarded_to',
      'closure_reasons',
      'reopen_reason',
      'reopened_for_appeal_id',
    ])
    .where('id', '=', requestId)
    .executeTakeFirstOrThrow();
  const rows = await kysely
    .selectFrom('records_request_item')
    .select(['decision', 'redactions', 'refusal_ground', 'reasons', 'kind', 'record_id', 'plan_id'])
    .where('request_id', '=', requestId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const recordIds = rows.flatMap((item) => (item.record_id ? [item.record_id] : []));
  const planIds = rows.flatMap((item) => (item.plan_id ? [item.plan_id] : []));
  const [described, periods] = await Promise.all([
    lookups.records.describe(em, recordIds),
    lookups.plans.periodsOf(em, planIds),
  ]);
  // Records first, then drafts; by registration number, a draft (none) last.
  const items = rows
    .map((item) => ({
      ...item,
      record: item.record_id ? described.get(item.record_id) : undefined,
      period: item.plan_id ? periods.get(item.plan_id) : undefined,
    }))
    .sort(
      (a, b) =>
        compareText(b.kind, a.kind) ||
        (a.record && b.record
          ? compareText(a.record.registrationNumber, b.record.registrationNumber)
          : (a.record ? 0 : 1) - (b.record ? 0 : 1)),
    );
  const letterRecords: LetterRecord[] = items.map((item) => {
    const decision = item.decision;
    if (decision === null) {
      // Not reached: completeDecision checks every item is decided first (assertAllDecided).
      throw new Error('A decision letter names an undecided item.');
    }
    const redactions = item.redactions;
    return {
      registrationNumber: item.record?.registrationNumber ?? null,
      title: item.record?.title ?? `Utkast till utvecklingsplan ${item.period ?? ''}`.trim(),
      decision,
      grounds:
        decision === 'refuse'
          ? item.refusal_ground !== null
            ? [item.refusal_ground]
            : []
          : [...new Set(redactions.map((redaction) => redaction.ground))].sort(),
      redactionCount: redactions.length,
      reasons: item.reasons,
    };
  });
  const delivery = request.delivery;
  const pages = copies.reduce((sum, copy) => sum + copy.pages, 0);
  const feeKr = copyFee(delivery, pages, config.requests.tariff);
  const letterRegistrationNumber = await records.nextRegistrationNumber(em, 'BES', now);
  const closure: LetterClosure | null = request.closure
    ? {
        kind: request.closure,
        forwardedTo: request.forwarded_to,
        reasons: request.closure_reasons,
      }
    : null;
  const kind = letterKind(letterRecords, closure);
  const revision = request.reopen_reason
    ? await letterRevision(em, requestId, request.reopen_reason, request.reopened_for_appeal_id)
    : null;
  const input = {
    municipalityName: config.municipality.name,
    letterRegistrationNumber,
    requestRegistrationNumber: request.registration_number,
    date: stockholmToday(now),
    receivedOn: request.received_on,
    description: request.description,
    recipient: {
      name: request.contact_name,
      postalAddress: request.postal_address,
    },
    records: letterRecords,
    decisionMaker: { name: actor.displayName, title: 'handläggare vid Sektor Lärande' },
    delegation: config.requests.delegation,
    appealCourt: config.requests.appealCourt,
    delivery,
    pages,
    feeKr,
    closure,
    revision,
  };
  const letter = await renderLetterPdf(
    input,
    parseLetter(letterText(input, config.paths.templates)),
  );
  const letterPages = (await PDFDocument.load(letter, { updateMetadata: false })).getPageCount();
  // The letter and the copies in one insert.
  await kysely
    .insertInto('records_request_document')
    .values([
      {
        id: randomUUID(),
        request_id: requestId,
        item_id: null,
        kind: kind === 'decision' ? 'decision_letter' : 'cover_letter',
        registration_number: letterRegistrationNumber,
        title: letterTitle(kind),
        pages: letterPages,
        content: Buffer.from(letter),
        created_at: now,
        created_by_account_id: actor.accountId,
      },
      ...copies.map((copy) => ({
        id: randomUUID(),
        request_id: requestId,
        item_id: copy.itemId,
        kind: 'copy' as const,
        registration_number: null,
        title: `Kopia av ${copy.registrationNumber} (${copy.title})`,
        pages: copy.pages,
        content: Buffer.from(copy.bytes),
        created_at: now,
        created_by_account_id: actor.accountId,
      })),
    ])
    .execute();
  await kysely
    .updateTable('records_request')
    .set({ fee_kr: feeKr })
    .where('id', '=', requestId)
    .execute();
  return { letterRegistrationNumber, feeKr, pages, appealable: kind === 'decision' };
}

/** Why a reopened request's new letter replaces the one before, and which (the latest superseded). */
async function letterRevision(
  em: EntityManager,
  requestId: string,
  reason: ReopenReason,
  appealId: string | null,
): Promise<LetterRevision> {
  const kysely = em.getKysely<RequestsTables>();
  const [previous, appeal] = await Promise.all([
    kysely
      .selectFrom('records_request_document')
      .select('registration_number')
      .where('request_id', '=', requestId)
      .where('kind', '<>', 'copy')
      .where('superseded_at', 'is not', null)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst(),
    appealId === null
      ? undefined
      : kysely
          .selectFrom('records_request_appeal')
          .select(['court', 'court_reference'])
          .where('id', '=', appealId)
          .executeTakeFirst(),
  ]);
  return {
    reason,
    replaces: previous?.registration_number ?? null,
    court: appeal?.court ?? null,
    courtReference: appeal?.court_reference ?? null,
  };
}
