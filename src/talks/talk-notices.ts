import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { Actor } from '../auth/actor';
import { EmailService } from '../email/email.service';
import type { TalkTime } from './talk-rules';

/**
 * The e-mails a booking change sends, written in its transaction and queued after commit.
 * "Talk booked or moved" is one of the opt-in notifications (issue 24, the notifications part):
 * sent only to those who chose it.
 */
@Injectable()
export class TalkNotices {
  constructor(private readonly email: EmailService) {}

  /** Writes the "talk booked or moved" e-mails; answers their ids for `dispatch`. */
  async bookedOrMoved(
    _em: EntityManager,
    _change: {
      readonly actor: Actor;
      readonly pupilId: string;
      readonly moved: boolean;
      readonly slot: TalkTime & { readonly slotId: string };
    },
  ): Promise<string[]> {
    // Nobody can opt in yet: the notifications' preferences are not merged on this branch.
    return Promise.resolve([]);
  }

  async dispatch(emailIds: readonly string[]): Promise<void> {
    await this.email.dispatch(emailIds);
  }
}
