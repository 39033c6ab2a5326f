import type { Request } from 'express';

import { routeLabel } from './http-metrics';

const requestTo = (originalUrl: string, route?: string, baseUrl = ''): Request =>
  ({ originalUrl, baseUrl, route: route === undefined ? undefined : { path: route } }) as Request;

describe('the route label of a timed request', () => {
  it('is the route as registered, never the URL with its ids', () => {
    expect(routeLabel(requestTo('/api/v1/pupils/3f0c…?x=1', '/api/v1/pupils/:pupilId'))).toBe(
      '/api/v1/pupils/:pupilId',
    );
  });

  it('includes the mount path of a sub-application (the queue view)', () => {
    expect(
      routeLabel(
        requestTo(
          '/admin/koer/api/queues/email/42',
          '/api/queues/:queueName/:jobId',
          '/admin/koer',
        ),
      ),
    ).toBe('/admin/koer/api/queues/:queueName/:jobId');
  });

  it('puts static files under one label each, and everything else under (unmatched)', () => {
    expect(routeLabel(requestTo('/static/css/app.css'))).toBe('/static/*');
    expect(routeLabel(requestTo('/admin/koer/static/js/main.js'))).toBe('/admin/koer/static/*');
    expect(routeLabel(requestTo('/finns-inte/123', '/{*all}'))).toBe('(unmatched)');
    expect(routeLabel(requestTo('/wp-login.php'))).toBe('(unmatched)');
  });
});
