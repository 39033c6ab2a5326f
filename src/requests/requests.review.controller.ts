import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';

import { CurrentActor, RequiresPermission } from '../auth/access.guard';
import type { Actor } from '../auth/actor';
import { ApiErrors, ApiPdfResponse, type DocumentedError } from '../common/http/api-docs';
import { privateFile } from '../common/http/private-file';
import {
  AddRecordDto,
  AppealDto,
  AppealOutcomeDto,
  DeliverDto,
  ExtendDto,
  ViewingDto,
  ForwardAppealDto,
  AssignDto,
  BatchReleaseDto,
  ClarificationAnsweredDto,
  ClarificationDto,
  CloseWithoutRecordsDto,
  CompleteDecisionDto,
  ItemDecisionDto,
  LateAppealExceptionDto,
  NoteDto,
  PreviewDto,
} from './dto/review.dto';
import { ItemMarkingDto } from './dto/item-marking.dto';
import { CarriedOverDto, CarryOverDto, FieldCarryOverDto } from './dto/carry-over.dto';
import type { FieldCarryOver } from './carry-over';
import { ItemCarryOverService } from './item-carry-over.service';
import { ItemApprovalsService } from './item-approvals.service';
import { ApprovedItemsDto, ApproveItemDto } from './dto/item-approval.dto';
import {
  RequestDetailDto,
  RequestDocumentDto,
  RequestItemReviewDto,
  RequestNoticeDto,
  RequestPartDeliveredDto,
  RequestPostItemDto,
  RequestQueuePageDto,
  RequestReportDto,
  RequestsReleasedDto,
} from './dto/request.responses';
import {
  formatQueueCursor,
  parseQueueFilter,
  QUEUE_ASSIGNEES,
  QUEUE_DUES,
  QUEUE_STATUSES,
} from './queue-filter';
import type { Report } from './reports/request-report';
import { RequestReportsService } from './reports/request-reports.service';
import { ItemDecisionsService } from './item-decisions.service';
import { ItemMarkingService } from './item-marking.service';
import { RequestAppealsService } from './request-appeals.service';
import { RequestCompletionService } from './request-completion.service';
import type { DeliveredDocument, PostItem } from './request-delivery.service';
import { RequestQueriesService } from './request-queries.service';
import { RequestReviewActionsService } from './request-review-actions.service';
import { QueueRowView, StaffNoticeView, toNoticeView, toQueueRowView } from './views/queue.view';
import { RequestDetailView, toItemView, toRequestDetailView } from './views/request-detail.view';

/** The same text struck in one record and released in another, and no reason given (decision-consistency.ts). */
const DECISIONS_INCONSISTENT: DocumentedError = {
  status: 409,
  description:
    'DECISIONS_INCONSISTENT: the same text is struck in one record and released in another; send consistencyReason to confirm. APPROVAL_REQUIRED: with REQUEST_FOUR_EYES on, refusals or redactions not yet approved by a second reviewer (the message names the records). INVALID_STATE: records left to decide, or not possible in the request’s state.',
};

/** A copy drawn for the action failed the leak check (RedactionService): nothing changes. */
const COPY_BLOCKED: DocumentedError = {
  status: 422,
  description: 'COPY_BLOCKED: a copy failed the leak check; nothing was decided or handed out.',
};

/** Every action of the back office, for reviewers at Sektor Lärande (others: 404). */
@ApiTags('records-requests')
@Controller('api/v1/records-requests')
@RequiresPermission('records.review')
export class RequestsReviewController {
  constructor(
    private readonly queries: RequestQueriesService,
    private readonly actions: RequestReviewActionsService,
    private readonly decisions: ItemDecisionsService,
    private readonly markings: ItemMarkingService,
    private readonly completion: RequestCompletionService,
    private readonly appeals: RequestAppealsService,
    private readonly reporting: RequestReportsService,
    private readonly carryOver: ItemCarryOverService,
    private readonly approvals: ItemApprovalsService,
  ) {}

