// A real OpenID Connect provider on loopback (the oidc-provider package, its
// development sign-in pages: any login, any password) for tests of instructor
// sign-in. The login is the account: `teacher1` has the address
// teacher1@school.test; a login with an @ is its own address.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export const OIDC_CLIENT_ID = 'dockyard-tests';
export const OIDC_CLIENT_SECRET = 'oidc-client-secret-for-the-tests-only-0123';

export interface LoopbackProvider {
  issuer: string;
  /** Registers Dockyard's callback once its address is known (the provider must exist first: its issuer is in Dockyard's settings). */
  register(siteUrl: string): void;
  close(): Promise<void>;
}

export async function startOidcProvider(): Promise<LoopbackProvider> {
  let handle = (_request: IncomingMessage, response: ServerResponse) => {
    response.statusCode = 503;
    response.end('the provider is not ready yet');
  };
  const server = createServer((request, response) => handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    register(siteUrl: string) {
      const provider = new Provider(issuer, {
        clients: [{ client_id: OIDC_CLIENT_ID, client_secret: OIDC_CLIENT_SECRET, redirect_uris: [`${siteUrl}/api/instructor/oidc/callback`] }],
        claims: { email: ['email', 'email_verified'] },
        findAccount: (_ctx, id) => ({
          accountId: id,
          claims: () => ({ sub: id, email: id.includes('@') ? id : `${id}@school.test`, email_verified: true }),
        }),
      });
      const callback = provider.callback();
      // The provider's (koa's) handler answers its own errors; nothing waits on it.
      handle = (request, response) => { void callback(request, response); };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
