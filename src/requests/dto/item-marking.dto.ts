import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';

import { CONFIDENTIALITY_GROUNDS } from '../../records/confidentiality';

/**
 * A reviewer's sekretessmarkering on a record of the request. The types are
 * checked here; which provisions and dates are accepted is the one rule in
 * records/confidentiality.ts (`checkMarking`), shared with the page form.
 */
export class ItemMarkingDto {
  @ApiProperty({
    nullable: true,
    enum: CONFIDENTIALITY_GROUNDS,
    description:
      'The provision to mark the record with, set or changed (dated today, by you); null removes the marking. A signal to reviewers, never a decision.',
  })
  // Required, though null: an empty body does not remove a marking by accident.
  @ValidateIf((body: ItemMarkingDto) => body.provision !== null)
  @IsString({
    message: 'ska vara en av sekretessgrunderna, eller null för att ta bort markeringen',
  })
  @MaxLength(100)
  provision!: string | null;

  @ApiPropertyOptional({
    nullable: true,
    example: '2027-06-30',
    description: 'The day by which the marking is to be reviewed (YYYY-MM-DD, today or later)',
  })
  @IsOptional()
  @IsString({ message: 'ska vara ett datum (ÅÅÅÅ-MM-DD)' })
  @MaxLength(10, { message: 'ska vara ett datum (ÅÅÅÅ-MM-DD)' })
  reviewOn?: string | null;
}
