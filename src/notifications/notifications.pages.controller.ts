import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';

import { CurrentActor, RequiresPermission } from '../auth/access.guard';
import type { Actor } from '../auth/actor';
import { KIND_TEXTS } from './notification-kinds';
import { NOTIFICATION_KINDS } from './notifications.entities';
import { NotificationsService, type PreferencesView } from './notifications.service';
import { kindField, parsePreferenceForm, type PreferenceProblems } from './preference-input';
import type { Form } from '../common/http/form';

const PATH = '/installningar/aviseringar';

/** A guardian's or pupil's choice of e-mail notices: /installningar/aviseringar. */
@ApiExcludeController()
@Controller('installningar/aviseringar')
@RequiresPermission('notifications.manage')
export class NotificationsPagesController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  async show(
    @CurrentActor() actor: Actor,
    @Query('sparat') saved: unknown,
    @Res() response: Response,
  ): Promise<void> {
    const view = await this.notifications.readPreferences(actor);
    this.render(response, view, {
      saved: saved === 'ja' ? 'Dina val är sparade.' : null,
    });
  }

  @Post()
  async save(
    @CurrentActor() actor: Actor,
    @Body() form: Form,
    @Res() response: Response,
  ): Promise<void> {
    const parsed = parsePreferenceForm(form);
    if (!parsed.ok) {
      const view = await this.notifications.readPreferences(actor);
      const ticked = new Set(NOTIFICATION_KINDS.filter((kind) => form[kindField(kind)] === 'ja'));
      response.status(400);
      this.render(
        response,
        { ...view, kinds: ticked, email: typeof form.email === 'string' ? form.email : '' },
        { problems: parsed.problems },
      );
      return;
    }
    await this.notifications.savePreferences(actor, parsed.value);
    response.redirect(303, `${PATH}?sparat=ja`);
  }

  private render(
    response: Response,
    view: PreferencesView,
    extra: { saved?: string | null; problems?: PreferenceProblems },
  ): void {
    const kinds = NOTIFICATION_KINDS.filter(
      // A guardian's comment is answered: a pupil who is not also a guardian writes none.
      (kind) => KIND_TEXTS[kind].pupil || view.isGuardian,
    ).map((kind) => ({
      kind,
      field: kindField(kind),
      checked: view.kinds.has(kind),
      ...KIND_TEXTS[kind],
    }));
    response.render('notifications/preferences.njk', {
      title: 'Aviseringar via e-post',
      kinds,
      email: view.email ?? '',
      emailIsSuggested: view.emailIsSuggested,
      isGuardian: view.isGuardian,
      backLink: view.isGuardian ? '/mina-barn' : '/',
      saved: extra.saved ?? null,
      problems: extra.problems ?? null,
    });
  }
}
