import { randomUUID } from 'node:crypto';

import { EntityManager } from '@mikro-orm/postgresql';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { type Kysely, sql } from 'kysely';

import { AuditService } from '../audit/audit.service';
import { auditActor } from '../auth/actor';
import type { Actor } from '../auth/actor';
import { DomainError, ErrorCode, NotFoundError } from '../common/errors/domain-error';
import { stockholmToday } from '../common/stockholm';
import { isUuid } from '../common/uuid';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { PersonNamesQueries } from '../directory/person-names.queries';
import { PersonFound, PersonRegisterQueries } from '../directory/person-register.queries';
import { EmailService } from '../email/email.service';
import { GuardiansQueries } from '../guardians/guardians.queries';
import { QUEUE_ADD_WAIT_MS, within } from '../queue/within';
import { extractDueOn } from './extract-deadline';
import { buildExtractDocument, extractJson } from './extract-document';
import { renderExtractPdf } from './extract-pdf';
import { ExtractSourcesCollector } from './extract-sources';
import { ExtractRow, ExtractView, toExtractView } from './extract-views';
import type { RegisterExtractTables } from './register-extract.entities';
import {
  ProduceExtractPayload,
  REGISTER_EXTRACT_QUEUE,
  RegisterExtractJob,
} from './register-extract.jobs';

export const EXTRACT_NOT_FOUND = 'Registerutdraget finns inte.';
const PERSON_NOT_FOUND = 'Personen finns inte.';
const FAILED_TEXT = 'Registerutdraget kunde inte tas fram. Försök igen.';

export type ExtractFormat = 'pdf' | 'json';

export interface ExtractFile {
  readonly bytes: Uint8Array;
  readonly name: string;
  readonly type: string;
}

/** One extract with the person's name, for Sektor Lärande's pages. */
export interface NamedExtractView extends ExtractView {
  readonly personName: string;
}

export interface PersonFoundWithExtract extends PersonFound {
  /** An extract of the person not yet sent, if there is one. */
  readonly openExtractId: string | null;
}

/** The file's name: the kind and the day, never the person's name. */
export function extractFileName(format: ExtractFormat, producedAt: string | null): string {
  const day = producedAt ? stockholmToday(new Date(producedAt)) : 'utkast';
  return `registerutdrag-${day}.${format}`;
}

/**
 * Sektor Lärande's side of register extracts (GDPR art. 15): the list of requests with their
 * deadlines, finding a person, starting the job, following its progress, reading the files
 * and marking the extract sent (the person is told by e-mail that it is ready, nothing more).
 * The job itself (`produce`) gathers, renders and stores. The route guard has asked the
 * access policy (`registerExtract.produce`); every read and change here is audited.
 */
@Injectable()
export class ExtractProductionService {
  private readonly logger = new Logger(ExtractProductionService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    @InjectQueue(REGISTER_EXTRACT_QUEUE) private readonly queue: Queue<ProduceExtractPayload>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly persons: PersonRegisterQueries,
    private readonly names: PersonNamesQueries,
    private readonly collector: ExtractSourcesCollector,
    private readonly contacts: GuardiansQueries,
    private readonly email: EmailService,
  ) {}

  /** Every extract not yet sent, the oldest deadline first, then the latest sent. */
  async listExtracts(actor: Actor): Promise<{
    open: NamedExtractView[];
    sent: NamedExtractView[];
  }> {
    const db = this.em.fork().getKysely<RegisterExtractTables>();
    const [open, sent] = await Promise.all([
      this.selectView(db).where('status', '<>', 'sent').orderBy('due_on').limit(500).execute(),
      this.selectView(db)
        .where('status', '=', 'sent')
        .orderBy('sent_at', 'desc')
        .limit(20)
        .execute(),
    ]);
    const named = await this.withNames([...open, ...sent]);
    await this.audit.recordNow({
      action: 'register_extract.list.read',
      actor: auditActor(actor),
      details: { open: open.length, sent: sent.length },
    });
    return {
      open: named.filter((view) => view.status !== 'sent'),
      sent: named.filter((view) => view.status === 'sent'),
    };
  }

