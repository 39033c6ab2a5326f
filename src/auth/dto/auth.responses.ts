import { ApiProperty } from '@nestjs/swagger';

import type { AuditVerification } from '../../audit/audit.service';
import { PupilSummaryDto } from '../../directory/dto/directory.responses';
import type { AccountSummary } from '../account-admin.service';
import type { ActorRole } from '../actor';
import { MeView, ROLE_NAMES_SV } from '../me.view';

/*
 * The answers of sign-in, accounts and the audit check as the OpenAPI
 * description shows them; each class implements the type returned.
 */

const ROLES = Object.keys(ROLE_NAMES_SV) as ActorRole[];

export class MeDto implements MeView {
  @ApiProperty({ format: 'uuid' })
  accountId!: string;

  @ApiProperty({ format: 'uuid' })
  personId!: string;

  @ApiProperty()
  username!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: ROLES, isArray: true, description: 'Sorted; from duties in force today' })
  roles!: ActorRole[];

  @ApiProperty({ type: () => [PupilSummaryDto], description: 'The pupils this user may see' })
  pupils!: PupilSummaryDto[];
}

export class AccountSummaryDto implements AccountSummary {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  username!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ type: [String], description: 'Roles in force today' })
  roles!: string[];

  @ApiProperty()
  hasPassword!: boolean;

  @ApiProperty()
  isLocked!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastLoginAt!: string | null;
}

export class ChainBreakDto {
  @ApiProperty({ description: 'The first entry whose link does not hold' })
  id!: string;

  @ApiProperty()
  reason!: string;
}

export class AuditVerificationDto implements AuditVerification {
  @ApiProperty()
  ok!: boolean;

  @ApiProperty({
    type: 'integer',
    description: 'Entries examined: all when ok, else up to the first broken one',
  })
  checked!: number;

  @ApiProperty({ type: () => ChainBreakDto, nullable: true })
  firstBrokenEntry!: ChainBreakDto | null;
}
