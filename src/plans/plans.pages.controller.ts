import { Controller, Get, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { CurrentActor, RequiresLogin } from '../auth/access.guard';
import type { Actor } from '../auth/actor';
import { DomainError, ErrorCode, FieldPassage, FieldProblem } from '../common/errors/domain-error';
import { statusOf } from '../common/errors/error-status';
import { carriedFields, isConfirmed } from '../common/http/confirmation';
import type { Form } from '../common/http/form';
import { formShownAgain, SelfCheckedForm } from '../common/http/form';
import { privateFile } from '../common/http/private-file';
import { stockholmToday } from '../common/stockholm';
import { CONFIDENTIALITY_GROUNDS } from '../records/confidentiality';
import { planField } from './plan-fields';
import type { GoalInput, PlanPartChange } from './plan-parts';
import type { PlanTemplate } from './plan-template';
import type { TemplateForm } from './template-input';
import { PlanTemplatesService } from './plan-templates.service';
import type { PlanView } from './plan-views';
import { PlansService } from './plans.service';

const SAVED_MESSAGES: Readonly<Record<string, string>> = {
  bedomning: 'Bedömningen är sparad.',
  mal: 'Målen är sparade.',
  samtal: 'Utvecklingssamtalet är sparat.',
  sjalvskattning: 'Din självskattning är sparad.',
  kommentar: 'Din kommentar är sparad.',
  svar: 'Svaret på kommentaren är sparat.',
  faststalld: 'Planen är fastställd och registrerad som allmän handling.',
  utkast: 'Ett nytt utkast är öppnat.',
  skapad: 'Planen är påbörjad.',
};

function field(form: Form, name: string): string {
  const value = form[name];
  return typeof value === 'string' ? value : '';
}

/** What a section's save answers autosave.js: the section, and the plan's new revision. */
interface SavedSection {
  readonly section: string;
  readonly revision?: number;
}

function revisionOf(form: Form): number {
  const revision = Number(field(form, 'revision'));
  return Number.isInteger(revision) && revision >= 0 ? revision : -1;
}

/** The file name names nobody. */
function pdfFile(pdf: Uint8Array, name: string, response: Response): StreamableFile {
  return privateFile(
    pdf,
    { type: 'application/pdf', disposition: `attachment; filename="${name}.pdf"` },
    response,
  );
}

function templateForm(template: PlanTemplate): TemplateForm {
  return {
    periodKind: template.periodKind,
    subjects: template.subjects.join('\n'),
    scale: template.scale.map((step) => step.label).join('\n'),
    questions: template.selfAssessmentQuestions.map((question) => question.text).join('\n'),
    includesOtherDevelopment: template.includesOtherDevelopment,
  };
}

/** The goal rows of the form: `goal_0_text`, `goal_0_school`, … Rows without a goal text are dropped. */
export function goalsFromForm(form: Form): GoalInput[] {
  const goals: GoalInput[] = [];
  for (let index = 0; index < 20; index += 1) {
    const text = field(form, `goal_${index}_text`).trim();
    if (!text) {
      continue;
    }
    const subject = field(form, `goal_${index}_subject`);
    goals.push({
      id: field(form, `goal_${index}_id`) || undefined,
      subject: subject === '' ? null : subject,
      text,
      actions: {
        school: field(form, `goal_${index}_school`),
        pupil: field(form, `goal_${index}_pupil`),
        guardian: field(form, `goal_${index}_guardian`),
      },
      followUp: field(form, `goal_${index}_followUp`),
    });
  }
  return goals;
}

/** The form rows that hold a goal, in order: the content's goal n is in row rows[n]. */
function goalRowsOf(form: Form): number[] {
  const rows: number[] = [];
  for (let index = 0; index < 20; index += 1) {
    if (field(form, `goal_${index}_text`).trim()) rows.push(index);
  }
  return rows;
}

/** A problem as the plan page shows it: the field's own name, a link to it, the passages marked. */
export interface PageProblem {
  readonly label: string;
  readonly elementId: string;
  readonly passages: readonly FieldPassage[];
  /** The passages as the summary quotes them: each once (two findings may mark one sentence). */
  readonly quotes: readonly string[];
  readonly texts: readonly string[];
}

/** The save's problems by the fields the person sees; no path of the content is shown. */
export function pageProblems(
  fields: readonly FieldProblem[],
  plan: PlanView,
  form: Form,
): PageProblem[] {
  const rows = goalRowsOf(form);
  return fields.map((problem) => {
    const place = plan.draft
      ? planField(problem.field, plan.draft, plan.template, (index) => rows[index] ?? index)
      : { label: 'Planen', elementId: 'rubrik-mal' };
    const label = problem.label ?? place.label;
    return {
      label,
      elementId: place.elementId,
      passages: problem.passages ?? [],
      quotes: [...new Set((problem.passages ?? []).map((passage) => passage.match))],
      texts: problem.passages ? [] : problem.problems,
    };
  });
}

/** The plan pages: everything works with plain forms; each section saves on its own. */
@ApiExcludeController()
@Controller()
@RequiresLogin()
export class PlansPagesController {
  constructor(
    private readonly plans: PlansService,
    private readonly templates: PlanTemplatesService,
  ) {}

  @Post('elever/:pupilId/planer')
  async startPlan(
    @CurrentActor() actor: Actor,
    @Param('pupilId') pupilId: string,
    @Res() response: Response,
  ): Promise<void> {
    const plan = await this.plans.createPlan(actor, pupilId);
    response.redirect(303, `/planer/${plan.id}?sparat=skapad`);
  }

  @Get('planer/:planId')
  async showPlan(
    @CurrentActor() actor: Actor,
    @Param('planId') planId: string,
    @Query('sparat') saved: unknown,
    @Res() response: Response,
  ): Promise<void> {
    const plan = await this.plans.readPlan(actor, planId);
    response.render(
      'plans/show.njk',
      this.viewModel(plan, { saved: typeof saved === 'string' ? saved : null }),
    );
  }

  @Get('planer/:planId/version/:version')
  async showVersion(
    @CurrentActor() actor: Actor,
    @Param('planId') planId: string,
    @Param('version') version: string,
    @Res() response: Response,
  ): Promise<void> {
    const found = await this.plans.readVersion(actor, planId, Number(version));
    response.render('plans/version.njk', {
      title: `Utvecklingsplan, version ${found.version}`,
      version: found,
      scaleLabel: Object.fromEntries(found.template.scale.map((step) => [step.value, step.label])),
      questions: Object.fromEntries(
        found.template.selfAssessmentQuestions.map((q) => [q.id, q.text]),
      ),
    });
  }

  @Get('planer/:planId/pdf')
  async downloadPdf(
    @CurrentActor() actor: Actor,
    @Param('planId') planId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    return pdfFile(await this.plans.renderPdf(actor, planId, null), 'utvecklingsplan', response);
  }

  @Get('planer/:planId/version/:version/pdf')
  async downloadVersionPdf(
    @CurrentActor() actor: Actor,
    @Param('planId') planId: string,
    @Param('version') version: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const pdf = await this.plans.renderPdf(actor, planId, Number(version));
    return pdfFile(pdf, `utvecklingsplan-version-${Number(version)}`, response);
  }

  /**
   * Establishing cannot be undone: this page shows what becomes a public record and asks the
   * mentor to confirm. The plan page's establish form comes here too (`saveSection`, without
   * the confirmation field), with its marking carried on to the confirming POST.
   */
  @Get('planer/:planId/faststall')
  async confirmEstablish(
    @CurrentActor() actor: Actor,
    @Param('planId') planId: string,
    @Query() query: Form,
    @Res() response: Response,
  ): Promise<void> {
    await this.renderEstablishConfirmation(actor, planId, query, response);
  }

  @Get('skolenheter/:unitId/iup-mall')
  async showTemplate(
    @CurrentActor() actor: Actor,
    @Param('unitId') unitId: string,
    @Query('sparat') saved: unknown,
    @Res() response: Response,
  ): Promise<void> {
    const { unitName, template } = await this.templates.readTemplate(actor, unitId);
    response.render('plans/template.njk', {
      title: `Mall för utvecklingsplaner, ${unitName}`,
      unitId,
      unitName,
      form: templateForm(template),
      saved: saved === '1',
    });
  }

  @Post('skolenheter/:unitId/iup-mall')
  async saveTemplate(
    @CurrentActor() actor: Actor,
    @Param('unitId') unitId: string,
    @SelfCheckedForm() body: Form,
    @Res() response: Response,
  ): Promise<void> {
    const form = {
      periodKind: field(body, 'periodKind'),
      subjects: field(body, 'subjects'),
      scale: field(body, 'scale'),
      questions: field(body, 'questions'),
      includesOtherDevelopment: field(body, 'includesOtherDevelopment') === 'ja',
    };
    try {
      await this.templates.saveTemplate(actor, unitId, form);
      response.redirect(303, `/skolenheter/${unitId}/iup-mall?sparat=1`);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === ErrorCode.NotFound) {
        throw error;
      }
      const { unitName } = await this.templates.readTemplate(actor, unitId);
      response.status(statusOf(error.code)).render('plans/template.njk', {
        title: `Mall för utvecklingsplaner, ${unitName}`,
        unitId,
        unitName,
        form: formShownAgain(form),
        error: error.message,
        problems: Object.fromEntries(
          error.fields.map((problem) => [problem.field, problem.problems.join(', ')]),
        ),
      });
    }
  }

  @Post('planer/:planId/:section')
  async saveSection(
    @CurrentActor() actor: Actor,
    @Param('planId') planId: string,
    @Param('section') section: string,
    @SelfCheckedForm() form: Form,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    // autosave.js asks for JSON: the new revision is all it needs, not the page after a
    // redirect (half its requests and reads). Its errors take the API's shape (error.filter.ts).
    const answersJson = !request.accepts('html');
    try {
      if (section === 'faststall' && !isConfirmed(form)) {
        // One click only asks: the confirmation page establishes.
        await this.renderEstablishConfirmation(actor, planId, form, response);
        return;
      }
      const saved = await this.applySection(actor, planId, section, form);
      if (answersJson) {
        response.status(200).json(saved);
        return;
      }
      response.redirect(303, `/planer/${planId}?sparat=${saved.section}#${saved.section}`);
    } catch (error) {
      if (answersJson || !(error instanceof DomainError) || error.code === ErrorCode.NotFound) {
        throw error;
      }
      // Show the plan as it is now, with what the person wrote kept in the form.
      const plan = await this.plans.readPlan(actor, planId);
      response.status(statusOf(error.code)).render(
        'plans/show.njk',
        this.viewModel(plan, {
          error: error.message,
          problems: pageProblems(error.fields, plan, form),
          section,
          submitted: formShownAgain(form),
          path: request.path,
        }),
      );
    }
  }

  private async applySection(
    actor: Actor,
    planId: string,
    section: string,
    form: Form,
  ): Promise<SavedSection> {
    const revision = revisionOf(form);
    // The page is read again after the redirect (or autosave takes the new revision only).
    const save = (change: PlanPartChange): Promise<number> =>
      this.plans.writePart(actor, planId, change, revision, {
        acknowledgeWarnings: field(form, 'acknowledgeWarnings') === 'ja',
      });
    switch (section) {
      case 'bedomning':
        return {
          section: 'bedomning',
          revision: await save({
            part: 'assessment',
            subject: field(form, 'subject'),
            scaleValue: field(form, 'scaleValue') || null,
            text: field(form, 'text'),
          }),
        };
      case 'mal':
        return {
          section: 'mal',
          revision: await save({
            part: 'goals',
            goals: goalsFromForm(form),
            otherDevelopment: 'otherDevelopment' in form ? field(form, 'otherDevelopment') : null,
          }),
        };
      case 'samtal':
        return {
          section: 'samtal',
          revision: await save({
            part: 'talk',
            date: field(form, 'date') || null,
            participants: field(form, 'participants').split(/\r?\n/),
            agreements: field(form, 'agreements'),
          }),
        };
      case 'sjalvskattning':
        return {
          section: 'sjalvskattning',
          revision: await save({
            part: 'selfAssessment',
            answers: Object.keys(form)
              .filter((key) => key.startsWith('answer_'))
              .map((key) => ({
                questionId: key.slice('answer_'.length),
                answer: field(form, key),
              })),
            text: field(form, 'text'),
          }),
        };
      case 'kommentar':
        return {
          section: 'kommentar',
          revision: await save({ part: 'comment', text: field(form, 'text') }),
        };
      case 'svar': {
        // Which comment: its place in the plan (0 first); anything else names none.
        const comment = /^\d{1,3}$/.test(field(form, 'comment'))
          ? Number(field(form, 'comment'))
          : -1;
        return {
          section: 'svar',
          revision: await save({ part: 'commentAnswer', comment, text: field(form, 'text') }),
        };
      }
      case 'faststall':
        // The service checks the marking: an unknown provision or a bad date is told, not dropped.
        await this.plans.establishDraft(actor, planId, {
          revision,
          confidentialityMarking: field(form, 'confidentialityMarking'),
          confidentialityReviewOn: field(form, 'confidentialityReviewOn'),
        });
        return { section: 'faststalld' };
      case 'nytt-utkast':
        await this.plans.openNextDraft(actor, planId);
        return { section: 'utkast' };
      default:
        throw new DomainError(ErrorCode.NotFound, 'Sidan finns inte.');
    }
  }

  private async renderEstablishConfirmation(
    actor: Actor,
    planId: string,
    form: Form,
    response: Response,
  ): Promise<void> {
    const plan = await this.plans.readPlanToEstablish(actor, planId, {
      confidentialityMarking: field(form, 'confidentialityMarking'),
      confidentialityReviewOn: field(form, 'confidentialityReviewOn'),
    });
    const fields = carriedFields(form).filter((each) => each.name !== 'revision');
    response.status(200).render('plans/establish.njk', {
      title: `Fastställ utvecklingsplan ${plan.period}`,
      plan,
      marking: field(form, 'confidentialityMarking'),
      reviewOn: field(form, 'confidentialityReviewOn'),
      scaleLabel: Object.fromEntries(plan.template.scale.map((step) => [step.value, step.label])),
      questions: Object.fromEntries(
        plan.template.selfAssessmentQuestions.map((question) => [question.id, question.text]),
      ),
      // The revision shown here: a change made after this page is refused, never established unseen.
      fields: [{ name: 'revision', value: String(plan.revision) }, ...fields],
    });
  }

  private viewModel(
    plan: PlanView,
    extra: {
      saved?: string | null;
      error?: string;
      problems?: PageProblem[];
      section?: string;
      submitted?: Form;
      path?: string;
    },
  ): object {
    const content = plan.draft;
    const scaleLabel = Object.fromEntries(
      plan.template.scale.map((step) => [step.value, step.label]),
    );
    const questions = Object.fromEntries(
      plan.template.selfAssessmentQuestions.map((question) => [question.id, question.text]),
    );
    return {
      title: `Utvecklingsplan ${plan.period}`,
      plan,
      content,
      scaleLabel,
      questions,
      grounds: CONFIDENTIALITY_GROUNDS,
      today: stockholmToday(new Date()),
      goalRows: content ? [...content.goals, null] : [],
      hasAssessments:
        content?.assessments.some((a) => a.text !== '' || a.scaleValue !== null) ?? false,
      savedMessage: extra.saved ? (SAVED_MESSAGES[extra.saved] ?? null) : null,
      // What the writer sent, back in the form that failed, so nothing typed is lost.
      kept: (section: string, name: string, fallback: unknown, subject?: string): unknown => {
        const submitted = extra.submitted ?? {};
        const matches =
          extra.section === section && (subject === undefined || submitted.subject === subject);
        return matches && typeof submitted[name] === 'string' ? submitted[name] : fallback;
      },
      warningOnly: extra.error?.includes('Läs varningen') ?? false,
      error: extra.error ?? null,
      problems: extra.problems ?? [],
      // The marked fields by their element id, for the message under each one.
      fieldErrors: Object.fromEntries(
        (extra.problems ?? []).map((problem) => [problem.elementId, problem]),
      ),
      errorSection: extra.section ?? null,
      submitted: extra.submitted ?? {},
    };
  }
}
