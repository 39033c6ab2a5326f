import { createHash, randomUUID } from 'node:crypto';

import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { PDFDocument } from '@cantoo/pdf-lib';
import { type ExpressionBuilder, type NotNull, sql } from 'kysely';

import {
  hashDownloadToken,
  isWellFormedDownloadToken,
  newDownloadToken,
} from '../common/http/download-token';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { DomainError, ErrorCode, NotFoundError } from '../common/errors/domain-error';
import { stockholmToday } from '../common/stockholm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { isUuid } from '../common/uuid';
import { RecordsService } from '../records/records.service';
import { ReviewerAccounts } from '../auth/reviewer-accounts.queries';
import { StaffNames } from '../directory/staff-names.queries';
import { formatStockholmMinute, isApproved, needsApproval } from './item-approvals';
import { RequestRecords } from '../records/request-records.queries';
import { RequestPlans } from '../plans/request-plans.queries';
import { RedactionService } from '../redaction/redaction.service';
import { copyFee, Payment, paymentFor } from './fees';
import { appealHoldEndsOn, decisionLabel, ReopenReason } from './request-lifecycle';
import { AppealFileInput, markForCourt, renderAppealFile } from './letters/appeal-file';
import {
  DISMISSAL_LETTER_TITLE,
  dismissalLetterText,
  letterKind,
  LetterClosure,
  LetterInput,
  LetterKind,
  LetterRevision,
  letterTitle,
  LetterRecord,
  letterText,
  parseLetter,
  renderLetterPdf,
} from './letters/letter';
import type { ReceiptKey } from './receipt-code';
import { DOCUMENT_KINDS, REQUESTER_DOCUMENT_KINDS } from './requests.entities';
import type { DownloadLinkMaker, RequestsTables } from './requests.entities';

