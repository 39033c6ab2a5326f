import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { DemoWorld, startDemoWorld } from './demo-world';
import { freePort } from './service-process';

export const OIDC_CLIENT_ID = 'iup-records';
export const OIDC_CLIENT_SECRET = 'en-hemlighet-som-bara-testerna-kanner';

/** Starts the test provider (oidc-provider.mjs) and waits for the issuer it prints. */
export async function startProvider(
  redirectUri: string,
  codeTtlSeconds: number,
): Promise<{ child: ChildProcess; issuer: string }> {
  const child = spawn(
    process.execPath,
    [
      join(__dirname, 'oidc-provider.mjs'),
      OIDC_CLIENT_ID,
      OIDC_CLIENT_SECRET,
      redirectUri,
      String(codeTtlSeconds),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`oidc-provider exited with ${code}`)));
  });
  return { child, issuer: (JSON.parse(line) as { issuer: string }).issuer };
}

/**
 * The person identifies themselves at the broker; returns the callback path
 * into the app (the first redirect back to `appOrigin`).
 */
export async function identifyAtBroker(
  authorizationUrl: URL,
  civicNumber: string,
  appOrigin: string,
): Promise<string> {
  const cookies = new Map<string, string>();
  authorizationUrl.searchParams.set('login_hint', civicNumber);
  let next = authorizationUrl.toString();
  for (let hop = 0; hop < 10; hop += 1) {
    const response = await fetch(next, {
      redirect: 'manual',
      headers: {
        cookie: [...cookies.entries()].map(([name, value]) => `${name}=${value}`).join('; '),
      },
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      cookies.set(name ?? '', value.join('='));
    }
    const location = response.headers.get('location');
    if (!location) {
      throw new Error(
        `The provider stopped at ${next} with ${response.status}: ${await response.text()}`,
      );
    }
    const target = new URL(location, next);
    if (target.origin === appOrigin) {
      return `${target.pathname}${target.search}`;
    }
    next = target.toString();
  }
  throw new Error('Too many redirects at the provider');
}

export interface EidWorld {
  readonly world: DemoWorld;
  /** Where the app listens (the provider redirects back here). */
  readonly baseUrl: string;
  readonly issuer: string;
  close(): Promise<void>;
}

/** The demo municipality listening on a port of its own, with e-legitimation at the test provider. */
export async function startEidWorld(
  codeTtlSeconds: number,
  env: Readonly<Record<string, string>> = {},
): Promise<EidWorld> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const provider = await startProvider(`${baseUrl}/logga-in/bankid/callback`, codeTtlSeconds);
  let world: DemoWorld | undefined;
  try {
    world = await startDemoWorld({
      env: {
        PUBLIC_BASE_URL: baseUrl,
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID,
        OIDC_CLIENT_SECRET,
        ...env,
      },
    });
    await world.testApp.app.listen(port, '127.0.0.1');
  } catch (error) {
    provider.child.kill('SIGTERM');
    await world?.close();
    throw error;
  }
  const started = world;
  return {
    world: started,
    baseUrl,
    issuer: provider.issuer,
    close: async () => {
      provider.child.kill('SIGTERM');
      await started.close();
    },
  };
}
