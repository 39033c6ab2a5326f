import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { CurrentActor, RequiresLogin } from '../auth/access.guard';
import type { Actor } from '../auth/actor';
import { DomainError, ErrorCode } from '../common/errors/domain-error';
import { errorFlash, saveSession, takeFlash } from '../common/http/flash';
import { formText } from '../common/http/form';
import type { Form } from '../common/http/form';
import { stockholmToday } from '../common/stockholm';
import { CadenceService, type ReminderOutcome } from './cadence.service';

/**
 * The principal's follow-up of the law's cadence (`/skolenheter/:unitId/uppfoljning`): per class
 * and mentor, the pupils without an established plan this school year or a development talk
 * this term, a reminder to the mentors, and the counts of passages reviewers struck that the
 * guard did not suggest. Judged by the service's Swedish day.
 */
@ApiExcludeController()
@Controller('skolenheter/:unitId/uppfoljning')
@RequiresLogin()
export class CadencePagesController {
  constructor(private readonly cadence: CadenceService) {}

  @Get()
  async show(
    @CurrentActor() actor: Actor,
    @Param('unitId') unitId: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const page = await this.cadence.readCadence(actor, unitId, stockholmToday(new Date()));
    response.render('cadence/unit.njk', {
      title: `Uppföljning av planer och utvecklingssamtal, ${page.unit.name}`,
      page,
      flash: takeFlash(request),
    });
  }

  @Post('paminn')
  async remind(
    @CurrentActor() actor: Actor,
    @Param('unitId') unitId: string,
    @Body() form: Form,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const classId = formText(form, 'klass') || 'alla';
    try {
      const outcome = await this.cadence.remindMentors(
        actor,
        unitId,
        classId,
        stockholmToday(new Date()),
      );
      request.session.flash = { kind: 'ok', text: reminderMessage(outcome) };
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === ErrorCode.NotFound) {
        throw error;
      }
      request.session.flash = errorFlash(error);
    }
    await saveSession(request);
    response.redirect(303, `/skolenheter/${unitId}/uppfoljning`);
  }
}

function reminderMessage(outcome: ReminderOutcome): string {
  const mentors = (count: number): string => `${count} ${count === 1 ? 'mentor' : 'mentorer'}`;
  if (outcome.sent === 0) {
    return `Påminnelsen skickades redan i dag till ${mentors(outcome.alreadyToday)}. Ingen ny skickades.`;
  }
  const parts = [
    `Påminnelsen skickades till ${mentors(outcome.sent)} och syns på deras startsida.`,
    outcome.emailed > 0
      ? `${outcome.emailed} fick den också med e-post.`
      : 'Ingen av dem har e-post i registret.',
  ];
  if (outcome.alreadyToday > 0) {
    parts.push(`${mentors(outcome.alreadyToday)} hade redan fått den i dag.`);
  }
  return parts.join(' ');
}
