import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { CurrentActor, RequestId, RequiresPermission } from '../auth/access.guard';
import type { Actor } from '../auth/actor';
import { DomainError, ErrorCode } from '../common/errors/domain-error';
import { statusOf } from '../common/errors/error-status';
import { privateFile } from '../common/http/private-file';
import { stockholmToday } from '../common/stockholm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { parseQueueFilter } from './queue-filter';
import { RequestDeliveryService } from './request-delivery.service';
import { controlName, redactionsFromForm } from './redaction-form';
import { Decision, NO_PUBLIC_RECORD_REASON, RequestReviewService } from './request-review.service';

type Form = Record<string, unknown>;

const DECISIONS: readonly Decision[] = [
  'release',
  'release_with_redactions',
  'refuse',
  'no_public_record',
];

function text(form: Form, name: string): string {
  const value = form[name];
  return typeof value === 'string' ? value : '';
}

function list(form: Form, name: string): string[] {
  const value = form[name];
  if (typeof value === 'string') {
    return [value];
  }
  return Array.isArray(value)
    ? value.filter((each): each is string => typeof each === 'string')
    : [];
}

/**
 * The back office at Sektor Lärande (`/handlaggning`): the queue, a request
 * with its records, notes and history, and the review of each record. Forms
 * work without JavaScript; every action goes through the same service as
 * the API, under the same access policy (reviewers only, others 404).
 */
