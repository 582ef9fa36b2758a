// Instructor sign-in with OpenID Connect (openid-client): the authorization
// code flow with PKCE, state and nonce against any standard provider
// (DOCKYARD_OIDC_ISSUER). Who may be an instructor is the provider's account
// and, when DOCKYARD_OIDC_INSTRUCTORS is set, its verified email address.
import * as oidc from 'openid-client';
import { LOOPBACK_HOST } from '../config.ts';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  /** Email addresses and `@domain`s that may sign in; empty lets every account of the issuer in. */
  allowed: string[];
}

/** What the browser keeps (in a signed cookie) between leaving for the provider and coming back. */
export interface PendingSignIn {
  verifier: string;
  state: string;
  nonce: string;
  returnTo: string;
}

/** The account may not sign in: `code` is what the class page tells the person (it shows no text from the URL). */
export class SignInRefused extends Error {
  constructor(readonly code: 'no_verified_email' | 'not_an_instructor', message: string) {
    super(message);
  }
}


export class OidcSignIn {
  private discovered?: Promise<oidc.Configuration>;

  constructor(private readonly settings: OidcSettings) {}

  /** The provider's configuration, fetched once; a failed fetch is tried again next time. */
  private configuration(): Promise<oidc.Configuration> {
    const issuer = new URL(this.settings.issuer);
    // Plain HTTP only for a provider on this machine (tests, a provider beside the server).
    const execute = issuer.protocol === 'http:' && LOOPBACK_HOST.test(issuer.hostname) ? [oidc.allowInsecureRequests] : [];
    this.discovered ??= oidc.discovery(issuer, this.settings.clientId, this.settings.clientSecret, undefined, { execute })
      .catch((err: unknown) => {
        this.discovered = undefined;
        throw err;
      });
    return this.discovered;
  }

  /** Where to send the browser, and what to remember until it comes back. */
  async start(redirectUri: string, returnTo: string): Promise<{ url: string; pending: PendingSignIn }> {
    const config = await this.configuration();
    const pending = { verifier: oidc.randomPKCECodeVerifier(), state: oidc.randomState(), nonce: oidc.randomNonce(), returnTo };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email',
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  /** Trades the code in the callback URL for the ID token's claims; the instructor's id, or SignInRefused. */
  async finish(callbackUrl: URL, pending: PendingSignIn): Promise<string> {
    const config = await this.configuration();
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error('the provider sent no ID token');
    if (this.settings.allowed.length) {
      // Many providers put the address in the ID token; others only at the userinfo endpoint.
      const profile = typeof claims.email === 'string' ? claims : await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      const email = typeof profile.email === 'string' ? profile.email.toLowerCase() : undefined;
      // Only an address the provider says it verified: some let people type in any address.
      if (!email || profile.email_verified !== true) throw new SignInRefused('no_verified_email', 'the account has no verified email address, and only listed addresses may sign in');
      const domain = email.slice(email.indexOf('@'));
      if (!this.settings.allowed.includes(email) && !this.settings.allowed.includes(domain)) {
        throw new SignInRefused('not_an_instructor', `${email} is not one of this server's instructors (DOCKYARD_OIDC_INSTRUCTORS)`);
      }
    }
    return `oidc:${claims.iss}#${claims.sub}`;
  }
}
