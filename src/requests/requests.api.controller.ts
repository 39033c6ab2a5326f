import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';

import { CurrentActor, RequiresLogin, RequiresPermission } from '../auth/access.guard';
import type { Actor } from '../auth/actor';
import { NotFoundError } from '../common/errors/domain-error';
import { ApiErrors, ERROR_DESCRIPTIONS, type DocumentedError } from '../common/http/api-docs';
import { IdempotencyKey } from '../common/http/idempotency-key';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { RequestDeliveryService } from './request-delivery.service';
import {
  ClarificationAnswerDto,
  RequesterAppealDto,
  FiledRequestDto,
  ForwardedIntakeDto,
  GuardianIntakeDto,
  IntakeDto,
  RegisteredIntakeDto,
} from './dto/intake.dto';
import { DownloadLinkDto, PublicRequestStatusDto } from './dto/request.responses';
import { FiledRequest, RequestIntakeService } from './request-intake.service';
import { RequesterActionsService } from './requester-actions.service';
import { GuardianRequestsService } from './guardian-requests.service';
import { PublicRequestStatus, toPublicStatusView } from './views/public-status.view';
import type { ReceiptKey } from './receipt-code';
import { RECEIPT_CODE_HEADER, ReceiptCodeHeader } from './receipt-code-header';

/** What a filing with an Idempotency-Key may answer besides the filing's own errors. */
const IDEMPOTENCY_ERRORS: DocumentedError[] = [
  {
    status: 409,
    description:
      'REQUEST_IN_PROGRESS: the first request with this Idempotency-Key is still being served; try again after Retry-After.',
    retryAfter: true,
  },
  {
    status: 422,
    description:
      'IDEMPOTENCY_KEY_REUSED: this Idempotency-Key was used for another request (another body); use a new key.',
  },
];

const RECEIPT_NOT_FOUND: DocumentedError = {
  status: 404,
  description: `${ERROR_DESCRIPTIONS[404]} Also an unknown receipt code.`,
};

/** What the requester keeps: never the internal id. */
function receiptOf(filed: FiledRequest): FiledRequestDto {
  return {
    registrationNumber: filed.registrationNumber,
    receiptCode: filed.receiptCode,
    status: filed.status,
  };
}

