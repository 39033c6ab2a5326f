import { Inject, Injectable } from '@nestjs/common';

import { PlanReadsQueries } from '../audit/plan-reads.queries';
import { AccountQueries } from '../auth/account.queries';
import { ActorLoader } from '../auth/actor-loader';
import { NotFoundError } from '../common/errors/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { PersonNamesQueries } from '../directory/person-names.queries';
import { PersonRegisterQueries } from '../directory/person-register.queries';
import { GuardiansQueries } from '../guardians/guardians.queries';
import { NotificationsService } from '../notifications/notifications.service';
import { PlanExtractQueries } from '../plans/plan-extract.queries';
import { RequesterRequestsQueries } from '../requests/requester-requests.queries';
import { TalkExtractQueries } from '../talks/talk-extract.queries';
import type { ExtractSources } from './extract-document';

export const PERSON_GONE = 'Personen finns inte längre i registret.';

/** Reported after each step: steps done, steps in all. */
export type ExtractProgress = (done: number, total: number) => Promise<void>;

/**
 * Gathers every category held about a person, each from the module that owns it, one step
 * at a time so the job can tell how far it has come: the register and account, the contact
 * details and photo, the plans of each pupil concerned (the person, and each child), the
 * requests filed under the person's name and the development talks booked, and the plan reads
 * from the audit chain.
 */
@Injectable()
export class ExtractSourcesCollector {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly register: PersonRegisterQueries,
    private readonly accounts: AccountQueries,
    private readonly actors: ActorLoader,
    private readonly contacts: GuardiansQueries,
    private readonly plans: PlanExtractQueries,
    private readonly requests: RequesterRequestsQueries,
    private readonly planReads: PlanReadsQueries,
    private readonly notifications: NotificationsService,
    private readonly talks: TalkExtractQueries,
    private readonly names: PersonNamesQueries,
  ) {}

  async collect(personId: string, progress: ExtractProgress): Promise<ExtractSources> {
    const register = await this.register.findPersonRegister(personId);
    const viewer = register ? await this.actors.loadActorOfPerson(personId) : null;
    if (!register || !viewer) {
      throw new NotFoundError(PERSON_GONE);
    }
    // The plans about the person: their own (as a pupil, now or before) and their children's.
    const pupilIds = [
      ...(register.enrolments.length > 0 ? [personId] : []),
      ...register.children.map((child) => child.id),
    ];
    const total = 4 + pupilIds.length;
    let done = 0;
    const step = async (): Promise<void> => {
      done += 1;
      await progress(done, total);
    };
    await progress(0, total);

    const account = await this.accounts.findAccountSummary(personId);
    await step();
    const [contact, photo, notifications] = await Promise.all([
      this.contacts.findOwnProfile(personId),
      this.contacts.findPhoto(personId),
      this.notifications.listPreferencesOf(personId),
    ]);
    await step();
    const plans = [];
    for (const pupilId of pupilIds) {
      plans.push(...(await this.plans.findPlansAsSeenBy(viewer, [pupilId])));
      await step();
    }
    const [requests, talkBookings, household] = await Promise.all([
      this.requests.findRequestsFiledBy(personId),
      this.talks.findBookingsAbout(personId),
      this.talks.findHouseholdAbout(personId),
    ]);
    const householdNames = await this.names.findPersonNames(
      household.map((entry) => entry.otherPersonId),
    );
    const talkHousehold = household.map((entry) => ({
      name: householdNames.get(entry.otherPersonId)?.name ?? 'en annan vårdnadshavare',
      saidByYou: entry.saidByThem,
      saidByOther: entry.saidByOther,
    }));
    await step();
    // Reads of the plans the person sees, and only those pupils'.
    const planReads = await this.planReads.findPlanReads([
      ...new Set(plans.map((plan) => plan.pupilId)),
    ]);
    await step();
    return {
      producedAt: new Date(),
      municipalityName: this.config.municipality.name,
      register,
      account,
      contact,
      photo,
      notifications,
      plans,
      requests,
      planReads,
      talkBookings,
      talkHousehold,
    };
  }
}
