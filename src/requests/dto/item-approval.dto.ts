import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Min } from 'class-validator';

/** Four eyes: approving a refusal or redactions decided by another reviewer. */
export class ApproveItemDto {
  @ApiPropertyOptional({
    description:
      'The item’s version the approver reviewed (from the request’s items); a decision changed since answers 409 CONFLICT',
  })
  @IsOptional()
  @IsInt({ message: 'måste vara ett heltal' })
  @Min(0)
  version?: number;
}

export class ApprovedItemsDto {
  @ApiProperty({ description: 'How many decisions were approved' })
  approved!: number;
}
