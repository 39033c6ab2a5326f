import { createHash, randomBytes, randomUUID } from 'node:crypto';

import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { PDFDocument } from '@cantoo/pdf-lib';

import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { DomainError, ErrorCode, NotFoundError } from '../common/errors/domain-error';
import { stockholmToday } from '../common/stockholm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { isUuid } from '../common/uuid';
import { RecordsService } from '../records/records.service';
import type { Redaction } from '../redaction/apply-redactions';
import { RedactionService } from '../redaction/redaction.service';
import { copyFee, Payment, paymentFor } from './fees';
import {
  letterKind,
  LetterRecord,
  letterText,
  parseLetter,
  renderLetterPdf,
} from './letters/letter';
import { hashReceiptCode, normaliseReceiptCode } from './receipt-code';
import type { Decision, DeliveryMethod } from './request-lifecycle';

type Row = Record<string, unknown>;

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
const AWAITING_POST = `r.status = 'decided' and r.delivery = 'paper'`;

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
    private readonly redaction: RedactionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Every released record as a checked copy; a blocked copy stops the decision (and is audited). */
  async prepareCopies(
    actor: Actor,
    requestId: string,
    requestIdForAudit: string | null,
  ): Promise<PreparedCopy[]> {
    const em = this.em.fork();
    const [request] = await em.execute<Row[]>(
      'select registration_number from records_request where id = ?',
      [requestId],
    );
    const items = await em.execute<Row[]>(
      `select i.id, i.record_id, i.redactions, r.registration_number, r.title
         from records_request_item i join public_record r on r.id = i.record_id
        where i.request_id = ? and i.decision in ('release', 'release_with_redactions')
        order by r.registration_number`,
      [requestId],
    );
    const copies: PreparedCopy[] = [];
    for (const item of items) {
      const copy = await this.redaction.produceCopy(
        actor,
        {
          recordId: String(item.record_id),
          redactions: (item.redactions as Redaction[] | null) ?? [],
          release: {
            registrationNumber: String(request?.registration_number),
            date: stockholmToday(new Date()),
          },
        },
        requestIdForAudit,
      );
      copies.push({
        itemId: String(item.id),
        registrationNumber: String(item.registration_number),
        title: String(item.title),
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
    return storeDecisionDocuments(em, this.records, this.config, actor, requestId, copies, now);
  }

  /** How many requests wait on the post list. */
  async countToPost(): Promise<number> {
    const [row] = await this.em
      .fork()
      .execute<Row[]>(
        `select count(*)::int as waiting from records_request r where ${AWAITING_POST}`,
      );
    return Number(row?.waiting ?? 0);
  }

  /**
   * The post list: decided requests for paper copies not yet sent, oldest
   * decision first, with the recipient, what goes in the envelope, the fee
   * and how it is paid (invoice only with consent, else paid in advance).
   */
  async postList(): Promise<PostItem[]> {
    const rows = await this.em.fork().execute<Row[]>(
      `select r.id, r.registration_number, r.contact_name, r.postal_address, r.fee_kr,
              r.invoice_consent_at, r.decided_at,
              count(d.id) filter (where d.kind = 'copy')::int as copies,
              coalesce(sum(d.pages), 0)::int as pages,
              max(d.registration_number) filter (where d.kind <> 'copy') as letter
         from records_request r
         left join records_request_document d on d.request_id = r.id
        where ${AWAITING_POST}
        group by r.id
        order by r.decided_at, r.registration_number
        limit 500`,
    );
    return rows.map((row) => {
      const feeKr = Number(row.fee_kr ?? 0);
      return {
        requestId: String(row.id),
        registrationNumber: String(row.registration_number),
        recipient: typeof row.contact_name === 'string' ? row.contact_name : null,
        postalAddress: typeof row.postal_address === 'string' ? row.postal_address : '',
        letter: typeof row.letter === 'string' ? row.letter : null,
        copies: Number(row.copies),
        pages: Number(row.pages),
        feeKr,
        payment: paymentFor('paper', feeKr, Boolean(row.invoice_consent_at)),
        decidedOn: stockholmToday(new Date(String(row.decided_at))),
      };
    });
  }

  /** The documents of a request, for the reviewer's page. */
  async documents(requestId: string): Promise<DeliveredDocument[]> {
    const rows = await this.em.fork().execute<Row[]>(
      `select id, kind, title, registration_number, pages from records_request_document
        where request_id = ? order by kind desc, created_at`,
      [requestId],
    );
    return rows.map(toDocument);
  }

  /** A document's bytes for the reviewer (the caller has checked the access policy). */
  async documentForReviewer(requestId: string, documentId: string): Promise<StoredDocument> {
    return findDocument(this.em.fork(), requestId, documentId);
  }

  /**
   * A new download link for the requester who shows their receipt code on
   * the status page: 256 random bits, only the hash kept, an expiry and a
   * download limit from the settings.
   */
  async linkForReceiptCode(
    code: string,
    requestIdForAudit: string | null,
  ): Promise<{ token: string; expiresAt: Date } | null> {
    const normalised = normaliseReceiptCode(code);
    if (!normalised) {
      return null;
    }
    return this.em.fork().transactional(async (em) => {
      const [request] = await em.execute<Row[]>(
        `select id, registration_number from records_request
          where receipt_code_hash = ? and status = 'delivered' and delivery = 'electronic'`,
        [hashReceiptCode(normalised)],
      );
      if (!request) {
        return null;
      }
      return this.createLink(
        em,
        String(request.id),
        String(request.registration_number),
        requestIdForAudit,
      );
    });
  }

  /** A new link for a request, inside the caller's transaction (status page or delivery e-mail). */
  async createLink(
    em: EntityManager,
    requestId: string,
    registrationNumber: string,
    requestIdForAudit: string | null,
  ): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.config.requests.downloadLinkDays * 86_400_000);
    await em.execute(
      `insert into download_link (id, request_id, token_hash, expires_at, max_downloads, created_at) values (?, ?, ?, ?, ?, ?)`,
      [
        randomUUID(),
        requestId,
        hashToken(token),
        expiresAt,
        this.config.requests.downloadLinkMaxDownloads,
        now,
      ],
    );
    await this.audit.record(em, {
      action: 'records_request.download_link.created',
      actor: { accountId: null, personId: null },
      targetType: 'records_request',
      targetId: requestId,
      details: { registrationNumber },
      requestId: requestIdForAudit,
    });
    return { token, expiresAt };
  }

  /** What a link opens: the request's letter and copies, while the link is valid. */
  async documentsForLink(
    token: string,
  ): Promise<{ registrationNumber: string; expiresAt: Date; documents: DeliveredDocument[] }> {
    const link = await this.findLink(this.em.fork(), token, false);
    return {
      registrationNumber: String(link.registration_number),
      expiresAt: new Date(String(link.expires_at)),
      documents: await this.documents(String(link.request_id)),
    };
  }

  /** One download through a link: counted against its limit and audited. */
  async download(
    token: string,
    documentId: string,
    requestIdForAudit: string | null,
  ): Promise<StoredDocument> {
    return this.em.fork().transactional(async (em) => {
      const link = await this.findLink(em, token, true);
      const document = await findDocument(em, String(link.request_id), documentId);
      await em.execute('update download_link set downloads = downloads + 1 where id = ?', [
        link.id,
      ]);
      await this.audit.record(em, {
        action: 'records_request.document.downloaded',
        actor: { accountId: null, personId: null },
        pupilId: document.pupilId,
        targetType: 'records_request',
        targetId: String(link.request_id),
        details: {
          kind: document.kind,
          document: documentId,
          downloads: Number(link.downloads) + 1,
        },
        requestId: requestIdForAudit,
      });
      return document;
    });
  }

  private async findLink(em: EntityManager, token: string, lock: boolean): Promise<Row> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) {
      throw new DomainError(ErrorCode.NotFound, LINK_GONE);
    }
    const [link] = await em.execute<Row[]>(
      `select l.id, l.request_id, l.expires_at, l.max_downloads, l.downloads, r.registration_number,
              l.expires_at <= now() as expired
         from download_link l join records_request r on r.id = l.request_id
        where l.token_hash = ? ${lock ? 'for update of l' : ''}`,
      [hashToken(token)],
    );
    if (!link || link.expired === true || Number(link.downloads) >= Number(link.max_downloads)) {
      throw new DomainError(ErrorCode.Gone, LINK_GONE);
    }
    return link;
  }
}

