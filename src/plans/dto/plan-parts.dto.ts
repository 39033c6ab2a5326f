import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

import { CONFIDENTIALITY_GROUNDS } from '../../records/confidentiality';

/** Every change carries the revision it was made from (optimistic locking). */
class RevisionDto {
  @ApiProperty({ description: 'The revision of the draft this change was made from' })
  @IsInt({ message: 'måste vara planens revision (ett heltal)' })
  @Min(0)
  revision!: number;

  @ApiPropertyOptional({
    description: 'Save even though the content guard warned (logged in the audit log)',
  })
  @IsOptional()
  @IsBoolean()
  acknowledgeWarnings?: boolean;
}

export class AssessmentDto extends RevisionDto {
  @ApiPropertyOptional({ nullable: true, example: 'godtagbara' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  scaleValue!: string | null;

  @ApiProperty({ example: 'Eleven läser med flyt och återberättar handlingen med egna ord.' })
  @IsString()
  @MaxLength(4000)
  text!: string;
}

class GoalActionsDto {
  @IsString() @MaxLength(1000) school!: string;
  @IsString() @MaxLength(1000) pupil!: string;
  @IsString() @MaxLength(1000) guardian!: string;
}

class GoalDto {
  @IsOptional() @IsString() @MaxLength(36) id?: string;

  @ApiPropertyOptional({
    nullable: true,
    description: 'A subject of the template, or null for development in general',
  })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  subject!: string | null;

  @IsString() @MaxLength(1000) text!: string;

  @ValidateNested() @Type(() => GoalActionsDto) actions!: GoalActionsDto;

  @IsString() @MaxLength(1000) followUp!: string;
}

export class GoalsDto extends RevisionDto {
  @ApiProperty({ type: [GoalDto] })
  @IsArray()
  @ArrayMaxSize(12)
  @ValidateNested({ each: true })
  @Type(() => GoalDto)
  goals!: GoalDto[];

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  otherDevelopment!: string | null;
}

export class TalkDto extends RevisionDto {
  @ApiPropertyOptional({ nullable: true, example: '2026-11-20' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'ska vara ett datum (ÅÅÅÅ-MM-DD)' })
  date!: string | null;

  @ApiProperty({ type: [String], example: ['Eleven', 'Mentor', 'Vårdnadshavare'] })
  @IsArray()
  @ArrayMaxSize(12)
  @IsString({ each: true })
  @MaxLength(120, { each: true })
  participants!: string[];

  @ApiProperty()
  @IsString()
  @MaxLength(4000)
  agreements!: string;
}

class AnswerDto {
  @IsString() @MaxLength(60) questionId!: string;
  @IsString() @MaxLength(1000) answer!: string;
}

export class SelfAssessmentDto extends RevisionDto {
  @ApiProperty({ type: [AnswerDto] })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => AnswerDto)
  answers!: AnswerDto[];

  @ApiProperty()
  @IsString()
  @MaxLength(4000)
  text!: string;
}

export class CommentDto extends RevisionDto {
  @ApiProperty()
  @IsString()
  @MaxLength(2000)
  text!: string;
}

export class CommentAnswerDto extends RevisionDto {
  @ApiProperty({ description: 'The mentor’s answer, checked by the free-text guard' })
  @IsString()
  @MaxLength(2000)
  text!: string;
}

export class EstablishDto extends RevisionDto {
  @ApiPropertyOptional({
    nullable: true,
    enum: CONFIDENTIALITY_GROUNDS,
    description:
      'A confidentiality marking to register with the record: a signal to reviewers, never a decision',
  })
  @IsOptional()
  @IsIn(CONFIDENTIALITY_GROUNDS, {
    message: 'är inte en av de sekretessgrunder som används',
  })
  confidentialityMarking!: string | null;

  @ApiPropertyOptional({
    nullable: true,
    example: '2027-06-30',
    description:
      'With a marking: the day by which it is to be reviewed (YYYY-MM-DD, today or later in Sweden)',
  })
  @IsOptional()
  @IsString({ message: 'ska vara ett datum (ÅÅÅÅ-MM-DD)' })
  @MaxLength(10, { message: 'ska vara ett datum (ÅÅÅÅ-MM-DD)' })
  confidentialityReviewOn?: string | null;
}
