import { createServer, type Server } from "node:http";
import type { KoaContextWithOIDC } from "oidc-provider";
import { E2E } from "./server-config";

/**
 * A real OpenID Provider (panva's oidc-provider) on loopback for the SSO journeys. Its built-in
 * development login page accepts any login and password; the login becomes the subject and the
 * e-mail address, verified unless it starts with "unverified".
 */
export async function startTestOidcProvider(): Promise<{ close(): Promise<void> }> {
  const { default: Provider } = await import("oidc-provider");
  const provider = new Provider(E2E.oidc.issuer, {
    clients: [
      {
        client_id: E2E.oidc.clientId,
        client_secret: E2E.oidc.clientSecret,
        redirect_uris: [`${E2E.url}/api/auth/callback/oidc`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        // Every ID token says when the person last authenticated: sudo by SSO depends on it.
        require_auth_time: true,
      },
    ],
    async findAccount(_ctx: unknown, id: string) {
      return {
        accountId: id,
        claims: async () => ({
          sub: id,
          email: id,
          email_verified: !id.startsWith("unverified"),
          name: id.split("@")[0],
        }),
      };
    },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // Claims go into the ID token itself, which is what the console reads.
    conformIdTokenClaims: false,
    // A first-party client: no consent screen.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
    pkce: { required: () => true },
    // Plain http on loopback: SameSite=None cookies would need Secure.
    cookies: {
      keys: ["keyward-e2e-oidc-cookies"],
      long: { httpOnly: true, sameSite: "lax" },
      short: { httpOnly: true, sameSite: "lax" },
    },
  });
  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(E2E.oidc.port, "127.0.0.1", resolve);
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
