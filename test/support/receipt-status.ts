import type { Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent';

import { csrfFrom } from './demo-world';

/** The header the API takes a receipt code in (never the URL). */
export const RECEIPT_CODE_HEADER = 'X-Receipt-Code';

/**
 * Opens the status page of `code` in the agent's session as a requester
 * does: the code typed into the form and posted, then the clean
 * `/begaran/status`. Returns the page.
 */
export async function openStatusPage(agent: TestAgent, code: string): Promise<Response> {
  const form = await agent.get('/begaran/status').set('Accept', 'text/html').expect(200);
  const opened = await agent
    .post('/begaran/status')
    .set('Accept', 'text/html')
    .type('form')
    .send({ _csrf: csrfFrom(form.text), kod: code });
  if (opened.status !== 303) {
    return opened;
  }
  return agent.get('/begaran/status').set('Accept', 'text/html').expect(200);
}
