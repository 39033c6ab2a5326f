import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { CurrentActor, RequiresPermission } from '../auth/access.guard';
import type { Actor } from '../auth/actor';
import { ExtractViewDto } from './dto/register-extract.responses';
import { ExtractProductionService, NamedExtractView } from './extract-production.service';
import type { ExtractView } from './extract-views';

function withoutName(extract: NamedExtractView): ExtractView {
  return Object.fromEntries(
    Object.entries(extract).filter(([key]) => key !== 'personName'),
  ) as unknown as ExtractView;
}

@ApiTags('register-extracts')
@Controller('api/v1/register-extracts')
export class RegisterExtractApiController {
  constructor(private readonly production: ExtractProductionService) {}

  @Get(':extractId')
  @RequiresPermission('registerExtract.produce')
  @ApiOperation({
    summary: 'A register extract (GDPR art. 15): its state, deadline and the job’s progress',
  })
  @ApiOkResponse({ type: ExtractViewDto })
  async readExtract(
    @CurrentActor() actor: Actor,
    @Param('extractId') extractId: string,
  ): Promise<ExtractView> {
    // The API answers with ids only: the name stays on the page.
    return withoutName(await this.production.readExtract(actor, extractId));
  }
}