  /** Persons by name or personal identity number; the term is never written to the log. */
  async searchPersons(actor: Actor, term: string): Promise<PersonFoundWithExtract[]> {
    const found = term.trim() === '' ? [] : await this.persons.searchPersons(term.slice(0, 200));
    const open = found.length
      ? await this.em
          .fork()
          .getKysely<RegisterExtractTables>()
          .selectFrom('register_extract')
          .select(['id', 'person_id'])
          .where(
            'person_id',
            'in',
            found.map((person) => person.id),
          )
          .where('status', '<>', 'sent')
          .execute()
      : [];
    await this.audit.recordNow({
      action: 'register_extract.person.searched',
      actor: auditActor(actor),
      details: { found: found.length },
    });
    return found.map((person) => ({
      ...person,
      openExtractId: open.find((row) => row.person_id === person.id)?.id ?? null,
    }));
  }

  /**
   * Starts an extract for a person: the one they asked for if it waits, else a new one
   * (an extract already on its way is answered as it is).
   */
  async startForPerson(actor: Actor, personId: string): Promise<string> {
    const name = await this.persons.findPersonName(personId);
    if (name === null) {
      throw new NotFoundError(PERSON_NOT_FOUND);
    }
    const { id, queued } = await this.em.fork().transactional(async (em) => {
      const db = em.getKysely<RegisterExtractTables>();
      const open = await db
        .selectFrom('register_extract')
        .select(['id', 'status'])
        .where('person_id', '=', personId)
        .where('status', '<>', 'sent')
        .orderBy('requested_at')
        .forUpdate()
        .executeTakeFirst();
      if (open && !['requested', 'failed'].includes(open.status)) {
        return { id: open.id, queued: false };
      }
      const now = new Date();
      const extractId = open?.id ?? randomUUID();
      if (open) {
        await this.queueRow(em, open.id, actor);
      } else {
        await db
          .insertInto('register_extract')
          .values({
            id: extractId,
            person_id: personId,
            asked_by: 'staff',
            requested_by_account_id: actor.accountId,
            requested_at: now,
            due_on: extractDueOn(stockholmToday(now)),
            status: 'queued',
            produced_by_account_id: actor.accountId,
            produced_at: null,
            sent_by_account_id: null,
            sent_at: null,
            pdf: null,
            json: null,
            failure: null,
          })
          .execute();
      }
      await this.audit.record(em, {
        action: 'register_extract.started',
        actor: auditActor(actor),
        targetType: 'register_extract',
        targetId: extractId,
        details: { person: personId },
      });
      return { id: extractId, queued: true };
    });
    if (queued) {
      await this.enqueue(id);
    }
    return id;
  }

