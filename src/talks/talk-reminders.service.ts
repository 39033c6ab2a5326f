import { InjectQueue } from '@nestjs/bullmq';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';

import { stockholmClock, stockholmInstant, stockholmToday, TIME_ZONE } from '../common/stockholm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ClassListQueries } from '../directory/class-list.queries';
import { EmailService } from '../email/email.service';
import { GuardiansQueries } from '../guardians/guardians.queries';
import { endOf, talkClock, talkDay } from './talk-rules';
import { REMINDERS_SCHEDULER, TALKS_QUEUE, TalksJob } from './talks.jobs';
import { TalksRepository } from './talks.repository';

const BATCH = 100;

/** The Swedish day after `day` (YYYY-MM-DD). */
export function dayAfter(day: string): string {
  const [year = 0, month = 1, date = 1] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
}

/**
 * The reminder the day before a booked talk, to the guardian who booked it, where their profile
 * has an e-mail address: the day, the time, the place and the child's first name, never
 * anything of the plan. Each booking is marked reminded in the transaction its e-mail is
 * written in (once, whatever runs at once or again); a moved booking is reminded anew.
 */
@Injectable()
export class TalkRemindersService implements OnApplicationBootstrap {
  constructor(
    private readonly em: EntityManager,
    private readonly repository: TalksRepository,
    private readonly guardians: GuardiansQueries,
    private readonly people: ClassListQueries,
    private readonly email: EmailService,
    @InjectQueue(TALKS_QUEUE) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runsWorkers) {
      return;
    }
    await this.queue.upsertJobScheduler(
      REMINDERS_SCHEDULER,
      { pattern: '5 * * * *', tz: TIME_ZONE },
      {
        name: TalksJob.SendReminders,
        data: {},
        opts: { removeOnComplete: 100, removeOnFail: 100 },
      },
    );
  }

  /** Writes the reminders due at `now` (talks tomorrow, once the reminder hour has come); answers how many. */
  async sendDue(now = new Date()): Promise<number> {
    if (Number(stockholmClock(now).slice(0, 2)) < this.config.talks.reminderHour) {
      return 0;
    }
    const tomorrow = dayAfter(stockholmToday(now));
    const window = {
      from: stockholmInstant(tomorrow, '00:00'),
      to: stockholmInstant(dayAfter(tomorrow), '00:00'),
      limit: BATCH,
    };
    const talksUrl = new URL('/mina-barn/samtal', this.config.http.publicBaseUrl).toString();
    let sent = 0;
    for (;;) {
      const emailIds: string[] = [];
      const claimed = await this.em.fork().transactional(async (em) => {
        const due = await this.repository.claimDueReminders(em, window);
        const emails = await this.guardians.findEmails(due.map((r) => r.bookedByPersonId));
        for (const reminder of due) {
          const to = emails.get(reminder.bookedByPersonId);
          const child = to ? await this.people.findPersonIdentity(reminder.pupilId) : null;
          if (!to || !child) {
            continue;
          }
          emailIds.push(
            await this.email.write(em, {
              to,
              kind: 'talk_reminder',
              requestId: null,
              context: {
                day: talkDay(reminder.startsAt),
                clock: `${talkClock(reminder.startsAt)}–${talkClock(endOf(reminder))}`,
                place: reminder.place,
                childName: child.givenName,
                talksUrl,
              },
            }),
          );
        }
        return due.length;
      });
      await this.email.dispatch(emailIds);
      sent += emailIds.length;
      if (claimed < BATCH) {
        return sent;
      }
    }
  }
}