@ApiTags('records-requests')
@Controller('api/v1/records-requests')
export class RequestsApiController {
  constructor(
    private readonly intake: RequestIntakeService,
    private readonly delivery: RequestDeliveryService,
    private readonly requester: RequesterActionsService,
    private readonly guardians: GuardianRequestsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @ApiErrors(400, ...IDEMPOTENCY_ERRORS, 429)
  @Post()
  @ApiOperation({
    summary: 'File a request for public records (anyone, no account, may be anonymous)',
    description:
      'Rate-limited per client address. Keep the receipt code: it opens the status and, later, the copies.',
  })
  @ApiCreatedResponse({ type: FiledRequestDto })
  async file(
    @Body() body: IntakeDto,
    @Req() request: Request,
    @IdempotencyKey() idempotencyKey: string | null,
  ): Promise<FiledRequestDto> {
    const filed = await this.intake.file(
      { ...body },
      { channel: 'api', clientAddress: request.ip ?? 'unknown' },
      idempotencyKey,
    );
    return receiptOf(filed);
  }

  @ApiErrors(400, 404, ...IDEMPOTENCY_ERRORS)
  @Post('as-guardian/:pupilId')
  @RequiresLogin()
  @ApiOperation({
    summary: "A guardian, signed in, asks for their own child's records (OSL 12 kap. 3 §)",
    description:
      'The reviewer sees the verified guardian and may lift the confidentiality that protects the child toward them. Anyone but the child’s guardian is told 404.',
  })
  @ApiCreatedResponse({ type: FiledRequestDto })
  async fileAsGuardian(
    @Param('pupilId') pupilId: string,
    @Body() body: GuardianIntakeDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() idempotencyKey: string | null,
  ): Promise<FiledRequestDto> {
    return receiptOf(await this.guardians.file(actor, pupilId, { ...body }, idempotencyKey));
  }

  @ApiOkResponse({ type: PublicRequestStatusDto })
  @ApiErrors(400, RECEIPT_NOT_FOUND)
  @Get('status')
  @ApiOperation({
    summary: 'The status of a request by its receipt code (no account)',
    description: `The code goes in the ${RECEIPT_CODE_HEADER} header, never in the URL.`,
  })
  async status(@ReceiptCodeHeader() receipt: ReceiptKey | null): Promise<PublicRequestStatus> {
    return toPublicStatusView(await this.intake.statusByReceipt(receipt));
  }

  @ApiNoContentResponse()
  @ApiErrors(400, RECEIPT_NOT_FOUND, 409)
  @Post('status/clarification-answer')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Answer the reviewer’s question (by receipt code, no account)',
    description:
      'Only while the request awaits an answer (409 otherwise). The waiting ends and the decision date moves by the working days waited.',
  })
  async answerClarification(
    @ReceiptCodeHeader() receipt: ReceiptKey | null,
    @Body() body: ClarificationAnswerDto,
  ): Promise<void> {
    await this.requester.answerClarification(receipt, body.answer);
  }

  @ApiNoContentResponse()
  @ApiErrors(400, RECEIPT_NOT_FOUND, 409)
  @Post('status/withdraw')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Withdraw the request (by receipt code, no account)',
    description:
      'Until the request is decided (409 afterwards). It closes as withdrawn; this cannot be undone.',
  })
  async withdraw(@ReceiptCodeHeader() receipt: ReceiptKey | null): Promise<void> {
    await this.requester.withdraw(receipt);
  }

  @ApiNoContentResponse()
  @ApiErrors(400, RECEIPT_NOT_FOUND, 409)
  @Post('status/appeal')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Appeal the decision (by receipt code, no account)',
    description:
      'Against a delivered decision that refused or struck something (409 otherwise). Registered as received today, in time or not; Sektor Lärande reconsiders it and forwards it to the court.',
  })
  async appeal(
    @ReceiptCodeHeader() receipt: ReceiptKey | null,
    @Body() body: RequesterAppealDto,
  ): Promise<void> {
    await this.requester.appeal(receipt, body.reasons);
  }

  @ApiCreatedResponse({ type: DownloadLinkDto })
  @ApiErrors(400, RECEIPT_NOT_FOUND, {
    status: 409,
    description: 'INVALID_STATE: the links for this delivery are used up; Sektor Lärande helps.',
  })
  @Post('status/download-link')
  @HttpCode(201)
  @ApiOperation({
    summary: 'A download link for the copies of a delivered electronic request (by receipt code)',
    description:
      'The link carries a 256-bit token; it expires and allows a limited number of downloads (settings). ' +
      'A new link replaces the one before, which stops working; after DOWNLOAD_LINK_MAX_PER_REQUEST links ' +
      'per delivery the answer is 409 and Sektor Lärande helps.',
  })
  async downloadLink(
    @ReceiptCodeHeader() receipt: ReceiptKey | null,
  ): Promise<{ url: string; expiresAt: string }> {
    const link = await this.delivery.linkForReceipt(receipt);
    if (!link) {
      throw new NotFoundError('Det finns inga utlämnade kopior att hämta för den koden.');
    }
    return {
      url: new URL(`/begaran/hamta/${link.token}`, this.config.http.publicBaseUrl).toString(),
      expiresAt: link.expiresAt.toISOString(),
    };
  }

  @ApiErrors(400, ...IDEMPOTENCY_ERRORS)
  @Post('registered')
  @RequiresPermission('records.review')
  @ApiOperation({
    summary: 'Register a request received by e-mail, letter, phone or at the desk (reviewers)',
  })
  @ApiCreatedResponse({ type: FiledRequestDto })
  async register(
    @Body() body: RegisteredIntakeDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() idempotencyKey: string | null,
  ): Promise<FiledRequestDto> {
    const { channel, receivedOn, ...rest } = body;
    const filed = await this.intake.file(
      { ...rest },
      { channel, actor, receivedOn },
      idempotencyKey,
    );
    return receiptOf(filed);
  }

  @ApiErrors(400, ...IDEMPOTENCY_ERRORS)
  @Post('forwarded')
  @RequiresPermission('records.forward')
  @ApiOperation({
    summary:
      'Forward a request that reached a school to Sektor Lärande (mentors, teachers, principals)',
    description: 'Forwarding is all a school can do with a request: only Sektor Lärande decides.',
  })
  @ApiCreatedResponse({ type: FiledRequestDto })
  async forward(
    @Body() body: ForwardedIntakeDto,
    @CurrentActor() actor: Actor,
    @IdempotencyKey() idempotencyKey: string | null,
  ): Promise<FiledRequestDto> {
    const { receivedOn, ...rest } = body;
    const filed = await this.intake.file(
      { ...rest },
      { channel: 'forwarded', actor, receivedOn },
      idempotencyKey,
    );
    return receiptOf(filed);
  }
}
