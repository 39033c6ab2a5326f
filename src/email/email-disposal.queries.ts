import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { EmailTables } from './email.entities';

/**
 * E-mails about no request (a guardian told that their contact details go) hold an address
 * and nothing goes with them: the disposal deletes them once their days are over. E-mails of
 * a request go with the request.
 */
@Injectable()
export class EmailDisposalQueries {
  /** Deletes the e-mails about no request written before `before`; how many. */
  async disposeWithoutRequest(em: EntityManager, before: Date): Promise<number> {
    const result = await em
      .getKysely<EmailTables>()
      .deleteFrom('email_outbox')
      .where('request_id', 'is', null)
      .where('created_at', '<', before.toISOString())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
