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

import { CurrentActor, RequiresPermission } from '../auth/access.guard';
import type { Actor } from '../auth/actor';
import { DomainError, ErrorCode, NotFoundError } from '../common/errors/domain-error';
import { statusOf } from '../common/errors/error-status';
import { privateFile } from '../common/http/private-file';
import { errorFlash, Flash, saveSession, takeFlash, withFlash } from '../common/http/flash';
import { carriedFields, isConfirmed } from '../common/http/confirmation';
import { formText } from '../common/http/form';
import type { Form } from '../common/http/form';
import { stockholmToday } from '../common/stockholm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { CONFIDENTIALITY_GROUNDS } from '../records/confidentiality';
import { formatQueueCursor, parseQueueFilter } from './queue-filter';
import { requestsChart } from './reports/chart';
import {
  formatDecimal,
  monthLabel,
  OUTCOME_LABELS,
  OUTCOMES,
  STATUS_LABELS,
  STATUSES,
} from './reports/request-report';
import { RequestReportsService } from './reports/request-reports.service';
import { controlName, readStrike, redactionsFromForm, strikeValue } from './redaction-form';
import { NO_PUBLIC_RECORD_REASON } from './check-decision';
import { DecisionPreviewService } from './decision-preview.service';
import { ItemCarryOverService } from './item-carry-over.service';
import { ItemApprovalsService } from './item-approvals.service';
import { ItemDecisionsService } from './item-decisions.service';
import { ItemMarkingService } from './item-marking.service';
import { RequestAppealsService } from './request-appeals.service';
import { RequestCompletionService } from './request-completion.service';
import { COURT_OUTCOMES, DECISIONS } from './request-lifecycle';
import type { DeliveryMethod } from './request-lifecycle';
import { RequestQueriesService } from './request-queries.service';
import { RequestReviewActionsService } from './request-review-actions.service';
import { todoList, toNoticeView, toQueueRowView } from './views/queue.view';
import { toCopyPreviewView } from '../redaction/copy-preview.view';
import { toItemView, toRequestDetailView } from './views/request-detail.view';
import { toCarryOverView } from './views/carry-over.view';

const DELIVER_LABELS: Readonly<Record<DeliveryMethod, string>> = {
  electronic: 'Gör kopiorna tillgängliga för nedladdning',
  paper: 'Kopiorna är skickade per post',
  on_site: 'Handlingarna är visade på plats',
};

/** A request closed without records sends only its letter. */
const CLOSURE_DELIVER_LABELS: Readonly<Record<DeliveryMethod, string>> = {
  electronic: 'Gör brevet tillgängligt för nedladdning',
  paper: 'Brevet är skickat per post',
  on_site: 'Brevet är lämnat till den som begärt',
};

function list(form: Form, name: string): string[] {
  const value = form[name];
  if (typeof value === 'string') {
    return [value];
  }
  return Array.isArray(value)
    ? value.filter((each): each is string => typeof each === 'string')
    : [];
}

