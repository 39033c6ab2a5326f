// A real OpenID Connect provider (oidc-provider) for the e-legitimation tests.
// It logs in whoever the test names in `login_hint` (a civic number) without a
// page, so the flow can be driven with plain HTTP, and prints its issuer.
//
//   node test/support/oidc-provider.mjs <client_id> <client_secret> <redirect_uri> [code_ttl_seconds]
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

const [clientId, clientSecret, redirectUri, codeTtl = '60'] = process.argv.slice(2);

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  pkce: { required: () => true },
  acrValues: ['urn:grn:authn:se:bankid:same-device'],
  claims: { openid: ['sub', 'ssn'] },
  findAccount: (ctx, id) => ({ accountId: id, claims: () => ({ sub: `bankid-${id}`, ssn: id }) }),
  features: { devInteractions: { enabled: false } },
  ttl: { AuthorizationCode: Number(codeTtl) },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
});
provider.on('server_error', (ctx, error) => process.stderr.write(`${error.stack}\n`));

const callback = provider.callback();
server.on('request', async (req, res) => {
  if (!req.url.startsWith('/interaction/')) {
    callback(req, res);
    return;
  }
  try {
    const details = await provider.interactionDetails(req, res);
    const accountId = details.params.login_hint;
    if (details.prompt.name === 'login') {
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    const grant = new provider.Grant({ accountId: details.session.accountId, clientId });
    grant.addOIDCScope('openid');
    await provider.interactionFinished(
      req,
      res,
      { consent: { grantId: await grant.save() } },
      { mergeWithLastSubmission: true },
    );
  } catch (error) {
    res.statusCode = 500;
    res.end(String(error));
  }
});

process.stdout.write(`${JSON.stringify({ issuer })}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
