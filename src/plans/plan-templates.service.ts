import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';

import { AuditService } from '../audit/audit.service';
import { canManageSchoolUnit } from '../auth/access-policy';
import { auditActor } from '../auth/actor';
import type { Actor } from '../auth/actor';
import { NotFoundError, ValidationFailedError } from '../common/errors/domain-error';
import { isUuid } from '../common/uuid';
import { DirectoryQueries } from '../directory/directory.queries';
import { jsonb } from './jsonb';
import { DEFAULT_PLAN_TEMPLATE, PlanTemplate } from './plan-template';
import { PlanTemplate as SchoolUnitTemplate } from './plans.entities';
import type { PlansTables } from './plans.entities';
import { TemplateForm, validateTemplate } from './template-input';

/**
 * A school unit's plan template: the principal reads and sets it; a new plan
 * takes a copy of it, so plans already started keep theirs.
 */
@Injectable()
export class PlanTemplatesService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly directory: DirectoryQueries,
  ) {}

  /** A school unit's plan template, for its principal. */
  async readTemplate(
    actor: Actor,
    schoolUnitId: string,
  ): Promise<{ unitName: string; template: PlanTemplate }> {
    if (
      !isUuid(schoolUnitId) ||
      !canManageSchoolUnit(actor, 'unit.planTemplate.manage', schoolUnitId)
    ) {
      throw new NotFoundError('Skolenheten finns inte, eller så har du inte tillgång till den.');
    }
    const [unit] = await this.directory.findSchoolUnits([schoolUnitId]);
    if (!unit) {
      throw new NotFoundError('Skolenheten finns inte.');
    }
    return { unitName: unit.name, template: await this.findTemplate(schoolUnitId) };
  }

  /** The principal sets the format of new plans; plans already started keep theirs. */
  async saveTemplate(actor: Actor, schoolUnitId: string, form: TemplateForm): Promise<void> {
    await this.readTemplate(actor, schoolUnitId);
    const result = validateTemplate(form);
    if (!result.ok) {
      throw new ValidationFailedError(result.problems);
    }
    await this.em.fork().transactional(async (em) => {
      await em
        .getKysely<PlansTables>()
        .insertInto('plan_template')
        .values({
          school_unit_id: schoolUnitId,
          template: jsonb(result.template),
          updated_at: sql<Date>`now()`,
        })
        .onConflict((oc) =>
          oc.column('school_unit_id').doUpdateSet((eb) => ({
            template: eb.ref('excluded.template'),
            updated_at: sql<Date>`now()`,
          })),
        )
        .execute();
      await this.audit.record(em, {
        action: 'plan.template.saved',
        actor: auditActor(actor),
        targetType: 'school_unit',
        targetId: schoolUnitId,
        details: { subjects: result.template.subjects.length },
      });
    });
  }

  /** The template a new plan at this school unit starts from. */
  async findTemplate(schoolUnitId: string): Promise<PlanTemplate> {
    const row = await this.em
      .fork()
      .findOne(SchoolUnitTemplate, { schoolUnitId }, { fields: ['template'] });
    return row?.template ?? DEFAULT_PLAN_TEMPLATE;
  }
}
