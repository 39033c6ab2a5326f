import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

import { RedactionDto } from '../../redaction/dto/redaction.dto';
import type { Decision } from '../request-lifecycle';

export class AssignDto {
  @ApiProperty({ description: 'The account of another reviewer' })
  @IsString({ message: 'måste vara ett konto-id' })
  @MaxLength(36)
  accountId!: string;
}

export class NoteDto {
  @ApiProperty({ example: 'Ringde skolan; planen för vårterminen finns inte ännu.' })
  @IsString({ message: 'måste vara text' })
  @MaxLength(4000)
  text!: string;
}

export class ClarificationDto {
  @ApiProperty({ example: 'Vilket läsår gäller din begäran?' })
  @IsString({ message: 'måste vara text' })
  @MaxLength(2000)
  question!: string;
}

export class ClarificationAnsweredDto {
  @ApiPropertyOptional({ description: 'What the requester answered (kept as an internal note)' })
  @IsOptional()
  @IsString({ message: 'måste vara text' })
  @MaxLength(4000)
  summary?: string;
}

export class AddRecordDto {
  @ApiProperty({ example: 'IUP-2026-00012' })
  @Matches(/^\s*[A-Za-z]{3}-\d{4}-\d{5}\s*$/, {
    message: 'ska vara ett diarienummer, till exempel IUP-2026-00012',
  })
  registrationNumber!: string;
}

export class PreviewDto {
  @ApiProperty({ type: [RedactionDto] })
  @IsArray({ message: 'måste vara en lista' })
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => RedactionDto)
  redactions!: RedactionDto[];
}

export class ItemDecisionDto extends PreviewDto {
  @ApiProperty({ enum: ['release', 'release_with_redactions', 'refuse', 'no_public_record'] })
  @IsIn(['release', 'release_with_redactions', 'refuse', 'no_public_record'], {
    message: 'måste vara release, release_with_redactions, refuse eller no_public_record',
  })
  decision!: Decision;

  @ApiPropertyOptional({ description: 'For a refusal: one of the configured legal grounds' })
  @IsOptional()
  @IsString({ message: 'måste vara text' })
  @MaxLength(200)
  refusalGround?: string;

  @ApiPropertyOptional({ description: 'The reasons, required for a refusal or redactions' })
  @IsOptional()
  @IsString({ message: 'måste vara text' })
  @MaxLength(4000)
  reasons?: string;

  @ApiPropertyOptional({
    enum: ['lifted', 'protects_against_guardian'],
    description:
      "A guardian's request about their own child (OSL 12 kap. 3 §): the confidentiality protecting the pupil lifted toward the guardian, or kept because it protects the pupil against them",
  })
  @IsOptional()
  @IsString({ message: 'måste vara text' })
  @MaxLength(40)
  concernedParty?: string;

  @ApiProperty({ description: 'The item version the reviewer saw' })
  @IsInt({ message: 'måste vara handlingens version (ett heltal)' })
  @Min(0)
  version!: number;
}

class BatchItemDto {
  @IsString() @MaxLength(36) id!: string;
  @IsInt() @Min(0) version!: number;
}

export class BatchReleaseDto {
  @ApiProperty({ type: [BatchItemDto] })
  @IsArray({ message: 'måste vara en lista' })
  @ArrayMinSize(1, { message: 'välj minst en handling' })
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => BatchItemDto)
  items!: BatchItemDto[];
}

export class AppealDto {
  @ApiProperty({ example: '2026-12-10', description: 'The day the appeal came in' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'ska vara ett datum (ÅÅÅÅ-MM-DD)' })
  receivedOn!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'måste vara text' })
  @MaxLength(4000)
  note?: string;
}

export class ForwardAppealDto {
  @ApiProperty({ example: '2026-12-11' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'ska vara ett datum (ÅÅÅÅ-MM-DD)' })
  forwardedOn!: string;

  @ApiPropertyOptional({ example: 'Kammarrätten i Göteborg' })
  @IsOptional()
  @IsString({ message: 'måste vara text' })
  @MaxLength(200)
  court?: string;
}

