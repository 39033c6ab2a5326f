import { Controller, Get, Inject, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { personalDataCategories } from './personal-data-categories.view';

/** The guardians' privacy notice: the municipality's own text, with its settings filled in. */
@ApiExcludeController()
@Controller('information')
export class InformationPagesController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  @Render('information/index.njk')
  showInformation(): object {
    return {
      title: 'Information om IUP och personuppgifter',
      retentionYears: this.config.retention.yearsAfterLeaving,
      contactPhone: this.config.municipality.contactPhone,
      contactWebsite: this.config.municipality.contactWebsite,
      dataProtectionOfficer: this.config.municipality.dataProtectionOfficer,
      categories: personalDataCategories(this.config.retention),
    };
  }
}
