import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { AuditService } from '../audit/audit.service';
import { canPerform } from '../auth/access-policy';
import type { Actor } from '../auth/actor';
import { auditActor } from '../auth/actor';
import {
  DomainError,
  ErrorCode,
  NotFoundError,
  ValidationFailedError,
} from '../common/errors/domain-error';
import { Metrics } from '../common/metrics/metrics';
import { stockholmToday } from '../common/stockholm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { isUuid } from '../common/uuid';
import { CATEGORIES } from '../content-guard/categories';
import { checkText } from '../content-guard/check-text';
import { DirectoryQueries } from '../directory/directory.queries';
import { findPlanRecordSource } from '../plans/record-source.queries';
import {
  AppliedRedactions,
  applyRedactions,
  InvalidRedactionsError,
  Redaction,
} from './apply-redactions';
import { makeCheckedCopy } from './checked-copy';
import { CopyPreviewView, toCopyPreviewView } from './copy-preview.view';
import type { SuggestedField } from './guard-misses';
import { printableRedactions } from './printable-text';
import type { CopyRenderer } from './checked-copy';
import type { LeakReport } from './leak-check';
import { planRecordDocument, PlanVersionSource, RecordDocument } from './record-document';
import type { CopyHeader } from './redacted-pdf';

/** The renderer behind the leak check; a provider so a test can put a faulty one there. */
export const COPY_RENDERER = Symbol('COPY_RENDERER');

const RECORD_NOT_FOUND = 'Handlingen finns inte.';
const REVIEWERS_ONLY = 'Bara handläggare vid Sektor Lärande granskar allmänna handlingar.';

export interface ReviewSuggestion {
  readonly start: number;
  readonly end: number;
  readonly category: string;
  readonly explanation: string;
}

export interface ReviewDocument {
  readonly recordId: string;
  readonly registrationNumber: string;
  readonly title: string;
  /** A sekretessmarkering set by the school: a signal to the reviewer, never a decision. */
  readonly confidentialityMarking: string | null;
  readonly grounds: readonly string[];
  readonly sections: readonly {
    readonly heading: string | null;
    readonly fields: readonly {
      readonly id: string;
      readonly heading: string | null;
      readonly label: string | null;
      readonly text: string;
      /** The free-text guard's findings: suggested redactions, for the reviewer to accept or not. */
      readonly suggestions: readonly ReviewSuggestion[];
    }[];
  }[];
}

export interface CopyOrder {
  readonly recordId: string;
  readonly redactions: readonly Redaction[];
  /** The release's registration number and date (and whether to the pupil's guardian); null for a preview. */
  readonly release: CopyHeader['release'];
  /** The original for the court with an appeal (no redactions; marked confidential by the caller). */
  readonly forCourt?: boolean;
}

export interface ProducedCopy {
  readonly bytes: Uint8Array;
  readonly registrationNumber: string;
  readonly markerCount: number;
  readonly report: LeakReport;
}

export interface LoadedRecord {
  readonly recordId: string;
  readonly pupilId: string;
  readonly confidentialityMarking: string | null;
  readonly document: RecordDocument;
}

/**
 * Copies of public records for release: the record's frozen data with the
 * reviewer's redactions applied, drawn anew, and checked byte by byte before
 * anyone may have it. A copy that fails the check is never returned.
 */