export class LateAppealExceptionDto {
  @ApiProperty({
    enum: ['notice_missing_or_wrong', 'reached_court_in_time'],
    description:
      'Why a late appeal is tried all the same (förvaltningslagen 45 §): the appeal notice was missing or wrong, or the appeal reached the court in time',
  })
  @IsIn(['notice_missing_or_wrong', 'reached_court_in_time'], {
    message: 'ska vara notice_missing_or_wrong eller reached_court_in_time',
  })
  exception!: string;
}

export class AppealOutcomeDto {
  @ApiProperty({ enum: ['upheld', 'changed', 'returned', 'dismissed', 'lapsed'] })
  @IsIn(['upheld', 'changed', 'returned', 'dismissed', 'lapsed'], {
    message: 'måste vara upheld, changed, returned, dismissed eller lapsed',
  })
  outcome!: 'upheld' | 'changed' | 'returned' | 'dismissed' | 'lapsed';

  @ApiProperty({ example: '2027-02-01' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'ska vara ett datum (ÅÅÅÅ-MM-DD)' })
  decidedOn!: string;

  @ApiPropertyOptional({ example: 'Mål nr 1234-26' })
  @IsOptional()
  @IsString({ message: 'måste vara text' })
  @MaxLength(200)
  reference?: string;
}

export class DeliverDto {
  @ApiPropertyOptional({
    description:
      'Paper copies with a fee and no consent to invoicing: the reviewer confirms the fee has been paid',
  })
  @IsOptional()
  @IsBoolean({ message: 'ska vara true eller false' })
  paymentReceived?: boolean;
}

export class ExtendDto {
  @ApiProperty({ example: '2026-12-10', description: 'The new decision date (a working day)' })
  @IsString({ message: 'ska vara ett datum (ÅÅÅÅ-MM-DD)' })
  @MaxLength(10)
  decisionDue!: string;

  @ApiProperty({
    example: 'Begäran omfattar 40 planer som var och en måste sekretessprövas.',
    description: 'Shown to the requester on the status page and e-mailed',
  })
  @IsString({ message: 'måste vara text' })
  @MaxLength(1000)
  notice!: string;
}

export class ViewingDto {
  @ApiProperty({ example: '2026-12-03' })
  @IsString({ message: 'ska vara ett datum (ÅÅÅÅ-MM-DD)' })
  @MaxLength(10)
  date!: string;

  @ApiProperty({ example: '10:00' })
  @IsString({ message: 'ska vara en tid (TT:MM)' })
  @MaxLength(5)
  time!: string;

  @ApiPropertyOptional({ description: 'Defaults to the VIEWING_PLACE setting' })
  @IsOptional()
  @IsString({ message: 'måste vara text' })
  @MaxLength(300)
  place?: string;
}

export class CompleteDecisionDto {
  @ApiPropertyOptional({
    example:
      'Namnet är känt för den som begärt handlingarna i den äldre planen men inte i den nya.',
    description:
      'Why the decisions stand although the same text is struck in one record and released in another (needed while the answer is 409 DECISIONS_INCONSISTENT); kept on the request and in the audit log',
  })
  @IsOptional()
  @IsString({ message: 'måste vara text' })
  @MaxLength(4000)
  consistencyReason?: string;
}

export class CloseWithoutRecordsDto {
  @ApiProperty({
    enum: ['no_record', 'forwarded'],
    description:
      'no_record: what was asked for does not exist at Sektor Lärande (an appealable decision); forwarded: another authority holds it',
  })
  @IsIn(['no_record', 'forwarded'], { message: 'ska vara no_record eller forwarded' })
  closure!: string;

  @ApiPropertyOptional({
    example: 'Skolinspektionen',
    description: 'The authority the request is forwarded to (forwarded only)',
  })
  @IsOptional()
  @IsString({ message: 'måste vara text' })
  @MaxLength(200)
  forwardedTo?: string;

  @ApiPropertyOptional({
    example: 'Eleven har aldrig gått i kommunens skolor.',
    description: 'Why, for the letter',
  })
  @IsOptional()
  @IsString({ message: 'måste vara text' })
  @MaxLength(4000)
  reasons?: string;
}
