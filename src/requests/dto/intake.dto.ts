import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

import { INTAKE_LIMITS } from '../intake-input';
import type { DeliveryMethod } from '../request-lifecycle';
import { STAFF_CHANNELS } from '../request-lifecycle';

/** A request for public records. Only `description` and `delivery` are needed; anonymity is allowed. */
export class IntakeDto {
  @ApiProperty({ example: 'Min sons individuella utvecklingsplan från läsåret 2025/26.' })
  @IsString({ message: 'måste vara text' })
  @MaxLength(INTAKE_LIMITS.description)
  description!: string;

  @ApiPropertyOptional({
    description: 'Helps finding the records: a name or a personal identity number',
  })
  @IsOptional()
  @IsString({ message: 'måste vara text' })
  @MaxLength(INTAKE_LIMITS.pupilName)
  pupilName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'måste vara text' })
  @MaxLength(INTAKE_LIMITS.school)
  school?: string;

  @ApiPropertyOptional({ example: '2025/26' })
  @IsOptional()
  @IsString({ message: 'måste vara text' })
  @MaxLength(INTAKE_LIMITS.period)
  period?: string;

  @ApiProperty({ enum: ['on_site', 'paper', 'electronic'] })
  @IsIn(['on_site', 'paper', 'electronic'], {
    message: 'måste vara on_site, paper eller electronic',
  })
  delivery!: DeliveryMethod;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'måste vara text' })
  @MaxLength(INTAKE_LIMITS.contactName)
  contactName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'måste vara text' })
  @MaxLength(INTAKE_LIMITS.contactEmail)
  contactEmail?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'måste vara text' })
  @MaxLength(INTAKE_LIMITS.contactPhone)
  contactPhone?: string;

  @ApiPropertyOptional({ description: 'Needed for paper copies by post' })
  @IsOptional()
  @IsString({ message: 'måste vara text' })
  @MaxLength(INTAKE_LIMITS.postalAddress)
  postalAddress?: string;

  @ApiPropertyOptional({
    description:
      'Paper copies that cost something may be invoiced only with this consent (it needs a name and address, so it ends anonymity); without it the fee is paid before the copies are sent',
  })
  @IsOptional()
  @IsBoolean({ message: 'ska vara true eller false' })
  invoiceConsent?: boolean;
}

/** A request that reached Sektor Lärande another way, registered by a reviewer. */
export class RegisteredIntakeDto extends IntakeDto {
  @ApiProperty({ enum: STAFF_CHANNELS })
  @IsIn(STAFF_CHANNELS, { message: 'måste vara email, letter, phone eller desk' })
  channel!: 'email' | 'letter' | 'phone' | 'desk';

  @ApiProperty({ example: '2026-11-27' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'ska vara ett datum (ÅÅÅÅ-MM-DD)' })
  receivedOn!: string;
}

/** A request a teacher or principal received and passes on. */
export class ForwardedIntakeDto extends IntakeDto {
  @ApiProperty({ example: '2026-11-27' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'ska vara ett datum (ÅÅÅÅ-MM-DD)' })
  receivedOn!: string;
}

/**
 * A guardian's request about their own child (OSL 12 kap. 3 §), signed in:
 * the child and the guardian come from the directory, so neither a pupil's
 * name nor a contact name is taken; the description may be left out.
 */
export class GuardianIntakeDto extends PartialType(
  PickType(IntakeDto, ['description', 'period', 'contactEmail', 'contactPhone', 'postalAddress']),
) {
  @ApiProperty({ enum: ['electronic', 'paper', 'on_site'] })
  @IsIn(['electronic', 'paper', 'on_site'], {
    message: 'måste vara electronic, paper eller on_site',
  })
  delivery!: DeliveryMethod;
}

export class FiledRequestDto {
  @ApiProperty({ example: 'BEG-2026-00012' }) registrationNumber!: string;
  @ApiProperty({ example: 'K7QF-M2XD-9PZC' }) receiptCode!: string;
  @ApiProperty({ enum: ['received'] }) status!: string;
}

export class ClarificationAnswerDto {
  @ApiProperty({ example: 'Jag menar planerna från läsåret 2025/26.' })
  @IsString({ message: 'måste vara text' })
  @MaxLength(4000, { message: 'får vara högst 4000 tecken' })
  answer!: string;
}

export class RequesterAppealDto {
  @ApiProperty({
    example: 'Jag vill få ut planen utan maskeringar; uppgifterna gäller mitt eget barn.',
    description: 'How the requester wants the decision changed, and why',
  })
  @IsString({ message: 'måste vara text' })
  @MaxLength(4000, { message: 'får vara högst 4000 tecken' })
  reasons!: string;
}