export interface StoredDocument {
  readonly bytes: Uint8Array;
  readonly name: string;
  readonly kind: string;
  /** The pupil a copy is about (none for a letter), for the audit entry. */
  readonly pupilId: string | null;
}

/** A letter or copy of the request; 404 for anything else (another request's, or no id at all). */
async function findDocument(
  em: EntityManager,
  requestId: string,
  documentId: string,
): Promise<StoredDocument> {
  const [row] = isUuid(documentId)
    ? await em.execute<Row[]>(
        `select d.content, d.registration_number, d.kind, d.item_id, r.pupil_id
           from records_request_document d
           left join records_request_item i on i.id = d.item_id
           left join public_record r on r.id = i.record_id
          where d.id = ? and d.request_id = ?`,
        [documentId, requestId],
      )
    : [];
  if (!row) {
    throw new NotFoundError('Dokumentet finns inte.');
  }
  return {
    bytes: row.content as Uint8Array,
    name: documentName(row),
    kind: String(row.kind),
    pupilId: typeof row.pupil_id === 'string' ? row.pupil_id : null,
  };
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function toDocument(row: Row): DeliveredDocument {
  return {
    id: String(row.id),
    kind: row.kind as DeliveredDocument['kind'],
    title: String(row.title),
    registrationNumber:
      typeof row.registration_number === 'string' ? row.registration_number : null,
    pages: Number(row.pages),
  };
}

/** A file name that names no one: the kind and a registration number. */
function documentName(row: Row): string {
  const number = typeof row.registration_number === 'string' ? row.registration_number : null;
  return row.kind === 'copy'
    ? `kopia-${typeof row.item_id === 'string' ? row.item_id.slice(0, 8) : 'handling'}.pdf`
    : `beslut-${number ?? 'brev'}.pdf`;
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
): Promise<{
  letterRegistrationNumber: string;
  feeKr: number;
  pages: number;
  appealable: boolean;
}> {
  const [request] = await em.execute<Row[]>(
    `select registration_number, description, received_on::text as received_on, delivery, contact_name, postal_address
       from records_request where id = ?`,
    [requestId],
  );
  const items = await em.execute<Row[]>(
    `select i.decision, i.redactions, i.refusal_ground, i.reasons, i.kind, r.registration_number, r.title, p.period
       from records_request_item i left join public_record r on r.id = i.record_id
       left join plan p on p.id = i.plan_id
      where i.request_id = ? order by i.kind desc, r.registration_number nulls last`,
    [requestId],
  );
  const letterRecords: LetterRecord[] = items.map((item) => {
    const decision = item.decision as Decision;
    const redactions = (item.redactions as Redaction[] | null) ?? [];
    return {
      registrationNumber:
        typeof item.registration_number === 'string' ? item.registration_number : null,
      title:
        typeof item.title === 'string'
          ? item.title
          : `Utkast till utvecklingsplan ${typeof item.period === 'string' ? item.period : ''}`.trim(),
      decision,
      grounds:
        decision === 'refuse'
          ? [String(item.refusal_ground)]
          : [...new Set(redactions.map((redaction) => redaction.ground))].sort(),
      redactionCount: redactions.length,
      reasons: typeof item.reasons === 'string' ? item.reasons : null,
    };
  });
  const delivery = request?.delivery as DeliveryMethod;
  const pages = copies.reduce((sum, copy) => sum + copy.pages, 0);
  const feeKr = copyFee(delivery, pages, config.requests.tariff);
  const letterRegistrationNumber = await records.nextRegistrationNumber(em, 'BES', now);
  const kind = letterKind(letterRecords);
  const input = {
    municipalityName: config.municipality.name,
    letterRegistrationNumber,
    requestRegistrationNumber: String(request?.registration_number),
    date: stockholmToday(now),
    receivedOn: String(request?.received_on),
    description: String(request?.description),
    recipient: {
      name: typeof request?.contact_name === 'string' ? request.contact_name : null,
      postalAddress: typeof request?.postal_address === 'string' ? request.postal_address : null,
    },
    records: letterRecords,
    decisionMaker: { name: actor.displayName, title: 'handläggare vid Sektor Lärande' },
    delegation: config.requests.delegation,
    appealCourt: config.requests.appealCourt,
    delivery,
    pages,
    feeKr,
  };
  const letter = await renderLetterPdf(
    input,
    parseLetter(letterText(input, config.paths.templates)),
  );
  const letterTitle =
    kind === 'decision'
      ? 'Beslut om utlämnande av allmänna handlingar'
      : 'Utlämnande av allmänna handlingar';
  await insertDocument(
    em,
    requestId,
    null,
    kind === 'decision' ? 'decision_letter' : 'cover_letter',
    letterRegistrationNumber,
    letterTitle,
    (await PDFDocument.load(letter, { updateMetadata: false })).getPageCount(),
    letter,
    actor,
    now,
  );
  for (const copy of copies) {
    await insertDocument(
      em,
      requestId,
      copy.itemId,
      'copy',
      null,
      `Kopia av ${copy.registrationNumber} (${copy.title})`,
      copy.pages,
      copy.bytes,
      actor,
      now,
    );
  }
  await em.execute('update records_request set fee_kr = ? where id = ?', [feeKr, requestId]);
  return { letterRegistrationNumber, feeKr, pages, appealable: kind === 'decision' };
}

async function insertDocument(
  em: EntityManager,
  requestId: string,
  itemId: string | null,
  kind: DeliveredDocument['kind'],
  registrationNumber: string | null,
  title: string,
  pages: number,
  content: Uint8Array,
  actor: Pick<Actor, 'accountId'>,
  now: Date,
): Promise<void> {
  await em.execute(
    `insert into records_request_document (id, request_id, item_id, kind, registration_number, title, pages, content,
       created_at, created_by_account_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      randomUUID(),
      requestId,
      itemId,
      kind,
      registrationNumber,
      title,
      pages,
      Buffer.from(content),
      now,
      actor.accountId,
    ],
  );
}
