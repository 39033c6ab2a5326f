import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { CurrentActor, RequiresPermission } from '../auth/access.guard';
import type { Actor } from '../auth/actor';
import { ApiErrors } from '../common/http/api-docs';
import { LiftHoldDto, PlaceHoldDto } from './dto/retention.dto';
import { DisposalQueuedDto, HoldPlacedDto, RetentionOverviewDto } from './dto/retention.responses';
import { RetentionScheduleService } from './retention-schedule.service';
import { RetentionService } from './retention.service';
import { RetentionOverviewView, toRetentionOverviewView } from './views/retention-overview.view';

/** Retention for the archivist (others: 404). */
@ApiTags('retention')
@Controller('api/v1/retention')
@RequiresPermission('retention.manage')
export class RetentionApiController {
  constructor(
    private readonly retention: RetentionService,
    private readonly schedule: RetentionScheduleService,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Due in 30 and 90 days, held records and why, a dry run of the next disposal, and the disposal log',
  })
  @ApiOkResponse({ type: RetentionOverviewDto })
  async overview(@CurrentActor() actor: Actor): Promise<RetentionOverviewView> {
    return toRetentionOverviewView(await this.retention.overview(actor));
  }

  @Post('holds')
  @HttpCode(201)
  @ApiOperation({ summary: 'Hold a record past its disposal date, with the reason' })
  @ApiCreatedResponse({ type: HoldPlacedDto })
  @ApiErrors(400)
  placeHold(@Body() body: PlaceHoldDto, @CurrentActor() actor: Actor): Promise<{ id: string }> {
    return this.retention.placeHold(actor, body);
  }

  @Post('holds/:id/lift')
  @HttpCode(204)
  @ApiOperation({ summary: 'Lift a hold, with the reason' })
  @ApiNoContentResponse()
  @ApiErrors(400, { status: 409, description: 'CONFLICT: the hold is lifted already.' })
  liftHold(
    @Param('id') id: string,
    @Body() body: LiftHoldDto,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    return this.retention.liftHold(actor, id, body);
  }

  @Post('run')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Dispose of what is due now, in the background (the nightly run, early)',
  })
  @ApiAcceptedResponse({ type: DisposalQueuedDto })
  async run(@CurrentActor() actor: Actor): Promise<{ jobId: string }> {
    return {
      jobId: await this.retention.runRequested(actor, () => this.schedule.runNow()),
    };
  }
}
