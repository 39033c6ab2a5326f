import { Controller, Get, Inject, Render, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';

import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/**
 * The day the accessibility statement was last reviewed against the service
 * (lagen 2018:1937 om tillgänglighet till digital offentlig service, 12 §).
 * Change it, and the shortcomings in the template, whenever either changes.
 */
export const STATEMENT_REVIEWED_ON = '2026-12-06';

/** Where a supervisory complaint goes: DIGG's form for reporting inaccessible public services. */
export const DIGG_REPORT_URL = 'https://www.digg.se/tdosanmalan';

/** A website setting as a link: the setting may be given without its scheme ("www.lerum.se/iup"). */
export function websiteUrl(website: string): string {
  return /^https?:\/\//i.test(website) ? website : `https://${website}`;
}

/**
 * The accessibility statement (tillgänglighetsredogörelse) the law on
 * accessibility of digital public services requires, linked from every
 * page's footer; and the icon browsers ask for at /favicon.ico.
 */
@ApiExcludeController()
@Controller()
export class AccessibilityPagesController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get('tillganglighet')
  @Render('accessibility/statement.njk')
  showStatement(): object {
    return {
      title: 'Tillgänglighetsredogörelse',
      contactPhone: this.config.municipality.contactPhone,
      contactWebsite: this.config.municipality.contactWebsite,
      contactUrl: websiteUrl(this.config.municipality.contactWebsite),
      sessionIdleMinutes: this.config.auth.sessionIdleMinutes,
      reviewedOn: STATEMENT_REVIEWED_ON,
      diggReportUrl: DIGG_REPORT_URL,
    };
  }

  /** Browsers ask for /favicon.ico whatever the page links: the SVG icon answers for it. */
  @Get('favicon.ico')
  redirectFavicon(@Res() response: Response): void {
    response.setHeader('Cache-Control', 'public, max-age=86400');
    response.redirect(301, '/static/favicon.svg');
  }
}
