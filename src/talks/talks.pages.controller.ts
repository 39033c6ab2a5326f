import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { CurrentActor, RequiresLogin } from '../auth/access.guard';
import type { Actor } from '../auth/actor';
import { DomainError, ErrorCode } from '../common/errors/domain-error';
import { statusOf } from '../common/errors/error-status';
import { saveSession, takeFlash } from '../common/http/flash';
import type { Flash } from '../common/http/flash';
import { formShownAgain, formText } from '../common/http/form';
import type { Form } from '../common/http/form';
import { TalkBookingsService } from './talk-bookings.service';
import { TalkSlotsService } from './talk-slots.service';

const SERIES_FIELDS = ['day', 'firstStart', 'lastStart', 'minutes', 'place'] as const;

/**
 * Development talks: the mentor's times and bookings (`/samtal`), and a guardian's booking
 * for each child (`/mina-barn/samtal`). Plain forms; a change redirects to the page with what
 * happened, a refusal shows the page again with the Swedish reason and its 4xx status.
 */
@ApiExcludeController()
@Controller()
@RequiresLogin()
export class TalksPagesController {
  constructor(
    private readonly slots: TalkSlotsService,
    private readonly bookings: TalkBookingsService,
  ) {}

  @Get('samtal')
  async showGroups(@CurrentActor() actor: Actor, @Res() response: Response): Promise<void> {
    const groups = await this.slots.listGroups(actor);
    if (groups.length === 1) {
      response.redirect(303, `/samtal/${groups[0].groupId}`);
      return;
    }
    response.render('talks/groups.njk', { title: 'Utvecklingssamtal', groups });
  }

  @Get('samtal/:groupId')
  async showGroup(
    @CurrentActor() actor: Actor,
    @Param('groupId') groupId: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    await this.renderGroup(actor, groupId, response, { flash: takeFlash(request) });
  }

  @Post('samtal/:groupId/tider')
  async publish(
    @CurrentActor() actor: Actor,
    @Param('groupId') groupId: string,
    @Body() form: Form,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const input = Object.fromEntries(
      SERIES_FIELDS.map((field) => [field, formText(form, field)]),
    ) as Record<(typeof SERIES_FIELDS)[number], string>;
    try {
      const added = await this.slots.publish(actor, groupId, input);
      await this.done(
        request,
        response,
        `/samtal/${groupId}`,
        added === 1 ? '1 ny tid är publicerad.' : `${added} nya tider är publicerade.`,
      );
    } catch (error) {
      await this.refuseOnGroup(actor, groupId, error, response, formShownAgain(input));
    }
  }

  @Post('samtal/:groupId/tider/:slotId/ta-bort')
  async withdraw(
    @CurrentActor() actor: Actor,
    @Param('groupId') groupId: string,
    @Param('slotId') slotId: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    try {
      await this.slots.withdraw(actor, groupId, slotId);
      await this.done(request, response, `/samtal/${groupId}`, 'Tiden är borttagen.');
    } catch (error) {
      await this.refuseOnGroup(actor, groupId, error, response, null);
    }
  }

  @Get('mina-barn/samtal')
  async showBookings(
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    await this.renderBookings(actor, response, { flash: takeFlash(request) });
  }

  @Post('mina-barn/samtal/:pupilId/boka')
  async book(
    @CurrentActor() actor: Actor,
    @Param('pupilId') pupilId: string,
    @Body() form: Form,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    try {
      const outcome = await this.bookings.book(actor, pupilId, formText(form, 'slotId'));
      const text =
        outcome.kind === 'moved'
          ? `Samtalet är flyttat till ${outcome.when}.`
          : outcome.kind === 'booked'
            ? `Samtalet är bokat ${outcome.when}.`
            : `Ni har redan tiden ${outcome.when}.`;
      await this.done(request, response, `/mina-barn/samtal#barn-${pupilId}`, text);
    } catch (error) {
      await this.refuseOnBookings(actor, error, response);
    }
  }

