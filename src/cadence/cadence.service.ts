import { randomUUID } from 'node:crypto';

import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { AuditService } from '../audit/audit.service';
import { canManageSchoolUnit } from '../auth/access-policy';
import { auditActor } from '../auth/actor';
import type { Actor } from '../auth/actor';
import { DomainError, ErrorCode, NotFoundError } from '../common/errors/domain-error';
import { isUuid } from '../common/uuid';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { CadencePupilsQueries } from '../directory/cadence-pupils.queries';
import { DirectoryQueries } from '../directory/directory.queries';
import { EmailService } from '../email/email.service';
import { PlanCadenceQueries } from '../plans/plan-cadence.queries';
import { UnsuggestedStrikesService } from '../requests/unsuggested-strikes.service';
import {
  type CadenceSettings,
  cadenceSettingsOf,
  judgeCadence,
  type Period,
  schoolYearOn,
  termOn,
} from './cadence-rules';
import {
  type ClassCadence,
  groupByClass,
  type StrikesPerTerm,
  strikesPerTerm,
} from './cadence-view';
import type { CadenceTables } from './cadence.entities';

const UNIT_NOT_FOUND = 'Skolenheten finns inte, eller så har du inte tillgång till den.';

export interface CadencePage {
  readonly unit: { readonly id: string; readonly name: string };
  readonly today: string;
  readonly schoolYear: Period;
  readonly term: Period;
  readonly planYears: CadenceSettings['planYears'];
  readonly totals: {
    readonly pupils: number;
    readonly needPlan: number;
    readonly missingPlan: number;
    readonly needTalk: number;
    readonly missingTalk: number;
  };
  readonly classes: readonly ClassCadence[];
  /** Passages reviewers struck that the guard did not suggest, per term: counts only. */
  readonly strikes: readonly StrikesPerTerm[];
}

export interface ReminderOutcome {
  /** Reminders written now (one per class and mentor). */
  readonly sent: number;
  /** Of them, with an e-mail (the directory had the mentor's address). */
  readonly emailed: number;
  /** Classes and mentors already reminded today: nothing sent again. */
  readonly alreadyToday: number;
}

/**
 * The principal's follow-up of the law's cadence for one school unit: which pupils lack an
 * established plan this school year or a development talk this term, per class and mentor,
 * and a reminder to the mentors. The day is passed in (the pages pass the service's Swedish day),
 * and every source is read for that day.
 */