  @ApiOkResponse({ type: RequestQueuePageDto })
  @ApiErrors(400)
  @Get()
  @ApiOperation({
    summary: 'The queue: earliest decision date (overdue) first, keyset-paginated (reviewers)',
  })
  @ApiQuery({ name: 'status', required: false, enum: QUEUE_STATUSES })
  @ApiQuery({ name: 'assignee', required: false, enum: QUEUE_ASSIGNEES })
  @ApiQuery({ name: 'due', required: false, enum: QUEUE_DUES })
  @ApiQuery({
    name: 'q',
    required: false,
    description: 'Free text: registration number (or part), pupil, or the requester’s description',
  })
  @ApiQuery({
    name: 'after',
    required: false,
    description: 'The `next` cursor of the previous page',
  })
  list(
    @Query() query: Record<string, unknown>,
    @CurrentActor() actor: Actor,
  ): Promise<{ rows: QueueRowView[]; next: string | null }> {
    return this.queries.listQueue(actor, parseQueueFilter(query)).then(({ rows, next }) => ({
      rows: rows.map(toQueueRowView),
      next: next ? formatQueueCursor(next) : null,
    }));
  }

  @ApiOkResponse({ type: [RequestPostItemDto] })
  @Get('post-list')
  @ApiOperation({
    summary:
      'Decided requests for paper copies waiting to be posted: recipient, contents, fee and payment (reviewers)',
  })
  postList(@CurrentActor() actor: Actor): Promise<PostItem[]> {
    return this.queries.postList(actor);
  }

  @ApiOkResponse({ type: [RequestNoticeDto] })
  @Get('notifications')
  @ApiOperation({ summary: 'New requests, reminders and escalations not yet seen (reviewers)' })
  notifications(@CurrentActor() actor: Actor): Promise<StaffNoticeView[]> {
    return this.queries.notifications(actor).then((notices) => notices.map(toNoticeView));
  }

  @ApiOkResponse({ type: RequestReportDto })
  @ApiErrors(400)
  @Get('reports')
  @ApiOperation({
    summary:
      'Requests per month they came in: per status, median and 90th-percentile working days to decision, overdue, outcome shares (reviewers)',
  })
  @ApiQuery({
    name: 'from',
    required: false,
    description: 'YYYY-MM; default 11 months before `to`',
  })
  @ApiQuery({ name: 'to', required: false, description: 'YYYY-MM; default this month' })
  reports(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor): Promise<Report> {
    return this.reporting.report(actor, { from: query.from, to: query.to });
  }

  @ApiOkResponse({ type: RequestDetailDto })
  @Get(':id')
  @ApiOperation({ summary: 'A request with its records, notes and history (reviewers)' })
  get(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<RequestDetailView> {
    return this.queries.getRequest(actor, id).then(toRequestDetailView);
  }

  @ApiNoContentResponse()
  @ApiErrors(409)
  @Post(':id/claim')
  @HttpCode(204)
  @ApiOperation({ summary: 'Take the request (the first action)' })
  claim(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<void> {
    return this.actions.claim(actor, id);
  }

  @ApiNoContentResponse()
  @ApiErrors(400, 409)
  @Post(':id/assign')
  @HttpCode(204)
  @ApiOperation({ summary: 'Hand the request to another reviewer' })
  assign(
    @Param('id') id: string,
    @Body() body: AssignDto,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    return this.actions.assign(actor, id, body.accountId);
  }

  @ApiNoContentResponse()
  @ApiErrors(400)
  @Post(':id/notes')
  @HttpCode(204)
  @ApiOperation({ summary: 'An internal note, never shown to the requester' })
  note(
    @Param('id') id: string,
    @Body() body: NoteDto,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    return this.actions.addNote(actor, id, body.text);
  }

  @ApiNoContentResponse()
  @ApiErrors(400, 409)
  @Post(':id/clarification')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Ask the requester for more (shown on their status page); the waiting is logged',
  })
  ask(
    @Param('id') id: string,
    @Body() body: ClarificationDto,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    return this.actions.askClarification(actor, id, body.question);
  }

  @ApiNoContentResponse()
  @ApiErrors(400, 409)
  @Post(':id/clarification/answered')
  @HttpCode(204)
  @ApiOperation({
    summary: 'The requester answered: the decision date moves by the working days waited',
  })
  answered(
    @Param('id') id: string,
    @Body() body: ClarificationAnsweredDto,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    return this.actions.clarificationReceived(actor, id, body.summary ?? '');
  }

