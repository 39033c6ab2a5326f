import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import * as oidc from 'openid-client';

import { AuditService } from '../../audit/audit.service';
import { DomainError, ErrorCode } from '../../common/errors/domain-error';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { DirectoryQueries } from '../../directory/directory.queries';
import { normaliseCivicNumber } from '../../directory/import/civic-number';
import { AccountQueries } from '../account.queries';
import { HttpSession } from '../http-session';

/** What is kept in the session between sending the person to the broker and their return. */
interface PendingEidLogin {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly next: string;
  readonly startedAt: number;
}

declare module 'express-session' {
  interface SessionData {
    eidLogin?: PendingEidLogin;
  }
}

const PENDING_LIFETIME_MS = 10 * 60 * 1000;

export const EID_FAILED = 'Inloggningen med BankID kunde inte slutföras. Försök igen.';
export const EID_UNKNOWN_PERSON =
  'Vi hittar inget konto för ditt personnummer. Kontakta skolan om du är vårdnadshavare till en elev här.';

/**
 * E-legitimation (BankID through an OpenID Connect broker such as Idura or
 * Signicat): authorization code flow with PKCE, state and nonce. The broker's
 * personal-identity-number claim is matched against the imported directory;
 * nobody unknown gets in and no account is ever created here.
 */
@Injectable()
export class EidLoginService {
  private readonly logger = new Logger(EidLoginService.name);
  private configuration: Promise<oidc.Configuration> | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly directory: DirectoryQueries,
    private readonly accounts: AccountQueries,
    private readonly sessions: HttpSession,
    private readonly audit: AuditService,
  ) {}

  get isEnabled(): boolean {
    return this.config.oidc !== null;
  }

  /** The broker's address to send the person to; the checks to expect on return go into the session. */
  async startLogin(request: Request, next: string): Promise<string> {
    const settings = this.requireSettings();
    const configuration = await this.discover();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const pending: PendingEidLogin = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier,
      next,
      startedAt: Date.now(),
    };
    request.session.eidLogin = pending;
    await new Promise<void>((resolve, reject) =>
      request.session.save((error?: unknown) =>
        error
          ? reject(error instanceof Error ? error : new Error('Session could not be saved'))
          : resolve(),
      ),
    );
    const parameters: Record<string, string> = {
      redirect_uri: settings.redirectUri,
      scope: settings.scopes,
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    };
    if (settings.acrValues) {
      parameters.acr_values = settings.acrValues;
    }
    return oidc.buildAuthorizationUrl(configuration, parameters).toString();
  }

  /** Completes the login on the person's return; returns where to send them. */
  async completeLogin(request: Request): Promise<string> {
    const settings = this.requireSettings();
    const pending = request.session.eidLogin;
    delete request.session.eidLogin;
    if (!pending || Date.now() - pending.startedAt > PENDING_LIFETIME_MS) {
      await this.recordFailure('no-pending-login');
      throw new DomainError(ErrorCode.ValidationFailed, EID_FAILED);
    }

    let civicClaim: unknown;
    try {
      const callbackUrl = new URL(request.originalUrl, settings.redirectUri);
      const tokens = await oidc.authorizationCodeGrant(await this.discover(), callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      civicClaim = tokens.claims()?.[settings.civicNumberClaim];
    } catch (error) {
      this.logger.warn({ err: error }, 'E-legitimation callback refused');
      await this.recordFailure('callback-refused');
      throw new DomainError(ErrorCode.Unauthenticated, EID_FAILED);
    }

    const civic = typeof civicClaim === 'string' ? normaliseCivicNumber(civicClaim) : null;
    const account = civic?.ok ? await this.findAccount(civic.civicNo, settings.allowPupils) : null;
    if (!account) {
      await this.recordFailure('unknown-civic-number');
      throw new DomainError(ErrorCode.Unauthenticated, EID_UNKNOWN_PERSON);
    }
    await this.sessions.signIn(request, account.accountId);
    await this.audit.recordNow({
      action: 'auth.login.succeeded',
      actor: { accountId: account.accountId, personId: account.personId },
      details: { method: 'eid' },
    });
    return pending.next;
  }

  /** A guardian (or, where allowed, a pupil) with an account that may sign in. */
  private async findAccount(
    civicNo: string,
    allowPupils: boolean,
  ): Promise<{ accountId: string; personId: string } | null> {
    const personId = await this.directory.findSignInPersonId(civicNo, allowPupils);
    return personId === null ? null : this.accounts.findEnabledAccountOf(personId);
  }

  private async recordFailure(reason: string): Promise<void> {
    await this.audit.recordNow({
      action: 'auth.login.failed',
      actor: { accountId: null, personId: null },
      details: { method: 'eid', reason },
    });
  }

  private requireSettings(): NonNullable<AppConfig['oidc']> {
    if (!this.config.oidc) {
      throw new DomainError(ErrorCode.NotFound, 'Sidan finns inte.');
    }
    return this.config.oidc;
  }

  private discover(): Promise<oidc.Configuration> {
    const settings = this.requireSettings();
    this.configuration ??= (async () => {
      const issuer = new URL(settings.issuer);
      // Plain HTTP only for a provider on this machine (the tests' own provider).
      const isLocal =
        issuer.protocol === 'http:' &&
        ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
      return oidc.discovery(issuer, settings.clientId, settings.clientSecret, undefined, {
        execute: isLocal ? [oidc.allowInsecureRequests] : [],
      });
    })().catch((error: unknown) => {
      this.configuration = undefined;
      throw error;
    });
    return this.configuration;
  }
}
