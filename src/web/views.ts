import type { NestExpressApplication } from '@nestjs/platform-express';
import nunjucks from 'nunjucks';

import type { AppConfig } from '../config/app-config';

/**
 * Server-rendered pages: Nunjucks from templates/, every value escaped unless
 * a template says otherwise. Values every page needs are globals.
 */
export function configureViews(
  app: NestExpressApplication,
  config: AppConfig,
): nunjucks.Environment {
  const environment = nunjucks.configure(config.paths.templates, {
    autoescape: true,
    throwOnUndefined: false,
    noCache: config.env === 'development',
    express: app.getHttpAdapter().getInstance(),
  });
  environment.addGlobal('municipalityName', config.municipality.name);
  environment.addGlobal('serviceName', 'IUP-tjänsten');
  environment.addFilter('date_sv', (value: Date | string | null | undefined) =>
    value ? new Date(value).toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' }) : '',
  );
  // "2026-11-28 22:34", Swedish time: when something happened, for people reading a history.
  environment.addFilter('datetime_sv', (value: Date | string | null | undefined) =>
    value
      ? new Date(value).toLocaleString('sv-SE', {
          timeZone: 'Europe/Stockholm',
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
        })
      : '',
  );
  app.setBaseViewsDir(config.paths.templates);
  app.setViewEngine('njk');
  return environment;
}

/** Stylesheets and scripts: served before sessions, so an asset never touches the session store. */
export function serveStaticAssets(app: NestExpressApplication, config: AppConfig): void {
  app.useStaticAssets(config.paths.publicAssets, {
    prefix: '/static/',
    maxAge: config.env === 'production' ? '1d' : 0,
    index: false,
    dotfiles: 'deny',
  });
}
