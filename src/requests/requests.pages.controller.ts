import {
  Body,
  Controller,
  Get,
  HttpStatus,
  Param,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { CurrentActor, RequiresLogin, RequiresPermission } from '../auth/access.guard';
import type { Actor } from '../auth/actor';
import {
  DomainError,
  ErrorCode,
  NotFoundError,
  ValidationFailedError,
} from '../common/errors/domain-error';
import { statusOf } from '../common/errors/error-status';
import { privateFile } from '../common/http/private-file';
import { RequestDeliveryService } from './request-delivery.service';
import { stockholmToday } from '../common/stockholm';
import { saveSession } from '../common/http/flash';
import type { Form } from '../common/http/form';
import { formShownAgain, SelfCheckedForm, shownAgain } from '../common/http/form';
import { FiledRequest, RequestIntakeService } from './request-intake.service';
import { GuardianRequestsService } from './guardian-requests.service';
import { RequesterActionsService } from './requester-actions.service';
import { receiptKeyOf, type ReceiptKey } from './receipt-code';
import { closeReceiptStatus, openReceiptKey, openReceiptStatus } from './receipt-session';
import { channelLabel, deliveryLabel, STAFF_CHANNELS, StaffChannel } from './request-lifecycle';
import { toPublicStatusView } from './views/public-status.view';

const STATUS_TITLE = 'Status för din begäran';

/** The status page has closed by itself (or was never opened in this browser). */
const STATUS_CLOSED =
  'Statussidan har stängts. Skriv in koden från ditt kvitto igen för att se din begäran.';

function requireOpen(key: ReceiptKey | null): ReceiptKey {
  if (!key) {
    throw new NotFoundError(STATUS_CLOSED);
  }
  return key;
}

const FIELD_NAMES: Record<string, string> = {
  description: 'Beskrivningen',
  pupilName: 'Elevens namn',
  school: 'Skolan',
  period: 'Läsåret eller terminen',
  delivery: 'Sättet att ta del av handlingarna',
  contactName: 'Namnet',
  contactEmail: 'E-postadressen',
  contactPhone: 'Telefonnumret',
  postalAddress: 'Postadressen',
  invoiceConsent: 'Faktura',
  receivedOn: 'Datumet',
  channel: 'Hur begäran kom in',
};

const INTAKE_FIELDS = [
  'description',
  'pupilName',
  'school',
  'period',
  'delivery',
  'contactName',
  'contactEmail',
  'contactPhone',
  'postalAddress',
  'invoiceConsent',
  'receivedOn',
  'channel',
] as const;

/** Only the form's own fields, as strings: nothing else reaches the service or the page. */
function valuesOf(form: Form): Record<string, string> {
  return Object.fromEntries(
    INTAKE_FIELDS.map((name) => [name, typeof form[name] === 'string' ? form[name] : '']),
  );
}

function problemsOf(error: DomainError): Record<string, string> {
  return Object.fromEntries(error.fields.map((field) => [field.field, field.problems.join(', ')]));
}

/**
 * The public pages for requests for public records: the form (no account,
 * works without JavaScript, no purpose asked), the receipt and the status by
 * receipt code; and the pages where staff register or forward a request.
 */
@ApiExcludeController()
@Controller()
export class RequestsPagesController {
  constructor(
    private readonly intake: RequestIntakeService,
    private readonly delivery: RequestDeliveryService,
    private readonly requester: RequesterActionsService,
    private readonly guardians: GuardianRequestsService,
  ) {}

  @Get('begaran')
  showForm(@Res() response: Response): void {
    response.render('requests/form.njk', this.formView({}, {}));
  }

  @Post('begaran')
  async submitForm(
    @SelfCheckedForm() form: Form,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const values = valuesOf(form);
    // A field people never see: only a robot fills it in.
    if (typeof form.webbplats === 'string' && form.webbplats.trim() !== '') {
      response.status(HttpStatus.BAD_REQUEST).render('requests/form.njk', {
        ...this.formView(values, {}),
        error: 'Begäran kunde inte tas emot. Ring oss om du inte kommer vidare.',
      });
      return;
    }
    await this.fileAndShowReceipt(
      values,
      () => this.intake.file(values, { channel: 'web', clientAddress: request.ip ?? 'unknown' }),
      request,
      response,
      'requests/form.njk',
      (problems) => this.formView(values, problems),
    );
  }

  /**
   * A guardian, signed in, asks for their own child's records (OSL 12 kap.
   * 3 §): the form with the child named, and the guardian's earlier requests
   * about the child. Anyone else is told the child is not found.
   */
  @Get('mina-barn/:pupilId/begaran')
  @RequiresLogin()
  async showGuardianForm(
    @Param('pupilId') pupilId: string,
    @CurrentActor() actor: Actor,
    @Res() response: Response,
  ): Promise<void> {
    response.render(
      'requests/guardian-form.njk',
      await this.guardianView(actor, pupilId, { delivery: 'electronic' }, {}),
    );
  }

  @Post('mina-barn/:pupilId/begaran')
  @RequiresLogin()
  async submitGuardianForm(
    @Param('pupilId') pupilId: string,
    @SelfCheckedForm() form: Form,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const values = valuesOf(form);
    // Filing checks the child first (a stranger's id is "not found"); the form is read again only to show a problem.
    await this.fileAndShowReceipt(
      values,
      () => this.guardians.file(actor, pupilId, values),
      request,
      response,
      'requests/guardian-form.njk',
      (problems) => this.guardianView(actor, pupilId, values, problems),
    );
  }

  @Get('begaran/kvitto')
  showReceipt(@Req() request: Request, @Res() response: Response): void {
    const receipt = request.session.receipt;
    if (!receipt) {
      response.redirect(303, '/begaran/status');
      return;
    }
    response.render('requests/receipt.njk', {
      title: 'Kvitto på din begäran',
      receipt,
      deliveryText: deliveryLabel(receipt.delivery as 'on_site' | 'paper' | 'electronic'),
    });
  }

  /**
   * The status page. The receipt code is posted to it (never sent in a
   * URL, where it would stay in the browser's history and in logs); the
   * request it opens is kept in the session for a while.
   */
  @Get('begaran/status')
  async showStatus(
    @Query('svarat') answered: unknown,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const view = { title: STATUS_TITLE, answered: answered === '1' };
    const key = openReceiptKey(request);
    if (!key) {
      response.render('requests/status.njk', view);
      return;
    }
    try {
      const status = toPublicStatusView(await this.intake.statusByReceipt(key));
      response.render('requests/status.njk', { ...view, status });
    } catch (error) {
      if (!(error instanceof DomainError)) {
        throw error;
      }
      // The request is gone (disposed of): the page is closed.
      closeReceiptStatus(request);
      response
        .status(statusOf(error.code))
        .render('requests/status.njk', { ...view, error: error.message });
    }
  }

  /** The requester types their receipt code: the request opens on the status page. */
  @Post('begaran/status')
  async openStatus(
    @Body() form: Form,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const code = typeof form.kod === 'string' ? form.kod.slice(0, 40) : '';
    const key = receiptKeyOf(code);
    try {
      await this.intake.statusByReceipt(key);
    } catch (error) {
      if (!(error instanceof DomainError)) {
        throw error;
      }
      response
        .status(statusOf(error.code))
        .render('requests/status.njk', { title: STATUS_TITLE, code, error: error.message });
      return;
    }
    openReceiptStatus(request, key!);
    await saveSession(request);
    response.redirect(303, '/begaran/status');
  }

  /** Closes the status page in this browser (a shared computer): the code must be typed again. */
  @Post('begaran/status/stang')
  async closeStatus(@Req() request: Request, @Res() response: Response): Promise<void> {
    closeReceiptStatus(request);
    await saveSession(request);
    response.redirect(303, '/begaran/status');
  }

  /**
   * The requester answers the reviewer's question on the status page. On
   * success back to the status (the question gone, the answer thanked for);
   * otherwise the status again with the problem at the answer box.
   */
  @Post('begaran/status/svar')
  async answerClarification(
    @SelfCheckedForm() form: Form,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const key = openReceiptKey(request);
    const answer = typeof form.svar === 'string' ? form.svar : '';
    try {
      await this.requester.answerClarification(requireOpen(key), answer);
      await saveSession(request);
      response.redirect(303, '/begaran/status?svarat=1');
    } catch (error) {
      await this.showStatusProblem(response, key, error, (problem) => ({
        answer: shownAgain(answer.slice(0, 4000)),
        answerError: problem,
      }));
    }
  }

  /** The requester appeals the decision: back to the status, which says when it came in. */
  @Post('begaran/status/overklaga')
  async appeal(
    @SelfCheckedForm() form: Form,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const key = openReceiptKey(request);
    const reasons = typeof form.skal === 'string' ? form.skal : '';
    try {
      await this.requester.appeal(requireOpen(key), reasons);
      await saveSession(request);
      response.redirect(303, '/begaran/status');
    } catch (error) {
      await this.showStatusProblem(response, key, error, (problem) => ({
        appealText: shownAgain(reasons.slice(0, 4000)),
        appealError: problem,
      }));
    }
  }

  /** The requester withdraws the request, confirming that it cannot be undone. */
  @Post('begaran/status/aterkalla')
  async withdraw(
    @Body() form: Form,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const key = openReceiptKey(request);
    try {
      requireOpen(key);
      if (form.bekrafta !== 'ja') {
        throw new ValidationFailedError([
          {
            field: 'bekrafta',
            problems: ['Kryssa i rutan för att bekräfta att du vill återkalla begäran.'],
          },
        ]);
      }
      await this.requester.withdraw(key);
      await saveSession(request);
      response.redirect(303, '/begaran/status');
    } catch (error) {
      await this.showStatusProblem(response, key, error, (problem) => ({
        withdrawError: problem,
      }));
    }
  }

  /**
   * A requester's action on the status page refused: the status again with
   * the problem where its form is (`place` puts it), or the code's problem
   * when no request is open (any more).
   */
  private async showStatusProblem(
    response: Response,
    key: ReceiptKey | null,
    error: unknown,
    place: (problem: string) => Record<string, string>,
  ): Promise<void> {
    if (!(error instanceof DomainError)) {
      throw error;
    }
    const view = { title: STATUS_TITLE };
    const status = key
      ? await this.intake
          .statusByReceipt(key)
          .then(toPublicStatusView)
          .catch(() => null)
      : null;
    const problem = error.fields.length
      ? error.fields.map((field) => field.problems.join(', ')).join(' ')
      : error.message;
    response
      .status(statusOf(error.code))
      .render(
        'requests/status.njk',
        status ? { ...view, status, ...place(problem) } : { ...view, error: error.message },
      );
  }

  /** A new download link (the one before stops working), or why there is none. */
  @Post('begaran/hamta')
  async makeDownloadLink(@Req() request: Request, @Res() response: Response): Promise<void> {
    const key = openReceiptKey(request);
    let link: { token: string } | null;
    try {
      link = await this.delivery.linkForReceipt(requireOpen(key));
    } catch (error) {
      await this.showStatusProblem(response, key, error, (problem) => ({
        downloadError: problem,
      }));
      return;
    }
    if (!link) {
      response.status(HttpStatus.NOT_FOUND).render('requests/status.njk', {
        title: STATUS_TITLE,
        error: 'Det finns inga utlämnade kopior att hämta för den koden.',
      });
      return;
    }
    await saveSession(request);
    response.redirect(303, `/begaran/hamta/${link.token}`);
  }

  @Get('begaran/hamta/:token')
  async showDownloads(@Param('token') token: string, @Res() response: Response): Promise<void> {
    try {
      const shown = await this.delivery.documentsForLink(token);
      response.setHeader('Cache-Control', 'private, no-store');
      response.setHeader('Referrer-Policy', 'no-referrer');
      response.render('requests/downloads.njk', { title: 'Hämta dina kopior', token, ...shown });
    } catch (error) {
      if (!(error instanceof DomainError)) {
        throw error;
      }
      response
        .status(statusOf(error.code))
        .render('requests/downloads.njk', { title: 'Hämta dina kopior', error: error.message });
    }
  }

  @Get('begaran/hamta/:token/:documentId')
  async download(
    @Param('token') token: string,
    @Param('documentId') documentId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const file = await this.delivery.download(token, documentId);
    response.setHeader('Referrer-Policy', 'no-referrer');
    return privateFile(
      file.bytes,
      { type: 'application/pdf', disposition: `attachment; filename="${file.name}"` },
      response,
    );
  }

  @Get('vidarebefordra-begaran')
  @RequiresPermission('records.forward')
  showForward(@Res() response: Response): void {
    response.render(
      'requests/forward.njk',
      this.staffView('forward', { receivedOn: stockholmToday(new Date()) }, {}),
    );
  }

  @Post('vidarebefordra-begaran')
  @RequiresPermission('records.forward')
  submitForward(
    @SelfCheckedForm() form: Form,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    return this.submitStaff('forward', form, actor, request, response);
  }

  @Get('handlaggning/registrera')
  @RequiresPermission('records.review')
  showRegister(@Res() response: Response): void {
    response.render(
      'requests/forward.njk',
      this.staffView('register', { receivedOn: stockholmToday(new Date()), channel: 'email' }, {}),
    );
  }

  @Post('handlaggning/registrera')
  @RequiresPermission('records.review')
  submitRegister(
    @SelfCheckedForm() form: Form,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    return this.submitStaff('register', form, actor, request, response);
  }

  /** A request staff pass on (a school) or register (Sektor Lärande), with the day it came in. */
  private async submitStaff(
    kind: 'forward' | 'register',
    form: Form,
    actor: Actor,
    request: Request,
    response: Response,
  ): Promise<void> {
    const values = valuesOf(form);
    const channel: StaffChannel | 'forwarded' | undefined =
      kind === 'forward' ? 'forwarded' : STAFF_CHANNELS.find((each) => each === values.channel);
    if (!channel) {
      response.status(HttpStatus.BAD_REQUEST).render('requests/forward.njk', {
        ...this.staffView(kind, values, { channel: 'Välj hur begäran kom in.' }),
        error: 'Begäran registrerades inte. Rätta det som är markerat.',
      });
      return;
    }
    await this.fileAndShowReceipt(
      values,
      () => this.intake.file(values, { channel, actor, receivedOn: values.receivedOn ?? '' }),
      request,
      response,
      'requests/forward.njk',
      (problems) => this.staffView(kind, values, problems),
    );
  }

  private async fileAndShowReceipt(
    values: Record<string, string>,
    file: () => Promise<FiledRequest>,
    request: Request,
    response: Response,
    template: string,
    // The page's view for a problem; the guardian's form reads the child again first.
    view: (problems: Record<string, string>) => object | Promise<object>,
  ): Promise<void> {
    try {
      const filed = await file();
      request.session.receipt = {
        registrationNumber: filed.registrationNumber,
        receiptCode: filed.receiptCode,
        delivery: values.delivery ?? '',
      };
      // The receipt page reads the code from the session: saved before the browser follows.
      await saveSession(request);
      response.redirect(303, '/begaran/kvitto');
    } catch (error) {
      if (!(error instanceof DomainError)) {
        throw error;
      }
      if (error.code === ErrorCode.NotFound) {
        throw error;
      }
      response.status(statusOf(error.code)).render(template, {
        ...(await view(problemsOf(error))),
        error:
          error.code === ErrorCode.ValidationFailed
            ? 'Begäran skickades inte. Rätta det som är markerat.'
            : error.message,
      });
    }
  }

  private async guardianView(
    actor: Actor,
    pupilId: string,
    values: Record<string, string>,
    problems: Record<string, string>,
  ) {
    const child = await this.guardians.child(actor, pupilId);
    return {
      title: `Begär ut handlingar om ${child.name}`,
      child,
      earlier: await this.guardians.listOwn(actor, pupilId),
      values: formShownAgain(values),
      problems,
      fieldNames: FIELD_NAMES,
    };
  }

  private formView(values: Record<string, string>, problems: Record<string, string>) {
    return {
      title: 'Begär att få ta del av allmänna handlingar',
      values: formShownAgain(values),
      problems,
      fieldNames: FIELD_NAMES,
    };
  }

  private staffView(
    kind: 'forward' | 'register',
    values: Record<string, string>,
    problems: Record<string, string>,
  ) {
    return {
      title:
        kind === 'forward'
          ? 'Vidarebefordra en begäran till Sektor Lärande'
          : 'Registrera en begäran',
      kind,
      values: formShownAgain(values),
      problems,
      fieldNames: FIELD_NAMES,
      channels: STAFF_CHANNELS.map((channel) => ({ value: channel, label: channelLabel(channel) })),
    };
  }
}
