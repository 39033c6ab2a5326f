import { randomUUID } from 'node:crypto';

import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'kysely';

import { AuditService } from '../audit/audit.service';
import { auditActor } from '../auth/actor';
import type { Actor } from '../auth/actor';
import { DomainError, ErrorCode, NotFoundError } from '../common/errors/domain-error';
import {
  hashDownloadToken,
  isWellFormedDownloadToken,
  newDownloadToken,
} from '../common/http/download-token';
import { stockholmToday } from '../common/stockholm';
import { isUuid } from '../common/uuid';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { extractDueOn } from './extract-deadline';
import { ExtractFile, ExtractFormat, extractFileName } from './extract-production.service';
import { ownStatusText } from './extract-views';
import type { RegisterExtractTables } from './register-extract.entities';

/** One of the person's own extracts, on their page. */
export interface OwnExtractView {
  readonly id: string;
  readonly requestedOn: string;
  readonly dueOn: string;
  readonly statusText: string;
  readonly sentOn: string | null;
  readonly canFetch: boolean;
}

const NOT_READY = 'Registerutdraget finns inte, eller är inte klart att hämta ännu.';
const LINK_GONE =
  'Länken fungerar inte längre: den har gått ut, använts för många gånger eller ersatts av en nyare länk. Hämta en ny länk på sidan Registerutdrag.';

/**
 * The person's side of register extracts: asking for one (a signed-in guardian or pupil,
 * from their own pages), seeing how it goes, and fetching it once Sektor Lärande has sent
 * it, through a download link made the way released copies' links are (256 random bits,
 * only the hash kept, an expiry and a download limit from the same settings, one working
 * link at a time) and opened only by the person it is about.
 */