  @ApiNoContentResponse()
  @ApiErrors(400, 409)
  @Post(':id/items')
  @HttpCode(204)
  @ApiOperation({ summary: 'Add a record by its registration number' })
  addRecord(
    @Param('id') id: string,
    @Body() body: AddRecordDto,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    return this.actions.addRecord(actor, id, body.registrationNumber);
  }

  @ApiOkResponse({ type: RequestItemReviewDto })
  @Get(':id/items/:itemId/review')
  @ApiOperation({
    summary: 'One record for review, with the free-text guard’s suggested redactions',
  })
  reviewItem(
    @Param('id') id: string,
    @Param('itemId') itemId: string,
    @CurrentActor() actor: Actor,
  ) {
    return this.queries.reviewItem(actor, id, itemId).then(({ item, document, redactions }) => ({
      item: toItemView(item),
      document,
      redactions,
    }));
  }

  @Post(':id/items/:itemId/preview')
  @HttpCode(200)
  @ApiPdfResponse('The redacted copy as it would go out')
  @ApiErrors(400, COPY_BLOCKED)
  @ApiOperation({
    summary: 'The redacted copy as it would go out, leak-checked (422 COPY_BLOCKED when not)',
  })
  async preview(
    @Param('id') id: string,
    @Param('itemId') itemId: string,
    @Body() body: PreviewDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const copy = await this.decisions.previewItem(actor, id, itemId, body.redactions);
    return privateFile(
      copy.bytes,
      {
        type: 'application/pdf',
        disposition: `inline; filename="forhandsgranskning-${copy.registrationNumber}.pdf"`,
      },
      response,
    );
  }