  @Post('mina-barn/samtal/hushall')
  async shareHousehold(
    @CurrentActor() actor: Actor,
    @Body() form: Form,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const answer = formText(form, 'tillsammans');
    if (answer !== 'ja' && answer !== 'nej') {
      await this.refuseOnBookings(
        actor,
        new DomainError(
          ErrorCode.ValidationFailed,
          'Välj om ni bokar samtal tillsammans eller var för sig.',
        ),
        response,
      );
      return;
    }
    const { name, state } = await this.bookings.setHouseholdSharing(
      actor,
      formText(form, 'vardnadshavare'),
      answer === 'ja',
    );
    const text =
      state === 'together'
        ? `Du och ${name} bokar nu samtal tillsammans: ni ser och kan ändra varandras bokningar.`
        : state === 'asked-by-me'
          ? `Du har sagt att du bokar samtal tillsammans med ${name}. Det gäller när ${name} också har sagt det.`
          : `Du och ${name} bokar samtal var för sig.`;
    await this.done(request, response, '/mina-barn/samtal#hushall', text);
  }

  @Post('mina-barn/samtal/:pupilId/avboka')
  async cancel(
    @CurrentActor() actor: Actor,
    @Param('pupilId') pupilId: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    try {
      const { when } = await this.bookings.cancel(actor, pupilId);
      await this.done(
        request,
        response,
        `/mina-barn/samtal#barn-${pupilId}`,
        `Samtalet ${when} är avbokat.`,
      );
    } catch (error) {
      await this.refuseOnBookings(actor, error, response);
    }
  }

  private async done(
    request: Request,
    response: Response,
    location: string,
    text: string,
  ): Promise<void> {
    request.session.flash = { kind: 'ok', text };
    await saveSession(request);
    response.redirect(303, location);
  }

  private async renderGroup(
    actor: Actor,
    groupId: string,
    response: Response,
    extra: {
      flash?: Flash | null;
      values?: Record<string, string> | null;
      problems?: Record<string, string>;
    },
    status = 200,
  ): Promise<void> {
    const group = await this.slots.readGroup(actor, groupId);
    response.status(status).render('talks/group.njk', {
      title: `Utvecklingssamtal ${group.name}`,
      group,
      values: extra.values ?? { minutes: '30' },
      problems: extra.problems ?? {},
      flash: extra.flash ?? null,
    });
  }

  private async renderBookings(
    actor: Actor,
    response: Response,
    extra: { flash?: Flash | null },
    status = 200,
  ): Promise<void> {
    response.status(status).render('talks/bookings.njk', {
      title: 'Boka utvecklingssamtal',
      children: await this.bookings.readOverview(actor),
      household: await this.bookings.readHouseholdChoices(actor),
      flash: extra.flash ?? null,
    });
  }

  /** A refusal on the mentor's page: the page again, with the reason and what was typed. */
  private async refuseOnGroup(
    actor: Actor,
    groupId: string,
    error: unknown,
    response: Response,
    values: Record<string, string> | null,
  ): Promise<void> {
    if (!(error instanceof DomainError) || error.code === ErrorCode.NotFound) {
      throw error;
    }
    await this.renderGroup(
      actor,
      groupId,
      response,
      {
        flash: { kind: 'error', text: error.message },
        values,
        problems: Object.fromEntries(
          error.fields.map((field) => [field.field, field.problems.join(' ')]),
        ),
      },
      statusOf(error.code),
    );
  }

  private async refuseOnBookings(actor: Actor, error: unknown, response: Response): Promise<void> {
    if (!(error instanceof DomainError) || error.code === ErrorCode.NotFound) {
      throw error;
    }
    await this.renderBookings(
      actor,
      response,
      { flash: { kind: 'error', text: error.message } },
      statusOf(error.code),
    );
  }
}
