import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';

import { CurrentActor, RequiresPermission } from '../auth/access.guard';
import type { Actor } from '../auth/actor';
import type { Form } from '../common/http/form';
import { RecordSearchService } from './record-search.service';
import { toRecordSearchView } from './views/record-search.view';

function queryText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * `/handlaggning/handlingar`: the reviewers' record search. Opened from a request
 * (`?begaran=<id>`), each hit has a button that adds it to that request through the
 * request page's own form (`begaran/:id/handling`), so the rules and the audit stay one.
 */
@ApiExcludeController()
@Controller('handlaggning/handlingar')
@RequiresPermission('records.review')
export class RecordSearchPagesController {
  constructor(private readonly search: RecordSearchService) {}

  @Get()
  async searchPage(
    @Query() query: Form,
    @CurrentActor() actor: Actor,
    @Res() response: Response,
  ): Promise<void> {
    const text = queryText(query.q).slice(0, 200);
    const requestId = queryText(query.begaran);
    const result = await this.search.searchRecords(actor, text, requestId || null);
    response.render('back-office/records-search.njk', {
      title: 'Sök handlingar',
      q: text,
      searched: text.trim() !== '',
      request: result.request,
      search: toRecordSearchView(result),
    });
  }
}
