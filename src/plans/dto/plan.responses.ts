import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import type {
  DevelopmentTalk,
  Goal,
  GoalActions,
  CommentAnswer,
  GuardianComment,
  PlanContent,
  SelfAssessment,
  WrittenAssessment,
} from '../plan-content';
import type { DiffPart, FieldDiff } from '../plan-diff';
import type { PlanState } from '../plan-lifecycle';
import type { PlanTemplate, ScaleStep, SelfAssessmentQuestion } from '../plan-template';
import type { PlanSummary, PlanView, VersionSummary, VersionView } from '../plan-views';

/*
 * Plans as the OpenAPI description shows them. Each class implements the
 * type the service returns, so a field added there and forgotten here fails
 * to compile. Names carry "Plan": schema names are one namespace for the API.
 */

const PLAN_STATES = ['draft', 'established'] as const satisfies readonly PlanState[];

export class PlanScaleStepDto implements ScaleStep {
  @ApiProperty({ example: 'godtagbara' })
  value!: string;

  @ApiProperty({ example: 'Godtagbara kunskaper' })
  label!: string;
}

export class PlanQuestionDto implements SelfAssessmentQuestion {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  text!: string;
}

export class PlanTemplateDto implements PlanTemplate {
  @ApiProperty({ enum: ['school_year', 'term'] })
  periodKind!: 'school_year' | 'term';

  @ApiProperty({ type: [String] })
  subjects!: string[];

  @ApiProperty({ type: () => [PlanScaleStepDto] })
  scale!: PlanScaleStepDto[];

  @ApiProperty({ type: () => [PlanQuestionDto] })
  selfAssessmentQuestions!: PlanQuestionDto[];

  @ApiProperty()
  includesOtherDevelopment!: boolean;
}

export class PlanAssessmentDto implements WrittenAssessment {
  @ApiProperty()
  subject!: string;

  @ApiProperty({ type: String, nullable: true, description: 'A value of the template’s scale' })
  scaleValue!: string | null;

  @ApiProperty()
  text!: string;
}

export class PlanGoalActionsDto implements GoalActions {
  @ApiProperty({ description: 'What the school does' })
  school!: string;

  @ApiProperty({ description: 'What the pupil does' })
  pupil!: string;

  @ApiProperty({ description: 'What the guardian does' })
  guardian!: string;
}

export class PlanGoalDto implements Goal {
  @ApiProperty()
  id!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Null: development in general' })
  subject!: string | null;

  @ApiProperty()
  text!: string;

  @ApiProperty({ type: () => PlanGoalActionsDto })
  actions!: PlanGoalActionsDto;

  @ApiProperty({ description: 'How last period’s goal went' })
  followUp!: string;
}

export class PlanSelfAssessmentAnswerDto {
  @ApiProperty()
  questionId!: string;

  @ApiProperty()
  answer!: string;
}

export class PlanSelfAssessmentDto implements SelfAssessment {
  @ApiProperty({ type: () => [PlanSelfAssessmentAnswerDto] })
  answers!: PlanSelfAssessmentAnswerDto[];

  @ApiProperty()
  text!: string;
}

export class PlanCommentAnswerDto implements CommentAnswer {
  @ApiProperty()
  text!: string;

  @ApiProperty({ format: 'date-time' })
  writtenAt!: string;
}

export class PlanGuardianCommentDto implements GuardianComment {
  @ApiProperty({ format: 'uuid' })
  guardianId!: string;

  @ApiProperty()
  text!: string;

  @ApiProperty({ format: 'date-time' })
  writtenAt!: string;

  @ApiPropertyOptional({
    type: () => PlanCommentAnswerDto,
    nullable: true,
    description: 'The mentor’s answer; absent or null until answered',
  })
  answer?: PlanCommentAnswerDto | null;
}

export class PlanTalkDto implements DevelopmentTalk {
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'Null until held' })
  date!: string | null;

  @ApiProperty({ type: [String] })
  participants!: string[];

  @ApiProperty()
  agreements!: string;
}

