import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { AuditService } from '../audit/audit.service';
import { canManageSchoolUnit } from '../auth/access-policy';
import { auditActor } from '../auth/actor';
import type { Actor } from '../auth/actor';
import { NotFoundError, ValidationFailedError } from '../common/errors/domain-error';
import { isUuid } from '../common/uuid';
import { DEFAULT_PLAN_TEMPLATE, PlanTemplate } from './plan-template';
import { TemplateForm, validateTemplate } from './template-input';

type Row = Record<string, unknown>;

/**
 * A school unit's plan template: the principal reads and sets it; a new plan
 * takes a copy of it, so plans already started keep theirs.
 */
@Injectable()
export class PlanTemplatesService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
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
    const [unit] = await this.em
      .fork()
      .execute<Row[]>('select name from school_unit where id = ?', [schoolUnitId]);
    if (!unit) {
      throw new NotFoundError('Skolenheten finns inte.');
    }
    return { unitName: String(unit.name), template: await this.findTemplate(schoolUnitId) };
  }

  /** The principal sets the format of new plans; plans already started keep theirs. */
  async saveTemplate(
    actor: Actor,
    schoolUnitId: string,
    form: TemplateForm,
    requestId: string | null,
  ): Promise<void> {
    await this.readTemplate(actor, schoolUnitId);
    const result = validateTemplate(form);
    if (!result.ok) {
      throw new ValidationFailedError(result.problems);
    }
    await this.em.fork().transactional(async (em) => {
      await em.execute(
        `insert into plan_template (school_unit_id, template, updated_at) values (?, ?::jsonb, now())
         on conflict (school_unit_id) do update set template = excluded.template, updated_at = now()`,
        [schoolUnitId, JSON.stringify(result.template)],
      );
      await this.audit.record(em, {
        action: 'plan.template.saved',
        actor: auditActor(actor),
        targetType: 'school_unit',
        targetId: schoolUnitId,
        details: { subjects: result.template.subjects.length },
        requestId,
      });
    });
  }

  /** The template a new plan at this school unit starts from. */
  async findTemplate(schoolUnitId: string): Promise<PlanTemplate> {
    const [row] = await this.em
      .fork()
      .execute<Row[]>('select template from plan_template where school_unit_id = ?', [
        schoolUnitId,
      ]);
    return (row?.template as PlanTemplate | undefined) ?? DEFAULT_PLAN_TEMPLATE;
  }
}