/** A record in the original for the court, marked confidential, made before the forwarding is stored. */
export interface CourtOriginal {
  readonly itemId: string;
  readonly registrationNumber: string;
  readonly bytes: Uint8Array;
}

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
  readonly kind: (typeof DOCUMENT_KINDS)[number];
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
  'Länken fungerar inte längre: den har gått ut, använts för många gånger eller ersatts av en nyare länk. Hämta en ny länk på statussidan med koden på ditt kvitto.';

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

  /**
   * Every released record as a checked copy; a blocked copy stops the
   * decision (and is audited). A record whose copy already went out in a
   * batch keeps that copy. `part`: only the records released in full and not
   * yet delivered, for a batch ahead of the decision.
   */
  async prepareCopies(
    actor: Actor,
    requestId: string,
    scope: 'decision' | 'part' = 'decision',
  ): Promise<PreparedCopy[]> {
    const em = this.em.fork();
    const released = await em
      .getKysely<RequestsTables>()
      .selectFrom('records_request_item as i')
      .innerJoin('records_request as q', 'q.id', 'i.request_id')
      .select(['i.id', 'i.record_id', 'i.redactions', 'i.concerned_party', 'q.registration_number'])
      .where('i.request_id', '=', requestId)
      .where(
        'i.decision',
        'in',
        scope === 'part' ? ['release'] : ['release', 'release_with_redactions'],
      )
      .where('i.record_id', 'is not', null)
      .$if(scope === 'part', (qb) => qb.where('i.delivered_at', 'is', null))
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('records_request_document as d')
              .select('d.id')
              .whereRef('d.item_id', '=', 'i.id')
              .where('d.kind', '=', 'copy')
              .where('d.superseded_at', 'is', null),
          ),
        ),
      )
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
          toGuardian: item.concerned_party === 'lifted',
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
   * Each record refused or released with passages struck, in the original
   * (nothing struck) and marked confidential on every page: for the court
   * with an appeal, never for the requester. Drawn before the forwarding's
   * transaction, as copies are before a decision's.
   */
  async prepareCourtOriginals(
    actor: Actor,
    requestId: string,
    court: string,
  ): Promise<CourtOriginal[]> {
    const em = this.em.fork();
    const items = await em
      .getKysely<RequestsTables>()
      .selectFrom('records_request_item as i')
      .innerJoin('records_request as q', 'q.id', 'i.request_id')
      .select(['i.id', 'i.record_id', 'q.registration_number'])
      .where('i.request_id', '=', requestId)
      .where('i.decision', 'in', ['refuse', 'release_with_redactions'])
      .where('i.record_id', 'is not', null)
      .$narrowType<{ record_id: NotNull }>()
      .orderBy('i.created_at')
      .orderBy('i.id')
      .execute();
    const originals: CourtOriginal[] = [];
    for (const item of items) {
      const copy = await this.redaction.produceCopy(actor, {
        recordId: item.record_id,
        redactions: [],
        release: null,
        forCourt: true,
      });
      originals.push({
        itemId: item.id,
        registrationNumber: copy.registrationNumber,
        bytes: await markForCourt(
          copy.bytes,
          `SEKRETESSBELAGD – original till ${court}, överklagandet i ${item.registration_number}; lämnas inte ut`,
        ),
      });
    }
    return originals;
  }

  /**
   * The appeal file for the court, inside the forwarding's transaction: the
   * decision and the released copies as they went out (the current ones),
   * where passages were struck and on which ground (never the text), each
   * copy's SHA-256 and the audit entry of the decision that names them; and
   * the originals beside it. Stored with the request's documents; the
   * requester's link never hands them out.
   */
  async storeAppealFile(
    em: EntityManager,
    actor: Actor,
    requestId: string,
    appeal: AppealFileInput['appeal'] & { readonly court: string },
    originals: readonly CourtOriginal[],
    now: Date,
  ): Promise<void> {
    const kysely = em.getKysely<RequestsTables>();
    const [request, documents, items, anchor] = await Promise.all([
      kysely
        .selectFrom('records_request')
        .select('registration_number')
        .where('id', '=', requestId)
        .executeTakeFirstOrThrow(),
      kysely
        .selectFrom('records_request_document')
        .select(['kind', 'title', 'registration_number', 'content'])
        .where('request_id', '=', requestId)
        .where('superseded_at', 'is', null)
        .where('kind', 'in', [...REQUESTER_DOCUMENT_KINDS])
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
      kysely
        .selectFrom('records_request_item')
        .select(['record_id', 'decision', 'redactions', 'refusal_ground'])
        .where('request_id', '=', requestId)
        .where('record_id', 'is not', null)
        .$narrowType<{ record_id: NotNull }>()
        .execute(),
      this.audit.latestFor(em, 'records_request.decided', requestId),
    ]);
    const letter = documents.find((document) => document.kind !== 'copy');
    if (!letter) {
      throw new DomainError(
        ErrorCode.InvalidState,
        'Beslutet saknas bland ärendets handlingar; överklagandet kan inte lämnas över med akten.',
      );
    }
    const described = await this.requestRecords.describe(
      em,
      items.map((item) => item.record_id),
    );
    const records: AppealFileInput['records'][number][] = [];
    for (const item of items) {
      const registrationNumber = described.get(item.record_id)?.registrationNumber;
      if (!registrationNumber || item.decision === null) continue;
      const places =
        item.redactions.length > 0
          ? await this.redaction.fieldPlaces(actor, item.record_id)
          : new Map<string, string>();
      records.push({
        registrationNumber,
        outcome: decisionLabel(item.decision),
        grounds:
          item.decision === 'refuse'
            ? item.refusal_ground !== null
              ? [item.refusal_ground]
              : []
            : [...new Set(item.redactions.map((redaction) => redaction.ground))].sort(),
        struck: item.redactions.map((redaction) => ({
          place: `${places.get(redaction.fieldId) ?? redaction.fieldId}${redaction.span ? '' : ' (hela uppgiften)'}`,
          ground: redaction.ground,
        })),
      });
    }
    records.sort((a, b) => compareText(a.registrationNumber, b.registrationNumber));
    const file = await renderAppealFile({
      municipalityName: this.config.municipality.name,
      requestRegistrationNumber: request.registration_number,
      date: stockholmToday(now),
      court: appeal.court,
      appeal,
      decision: { registrationNumber: letter.registration_number, bytes: letter.content },
      records,
      copies: documents
        .filter((document) => document.kind === 'copy')
        .map((copy) => ({
          title: copy.title,
          sha256: sha256Hex(copy.content),
          bytes: copy.content,
        })),
      anchor: anchor
        ? { id: anchor.id, hash: anchor.hash, at: new Date(anchor.occurredAt).toISOString() }
        : null,
      originals: originals.map((original) => original.registrationNumber),
    });
    await kysely
      .insertInto('records_request_document')
      .values(
        await Promise.all([
          documentRow({
            requestId,
            itemId: null,
            kind: 'appeal_file',
            registrationNumber: null,
            title: `Överklagandeakt till ${appeal.court} (överklagandet kom in ${appeal.receivedOn})`,
            bytes: file,
            now,
            accountId: actor.accountId,
          }),
          ...originals.map((original) =>
            documentRow({
              requestId,
              itemId: original.itemId,
              kind: 'court_original',
              registrationNumber: null,
              title: `${original.registrationNumber} i original till domstolen (sekretessmarkerad)`,
              bytes: original.bytes,
              now,
              accountId: actor.accountId,
            }),
          ),
        ]),
      )
      .execute();
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
   * A batch of copies released in full ahead of the decision, inside the
   * batch's transaction: stored as the request's copies (the decision later
   * lists them and keeps them) and their items marked delivered.
   */
  async storePartCopies(
    em: EntityManager,
    actor: Pick<Actor, 'accountId'>,
    requestId: string,
    copies: readonly PreparedCopy[],
    now: Date,
  ): Promise<void> {
    const kysely = em.getKysely<RequestsTables>();
    await kysely
      .insertInto('records_request_document')
      .values(await Promise.all(copies.map((copy) => copyRow(requestId, copy, now, actor))))
      .execute();
    await kysely
      .updateTable('records_request_item')
      .set({ delivered_at: now })
      .where('request_id', '=', requestId)
      .where(
        'id',
        'in',
        copies.map((copy) => copy.itemId),
      )
      .execute();
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
      .values(
        await documentRow({
          requestId,
          itemId: null,
          kind: 'decision_letter',
          registrationNumber: letterRegistrationNumber,
          title: DISMISSAL_LETTER_TITLE,
          bytes: letter,
          now,
          accountId: actor.accountId,
        }),
      )
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
      .selectFrom('records_request_document as d')
      .select(['d.id', 'd.kind', 'd.title', 'd.registration_number', 'd.pages', 'd.superseded_at'])
      .where('d.request_id', '=', requestId)
      .$if(current, (qb) => qb.where(requesterMaySee))
      .orderBy((eb) => eb('d.superseded_at', 'is not', null))
      .orderBy('d.kind', 'desc')
      .orderBy('d.created_at')
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
   * download limit from the settings. It replaces the request's earlier
   * links (only the newest one works), and a requester may make only
   * `DOWNLOAD_LINK_MAX_PER_REQUEST` of them per delivery: a code in the wrong
   * hands cannot mint fresh limits without end. Null: nothing to fetch (yet).
   */
  async linkForReceipt(key: ReceiptKey | null): Promise<{ token: string; expiresAt: Date } | null> {
    if (!key) {
      return null;
    }
    return this.em.fork().transactional(async (em) => {
      const kysely = em.getKysely<RequestsTables>();
      const request = await kysely
        .selectFrom('records_request')
        .select(['id', 'registration_number'])
        .where('receipt_code_hash', '=', key)
        .where('delivery', '=', 'electronic')
        .where((eb) =>
          eb.or([
            eb('status', '=', 'delivered'),
            // Records released in a batch ahead of the decision can be fetched already.
            eb.exists(
              eb
                .selectFrom('records_request_item as i')
                .select('i.id')
                .whereRef('i.request_id', '=', 'records_request.id')
                .where('i.delivered_at', 'is not', null),
            ),
          ]),
        )
        // Two clicks at once count as two against the cap, never as one each.
        .forUpdate()
        .executeTakeFirst();
      if (!request) {
        return null;
      }
      // Made since the last delivery: a delivery after a reconsideration starts a new allowance.
      const made = await kysely
        .selectFrom('download_link as l')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('l.request_id', '=', request.id)
        .where('l.made_by', '=', 'requester')
        .where(
          'l.created_at',
          '>',
          sql<string>`coalesce(greatest(
            (select r.delivered_at from records_request r where r.id = ${request.id}),
            (select max(i.delivered_at) from records_request_item i where i.request_id = ${request.id})
          ), '-infinity')`,
        )
        .executeTakeFirstOrThrow();
      if (Number(made.count) >= this.config.requests.downloadLinkMaxPerRequest) {
        throw new DomainError(
          ErrorCode.InvalidState,
          `Du har redan fått så många nya länkar som går att få för de här handlingarna. Kontakta Sektor Lärande och ange diarienumret ${request.registration_number}, så hjälper vi dig att få handlingarna.`,
        );
      }
      return this.createLink(em, request.id, request.registration_number, 'requester');
    });
  }

  /**
   * A new link for a request, inside the caller's transaction (status page or
   * delivery e-mail), with the request's row locked. Every earlier link of
   * the request stops working: there is one link at a time.
   */
  async createLink(
    em: EntityManager,
    requestId: string,
    registrationNumber: string,
    madeBy: DownloadLinkMaker = 'delivery',
  ): Promise<{ token: string; expiresAt: Date }> {
    const token = newDownloadToken();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.config.requests.downloadLinkDays * 86_400_000);
    const kysely = em.getKysely<RequestsTables>();
    const replaced = await kysely
      .updateTable('download_link')
      .set({ replaced_at: now })
      .where('request_id', '=', requestId)
      .where('replaced_at', 'is', null)
      .where('expires_at', '>', now.toISOString())
      .executeTakeFirst();
    await kysely
      .insertInto('download_link')
      .values({
        id: randomUUID(),
        request_id: requestId,
        token_hash: hashDownloadToken(token),
        expires_at: expiresAt,
        max_downloads: this.config.requests.downloadLinkMaxDownloads,
        made_by: madeBy,
        created_at: now,
      })
      .execute();
    await this.audit.record(em, {
      action: 'records_request.download_link.created',
      actor: { accountId: null, personId: null },
      targetType: 'records_request',
      targetId: requestId,
      details: {
        registrationNumber,
        madeBy,
        replacedLinks: Number(replaced.numUpdatedRows),
      },
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
    if (!isWellFormedDownloadToken(token)) {
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
        'l.replaced_at',
      ])
      .where('l.token_hash', '=', hashDownloadToken(token));
    const link = await (lock ? query.forUpdate('l') : query).executeTakeFirst();
    if (
      !link ||
      link.expired ||
      link.replaced_at !== null ||
      link.downloads >= link.max_downloads
    ) {
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
          .$if(current, (qb) => qb.where(requesterMaySee))
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

/**
 * What the requester's link hands out: the current letters and copies (a
 * superseded one is no longer theirs to fetch, the court's papers never
 * are); before the request is delivered, only the copies released in a
 * batch ahead of the decision.
 */
function requesterMaySee(eb: ExpressionBuilder<DocumentScope, 'd'>) {
  return eb.and([
    eb('d.superseded_at', 'is', null),
    eb('d.kind', 'in', [...REQUESTER_DOCUMENT_KINDS]),
    eb.or([
      eb.exists(
        eb
          .selectFrom('records_request as r')
          .select('r.id')
          .whereRef('r.id', '=', 'd.request_id')
          .where('r.status', '=', 'delivered'),
      ),
      eb.and([
        eb('d.kind', '=', 'copy'),
        eb.exists(
          eb
            .selectFrom('records_request_item as i')
            .select('i.id')
            .whereRef('i.id', '=', 'd.item_id')
            .where('i.delivered_at', 'is not', null),
        ),
      ]),
    ]),
  ]);
}

type DocumentScope = Omit<RequestsTables, 'records_request_document'> & {
  d: RequestsTables['records_request_document'];
};

/** What a stored letter, copy or court document is made of. */
interface DocumentToStore {
  readonly requestId: string;
  readonly itemId: string | null;
  readonly kind: (typeof DOCUMENT_KINDS)[number];
  readonly registrationNumber: string | null;
  readonly title: string;
  readonly bytes: Uint8Array;
  /** Counted from the PDF when not known. */
  readonly pages?: number;
  readonly now: Date;
  readonly accountId: string | null;
}

/** The `records_request_document` row of a document. */
async function documentRow(document: DocumentToStore) {
  return {
    id: randomUUID(),
    request_id: document.requestId,
    item_id: document.itemId,
    kind: document.kind,
    registration_number: document.registrationNumber,
    title: document.title,
    pages:
      document.pages ??
      (await PDFDocument.load(document.bytes, { updateMetadata: false })).getPageCount(),
    content: Buffer.from(document.bytes),
    created_at: document.now,
    created_by_account_id: document.accountId,
  };
}

/** The `records_request_document` row of a released copy. */
function copyRow(
  requestId: string,
  copy: PreparedCopy,
  now: Date,
  actor: Pick<Actor, 'accountId'>,
) {
  return documentRow({
    requestId,
    itemId: copy.itemId,
    kind: 'copy',
    registrationNumber: null,
    title: `Kopia av ${copy.registrationNumber} (${copy.title})`,
    bytes: copy.bytes,
    pages: copy.pages,
    now,
    accountId: actor.accountId,
  });
}

/** The hex SHA-256 of a stored document, as the appeal file and the decision's audit entry cite it. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
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
  switch (kind) {
    case 'copy':
      return `kopia-${itemId !== null ? itemId.slice(0, 8) : 'handling'}.pdf`;
    case 'appeal_file':
      return `overklagandeakt-${itemId ?? 'akt'}.pdf`;
    case 'court_original':
      return `original-till-domstolen-${itemId !== null ? itemId.slice(0, 8) : 'handling'}.pdf`;
    default:
      return `beslut-${registrationNumber ?? 'brev'}.pdf`;
  }
}

/** The other modules' answers a decision letter needs: the records' numbers and titles, the drafts' periods. */
export interface DecisionLookups {
  readonly records: RequestRecords;
  readonly plans: RequestPlans;
  /** Names the approvers (four eyes); a stateless default when not given. */
  readonly accounts?: ReviewerAccounts;
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
  const { input, kind, feeKr, pages } = await composeDecisionLetter(
    em,
    config,
    actor,
    requestId,
    copies,
    now,
    () => records.nextRegistrationNumber(em, 'BES', now),
    lookups,
  );
  const letterRegistrationNumber = input.letterRegistrationNumber;
  const letter = await renderLetterPdf(
    input,
    parseLetter(letterText(input, config.paths.templates)),
  );
  // The letter and the copies in one insert.
  await kysely
    .insertInto('records_request_document')
    .values(
      await Promise.all([
        documentRow({
          requestId,
          itemId: null,
          kind: kind === 'decision' ? 'decision_letter' : 'cover_letter',
          registrationNumber: letterRegistrationNumber,
          title: letterTitle(kind),
          bytes: letter,
          now,
          accountId: actor.accountId,
        }),
        ...copies.map((copy) => copyRow(requestId, copy, now, actor)),
      ]),
    )
    .execute();
  await kysely
    .updateTable('records_request')
    .set({ fee_kr: feeKr })
    .where('id', '=', requestId)
    .execute();
  return { letterRegistrationNumber, feeKr, pages, appealable: kind === 'decision' };
}

/**
 * What a completion's letter says, and which kind it is, from the request as it stands: the
 * letter `storeDecisionDocuments` registers, and the preview the reviewer confirms it from
 * (`letterNumber` then gives no number: none is taken before the decision stands).
 */
export async function composeDecisionLetter(
  em: EntityManager,
  config: AppConfig,
  actor: Pick<Actor, 'displayName'>,
  requestId: string,
  copies: readonly Pick<PreparedCopy, 'pages'>[],
  now: Date,
  letterNumber: () => Promise<string>,
  lookups: DecisionLookups = { records: new RequestRecords(), plans: new RequestPlans() },
): Promise<{ input: LetterInput; kind: LetterKind; feeKr: number; pages: number }> {
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
    .select([
      'decision',
      'redactions',
      'refusal_ground',
      'reasons',
      'kind',
      'record_id',
      'plan_id',
      'delivered_at',
      'concerned_party',
      'version',
      'approved_by_account_id',
      'approved_at',
      'approved_for_version',
    ])
    .where('request_id', '=', requestId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const recordIds = rows.flatMap((item) => (item.record_id ? [item.record_id] : []));
  const planIds = rows.flatMap((item) => (item.plan_id ? [item.plan_id] : []));
  const [described, periods, approvers] = await Promise.all([
    lookups.records.describe(em, recordIds),
    lookups.plans.periodsOf(em, planIds),
    (lookups.accounts ?? new ReviewerAccounts(new StaffNames())).namesOf(
      em,
      rows.flatMap((item) =>
        needsApproval(item.decision) && isApproved(item) && item.approved_by_account_id
          ? [item.approved_by_account_id]
          : [],
      ),
    ),
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
      // pg hands a timestamptz over as text here; new Date reads either.
      deliveredOn: item.delivered_at ? stockholmToday(new Date(item.delivered_at)) : null,
      concernedParty: item.concerned_party,
      // Four eyes: the approval of a refusal or redactions still standing, in the letter's record.
      approval:
        needsApproval(decision) &&
        isApproved(item) &&
        item.approved_by_account_id &&
        item.approved_at
          ? {
              name: approvers.get(item.approved_by_account_id) ?? 'en annan handläggare',
              // pg hands a timestamptz over as text here; new Date reads either.
              at: formatStockholmMinute(new Date(item.approved_at)),
            }
          : null,
    };
  });
  const delivery = request.delivery;
  // The copies already out in batches count toward the pages and the fee with the new ones.
  const earlier = await kysely
    .selectFrom('records_request_document')
    .select((eb) =>
      eb.cast<number>(eb.fn.coalesce(eb.fn.sum('pages'), eb.lit(0)), 'integer').as('pages'),
    )
    .where('request_id', '=', requestId)
    .where('kind', '=', 'copy')
    .where('superseded_at', 'is', null)
    .executeTakeFirstOrThrow();
  const pages = earlier.pages + copies.reduce((sum, copy) => sum + copy.pages, 0);
  const feeKr = copyFee(delivery, pages, config.requests.tariff);
  const letterRegistrationNumber = await letterNumber();
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
  return { input, kind, feeKr, pages };
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
      .where('kind', 'in', ['decision_letter', 'cover_letter'])
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
