import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';

import { CurrentActor, RequiresPermission } from '../auth/access.guard';
import type { Actor } from '../auth/actor';
import type { Form } from '../common/http/form';
import { ApiErrors } from '../common/http/api-docs';
import { RecordSearchDto } from './dto/record-search.responses';
import { RecordSearchService } from './record-search.service';
import { type RecordSearchView, toRecordSearchView } from './views/record-search.view';

function queryText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

@ApiTags('records')
@Controller('api/v1/records')
@RequiresPermission('records.review')
export class RecordSearchApiController {
  constructor(private readonly search: RecordSearchService) {}

  @Get('search')
  @ApiOperation({
    summary: 'Search the registry’s records (reviewers)',
    description:
      'One text: pupil name (fuzzy), personal identity number in any written form, school, ' +
      'school year (2025/26) or registration number or a fragment of one ("iup 2026 2"). ' +
      'At most 25 hits; `more` says when there are more. Audited per pupil shown.',
  })
  @ApiQuery({ name: 'q', required: false, description: 'The search text' })
  @ApiQuery({
    name: 'requestId',
    required: false,
    description: 'A request to mark the hits it already names (`inRequest`)',
  })
  @ApiOkResponse({ type: RecordSearchDto })
  @ApiErrors(400)
  async searchRecords(
    @Query() query: Form,
    @CurrentActor() actor: Actor,
  ): Promise<RecordSearchView> {
    const requestId = queryText(query.requestId);
    return toRecordSearchView(
      await this.search.searchRecords(actor, queryText(query.q), requestId || null),
    );
  }
}