/** A letter's blocks for the page: consecutive bullets as one list. */
function letterSections(
  blocks: readonly { kind: string; text: string }[],
): { kind: string; text: string; items: string[] }[] {
  const sections: { kind: string; text: string; items: string[] }[] = [];
  for (const block of blocks) {
    const last = sections.at(-1);
    if (block.kind === 'bullet' && last?.kind === 'list') {
      last.items.push(block.text);
    } else if (block.kind === 'bullet') {
      sections.push({ kind: 'list', text: '', items: [block.text] });
    } else {
      sections.push({ kind: block.kind, text: block.text, items: [] });
    }
  }
  return sections;
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
    private readonly queries: RequestQueriesService,
    private readonly actions: RequestReviewActionsService,
    private readonly decisions: ItemDecisionsService,
    private readonly markings: ItemMarkingService,
    private readonly completion: RequestCompletionService,
    private readonly appeals: RequestAppealsService,
    private readonly reporting: RequestReportsService,
    private readonly previews: DecisionPreviewService,
    private readonly carryOver: ItemCarryOverService,
    private readonly approvals: ItemApprovalsService,
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
    const page = await this.queries.queuePage(actor, filter);
    const { next, toPost } = page;
    const notices = page.notices.map(toNoticeView);
    const nextQuery = next
      ? new URLSearchParams({
          status: filter.status,
          assignee: filter.assignee,
          due: filter.due,
          ...(filter.text ? { q: filter.text } : {}),
          after: formatQueueCursor(next),
        }).toString()
      : null;
    response.render('back-office/queue.njk', {
      title: 'Begäranden om allmänna handlingar',
      rows: page.rows.map(toQueueRowView),
      filter,
      nextQuery,
      alerts: todoList(notices.filter((notice) => notice.kind !== 'new_request')),
      unread: notices.filter((notice) => notice.kind === 'new_request').length,
      toPost,
      flash: this.takeFlash(request),
    });
  }

  /** Paper copies to post: recipient, contents, fee and how it is paid. */
  @Get('post')
  async post(
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    response.render('back-office/post.njk', {
      title: 'Att skicka per post',
      items: await this.queries.postList(actor),
      flash: this.takeFlash(request),
    });
  }

  /** Requests per month: status, working days to decision, overdue, outcomes, with a chart. */
  @Get('rapporter')
  async reports(
    @Query() query: Record<string, unknown>,
    @CurrentActor() actor: Actor,
    @Res() response: Response,
  ): Promise<void> {
    const period = { from: query.fran, to: query.till };
    try {
      const report = await this.reporting.report(actor, period);
      response.render('back-office/reports.njk', {
        title: 'Rapporter',
        report,
        chart: requestsChart(report.months),
        statuses: STATUSES.map((status) => ({ status, label: STATUS_LABELS[status] })),
        outcomes: OUTCOMES.map((outcome) => ({ outcome, label: OUTCOME_LABELS[outcome] })),
        monthLabel,
        decimal: formatDecimal,
        period: { from: report.from, to: report.to },
      });
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== ErrorCode.ValidationFailed) {
        throw error;
      }
      response.status(400).render('back-office/reports.njk', {
        title: 'Rapporter',
        report: null,
        error: error.fields.map((field) => field.problems.join(' ')).join(' '),
        period: {
          from: typeof query.fran === 'string' ? query.fran : '',
          to: typeof query.till === 'string' ? query.till : '',
        },
      });
    }
  }

  @Get('begaran/:id')
  show(
    @Param('id') id: string,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    return this.renderRequest(actor, id, response, { flash: this.takeFlash(request) });
  }

  /**
   * One record's sekretessmarkering, from its small form on the request page: set or changed
   * (dated today, by the reviewer), or removed when no provision is chosen. A signal only, so
   * allowed whatever the request's status. Bad input is shown on the request page (400), the
   * form as it was sent.
   */
  @Post('begaran/:id/handlingar/:itemId/sekretessmarkering')
  async markItem(
    @Param('id') id: string,
    @Param('itemId') itemId: string,
    @Body() form: Form,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const input = { provision: formText(form, 'provision'), reviewOn: formText(form, 'reviewOn') };
    try {
      await this.markings.markItem(actor, id, itemId, input);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === ErrorCode.NotFound) {
        throw error;
      }
      return this.renderRequest(actor, id, response, {
        status: statusOf(error.code),
        flash: errorFlash(error),
        marking: { itemId, ...input },
      });
    }
    request.session.flash = {
      kind: 'ok',
      text: input.provision
        ? 'Sekretessmarkeringen är sparad. Den är en signal och ändrar inget beslut.'
        : 'Sekretessmarkeringen är borttagen.',
    };
    await saveSession(request);
    response.redirect(303, `/handlaggning/begaran/${id}`);
  }

  /** The request page, with what happened and (after a refused marking) that form as it was sent. */
  private async renderRequest(
    actor: Actor,
    id: string,
    response: Response,
    extra: {
      status?: number;
      flash: Flash | null;
      marking?: { itemId: string; provision: string; reviewOn: string };
    },
  ): Promise<void> {
    const page = await this.queries.requestPage(actor, id);
    const { reviewers, documents } = page;
    const detail = toRequestDetailView(page.detail);
    response.status(extra.status ?? 200).render('back-office/request.njk', {
      title: `Begäran ${detail.registrationNumber}`,
      request: detail,
      reviewers,
      isMine: detail.assignee?.accountId === actor.accountId,
      documents,
      appealCourt: this.config.requests.appealCourt,
      viewingPlace: this.config.requests.viewingPlace,
      today: stockholmToday(new Date()),
      deliverLabel: (detail.closure ? CLOSURE_DELIVER_LABELS : DELIVER_LABELS)[
        detail.deliveryMethod
      ],
      undecidedRecords: detail.items.some((item) => item.kind === 'record' && !item.decision),
      // Released in full, not yet out, electronic copies: a batch can go ahead of the decision.
      partReady:
        detail.deliveryMethod === 'electronic'
          ? detail.items.filter(
              (item) =>
                item.kind === 'record' && item.decision === 'release' && item.deliveredOn === null,
            ).length
          : 0,
      grounds: CONFIDENTIALITY_GROUNDS,
      markingForm: extra.marking ?? null,
      // Where the decisions disagree: completing needs the reviewer's reason (only they see this).
      conflicts: page.conflicts,
      // Four eyes: refusals and redactions awaiting a second reviewer, or approved (null when off).
      approvals: await this.approvals.approvalsOf(actor, id),
      flash: extra.flash,
    });
  }

  /**
   * The request page's forms, each one service call, then back to the
   * request with what happened (or why not): `begaran/{id}/{action}`.
   */
  @Post('begaran/:id/:action')
  runAction(
    @Param('id') id: string,
    @Param('action') action: string,
    @Body() form: Form,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    if (action === 'klar' && !isConfirmed(form)) {
      // One click only asks: the confirmation page, with the letter, completes.
      return this.confirmCompletion(actor, id, form, request, response);
    }
    const actions = this.requestActions(actor, id, form);
    // Own actions only: `constructor` or `__proto__` in the path is no action.
    const run = Object.hasOwn(actions, action) ? actions[action] : undefined;
    if (!run) {
      throw new NotFoundError();
    }
    return this.act(request, response, id, run.done, run.call);
  }

  /**
   * Completing registers the decision letter and cannot be undone: this page shows the letter
   * first (nothing stored), and its form completes. Every field the request page's form sent
   * (a reason asked for there) goes on to the completing POST.
   */
  @Get('begaran/:id/klar')
  showCompletion(
    @Param('id') id: string,
    @Query() query: Form,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    return this.confirmCompletion(actor, id, query, request, response);
  }

  private async confirmCompletion(
    actor: Actor,
    id: string,
    form: Form,
    request: Request,
    response: Response,
  ): Promise<void> {
    let preview;
    try {
      preview = await this.previews.previewDecision(
        actor,
        id,
        formText(form, 'consistencyReason') || null,
      );
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === ErrorCode.NotFound) {
        throw error;
      }
      // Not ready (a record undecided, a copy blocked): told on the request page, as completing would.
      request.session.flash = errorFlash(error);
      await saveSession(request);
      return response.redirect(303, `/handlaggning/begaran/${id}`);
    }
    response.status(200).render('back-office/complete.njk', {
      title: `Registrera beslutet i ${preview.requestRegistrationNumber}`,
      requestId: id,
      preview,
      letter: letterSections(preview.blocks),
      fields: carriedFields(form),
      consistencyReason: formText(form, 'consistencyReason'),
    });
  }

  /**
   * An appeal's next step: `undantag` (a late one tried all the same,
   * förvaltningslagen 45 §), `ta-upp` (decide anew: reconsider, or carry out
   * the court's answer), `overlamna` (to the court) or `utfall` (its answer,
   * the dismissal of a late one, or its lapse after the reconsideration).
   */
  @Post('begaran/:id/overklagande/:appealId/:action')
  runAppealAction(
    @Param('id') id: string,
    @Param('appealId') appealId: string,
    @Param('action') action: string,
    @Body() form: Form,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    if (action === 'overlamna') {
      return this.act(request, response, id, 'Överklagandet är överlämnat till domstolen.', () =>
        this.appeals.forwardAppeal(actor, id, appealId, {
          forwardedOn: formText(form, 'forwardedOn'),
          court: formText(form, 'court') || null,
        }),
      );
    }
    if (action === 'ta-upp') {
      return this.act(
        request,
        response,
        id,
        'Begäran är öppen för ett nytt beslut. Ändra besluten om handlingarna och gör den färdigbeslutad igen.',
        () => this.appeals.reopenForAppeal(actor, id, appealId),
      );
    }
    if (action === 'undantag') {
      return this.act(
        request,
        response,
        id,
        'Undantaget är registrerat. Överklagandet kan nu lämnas över till domstolen.',
        () =>
          this.appeals.allowLateAppeal(actor, id, appealId, {
            exception: formText(form, 'exception'),
          }),
      );
    }
    if (action !== 'utfall') {
      throw new NotFoundError();
    }
    const outcome = COURT_OUTCOMES.find((each) => each === formText(form, 'outcome'));
    return this.act(request, response, id, 'Utfallet är registrerat.', async () => {
      if (!outcome || !/^\d{4}-\d{2}-\d{2}$/.test(formText(form, 'decidedOn'))) {
        throw new DomainError(
          ErrorCode.ValidationFailed,
          'Ange utfallet och datumet för domstolens avgörande.',
        );
      }
      await this.appeals.recordAppealOutcome(actor, id, appealId, {
        outcome,
        decidedOn: formText(form, 'decidedOn'),
        reference: formText(form, 'reference') || null,
      });
    });
  }

  @Get('begaran/:id/dokument/:documentId')
  async document(
    @Param('id') id: string,
    @Param('documentId') documentId: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const file = await this.queries.readDocument(actor, id, documentId);
    return privateFile(
      file.bytes,
      { type: 'application/pdf', disposition: `attachment; filename="${file.name}"` },
      response,
    );
  }

  @Get('begaran/:id/handlingar/:itemId')
  async showItem(
    @Param('id') id: string,
    @Param('itemId') itemId: string,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    response.render(
      'back-office/item.njk',
      await this.itemView(actor, id, itemId, null, {}, request),
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
  ): Promise<StreamableFile | string> {
    const { document } = await this.queries.reviewItem(actor, id, itemId);
    const fields = document?.sections.flatMap((section) => section.fields) ?? [];
    const parsed = redactionsFromForm(fields, form, this.queries.grounds);
    try {
      if (parsed.problems.length > 0) {
        throw new DomainError(
          ErrorCode.ValidationFailed,
          'Maskeringarna kunde inte läsas. Rätta det som är markerat.',
          parsed.problems,
        );
      }
      if (formText(form, 'visning') === 'html') {
        // The review page's script asks for the preview beside the record after each change.
        const document = await this.decisions.previewItemDocument(
          actor,
          id,
          itemId,
          parsed.redactions,
        );
        return await this.renderToString(response, 'back-office/_copy-preview.njk', {
          preview: toCopyPreviewView(document, this.queries.grounds),
        });
      }
      const copy = await this.decisions.previewItem(actor, id, itemId, parsed.redactions);
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
      // Rendered to a string and returned: with passthrough, Nest ends the response as soon as
      // the handler returns, so a page rendered on the side went out empty.
      const html =
        formText(form, 'visning') === 'html'
          ? await this.renderToString(response, 'back-office/_copy-preview.njk', {
              error: error.message,
              problems: error.fields.flatMap((field) => field.problems),
            })
          : await this.renderToString(
              response,
              'back-office/item.njk',
              await this.itemView(actor, id, itemId, error, form, request),
            );
      response.status(statusOf(error.code)).type('html');
      return html;
    }
  }

  private renderToString(response: Response, template: string, view: object): Promise<string> {
    return new Promise<string>((resolve, reject) =>
      response.render(template, view, (renderError: Error | null, page: string) =>
        renderError ? reject(renderError) : resolve(page),
      ),
    );
  }

  /**
   * Carries another record's decision over to one field (`fieldId`) or to
   * every unchanged field (`alla`), from the item page's "Beslut i andra
   * handlingar"; back to the item page with what happened (or why not).
   */
  @Post('begaran/:id/handlingar/:itemId/for-over')
  async carryOverDecision(
    @Param('id') id: string,
    @Param('itemId') itemId: string,
    @Body() form: Form,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const all = formText(form, 'alla') === 'ja';
    await withFlash(
      request,
      all
        ? 'Beslutet är överfört till alla uppgifter med oförändrad text.'
        : 'Beslutet är överfört till uppgiften.',
      () =>
        this.carryOver.carryOverDecision(actor, id, itemId, {
          fromItemId: formText(form, 'fromItemId'),
          fields: all ? 'unchanged' : [formText(form, 'fieldId')],
          version: Number(formText(form, 'version') || -1),
        }),
    );
    response.redirect(303, `/handlaggning/begaran/${id}/handlingar/${itemId}`);
  }

  /**
   * Four eyes: approves one record's refusal or redactions, from its row on
   * the request page (the version it showed); back to the request with what
   * happened (or why not: one's own decision, changed meanwhile).
   */
  @Post('begaran/:id/handlingar/:itemId/godkann')
  async approveItem(
    @Param('id') id: string,
    @Param('itemId') itemId: string,
    @Body() form: Form,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    await withFlash(request, 'Beslutet är godkänt.', () =>
      this.approvals.approveItem(actor, id, itemId, {
        version: Number(formText(form, 'version') || -1),
      }),
    );
    response.redirect(303, `/handlaggning/begaran/${id}`);
  }

  @Post('begaran/:id/handlingar/:itemId/beslut')
  async decide(
    @Param('id') id: string,
    @Param('itemId') itemId: string,
    @Body() form: Form,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const { document } = await this.queries.reviewItem(actor, id, itemId);
    const fields = document?.sections.flatMap((section) => section.fields) ?? [];
    const decision = DECISIONS.find((each) => each === formText(form, 'decision'));
    const parsed = redactionsFromForm(fields, form, this.queries.grounds);
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
      await this.decisions.decideItem(actor, id, itemId, {
        decision,
        redactions: decision === 'release_with_redactions' ? parsed.redactions : [],
        refusalGround: formText(form, 'refusalGround') || null,
        reasons: formText(form, 'reasons') || null,
        concernedParty: formText(form, 'concernedParty') || null,
        version: Number(formText(form, 'version') || -1),
      });
      request.session.flash = { kind: 'ok', text: 'Beslutet är sparat.' };
      await saveSession(request);
      response.redirect(303, `/handlaggning/begaran/${id}`);
    } catch (error) {
      if (!(error instanceof DomainError)) {
        throw error;
      }
      response
        .status(statusOf(error.code))
        .render(
          'back-office/item.njk',
          await this.itemView(actor, id, itemId, error, form, request),
        );
    }
  }

  private async itemView(
    actor: Actor,
    id: string,
    itemId: string,
    error: DomainError | null,
    form: Form,
    request: Request,
  ): Promise<Record<string, unknown>> {
    const reviewed = await this.queries.reviewItem(actor, id, itemId);
    const { document, redactions } = reviewed;
    const item = toItemView(reviewed.item);
    const submitted = Object.keys(form).length > 0;
    const grounds = this.queries.grounds;
    // Once decided, the page shows what was decided: a suggestion is marked only if it was struck.
    const isDecided = item.decision !== null && item.decision !== undefined;
    const fields = (document?.sections ?? []).map((section) => ({
      heading: section.heading,
      fields: section.fields.map((field) => {
        const chosen = new Set(list(form, controlName.suggestion(field.id)));
        const suggested = new Set(field.suggestions.map((each) => `${each.start}-${each.end}`));
        const savedSpans = redactions.flatMap((r) =>
          r.fieldId === field.id && r.span ? [{ ...r.span, ground: r.ground }] : [],
        );
        const savedSpanKeys = new Set(savedSpans.map((span) => `${span.start}-${span.end}`));
        // Struck passages (selected, or saved) each with its place and ground, ticked to keep.
        const strikes = submitted
          ? list(form, controlName.strike(field.id)).map((value) => ({
              value,
              ...(readStrike(value, grounds) ?? { text: value, ground: '' }),
            }))
          : savedSpans
              .filter((span) => !suggested.has(`${span.start}-${span.end}`))
              .map((span) => {
                const text = field.text.slice(span.start, span.end);
                return {
                  value: strikeValue(span.start, span.end, span.ground, text),
                  text,
                  ground: span.ground,
                };
              });
        return {
          ...field,
          names: {
            whole: controlName.whole(field.id),
            ground: controlName.ground(field.id),
            suggestion: controlName.suggestion(field.id),
            passage: controlName.passage(field.id),
            strike: controlName.strike(field.id),
          },
          strikes,
          textJson: JSON.stringify(field.text),
          whole: submitted
            ? list(form, controlName.whole(field.id)).includes('1')
            : redactions.some((r) => r.fieldId === field.id && !r.span),
          ground:
            formText(form, controlName.ground(field.id)) ||
            redactions.find((r) => r.fieldId === field.id)?.ground ||
            this.queries.grounds[0],
          // Saved spans come back as struck passages (above), each at its own place.
          passage: submitted ? formText(form, controlName.passage(field.id)) : '',
          suggestions: field.suggestions.map((suggestion) => ({
            ...suggestion,
            value: `${suggestion.start}-${suggestion.end}`,
            excerpt: field.text.slice(suggestion.start, suggestion.end),
            // Pre-marked on first view: the reviewer unticks what should stay.
            checked: submitted
              ? chosen.has(`${suggestion.start}-${suggestion.end}`)
              : !isDecided || savedSpanKeys.has(`${suggestion.start}-${suggestion.end}`),
            // Not yet accepted or dismissed: the script shows it as a suggestion to confirm.
            pending: !submitted && !isDecided,
          })),
          problem:
            error?.fields.find((f) => f.field.endsWith(`__${field.id}`))?.problems.join(' ') ??
            null,
        };
      }),
    }));
    // What other records and versions decided, field by field, to carry over where unchanged.
    const otherDecisions = toCarryOverView(
      await this.carryOver.compareItem(actor, id, itemId),
      item.decision === 'refuse',
    );
    // Four eyes: whether this decision awaits a second reviewer, or who approved it.
    const approvals = await this.approvals.approvalsOf(actor, id);
    const approval = approvals?.items[itemId] ?? null;
    return {
      approvalOpen: approvals?.open ?? false,
      title: `Pröva ${item.registrationNumber ?? 'utkast'}`,
      requestId: id,
      item,
      approval,
      otherDecisions,
      document,
      sections: fields,
      grounds,
      values: {
        decision: formText(form, 'decision') || item.decision || '',
        refusalGround: formText(form, 'refusalGround') || item.refusalGround || '',
        concernedParty: submitted ? formText(form, 'concernedParty') : (item.concernedParty ?? ''),
        reasons:
          formText(form, 'reasons') ||
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

  /** What each form on the request page does, and what the reviewer is told when it is done. */
  private requestActions(
    actor: Actor,
    id: string,
    form: Form,
  ): Record<string, { done: string; call: () => Promise<unknown> }> {
    const batch = list(form, 'item').map((value) => {
      const [itemId = '', version = '-1'] = value.split(':');
      return { id: itemId, version: Number(version) };
    });
    return {
      ta: { done: 'Du har tagit begäran.', call: () => this.actions.claim(actor, id) },
      'godkann-alla': {
        done: 'Besluten är godkända.',
        call: () => this.approvals.approveAll(actor, id),
      },
      tilldela: {
        done: 'Begäran är tilldelad.',
        call: () => this.actions.assign(actor, id, formText(form, 'accountId')),
      },
      anteckning: {
        done: 'Anteckningen är sparad.',
        call: () => this.actions.addNote(actor, id, formText(form, 'text')),
      },
      fraga: {
        done: 'Frågan visas nu för den som begärt handlingarna.',
        call: () => this.actions.askClarification(actor, id, formText(form, 'question')),
      },
      svar: {
        done: 'Svaret är registrerat och beslutsdagen flyttad.',
        call: () => this.actions.clarificationReceived(actor, id, formText(form, 'summary')),
      },
      handling: {
        done: 'Handlingen är tillagd.',
        call: () => this.actions.addRecord(actor, id, formText(form, 'registrationNumber')),
      },
      'lamna-ut': {
        done: `${batch.length} handlingar ska lämnas ut.`,
        call: () => this.decisions.releaseInBatch(actor, id, batch),
      },
      avsluta: {
        done: 'Begäran är avslutad. Brevet är framtaget och skickas när du lämnar ut det.',
        call: () =>
          this.completion.closeWithoutRecords(actor, id, {
            closure: formText(form, 'closure'),
            forwardedTo: formText(form, 'forwardedTo') || null,
            reasons: formText(form, 'reasons') || null,
          }),
      },
      'utlamna-del': {
        done: 'De handlingar som lämnas ut i sin helhet är utlämnade och kan hämtas av den som begärt dem. Övriga prövas vidare.',
        call: () => this.completion.deliverPart(actor, id),
      },
      klar: {
        done: 'Begäran är beslutad. Beslutet och kopiorna är framtagna.',
        call: () =>
          this.completion.completeDecision(actor, id, {
            consistencyReason: formText(form, 'consistencyReason') || null,
          }),
      },
      utlamna: {
        done: 'Handlingarna är utlämnade.',
        call: () =>
          this.completion.deliver(actor, id, {
            paymentReceived: formText(form, 'paymentReceived') === 'ja',
          }),
      },
      forlang: {
        done: 'Den nya beslutsdagen och beskedet visas nu för den som begärt handlingarna.',
        call: () =>
          this.actions.extend(actor, id, {
            decisionDue: formText(form, 'decisionDue'),
            notice: formText(form, 'notice'),
          }),
      },
      visning: {
        done: 'Tiden för läsning på plats är bokad.',
        call: () =>
          this.actions.bookViewing(actor, id, {
            date: formText(form, 'date'),
            time: formText(form, 'time'),
            place: formText(form, 'place') || null,
          }),
      },
      overklagande: {
        done: 'Överklagandet är registrerat.',
        call: () =>
          this.appeals.registerAppeal(actor, id, {
            receivedOn: formText(form, 'receivedOn'),
            note: formText(form, 'note') || null,
          }),
      },
    };
  }

  /** Runs an action, then back to the request with what happened (or why not). */
  private async act(
    request: Request,
    response: Response,
    id: string,
    done: string,
    action: () => Promise<unknown>,
  ): Promise<void> {
    await withFlash(request, done, action);
    // The post list's "sent" buttons come back to the list.
    const form = request.body as Form | undefined;
    response.redirect(
      303,
      form && formText(form, 'tillbaka') === 'post'
        ? '/handlaggning/post'
        : `/handlaggning/begaran/${id}`,
    );
  }

  private takeFlash(request: Request): Flash | null {
    return takeFlash(request);
  }
}
