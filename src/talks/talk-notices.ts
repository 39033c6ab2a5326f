import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { auditActor } from '../auth/actor';
import type { Actor } from '../auth/actor';
import { NotificationsService } from '../notifications/notifications.service';

/**
 * The e-mails a booking change sends: "talk booked or moved", one of the opt-in notifications
 * (src/notifications), to those who chose it — the pupil, and the guardians of the household
 * that booked (another household's guardians book their own talk and are not told of this
 * one). Written in the booking's transaction, queued after commit; never the plan's content.
 */
@Injectable()
export class TalkNotices {
  constructor(private readonly notifications: NotificationsService) {}

  /** Writes the e-mails; answers their ids for `dispatch`. */
  async bookedOrMoved(
    em: EntityManager,
    change: {
      readonly actor: Actor;
      readonly pupilId: string;
      /** The booking household's guardians (ids). */
      readonly household: readonly string[];
    },
  ): Promise<string[]> {
    return this.notifications.notifyAboutPupil(em, {
      pupilId: change.pupilId,
      kind: 'talk-booked',
      actor: auditActor(change.actor),
      guardianIds: change.household,
    });
  }

  async dispatch(emailIds: readonly string[]): Promise<void> {
    await this.notifications.dispatch(emailIds);
  }
}
