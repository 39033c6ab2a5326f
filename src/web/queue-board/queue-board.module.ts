import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { BULL_BOARD_ADAPTER, BullBoardModule } from '@bull-board/nestjs';
import { Inject, Module, OnModuleInit } from '@nestjs/common';

import { AuditService } from '../../audit/audit.service';
import { QUEUE_BOARD_PATH } from '../../common/http/paths';
import { DIRECTORY_QUEUE } from '../../directory/directory.jobs';
import { EMAIL_QUEUE } from '../../email/email.jobs';
import { REQUESTS_QUEUE } from '../../queue/queue-names';
import { SYSTEM_QUEUE } from '../../queue/queue.jobs';
import { REGISTER_EXTRACT_QUEUE } from '../../register-extract/register-extract.jobs';
import { RETENTION_QUEUE } from '../../retention/retention.jobs';
import { QueueBoardAccess } from './queue-board.access';
import { QueueBoardAdapter } from './queue-board.adapter';

/** Every queue of the service, with what it is for (shown in the queue view). */
const QUEUES: readonly { name: string; description: string }[] = [
  { name: REQUESTS_QUEUE, description: 'Begäranden: första stegen, påminnelser och eskaleringar' },
  { name: EMAIL_QUEUE, description: 'E-post till den som begärt handlingar (utkorgen)' },
  { name: DIRECTORY_QUEUE, description: 'Importer till katalogen' },
  { name: RETENTION_QUEUE, description: 'Gallring varje natt' },
  { name: REGISTER_EXTRACT_QUEUE, description: 'Registerutdrag som tas fram' },
  { name: SYSTEM_QUEUE, description: 'Tjänstens egna kontroller' },
];

/**
 * The queue view for administrators at /admin/koer: bull-board (on
 * PostgreSQL and on Redis alike) behind the access policy, narrowed to
 * reading and to running failed jobs again (QueueBoardAdapter), audited.
 */
@Module({
  imports: [
    BullBoardModule.forRoot({
      route: QUEUE_BOARD_PATH,
      adapter: QueueBoardAdapter,
      middleware: QueueBoardAccess,
      boardOptions: {
        uiConfig: {
          boardTitle: 'Köer och jobb',
          hideDocsLink: true,
          miscLinks: [{ text: 'Till startsidan', url: '/' }],
        },
      },
    }),
    BullBoardModule.forFeature(
      ...QUEUES.map(({ name, description }) => ({
        name,
        adapter: BullMQAdapter,
        options: { allowCompletedRetries: false, description },
      })),
    ),
  ],
})
export class QueueBoardModule implements OnModuleInit {
  constructor(
    @Inject(BULL_BOARD_ADAPTER) private readonly adapter: QueueBoardAdapter,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.adapter.recordWith((event) => this.audit.recordNow(event));
  }
}