  @ApiNoContentResponse()
  @ApiErrors(
    400,
    {
      status: 409,
      description:
        'CONFLICT: another reviewer decided the record meanwhile (named in the message); INVALID_STATE: not possible in the request’s state.',
    },
    COPY_BLOCKED,
  )
  @Post(':id/items/:itemId/decision')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Decide one record: release, release with redactions, refuse, or (a draft) no public record yet',
    description:
      'Carries the item version seen; if another reviewer decided meanwhile the answer is 409 naming them.',
  })
  decide(
    @Param('id') id: string,
    @Param('itemId') itemId: string,
    @Body() body: ItemDecisionDto,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    return this.decisions.decideItem(actor, id, itemId, {
      decision: body.decision,
      redactions: body.redactions,
      refusalGround: body.refusalGround ?? null,
      reasons: body.reasons ?? null,
      concernedParty: body.concernedParty ?? null,
      version: body.version,
    });
  }

  @ApiOkResponse({ type: [FieldCarryOverDto] })
  @Get(':id/items/:itemId/other-decisions')
  @ApiOperation({
    summary: 'What other records of the request, and other versions of the same plan, decided',
    description:
      'Field by field: released, struck (grounds) or refused, and whether the field’s text is unchanged (only then can the decision be carried over).',
  })
  otherDecisions(
    @Param('id') id: string,
    @Param('itemId') itemId: string,
    @CurrentActor() actor: Actor,
  ): Promise<FieldCarryOver[]> {
    return this.carryOver.compareItem(actor, id, itemId);
  }

  @ApiOkResponse({ type: CarriedOverDto })
  @ApiErrors(
    400,
    {
      status: 409,
      description:
        'CONFLICT: another reviewer decided the record meanwhile; INVALID_STATE: a draft, a refused record, or not possible in the request’s state.',
    },
    COPY_BLOCKED,
  )
  @Post(':id/items/:itemId/carry-over')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Carry another record’s decision over to fields whose text is unchanged',
    description:
      'The fields’ redactions become the other record’s; decided through the same rules, leak check and audit as any decision. A field whose text changed is not carried (400 when nothing could be).',
  })
  async carryOverDecision(
    @Param('id') id: string,
    @Param('itemId') itemId: string,
    @Body() body: CarryOverDto,
    @CurrentActor() actor: Actor,
  ): Promise<CarriedOverDto> {
    const carried = await this.carryOver.carryOverDecision(actor, id, itemId, {
      fromItemId: body.fromItemId,
      fields: body.allUnchanged ? 'unchanged' : (body.fieldIds ?? []),
      version: body.version,
    });
    return { carried };
  }

  @ApiNoContentResponse()
  @ApiErrors(400, {
    status: 409,
    description:
      'INVALID_STATE: the reviewer’s own decision (another reviewer must approve it), not a refusal or redactions, already approved, REQUEST_FOUR_EYES off, or not possible in the request’s state; CONFLICT: the decision changed since `version`.',
  })
  @Post(':id/items/:itemId/approve')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Four eyes: approve another reviewer’s refusal or redactions',
    description:
      'With REQUEST_FOUR_EYES=refusals-and-redactions every refusal and release with redactions needs a second reviewer’s approval before the request can be completed. Changing the decision clears it. The approver and the time go into the decision letter and the audit log.',
  })
  approveItem(
    @Param('id') id: string,
    @Param('itemId') itemId: string,
    @Body() body: ApproveItemDto,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    return this.approvals.approveItem(actor, id, itemId, { version: body.version ?? null });
  }

  @ApiOkResponse({ type: ApprovedItemsDto })
  @ApiErrors({
    status: 409,
    description:
      'INVALID_STATE: nothing awaits approval, only the reviewer’s own decisions do, REQUEST_FOUR_EYES off, or not possible in the request’s state.',
  })
  @Post(':id/approve-all')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Four eyes: approve every refusal and redaction awaiting approval, except one’s own',
  })
  async approveAll(
    @Param('id') id: string,
    @CurrentActor() actor: Actor,
  ): Promise<ApprovedItemsDto> {
    return { approved: await this.approvals.approveAll(actor, id) };
  }

  @ApiNoContentResponse()
  @ApiErrors(400)
  @Put(':id/items/:itemId/marking')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Set, change or (provision null) remove the record’s sekretessmarkering: a signal to reviewers, never a decision; allowed whatever the request’s status',
  })
  markItem(
    @Param('id') id: string,
    @Param('itemId') itemId: string,
    @Body() body: ItemMarkingDto,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    return this.markings.markItem(actor, id, itemId, {
      provision: body.provision,
      reviewOn: body.reviewOn ?? null,
    });
  }

  @ApiOkResponse({ type: RequestsReleasedDto })
  @ApiErrors(400, 409, COPY_BLOCKED)
  @Post(':id/decisions/release')
  @HttpCode(200)
  @ApiOperation({ summary: 'Release several records without redactions at once (all or none)' })
  async releaseBatch(
    @Param('id') id: string,
    @Body() body: BatchReleaseDto,
    @CurrentActor() actor: Actor,
  ): Promise<{ released: number }> {
    return { released: await this.decisions.releaseInBatch(actor, id, body.items) };
  }

  @ApiNoContentResponse()
  @ApiErrors(400, 409, COPY_BLOCKED)
  @Post(':id/deliver')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'The copies are out: made available for download (electronic), posted, or shown on site',
  })
  deliver(
    @Param('id') id: string,
    @Body() body: DeliverDto,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    return this.completion.deliver(actor, id, { paymentReceived: body.paymentReceived === true });
  }

  @ApiOkResponse({ type: RequestPartDeliveredDto })
  @ApiErrors(409, COPY_BLOCKED)
  @Post(':id/deliver-part')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Releases ahead of the decision the records decided for release in full (electronic copies): in batches as each is reviewed',
  })
  async deliverPart(
    @Param('id') id: string,
    @CurrentActor() actor: Actor,
  ): Promise<{ delivered: number }> {
    return { delivered: await this.completion.deliverPart(actor, id) };
  }

  @ApiNoContentResponse()
  @ApiErrors(400, 409)
  @Post(':id/extend')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'A large request needs longer: a later decision date and a notice to the requester (status page, e-mail)',
  })
  extend(
    @Param('id') id: string,
    @Body() body: ExtendDto,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    return this.actions.extend(actor, id, body);
  }

  @ApiNoContentResponse()
  @ApiErrors(400, 409)
  @Post(':id/viewing')
  @HttpCode(204)
  @ApiOperation({ summary: 'Book a time to read the records on site, told to the requester' })
  bookViewing(
    @Param('id') id: string,
    @Body() body: ViewingDto,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    return this.actions.bookViewing(actor, id, {
      date: body.date,
      time: body.time,
      place: body.place ?? null,
    });
  }

  @ApiOkResponse({ type: [RequestDocumentDto] })
  @Get(':id/documents')
  @ApiOperation({ summary: 'The letter and the checked copies made when the request was decided' })
  documents(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<DeliveredDocument[]> {
    return this.queries.documents(actor, id);
  }

  @Get(':id/documents/:documentId')
  @ApiPdfResponse('The letter or copy')
  @ApiOperation({ summary: 'One letter or copy as PDF' })
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

  @ApiNoContentResponse()
  @ApiErrors(400, 409)
  @Post(':id/appeals')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Register an appeal against the decision (in time or not is worked out)',
  })
  appeal(
    @Param('id') id: string,
    @Body() body: AppealDto,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    return this.appeals.registerAppeal(actor, id, {
      receivedOn: body.receivedOn,
      note: body.note ?? null,
    });
  }

  @ApiNoContentResponse()
  @ApiErrors(400, 409)
  @Post(':id/appeals/:appealId/forward')
  @HttpCode(204)
  @ApiOperation({ summary: 'Forward an appeal in time to the court with the file' })
  forwardAppeal(
    @Param('id') id: string,
    @Param('appealId') appealId: string,
    @Body() body: ForwardAppealDto,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    return this.appeals.forwardAppeal(actor, id, appealId, {
      forwardedOn: body.forwardedOn,
      court: body.court ?? null,
    });
  }

  @ApiNoContentResponse()
  @ApiErrors(400, 409)
  @Post(':id/appeals/:appealId/late-exception')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'A late appeal tried all the same (förvaltningslagen 45 §): the reason is recorded and it can go to the court',
  })
  allowLateAppeal(
    @Param('id') id: string,
    @Param('appealId') appealId: string,
    @Body() body: LateAppealExceptionDto,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    return this.appeals.allowLateAppeal(actor, id, appealId, { exception: body.exception });
  }

  @ApiNoContentResponse()
  @ApiErrors(409)
  @Post(':id/appeals/:appealId/reopen')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Decide anew because of the appeal: reconsider before forwarding (förvaltningslagen 37–39 §§), or carry out the court’s change or return; the request is in review again and its letters and copies are superseded',
  })
  reopenForAppeal(
    @Param('id') id: string,
    @Param('appealId') appealId: string,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    return this.appeals.reopenForAppeal(actor, id, appealId);
  }

  @ApiNoContentResponse()
  @ApiErrors(400, 409)
  @Post(':id/appeals/:appealId/outcome')
  @HttpCode(204)
  @ApiOperation({ summary: 'Record the court’s answer (or the dismissal of a late appeal)' })
  appealOutcome(
    @Param('id') id: string,
    @Param('appealId') appealId: string,
    @Body() body: AppealOutcomeDto,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    return this.appeals.recordAppealOutcome(actor, id, appealId, {
      outcome: body.outcome,
      decidedOn: body.decidedOn,
      reference: body.reference ?? null,
    });
  }

  @ApiNoContentResponse()
  @ApiErrors(400, 409, COPY_BLOCKED)
  @Post(':id/close')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Close a request that names no record: none exists here (an appealable decision) or forwarded to another authority; the letter is then delivered as any decision',
  })
  close(
    @Param('id') id: string,
    @Body() body: CloseWithoutRecordsDto,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    return this.completion.closeWithoutRecords(actor, id, {
      closure: body.closure,
      forwardedTo: body.forwardedTo ?? null,
      reasons: body.reasons ?? null,
    });
  }

  @ApiNoContentResponse()
  @ApiErrors(DECISIONS_INCONSISTENT, COPY_BLOCKED)
  @Post(':id/complete')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Every record decided: the request is decided',
    description:
      'Where the same text is struck in one record and released in another, the answer is 409 DECISIONS_INCONSISTENT (the message names the records and the passage) until `consistencyReason` is sent.',
  })
  complete(
    @Param('id') id: string,
    @Body() body: CompleteDecisionDto,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    return this.completion.completeDecision(actor, id, {
      consistencyReason: body.consistencyReason ?? null,
    });
  }
}