export class PlanContentDto implements PlanContent {
  @ApiProperty({ type: () => [PlanAssessmentDto] })
  assessments!: PlanAssessmentDto[];

  @ApiProperty({ type: () => [PlanGoalDto] })
  goals!: PlanGoalDto[];

  @ApiProperty({ type: () => PlanSelfAssessmentDto })
  selfAssessment!: PlanSelfAssessmentDto;

  @ApiProperty({ type: String, nullable: true })
  otherDevelopment!: string | null;

  @ApiProperty({ type: () => [PlanGuardianCommentDto] })
  guardianComments!: PlanGuardianCommentDto[];

  @ApiProperty({ type: () => PlanTalkDto })
  talk!: PlanTalkDto;
}

export class PlanSummaryDto implements PlanSummary {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  pupilId!: string;

  @ApiProperty({ example: '2026/27' })
  period!: string;

  @ApiProperty({ enum: PLAN_STATES })
  state!: PlanState;

  @ApiProperty({ type: 'integer', description: 'The newest established version; 0 before any' })
  establishedVersion!: number;

  @ApiProperty({ type: 'integer', description: 'Send it back with a save: a stale one gets 409' })
  revision!: number;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class PlanVersionSummaryDto implements VersionSummary {
  @ApiProperty({ type: 'integer' })
  version!: number;

  @ApiProperty({ format: 'date' })
  talkDate!: string;

  @ApiProperty({ format: 'date-time' })
  establishedAt!: string;

  @ApiProperty({ example: 'IUP-2026-00012' })
  registrationNumber!: string;
}

export class PlanCanWriteDto {
  @ApiProperty({ description: 'Goals, actions and the talk' })
  mentor!: boolean;

  @ApiProperty()
  selfAssessment!: boolean;

  @ApiProperty()
  comment!: boolean;

  @ApiProperty({ type: [String], description: 'The subjects whose assessment this user writes' })
  subjects!: string[];
}

export class PlanViewDto extends PlanSummaryDto implements PlanView {
  @ApiProperty()
  pupilName!: string;

  @ApiProperty({ type: () => PlanTemplateDto })
  template!: PlanTemplateDto;

  @ApiProperty({
    type: () => PlanContentDto,
    nullable: true,
    description: 'Null when the newest version is established and no new draft is open',
  })
  draft!: PlanContentDto | null;

  @ApiProperty({ type: () => [PlanVersionSummaryDto] })
  versions!: PlanVersionSummaryDto[];

  @ApiProperty({ type: () => PlanCanWriteDto })
  canWrite!: PlanCanWriteDto;

  @ApiProperty({ description: 'Only some subjects are shown (a teacher’s view)' })
  isPartial!: boolean;
}

export class PlanDiffPartDto implements DiffPart {
  @ApiProperty()
  text!: string;

  @ApiProperty({ enum: ['added', 'removed', 'same'] })
  change!: 'added' | 'removed' | 'same';
}

export class PlanFieldDiffDto implements FieldDiff {
  @ApiProperty({ example: 'Matematik, omdöme' })
  label!: string;

  @ApiProperty({ type: () => [PlanDiffPartDto] })
  parts!: PlanDiffPartDto[];
}

export class PlanVersionViewDto implements VersionView {
  @ApiProperty({
    type: () => [PlanFieldDiffDto],
    nullable: true,
    description: 'What changed since the version before, word by word; null for version 1',
  })
  changes!: PlanFieldDiffDto[] | null;

  @ApiProperty({ format: 'uuid' })
  planId!: string;

  @ApiProperty({ type: 'integer' })
  version!: number;

  @ApiProperty({ type: () => PlanContentDto })
  content!: PlanContentDto;

  @ApiProperty({ type: () => PlanTemplateDto })
  template!: PlanTemplateDto;

  @ApiProperty({ format: 'date' })
  talkDate!: string;

  @ApiProperty({ format: 'date-time' })
  establishedAt!: string;

  @ApiProperty()
  registrationNumber!: string;
}