@ApiExcludeController()
@Controller('handlaggning')
@RequiresPermission('records.review')
export class BackOfficePagesController {
  constructor(
    private readonly review: RequestReviewService,
    private readonly delivery: RequestDeliveryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async queue(
    @Query() query: Record<string, unknown>,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const filter = parseQueueFilter(query);
    const [{ rows, next }, unread] = await Promise.all([
      this.review.listQueue(actor, filter),
      this.review.unreadNotifications(actor),
    ]);
    const nextQuery = next
      ? new URLSearchParams({
          status: filter.status,
          assignee: filter.assignee,
          due: filter.due,
          after: `${next.decisionDue}_${next.id}`,
        }).toString()
      : null;
    response.render('back-office/queue.njk', {
      title: 'Begäranden om allmänna handlingar',
      rows,
      filter,
      nextQuery,
      unread,
      flash: this.takeFlash(request),
    });
  }

  @Get('begaran/:id')
  async show(
    @Param('id') id: string,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
    @RequestId() requestId: string | null,
  ): Promise<void> {
    const [detail, reviewers] = await Promise.all([
      this.review.getRequest(actor, id, requestId),
      this.review.listReviewers(actor),
    ]);
    const documents = await this.delivery.documents(id);
    response.render('back-office/request.njk', {
      title: `Begäran ${detail.registrationNumber}`,
      request: detail,
      reviewers,
      isMine: detail.assignee?.accountId === actor.accountId,
      documents,
      appealCourt: this.config.requests.appealCourt,
      today: stockholmToday(new Date()),
      deliverLabel: detail.delivery.startsWith('Elektronisk')
        ? 'Gör kopiorna tillgängliga för nedladdning'
        : detail.delivery.startsWith('Papper')
          ? 'Kopiorna är skickade per post'
          : 'Handlingarna är visade på plats',
      undecidedRecords: detail.items.some((item) => item.kind === 'record' && !item.decision),
      flash: this.takeFlash(request),
    });
  }

  @Post('begaran/:id/ta')
  claim(
    @Param('id') id: string,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
    @RequestId() requestId: string | null,
  ): Promise<void> {
    return this.act(request, response, id, 'Du har tagit begäran.', () =>
      this.review.claim(actor, id, requestId),
    );
  }

  @Post('begaran/:id/tilldela')
  assign(
    @Param('id') id: string,
    @Body() form: Form,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
    @RequestId() requestId: string | null,
  ): Promise<void> {
    return this.act(request, response, id, 'Begäran är tilldelad.', () =>
      this.review.assign(actor, id, text(form, 'accountId'), requestId),
    );
  }

  @Post('begaran/:id/anteckning')
  note(
    @Param('id') id: string,
    @Body() form: Form,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
    @RequestId() requestId: string | null,
  ): Promise<void> {
    return this.act(request, response, id, 'Anteckningen är sparad.', () =>
      this.review.addNote(actor, id, text(form, 'text'), requestId),
    );
  }

  @Post('begaran/:id/fraga')
  ask(
    @Param('id') id: string,
    @Body() form: Form,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
    @RequestId() requestId: string | null,
  ): Promise<void> {
    return this.act(request, response, id, 'Frågan visas nu för den som begärt handlingarna.', () =>
      this.review.askClarification(actor, id, text(form, 'question'), requestId),
    );
  }

  @Post('begaran/:id/svar')
  answered(
    @Param('id') id: string,
    @Body() form: Form,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
    @RequestId() requestId: string | null,
  ): Promise<void> {
    return this.act(request, response, id, 'Svaret är registrerat och beslutsdagen flyttad.', () =>
      this.review.clarificationReceived(actor, id, text(form, 'summary'), requestId),
    );
  }

  @Post('begaran/:id/handling')
  addRecord(
    @Param('id') id: string,
    @Body() form: Form,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
    @RequestId() requestId: string | null,
  ): Promise<void> {
    return this.act(request, response, id, 'Handlingen är tillagd.', () =>
      this.review.addRecord(actor, id, text(form, 'registrationNumber'), requestId),
    );
  }

  @Post('begaran/:id/lamna-ut')
  releaseBatch(
    @Param('id') id: string,
    @Body() form: Form,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
    @RequestId() requestId: string | null,
  ): Promise<void> {
    const items = list(form, 'item').map((value) => {
      const [itemId = '', version = '-1'] = value.split(':');
      return { id: itemId, version: Number(version) };
    });
    return this.act(
      request,
      response,
      id,
      `${items.length} handlingar ska lämnas ut.`,
      async () => {
        await this.review.releaseInBatch(actor, id, items, requestId);
      },
    );
  }

  @Post('begaran/:id/utlamna')
  deliver(
    @Param('id') id: string,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
    @RequestId() requestId: string | null,
  ): Promise<void> {
    return this.act(request, response, id, 'Handlingarna är utlämnade.', () =>
      this.review.deliver(actor, id, requestId),
    );
  }

  @Post('begaran/:id/overklagande')
  appeal(
    @Param('id') id: string,
    @Body() form: Form,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
    @RequestId() requestId: string | null,
  ): Promise<void> {
    return this.act(request, response, id, 'Överklagandet är registrerat.', () =>
      this.review.registerAppeal(
        actor,
        id,
        { receivedOn: text(form, 'receivedOn'), note: text(form, 'note') || null },
        requestId,
      ),
    );
  }

  @Post('begaran/:id/overklagande/:appealId/overlamna')
  forwardAppeal(
    @Param('id') id: string,
    @Param('appealId') appealId: string,
    @Body() form: Form,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
    @RequestId() requestId: string | null,
  ): Promise<void> {
    return this.act(request, response, id, 'Överklagandet är överlämnat till domstolen.', () =>
      this.review.forwardAppeal(
        actor,
        id,
        appealId,
        { forwardedOn: text(form, 'forwardedOn'), court: text(form, 'court') || null },
        requestId,
      ),
    );
  }

  @Post('begaran/:id/overklagande/:appealId/utfall')
  appealOutcome(
    @Param('id') id: string,
    @Param('appealId') appealId: string,
    @Body() form: Form,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
    @RequestId() requestId: string | null,
  ): Promise<void> {
    const outcome = (['upheld', 'changed', 'returned', 'dismissed'] as const).find(
      (each) => each === text(form, 'outcome'),
    );
    return this.act(request, response, id, 'Utfallet är registrerat.', async () => {
      if (!outcome || !/^\d{4}-\d{2}-\d{2}$/.test(text(form, 'decidedOn'))) {
        throw new DomainError(
          ErrorCode.ValidationFailed,
          'Ange utfallet och datumet för domstolens avgörande.',
        );
      }
      await this.review.recordAppealOutcome(
        actor,
        id,
        appealId,
        { outcome, decidedOn: text(form, 'decidedOn'), reference: text(form, 'reference') || null },
        requestId,
      );
    });
  }

  @Get('begaran/:id/dokument/:documentId')
  async document(
    @Param('id') id: string,
    @Param('documentId') documentId: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
    @RequestId() requestId: string | null,
  ): Promise<StreamableFile> {
    await this.review.getRequest(actor, id, requestId);
    const file = await this.delivery.documentForReviewer(id, documentId);
    return privateFile(
      file.bytes,
      { type: 'application/pdf', disposition: `attachment; filename="${file.name}"` },
      response,
    );
  }

  @Post('begaran/:id/klar')
  complete(
    @Param('id') id: string,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
    @RequestId() requestId: string | null,
  ): Promise<void> {
    return this.act(
      request,
      response,
      id,
      'Begäran är beslutad. Beslutet och kopiorna är framtagna.',
      () => this.review.completeDecision(actor, id, requestId),
    );
  }

  @Get('begaran/:id/handlingar/:itemId')
  async showItem(
    @Param('id') id: string,
    @Param('itemId') itemId: string,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
    @RequestId() requestId: string | null,
  ): Promise<void> {
    response.render(
      'back-office/item.njk',
      await this.itemView(actor, id, itemId, requestId, null, {}, request),
    );
  }

  @Post('begaran/:id/handlingar/:itemId/forhandsgranska')
  @HttpCode(200)
  async preview(
    @Param('id') id: string,
    @Param('itemId') itemId: string,
    @Body() form: Form,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @RequestId() requestId: string | null,
  ): Promise<StreamableFile | undefined> {
    const { document } = await this.review.reviewItem(actor, id, itemId, requestId);
    const fields = document?.sections.flatMap((section) => section.fields) ?? [];
    const parsed = redactionsFromForm(fields, form, this.review.grounds);
    try {
      if (parsed.problems.length > 0) {
        throw new DomainError(
          ErrorCode.ValidationFailed,
          'Maskeringarna kunde inte läsas. Rätta det som är markerat.',
          parsed.problems,
        );
      }
      const copy = await this.review.previewItem(actor, id, itemId, parsed.redactions, requestId);
      return privateFile(
        copy.bytes,
        {
          type: 'application/pdf',
          disposition: `inline; filename="forhandsgranskning-${copy.registrationNumber}.pdf"`,
        },
        response,
      );
    } catch (error) {
      if (!(error instanceof DomainError)) {
        throw error;
      }
      response
        .status(statusOf(error.code))
        .render(
          'back-office/item.njk',
          await this.itemView(actor, id, itemId, requestId, error, form, request),
        );
      return undefined;
    }
  }

  @Post('begaran/:id/handlingar/:itemId/beslut')
  async decide(
    @Param('id') id: string,
    @Param('itemId') itemId: string,
    @Body() form: Form,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
    @RequestId() requestId: string | null,
  ): Promise<void> {
    const { document } = await this.review.reviewItem(actor, id, itemId, requestId);
    const fields = document?.sections.flatMap((section) => section.fields) ?? [];
    const decision = DECISIONS.find((each) => each === text(form, 'decision'));
    const parsed = redactionsFromForm(fields, form, this.review.grounds);
    try {
      if (!decision) {
        throw new DomainError(ErrorCode.ValidationFailed, 'Välj ett beslut.', [
          { field: 'decision', problems: ['Välj ett beslut.'] },
        ]);
      }
      if (parsed.problems.length > 0 && decision === 'release_with_redactions') {
        throw new DomainError(
          ErrorCode.ValidationFailed,
          'Maskeringarna kunde inte läsas. Rätta det som är markerat.',
          parsed.problems,
        );
      }
      await this.review.decideItem(
        actor,
        id,
        itemId,
        {
          decision,
          redactions: decision === 'release_with_redactions' ? parsed.redactions : [],
          refusalGround: text(form, 'refusalGround') || null,
          reasons: text(form, 'reasons') || null,
          version: Number(text(form, 'version') || -1),
        },
        requestId,
      );
      request.session.flash = { kind: 'ok', text: 'Beslutet är sparat.' };
      response.redirect(303, `/handlaggning/begaran/${id}`);
    } catch (error) {
      if (!(error instanceof DomainError)) {
        throw error;
      }
      response
        .status(statusOf(error.code))
        .render(
          'back-office/item.njk',
          await this.itemView(actor, id, itemId, requestId, error, form, request),
        );
    }
  }

  private async itemView(
    actor: Actor,
    id: string,
    itemId: string,
    requestId: string | null,
    error: DomainError | null,
    form: Form,
    request: Request,
  ): Promise<Record<string, unknown>> {
    const { item, document, redactions } = await this.review.reviewItem(
      actor,
      id,
      itemId,
      requestId,
    );
    const submitted = Object.keys(form).length > 0;
    const fields = (document?.sections ?? []).map((section) => ({
      heading: section.heading,
      fields: section.fields.map((field) => {
        const chosen = new Set(list(form, controlName.suggestion(field.id)));
        return {
          ...field,
          names: {
            whole: controlName.whole(field.id),
            ground: controlName.ground(field.id),
            suggestion: controlName.suggestion(field.id),
            passage: controlName.passage(field.id),
          },
          whole: submitted
            ? list(form, controlName.whole(field.id)).includes('1')
            : redactions.some((r) => r.fieldId === field.id && !r.span),
          ground:
            text(form, controlName.ground(field.id)) ||
            redactions.find((r) => r.fieldId === field.id)?.ground ||
            this.review.grounds[0],
          // Saved spans come back as the passages they struck.
          passage: submitted
            ? text(form, controlName.passage(field.id))
            : redactions
                .filter((r) => r.fieldId === field.id && r.span)
                .map((r) => field.text.slice(r.span?.start, r.span?.end))
                .join('\n'),
          suggestions: field.suggestions.map((suggestion) => ({
            ...suggestion,
            value: `${suggestion.start}-${suggestion.end}`,
            excerpt: field.text.slice(suggestion.start, suggestion.end),
            // Pre-marked on first view: the reviewer unticks what should stay.
            checked: submitted ? chosen.has(`${suggestion.start}-${suggestion.end}`) : true,
          })),
          problem:
            error?.fields.find((f) => f.field.endsWith(`__${field.id}`))?.problems.join(' ') ??
            null,
        };
      }),
    }));
    return {
      title: `Pröva ${item.registrationNumber ?? 'utkast'}`,
      requestId: id,
      item,
      document,
      sections: fields,
      grounds: this.review.grounds,
      values: {
        decision: text(form, 'decision') || item.decision || '',
        refusalGround: text(form, 'refusalGround') || item.refusalGround || '',
        reasons:
          text(form, 'reasons') ||
          item.reasons ||
          (item.kind === 'draft' ? NO_PUBLIC_RECORD_REASON : ''),
      },
      error: error?.message ?? null,
      problems: Object.fromEntries(
        (error?.fields ?? []).map((f) => [f.field, f.problems.join(' ')]),
      ),
      flash: this.takeFlash(request),
    };
  }

  /** Runs an action, then back to the request with what happened (or why not). */
  private async act(
    request: Request,
    response: Response,
    id: string,
    done: string,
    action: () => Promise<void>,
  ): Promise<void> {
    try {
      await action();
      request.session.flash = { kind: 'ok', text: done };
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === ErrorCode.NotFound) {
        throw error;
      }
      const detail = error.fields.flatMap((field) => field.problems).join(' ');
      request.session.flash = {
        kind: 'error',
        text: detail ? `${error.message} ${detail}` : error.message,
      };
    }
    response.redirect(303, `/handlaggning/begaran/${id}`);
  }

  private takeFlash(request: Request): { kind: 'ok' | 'error'; text: string } | null {
    const flash = request.session.flash ?? null;
    delete request.session.flash;
    return flash;
  }
}