  /** Starts (or starts again, after a failure) an extract a person asked for. */
  async start(actor: Actor, extractId: string): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      const row = await this.lockRow(em, extractId);
      if (!['requested', 'failed'].includes(row.status)) {
        throw new DomainError(
          ErrorCode.InvalidState,
          'Registerutdraget är redan påbörjat eller klart.',
        );
      }
      await this.queueRow(em, extractId, actor);
      await this.audit.record(em, {
        action: 'register_extract.started',
        actor: auditActor(actor),
        targetType: 'register_extract',
        targetId: extractId,
        details: { person: row.person_id },
      });
    });
    await this.enqueue(extractId);
  }

  async readExtract(actor: Actor, extractId: string): Promise<NamedExtractView> {
    const row = isUuid(extractId)
      ? await this.selectView(this.em.fork().getKysely<RegisterExtractTables>())
          .where('id', '=', extractId)
          .executeTakeFirst()
      : undefined;
    if (!row) {
      throw new NotFoundError(EXTRACT_NOT_FOUND);
    }
    await this.audit.recordNow({
      action: 'register_extract.read',
      actor: auditActor(actor),
      targetType: 'register_extract',
      targetId: extractId,
    });
    const [named] = await this.withNames([row]);
    return named;
  }

  /** The PDF or the JSON file, for Sektor Lärande to check (or post) before sending. */
  async readFile(actor: Actor, extractId: string, format: string): Promise<ExtractFile> {
    const file = await this.findFile(extractId, format);
    await this.audit.recordNow({
      action: 'register_extract.file.read',
      actor: auditActor(actor),
      targetType: 'register_extract',
      targetId: extractId,
      details: { format: file.format },
    });
    return file;
  }

  /**
   * Marks the extract sent: from now on the person can fetch it from their page. They are
   * told by e-mail that it is ready (without any of its content) when an address is known.
   */
  async markSent(actor: Actor, extractId: string): Promise<{ emailed: boolean }> {
    const emails = await this.em.fork().transactional(async (em) => {
      const row = await this.lockRow(em, extractId);
      if (row.status !== 'ready') {
        throw new DomainError(
          ErrorCode.InvalidState,
          row.status === 'sent'
            ? 'Registerutdraget är redan skickat.'
            : 'Registerutdraget är inte klart ännu.',
        );
      }
      await em
        .getKysely<RegisterExtractTables>()
        .updateTable('register_extract')
        .set({ status: 'sent', sent_at: new Date(), sent_by_account_id: actor.accountId })
        .where('id', '=', extractId)
        .execute();
      const address = await this.addressOf(row.person_id);
      const written = address
        ? [
            await this.email.write(em, {
              to: address,
              kind: 'register_extract_ready',
              requestId: null,
              context: {},
            }),
          ]
        : [];
      await this.audit.record(em, {
        action: 'register_extract.sent',
        actor: auditActor(actor),
        targetType: 'register_extract',
        targetId: extractId,
        details: { person: row.person_id, emailed: written.length > 0 },
      });
      return written;
    });
    await this.email.dispatch(emails);
    return { emailed: emails.length > 0 };
  }

  /**
   * The job: gather every category, step by step (the page shows how far), make the PDF and
   * the JSON file and store them. A failure leaves the extract `failed`, to be started again.
   */
  async produce(extractId: string): Promise<void> {
    const db = this.em.fork().getKysely<RegisterExtractTables>();
    const claimed = await db
      .updateTable('register_extract')
      .set({ status: 'producing', steps_done: 0, failure: null })
      .where('id', '=', extractId)
      .where('status', 'in', ['queued', 'producing'])
      .returning(['person_id', 'produced_by_account_id'])
      .executeTakeFirst();
    if (!claimed) {
      return;
    }
    try {
      const sources = await this.collector.collect(claimed.person_id, async (done, total) => {
        await db
          .updateTable('register_extract')
          .set({ steps_done: done, steps_total: total })
          .where('id', '=', extractId)
          .execute();
      });
      const document = buildExtractDocument(sources);
      const pdf = await renderExtractPdf(document, sources.photo);
      const json = extractJson(document);
      await this.em.fork().transactional(async (em) => {
        await em
          .getKysely<RegisterExtractTables>()
          .updateTable('register_extract')
          .set({
            status: 'ready',
            pdf: Buffer.from(pdf),
            json,
            produced_at: sources.producedAt,
          })
          .where('id', '=', extractId)
          .execute();
        await this.audit.record(em, {
          action: 'register_extract.produced',
          actor: { accountId: claimed.produced_by_account_id, personId: null },
          targetType: 'register_extract',
          targetId: extractId,
          details: {
            person: claimed.person_id,
            plans: document.plans.length,
            versions: document.plans.reduce((sum, plan) => sum + plan.versions.length, 0),
            requests: document.requests.length,
            planReads: document.planReads.length,
            pupils: [...new Set(sources.plans.map((plan) => plan.pupilId))],
          },
        });
      });
    } catch (error) {
      this.logger.error(
        { extractId, error: error instanceof Error ? error.message : String(error) },
        'A register extract could not be produced',
      );
      await db
        .updateTable('register_extract')
        .set({
          status: 'failed',
          failure: error instanceof DomainError ? error.message : FAILED_TEXT,
        })
        .where('id', '=', extractId)
        .execute();
    }
  }

  private async findFile(
    extractId: string,
    format: string,
  ): Promise<ExtractFile & { format: ExtractFormat }> {
    const wanted: ExtractFormat | null =
      format === 'pdf' ? 'pdf' : format === 'json' ? 'json' : null;
    const row =
      wanted && isUuid(extractId)
        ? await this.em
            .fork()
            .getKysely<RegisterExtractTables>()
            .selectFrom('register_extract')
            .select([wanted, 'produced_at'])
            .where('id', '=', extractId)
            .where('status', 'in', ['ready', 'sent'])
            .executeTakeFirst()
        : undefined;
    const bytes = row && wanted ? (row as Record<ExtractFormat, Buffer | null>)[wanted] : null;
    if (!row || !wanted || !bytes) {
      throw new NotFoundError(EXTRACT_NOT_FOUND);
    }
    return {
      bytes,
      format: wanted,
      name: extractFileName(
        wanted,
        row.produced_at ? new Date(row.produced_at).toISOString() : null,
      ),
      type: wanted === 'pdf' ? 'application/pdf' : 'application/json; charset=utf-8',
    };
  }

  /** Where "it is ready" goes: the address the person gave, else the one imported. */
  private async addressOf(personId: string): Promise<string | null> {
    const [profile, register] = await Promise.all([
      this.contacts.findOwnProfile(personId),
      this.persons.findPersonRegister(personId),
    ]);
    return profile?.email || register?.importedEmail || null;
  }

  private async queueRow(em: EntityManager, extractId: string, actor: Actor): Promise<void> {
    await em
      .getKysely<RegisterExtractTables>()
      .updateTable('register_extract')
      .set({
        status: 'queued',
        steps_done: 0,
        steps_total: 0,
        failure: null,
        produced_by_account_id: actor.accountId,
      })
      .where('id', '=', extractId)
      .execute();
  }

  private async lockRow(
    em: EntityManager,
    extractId: string,
  ): Promise<{ status: string; person_id: string }> {
    const row = isUuid(extractId)
      ? await em
          .getKysely<RegisterExtractTables>()
          .selectFrom('register_extract')
          .select(['status', 'person_id'])
          .where('id', '=', extractId)
          .forUpdate()
          .executeTakeFirst()
      : undefined;
    if (!row) {
      throw new NotFoundError(EXTRACT_NOT_FOUND);
    }
    return row;
  }

  /** After commit: the row is the truth, the job carries its id only. */
  private async enqueue(extractId: string): Promise<void> {
    try {
      await within(
        this.queue.add(
          RegisterExtractJob.Produce,
          { extractId },
          { attempts: 3, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: 1000 },
        ),
        QUEUE_ADD_WAIT_MS,
      );
    } catch (error) {
      // The extract stays queued; "Försök igen" on its page queues it again.
      this.logger.warn(
        { extractId, error: error instanceof Error ? error.message : String(error) },
        'Could not queue a register extract',
      );
    }
  }

  private selectView(db: Kysely<RegisterExtractTables>) {
    return db
      .selectFrom('register_extract')
      .select((eb) => [
        'id',
        'person_id',
        'asked_by',
        'requested_at',
        sql<string>`due_on::text`.as('due_on'),
        'status',
        'steps_done',
        'steps_total',
        'produced_at',
        'sent_at',
        eb('pdf', 'is not', null).$castTo<boolean>().as('has_files'),
      ]);
  }

  private async withNames(rows: readonly ExtractRow[]): Promise<NamedExtractView[]> {
    const names = await this.names.findPersonNames(rows.map((row) => row.person_id));
    const today = stockholmToday();
    return rows.map((row) => {
      const name = names.get(row.person_id);
      return {
        ...toExtractView(row, today),
        personName: name?.name ?? '–',
      };
    });
  }
}