@Injectable()
export class RedactionService {
  private readonly logger = new Logger(RedactionService.name);
  /** `iup_copies_blocked_total`: copies the leak check stopped (each also audited). */
  private readonly blockedCopies;

  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly directory: DirectoryQueries,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(COPY_RENDERER) private readonly render: CopyRenderer,
    metrics: Metrics,
  ) {
    this.blockedCopies = metrics.counter({
      name: 'iup_copies_blocked_total',
      help: 'Copies of records the leak check stopped before release, since the process started',
    });
  }

  get grounds(): readonly string[] {
    return this.config.redaction.grounds;
  }

  /**
   * The record as the reviewer sees it, with the free-text guard's findings
   * as suggested redactions: every category, and the names of the pupil's
   * classmates (from the groups the pupil is in now, as the directory knows them).
   */
  async reviewDocument(actor: Actor, recordId: string): Promise<ReviewDocument> {
    this.requireReviewer(actor);
    const record = await this.loadRecord(recordId);
    const guardContext = await this.directory.findGuardContext(record.pupilId);
    await this.audit.recordNow({
      action: 'record.review.read',
      actor: auditActor(actor),
      pupilId: record.pupilId,
      targetType: 'public_record',
      targetId: record.recordId,
      details: { registrationNumber: record.document.registrationNumber },
    });
    return {
      recordId: record.recordId,
      registrationNumber: record.document.registrationNumber,
      title: record.document.title,
      confidentialityMarking: record.confidentialityMarking,
      grounds: this.grounds,
      sections: record.document.sections.map((section) => ({
        heading: section.heading,
        fields: section.fields.map((field) => ({
          id: field.id,
          heading: field.heading ?? null,
          label: field.label ?? null,
          text: field.text,
          suggestions: suggestRedactions(field.text, guardContext),
        })),
      })),
    };
  }

  /**
   * Each field of a record with the spans the guard suggests striking, as the reviewer's page
   * gets them (the same context: the pupil's groups as the directory knows them now); for
   * counting what reviewers struck beyond the suggestions. No actor: the caller has checked
   * who asks, and nothing of the text leaves the caller.
   */
  async suggestedFields(recordId: string): Promise<{
    readonly pupilId: string;
    readonly fields: ReadonlyMap<string, SuggestedField>;
  } | null> {
    const record = isUuid(recordId) ? await findRecordSource(this.em.fork(), recordId) : null;
    if (!record) {
      return null;
    }
    const guardContext = await this.directory.findGuardContext(record.pupilId);
    return {
      pupilId: record.pupilId,
      fields: new Map(
        record.document.sections.flatMap((section) =>
          section.fields.map((field): [string, SuggestedField] => [
            field.id,
            { text: field.text, suggestions: suggestRedactions(field.text, guardContext) },
          ]),
        ),
      ),
    };
  }

  /**
   * What an anonymous requester would most likely receive of a draft (the stranger's view): the
   * draft laid out as a released copy, with every passage the guard would suggest to the reviewer
   * struck, each box naming what the guard found. The caller has checked that the actor may write
   * the plan and audited the read. It holds no struck text.
   */
  async strangerView(source: PlanVersionSource, pupilId: string): Promise<CopyPreviewView> {
    const document = planRecordDocument(source);
    const guardContext = await this.directory.findGuardContext(pupilId);
    const redactions: Redaction[] = document.sections.flatMap((section) =>
      section.fields.flatMap((field) =>
        suggestRedactions(field.text, guardContext).map((suggestion) => ({
          fieldId: field.id,
          ground: CATEGORIES[suggestion.category as keyof typeof CATEGORIES].name,
          span: { start: suggestion.start, end: suggestion.end },
        })),
      ),
    );
    const grounds = [...new Set(Object.values(CATEGORIES).map((category) => category.name))];
    const applied = printableRedactions(applyRedactions(document, redactions, grounds));
    return toCopyPreviewView(applied.document, grounds);
  }

  /**
   * The copy's document as the PDF would draw it with these redactions: the
   * same redacted and printable document the renderer gets, so the review
   * page can show it beside the record after every change without drawing
   * and checking a PDF each time. It holds no struck text (markers carry
   * only their grounds); what goes out is still only a leak-checked copy.
   */
  async previewDocument(
    actor: Actor,
    recordId: string,
    redactions: readonly Redaction[],
  ): Promise<AppliedRedactions['document']> {
    this.requireReviewer(actor);
    const record = await this.loadRecord(recordId);
    return printableRedactions(this.apply(record.document, redactions)).document;
  }

  /**
   * Applies the redactions, draws the copy and runs the leak check on its
   * bytes. A failed check is audited and stops here: the caller gets an
   * error, never the bytes.
   */
  async produceCopy(actor: Actor, order: CopyOrder): Promise<ProducedCopy> {
    this.requireReviewer(actor);
    const record = await this.loadRecord(order.recordId);
    const applied = this.apply(record.document, order.redactions);
    const header: CopyHeader = {
      municipalityName: this.config.municipality.name,
      release: order.release,
      preparedOn: stockholmToday(new Date()),
    };
    const { bytes, report } = await makeCheckedCopy(applied, header, this.grounds, this.render);
    const event = {
      actor: auditActor(actor),
      pupilId: record.pupilId,
      targetType: 'public_record',
      targetId: record.recordId,
      details: {
        registrationNumber: record.document.registrationNumber,
        purpose: order.forCourt ? 'court' : order.release ? 'release' : 'preview',
        releaseRegistrationNumber: order.release?.registrationNumber ?? null,
        markers: applied.markerCount,
      },
    };
    if (!report.passed) {
      const checks = [...new Set(report.findings.map((finding) => finding.check))].sort();
      this.logger.error(
        { registrationNumber: record.document.registrationNumber, checks },
        'Copy blocked by the leak check',
      );
      this.blockedCopies.inc();
      await this.audit.recordNow({
        ...event,
        action: 'record.copy.blocked',
        details: { ...event.details, checks },
      });
      throw new DomainError(
        ErrorCode.CopyBlocked,
        `Kopian stoppades av kontrollen före utlämnande och lämnas inte ut. ${report.findings
          .map((finding) => finding.message)
          .join(' ')}`,
      );
    }
    await this.audit.recordNow({
      ...event,
      action: 'record.copy.produced',
      details: { ...event.details, pages: report.stats.pages },
    });
    return {
      bytes,
      registrationNumber: record.document.registrationNumber,
      markerCount: applied.markerCount,
      report,
    };
  }

  private apply(document: RecordDocument, redactions: readonly Redaction[]): AppliedRedactions {
    try {
      return applyRedactions(document, redactions, this.grounds);
    } catch (error) {
      if (error instanceof InvalidRedactionsError) {
        throw new ValidationFailedError(
          error.problems.map((problem) => ({
            field: `redactions.${problem.index}`,
            problems: [problem.message],
          })),
        );
      }
      throw error;
    }
  }

  private requireReviewer(actor: Actor): void {
    if (!canPerform(actor, 'records.review')) {
      throw new NotFoundError(REVIEWERS_ONLY);
    }
  }

  /** An established plan version and what its copy shows. Only frozen versions are records. */
  /**
   * Where each field of a record sits, as a reader finds it (section,
   * heading and label; "Mål 2 – Det här gör eleven"), by field id: to name
   * struck passages without their text.
   */
  async fieldPlaces(actor: Actor, recordId: string): Promise<Map<string, string>> {
    this.requireReviewer(actor);
    const record = await this.loadRecord(recordId);
    return new Map(
      record.document.sections.flatMap((section) =>
        section.fields.map((field): [string, string] => [
          field.id,
          [section.heading, field.heading, field.label]
            .filter((part): part is string => Boolean(part))
            .join(' – ') || field.id,
        ]),
      ),
    );
  }

  private async loadRecord(recordId: string): Promise<LoadedRecord> {
    const record = isUuid(recordId) ? await findRecordSource(this.em.fork(), recordId) : null;
    if (!record) {
      throw new NotFoundError(RECORD_NOT_FOUND);
    }
    return record;
  }
}