@Injectable()
export class CadenceService {
  private readonly settings: CadenceSettings;

  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly directory: DirectoryQueries,
    private readonly pupils: CadencePupilsQueries,
    private readonly plans: PlanCadenceQueries,
    private readonly strikes: UnsuggestedStrikesService,
    private readonly email: EmailService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.settings = cadenceSettingsOf(config);
  }

  /** The units the actor may follow (the ones they lead), for the start page. */
  async unitsFollowedBy(actor: Actor): Promise<{ id: string; name: string }[]> {
    return this.directory.findSchoolUnits([...actor.principalUnitIds]);
  }

  async readCadence(actor: Actor, schoolUnitId: string, today: string): Promise<CadencePage> {
    const unit = await this.requireUnit(actor, schoolUnitId);
    const { classes, judged, reminded } = await this.judgeUnit(unit.id, today);
    const strikes = strikesPerTerm(await this.strikes.countForUnits([unit.id]), this.settings);
    const page: CadencePage = {
      unit,
      today,
      schoolYear: schoolYearOn(today, this.settings),
      term: termOn(today, this.settings),
      planYears: this.settings.planYears,
      totals: {
        pupils: judged.length,
        needPlan: judged.filter((each) => each.needsPlan).length,
        missingPlan: judged.filter((each) => each.missingPlan).length,
        needTalk: judged.filter((each) => each.needsTalk).length,
        missingTalk: judged.filter((each) => each.missingTalk).length,
      },
      classes: classes.map((each) => ({
        ...each,
        remindedToday: each.classId !== null && reminded.has(each.classId),
      })),
      strikes,
    };
    // Names of pupils and whether their plans exist: a read of the unit's pupils, audited as one.
    await this.audit.recordNow({
      action: 'cadence.unit.read',
      actor: auditActor(actor),
      targetType: 'school_unit',
      targetId: unit.id,
      details: {
        day: today,
        pupils: page.totals.pupils,
        missingPlan: page.totals.missingPlan,
        missingTalk: page.totals.missingTalk,
      },
    });
    return page;
  }

  /**
   * Reminds the mentors of one class (or of every class with pupils missing something): a notice
   * on each mentor's start page and, where the directory has their address, an e-mail through the
   * outbox — the counts and a link to the class, nothing of a pupil or a plan. Once per class,
   * mentor and day: a second click (or a second principal) the same day sends nothing again.
   */
  async remindMentors(
    actor: Actor,
    schoolUnitId: string,
    /** A class of the unit, or 'alla': every class with pupils missing something. */
    classId: string,
    today: string,
  ): Promise<ReminderOutcome> {
    const unit = await this.requireUnit(actor, schoolUnitId);
    const { classes } = await this.judgeUnit(unit.id, today);
    const chosen = classes.filter(
      (each) =>
        each.classId !== null &&
        (classId === 'alla' ? each.missingPlan + each.missingTalk > 0 : each.classId === classId),
    );
    if (classId !== 'alla' && chosen.length === 0) {
      throw new NotFoundError('Klassen finns inte på skolenheten.');
    }
    const targets = chosen.flatMap((each) =>
      each.mentors.map((mentor) => ({ class: each, mentor })),
    );
    if (targets.length === 0) {
      throw new DomainError(
        ErrorCode.InvalidState,
        classId === 'alla'
          ? 'Ingen klass har elever som saknar plan eller samtal, så ingen påminnelse skickades.'
          : 'Klassen har ingen mentor i registret, så ingen påminnelse kunde skickas.',
      );
    }
    if (classId !== 'alla' && chosen[0].missingPlan + chosen[0].missingTalk === 0) {
      throw new DomainError(
        ErrorCode.InvalidState,
        'Ingen elev i klassen saknar plan eller samtal, så ingen påminnelse skickades.',
      );
    }
    const emails: string[] = [];
    let sent = 0;
    await this.em.fork().transactional(async (em) => {
      const db = em.getKysely<CadenceTables>();
      for (const target of targets) {
        const id = randomUUID();
        const email = target.mentor.email;
        const inserted = await db
          .insertInto('cadence_reminder')
          .values({
            id,
            class_id: target.class.classId!,
            mentor_person_id: target.mentor.personId,
            sent_on: today,
            missing_plans: target.class.missingPlan,
            missing_talks: target.class.missingTalk,
            sent_by_account_id: actor.accountId,
            emailed: email !== null,
            created_at: new Date(),
          })
          .onConflict((conflict) =>
            conflict.columns(['class_id', 'mentor_person_id', 'sent_on']).doNothing(),
          )
          .returning('id')
          .executeTakeFirst();
        if (!inserted) continue;
        sent += 1;
        if (email) {
          emails.push(
            await this.email.write(em, {
              to: email,
              kind: 'cadence_reminder',
              requestId: null,
              context: {
                className: target.class.className,
                unitName: unit.name,
                missingPlans: target.class.missingPlan,
                missingTalks: target.class.missingTalk,
                schoolYear: schoolYearOn(today, this.settings).label,
                term: termOn(today, this.settings).label,
                classId: target.class.classId,
              },
            }),
          );
        }
        await this.audit.record(em, {
          action: 'cadence.reminder.sent',
          actor: auditActor(actor),
          targetType: 'cadence_reminder',
          targetId: id,
          details: {
            schoolUnitId: unit.id,
            classId: target.class.classId,
            mentorPersonId: target.mentor.personId,
            missingPlans: target.class.missingPlan,
            missingTalks: target.class.missingTalk,
            emailed: email !== null,
          },
        });
      }
    });
    await this.email.dispatch(emails);
    return { sent, emailed: emails.length, alreadyToday: targets.length - sent };
  }

  /** The reminders a mentor got this term, newest first, one per class: for their start page. */
  async remindersFor(
    actor: Actor,
    today: string,
  ): Promise<
    {
      classId: string;
      className: string;
      sentOn: string;
      missingPlans: number;
      missingTalks: number;
    }[]
  > {
    if (!actor.roles.has('mentor')) {
      return [];
    }
    const term = termOn(today, this.settings);
    const rows = await this.em
      .fork()
      .getKysely<CadenceTables>()
      .selectFrom('cadence_reminder')
      .select(['class_id', 'sent_on', 'missing_plans', 'missing_talks'])
      .where('mentor_person_id', '=', actor.personId)
      .where('sent_on', '>=', term.start)
      .where('sent_on', '<=', today)
      .orderBy('sent_on', 'desc')
      .execute();
    const latest = new Map<string, (typeof rows)[number]>();
    for (const row of rows) {
      // Only classes the person still mentors: a reminder is about their own class.
      if (actor.mentorGroupIds.has(row.class_id) && !latest.has(row.class_id)) {
        latest.set(row.class_id, row);
      }
    }
    const names = await this.pupils.findClassNames([...latest.keys()]);
    return [...latest.values()].map((row) => ({
      classId: row.class_id,
      className: names.get(row.class_id) ?? '',
      sentOn: String(row.sent_on).slice(0, 10),
      missingPlans: row.missing_plans,
      missingTalks: row.missing_talks,
    }));
  }

  private async requireUnit(
    actor: Actor,
    schoolUnitId: string,
  ): Promise<{ id: string; name: string }> {
    if (!isUuid(schoolUnitId) || !canManageSchoolUnit(actor, 'unit.cadence.follow', schoolUnitId)) {
      throw new NotFoundError(UNIT_NOT_FOUND);
    }
    const [unit] = await this.directory.findSchoolUnits([schoolUnitId]);
    if (!unit) {
      throw new NotFoundError(UNIT_NOT_FOUND);
    }
    return unit;
  }

  private async judgeUnit(schoolUnitId: string, today: string) {
    const pupils = await this.pupils.findUnitPupils(schoolUnitId, today);
    const classIds = [
      ...new Set(pupils.flatMap((pupil) => (pupil.classId ? [pupil.classId] : []))),
    ];
    const [plans, mentors, reminded] = await Promise.all([
      this.plans.findPlanDates(pupils.map((pupil) => pupil.pupilId)),
      this.pupils.findClassMentors(classIds, today),
      this.remindedToday(classIds, today),
    ]);
    const judged = judgeCadence(pupils, plans, today, this.settings);
    return { judged, classes: groupByClass(pupils, judged, mentors), reminded };
  }

  private async remindedToday(classIds: readonly string[], today: string): Promise<Set<string>> {
    if (classIds.length === 0) {
      return new Set();
    }
    const rows = await this.em
      .fork()
      .getKysely<CadenceTables>()
      .selectFrom('cadence_reminder')
      .select('class_id')
      .where('class_id', 'in', [...classIds])
      .where('sent_on', '=', today)
      .execute();
    return new Set(rows.map((row) => row.class_id));
  }
}
