import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { CurrentActor, RequiresLogin } from '../auth/access.guard';
import type { Actor } from '../auth/actor';
import { ApiErrors } from '../common/http/api-docs';
import {
  AssessmentDto,
  CommentAnswerDto,
  CommentDto,
  EstablishDto,
  GoalsDto,
  SelfAssessmentDto,
  TalkDto,
} from './dto/plan-parts.dto';
import { PlanSummaryDto, PlanVersionViewDto, PlanViewDto } from './dto/plan.responses';
import { PlanSummary, PlanView, VersionView } from './plan-views';
import { PlansService } from './plans.service';

/** The errors of saving a part of a plan: the guard's findings, a stale revision, the wrong state. */
function ApiPlanSaveErrors(): MethodDecorator & ClassDecorator {
  return ApiErrors(
    {
      status: 400,
      description:
        'VALIDATION_FAILED: a field is wrong, or the free-text guard found passages (`fields[].passages`): blocked, or warnings not yet acknowledged (`acknowledgeWarnings`).',
    },
    404,
    {
      status: 409,
      description:
        'CONFLICT: the revision is stale (saved by someone else meanwhile); INVALID_STATE: not possible in the plan’s state.',
    },
  );
}

@ApiTags('plans')
@Controller('api/v1')
@RequiresLogin()
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  @Get('pupils/:pupilId/plans')
  @ApiOperation({ summary: 'A pupil’s plans (404 unless the access policy allows)' })
  @ApiOkResponse({ type: [PlanSummaryDto] })
  @ApiErrors(404)
  listPlans(
    @CurrentActor() actor: Actor,
    @Param('pupilId') pupilId: string,
  ): Promise<PlanSummary[]> {
    return this.plans.listPlans(actor, pupilId);
  }

  @Post('pupils/:pupilId/plans')
  @ApiOperation({ summary: 'Start the plan of the current period (the mentor)' })
  @ApiCreatedResponse({ type: PlanViewDto })
  @ApiErrors(404, 409)
  createPlan(@CurrentActor() actor: Actor, @Param('pupilId') pupilId: string): Promise<PlanView> {
    return this.plans.createPlan(actor, pupilId);
  }

  @Get('plans/:planId')
  @ApiOperation({
    summary: 'A plan: its draft (or a teacher’s subjects of it) and its established versions',
  })
  @ApiOkResponse({ type: PlanViewDto })
  @ApiErrors(404)
  readPlan(@CurrentActor() actor: Actor, @Param('planId') planId: string): Promise<PlanView> {
    return this.plans.readPlan(actor, planId);
  }

  @Get('plans/:planId/versions/:version')
  @ApiOperation({ summary: 'One established version, exactly as it was registered' })
  @ApiOkResponse({ type: PlanVersionViewDto })
  @ApiErrors(404)
  readVersion(
    @CurrentActor() actor: Actor,
    @Param('planId') planId: string,
    @Param('version', new ParseIntPipe({ errorHttpStatusCode: 404 })) version: number,
  ): Promise<VersionView> {
    return this.plans.readVersion(actor, planId, version);
  }

  @Put('plans/:planId/assessments/:subject')
  @ApiOperation({ summary: 'Save the written assessment of one subject (its teacher)' })
  @ApiOkResponse({ type: PlanViewDto })
  @ApiPlanSaveErrors()
  saveAssessment(
    @CurrentActor() actor: Actor,
    @Param('planId') planId: string,
    @Param('subject') subject: string,
    @Body() body: AssessmentDto,
  ): Promise<PlanView> {
    return this.plans.savePart(
      actor,
      planId,
      { part: 'assessment', subject, scaleValue: body.scaleValue ?? null, text: body.text },
      body.revision,
      { acknowledgeWarnings: body.acknowledgeWarnings },
    );
  }

  @Put('plans/:planId/goals')
  @ApiOperation({ summary: 'Save goals, actions and development in other respects (the mentor)' })
  @ApiOkResponse({ type: PlanViewDto })
  @ApiPlanSaveErrors()
  saveGoals(
    @CurrentActor() actor: Actor,
    @Param('planId') planId: string,
    @Body() body: GoalsDto,
  ): Promise<PlanView> {
    return this.plans.savePart(
      actor,
      planId,
      {
        part: 'goals',
        goals: body.goals.map((goal) => ({ ...goal, subject: goal.subject ?? null })),
        otherDevelopment: body.otherDevelopment ?? null,
      },
      body.revision,
      { acknowledgeWarnings: body.acknowledgeWarnings },
    );
  }

  @Put('plans/:planId/talk')
  @ApiOperation({
    summary: 'Save the development talk: date, participants, agreements (the mentor)',
  })
  @ApiOkResponse({ type: PlanViewDto })
  @ApiPlanSaveErrors()
  saveTalk(
    @CurrentActor() actor: Actor,
    @Param('planId') planId: string,
    @Body() body: TalkDto,
  ): Promise<PlanView> {
    return this.plans.savePart(
      actor,
      planId,
      {
        part: 'talk',
        date: body.date ?? null,
        participants: body.participants,
        agreements: body.agreements,
      },
      body.revision,
      { acknowledgeWarnings: body.acknowledgeWarnings },
    );
  }

  @Put('plans/:planId/self-assessment')
  @ApiOperation({ summary: 'Save the self-assessment (only the pupil)' })
  @ApiOkResponse({ type: PlanViewDto })
  @ApiPlanSaveErrors()
  saveSelfAssessment(
    @CurrentActor() actor: Actor,
    @Param('planId') planId: string,
    @Body() body: SelfAssessmentDto,
  ): Promise<PlanView> {
    return this.plans.savePart(
      actor,
      planId,
      { part: 'selfAssessment', answers: body.answers, text: body.text },
      body.revision,
      { acknowledgeWarnings: body.acknowledgeWarnings },
    );
  }

  @Post('plans/:planId/comments')
  @ApiOperation({ summary: 'Add a comment (the pupil’s guardians)' })
  @ApiCreatedResponse({ type: PlanViewDto })
  @ApiPlanSaveErrors()
  addComment(
    @CurrentActor() actor: Actor,
    @Param('planId') planId: string,
    @Body() body: CommentDto,
  ): Promise<PlanView> {
    return this.plans.savePart(actor, planId, { part: 'comment', text: body.text }, body.revision, {
      acknowledgeWarnings: body.acknowledgeWarnings,
    });
  }

  @Put('plans/:planId/comments/:comment/answer')
  @ApiOperation({
    summary:
      'Answer a guardian’s comment, or change the answer (the mentor); the guardian is told by e-mail if they opted in',
  })
  @ApiOkResponse({ type: PlanViewDto })
  @ApiPlanSaveErrors()
  answerComment(
    @CurrentActor() actor: Actor,
    @Param('planId') planId: string,
    @Param('comment', new ParseIntPipe({ errorHttpStatusCode: 404 })) comment: number,
    @Body() body: CommentAnswerDto,
  ): Promise<PlanView> {
    return this.plans.savePart(
      actor,
      planId,
      { part: 'commentAnswer', comment, text: body.text },
      body.revision,
      { acknowledgeWarnings: body.acknowledgeWarnings },
    );
  }

  @Post('plans/:planId/establish')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Record that the talk was held: the draft becomes an immutable version, registered as a public record',
  })
  @ApiOkResponse({ type: PlanViewDto })
  @ApiPlanSaveErrors()
  establishPlan(
    @CurrentActor() actor: Actor,
    @Param('planId') planId: string,
    @Body() body: EstablishDto,
  ): Promise<PlanView> {
    return this.plans.establishPlan(actor, planId, {
      revision: body.revision,
      confidentialityMarking: body.confidentialityMarking ?? null,
      confidentialityReviewOn: body.confidentialityReviewOn ?? null,
    });
  }

  @Post('plans/:planId/drafts')
  @ApiOperation({ summary: 'Open the next version’s draft of an established plan (the mentor)' })
  @ApiCreatedResponse({ type: PlanViewDto })
  @ApiErrors(404, 409)
  openNextDraft(@CurrentActor() actor: Actor, @Param('planId') planId: string): Promise<PlanView> {
    return this.plans.openNextDraft(actor, planId);
  }
}