/** A record's frozen data as a document, or null when there is no such established version. */
export async function findRecordSource(
  em: EntityManager,
  recordId: string,
): Promise<LoadedRecord | null> {
  const source = await findPlanRecordSource(em, recordId);
  if (!source) {
    return null;
  }
  return {
    recordId: source.recordId,
    pupilId: source.pupilId,
    confidentialityMarking: source.confidentialityMarking,
    document: planRecordDocument({
      registrationNumber: source.registrationNumber,
      pupilName: source.pupilName,
      schoolUnitName: source.schoolUnitName,
      period: source.period,
      version: source.version,
      establishedOn: source.talkDate,
      template: source.template,
      content: source.content,
    }),
  };
}

const capitalise = (text: string): string => text.charAt(0).toLocaleUpperCase('sv') + text.slice(1);

/** The guard's findings in a field's text as the reviewer's suggested redactions. */
function suggestRedactions(
  text: string,
  guardContext: Parameters<typeof checkText>[1],
): ReviewSuggestion[] {
  return checkText(text, guardContext).map((finding) => ({
    start: finding.start,
    end: finding.end,
    category: finding.category,
    // For the reviewer what was found, not the writer's advice on what to write instead.
    explanation: `${capitalise(CATEGORIES[finding.category].name)} – föreslås maskerad.`,
  }));
}