@Injectable()
export class OwnExtractsService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async listOwn(actor: Actor): Promise<OwnExtractView[]> {
    const rows = await this.em
      .fork()
      .getKysely<RegisterExtractTables>()
      .selectFrom('register_extract')
      .select((eb) => [
        'id',
        'requested_at',
        sql<string>`due_on::text`.as('due_on'),
        'status',
        'sent_at',
        eb('pdf', 'is not', null).$castTo<boolean>().as('has_files'),
      ])
      .where('person_id', '=', actor.personId)
      .orderBy('requested_at', 'desc')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      requestedOn: stockholmToday(new Date(row.requested_at)),
      dueOn: row.due_on,
      statusText: ownStatusText(row.status, row.has_files),
      sentOn: row.sent_at ? stockholmToday(new Date(row.sent_at)) : null,
      canFetch: row.status === 'sent' && row.has_files,
    }));
  }

  /**
   * The person asks for their register extract. One open request at a time: asking again
   * while one is on its way answers with that one.
   */
  async ask(actor: Actor): Promise<{ id: string; isNew: boolean }> {
    return this.em.fork().transactional(async (em) => {
      const db = em.getKysely<RegisterExtractTables>();
      // Two clicks at once: the person's rows are read under a lock on the advisory key.
      await sql`select pg_advisory_xact_lock(hashtext(${`register_extract:${actor.personId}`}))`.execute(
        db,
      );
      const open = await db
        .selectFrom('register_extract')
        .select('id')
        .where('person_id', '=', actor.personId)
        .where('status', '<>', 'sent')
        .executeTakeFirst();
      if (open) {
        return { id: open.id, isNew: false };
      }
      const id = randomUUID();
      const now = new Date();
      await db
        .insertInto('register_extract')
        .values({
          id,
          person_id: actor.personId,
          asked_by: 'person',
          requested_by_account_id: actor.accountId,
          requested_at: now,
          due_on: extractDueOn(stockholmToday(now)),
          status: 'requested',
          produced_by_account_id: null,
          produced_at: null,
          sent_by_account_id: null,
          sent_at: null,
          pdf: null,
          json: null,
          failure: null,
        })
        .execute();
      await this.audit.record(em, {
        action: 'register_extract.requested',
        actor: auditActor(actor),
        targetType: 'register_extract',
        targetId: id,
      });
      return { id, isNew: true };
    });
  }

  /** A new link to the person's sent extract; the link made before stops working. */
  async makeLink(actor: Actor, extractId: string): Promise<{ token: string; expiresAt: Date }> {
    return this.em.fork().transactional(async (em) => {
      const db = em.getKysely<RegisterExtractTables>();
      const extract = isUuid(extractId)
        ? await db
            .selectFrom('register_extract')
            .select('id')
            .where('id', '=', extractId)
            .where('person_id', '=', actor.personId)
            .where('status', '=', 'sent')
            .where('pdf', 'is not', null)
            .forUpdate()
            .executeTakeFirst()
        : undefined;
      if (!extract) {
        throw new NotFoundError(NOT_READY);
      }
      const token = newDownloadToken();
      const now = new Date();
      const expiresAt = new Date(
        now.getTime() + this.config.requests.downloadLinkDays * 86_400_000,
      );
      const replaced = await db
        .updateTable('register_extract_link')
        .set({ replaced_at: now })
        .where('extract_id', '=', extractId)
        .where('replaced_at', 'is', null)
        .executeTakeFirst();
      await db
        .insertInto('register_extract_link')
        .values({
          id: randomUUID(),
          extract_id: extractId,
          token_hash: hashDownloadToken(token),
          expires_at: expiresAt,
          max_downloads: this.config.requests.downloadLinkMaxDownloads,
          replaced_at: null,
          created_at: now,
        })
        .execute();
      await this.audit.record(em, {
        action: 'register_extract.download_link.created',
        actor: auditActor(actor),
        targetType: 'register_extract',
        targetId: extractId,
        details: { replacedLinks: Number(replaced.numUpdatedRows) },
      });
      return { token, expiresAt };
    });
  }

  /** What a link opens, while it works: the PDF and the JSON file. */
  async filesForLink(
    actor: Actor,
    token: string,
  ): Promise<{ expiresAt: Date; formats: readonly ExtractFormat[] }> {
    const link = await this.findLink(this.em.fork(), actor, token, false);
    return { expiresAt: new Date(link.expires_at), formats: ['pdf', 'json'] };
  }

  /** One download through a link: counted against its limit and audited. */
  async download(actor: Actor, token: string, format: string): Promise<ExtractFile> {
    if (format !== 'pdf' && format !== 'json') {
      throw new NotFoundError('Filen finns inte.');
    }
    return this.em.fork().transactional(async (em) => {
      const link = await this.findLink(em, actor, token, true);
      const db = em.getKysely<RegisterExtractTables>();
      const file = await db
        .selectFrom('register_extract')
        .select([format, 'produced_at'])
        .where('id', '=', link.extract_id)
        .executeTakeFirstOrThrow();
      const bytes = (file as Record<ExtractFormat, Buffer | null>)[format];
      if (!bytes) {
        throw new NotFoundError('Filen finns inte.');
      }
      await db
        .updateTable('register_extract_link')
        .set((eb) => ({ downloads: eb('downloads', '+', 1) }))
        .where('id', '=', link.id)
        .execute();
      await this.audit.record(em, {
        action: 'register_extract.downloaded',
        actor: auditActor(actor),
        targetType: 'register_extract',
        targetId: link.extract_id,
        details: { format, downloads: link.downloads + 1 },
      });
      return {
        bytes,
        name: extractFileName(
          format,
          file.produced_at ? new Date(file.produced_at).toISOString() : null,
        ),
        type: format === 'pdf' ? 'application/pdf' : 'application/json; charset=utf-8',
      };
    });
  }

  /**
   * The link, if it works and is the person's own: someone else's link answers "not found",
   * an expired, used-up or replaced one "gone".
   */
  private async findLink(em: EntityManager, actor: Actor, token: string, lock: boolean) {
    if (!isWellFormedDownloadToken(token)) {
      throw new NotFoundError(LINK_GONE);
    }
    const query = em
      .getKysely<RegisterExtractTables>()
      .selectFrom('register_extract_link as l')
      .innerJoin('register_extract as x', 'x.id', 'l.extract_id')
      .select([
        'l.id',
        'l.extract_id',
        'l.expires_at',
        'l.max_downloads',
        'l.downloads',
        'l.replaced_at',
        'x.person_id',
        sql<boolean>`l.expires_at <= now()`.as('expired'),
      ])
      .where('l.token_hash', '=', hashDownloadToken(token));
    const link = await (lock ? query.forUpdate('l') : query).executeTakeFirst();
    if (!link || link.person_id !== actor.personId) {
      throw new NotFoundError(LINK_GONE);
    }
    if (link.expired || link.replaced_at !== null || link.downloads >= link.max_downloads) {
      throw new DomainError(ErrorCode.Gone, LINK_GONE);
    }
    return link;
  }
}
