import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { AuditService } from '../audit/audit.service';
import { CurrentActor, RequiresPermission } from './access.guard';
import type { Actor } from './actor';
import { AuditVerificationDto } from './dto/auth.responses';

/** Lives with auth, not audit: audit sits below auth, and only this route needs the guard. */
@ApiTags('audit')
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('verify')
  @RequiresPermission('audit.verify')
  @ApiOperation({ summary: 'Walks the hash chain; reports the first broken link (administrator)' })
  @ApiOkResponse({ type: AuditVerificationDto })
  async verify(@CurrentActor() actor: Actor): Promise<{
    ok: boolean;
    checked: number;
    firstBrokenEntry: { id: string; reason: string } | null;
  }> {
    const result = await this.audit.verify();
    await this.audit.recordNow({
      action: 'audit.chain.verified',
      actor: {
        accountId: actor.accountId,
        personId: actor.personId,
        roles: [...actor.roles].sort(),
      },
      details: { ok: result.ok, checked: result.checked },
    });
    return result;
  }
}
