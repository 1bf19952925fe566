import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import Provider from 'oidc-provider';

/** What the provider says about one of its accounts. */
export interface IdpAccount {
  email?: string;
  email_verified?: boolean;
  preferred_username?: string;
  groups?: string[];
}

export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, IdpAccount>;
  /** The account the next sign-in at the provider logs in (its sign-in page asks nothing: it is a test). */
  signInAs(subject: string): void;
  stop(): Promise<void>;
}

/** A port free now, for a server that must know its own address before it starts (the API's PUBLIC_URL). */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A real OpenID Connect provider (the `oidc-provider` package, as identity servers built on it run) on loopback:
 * discovery, signed ID tokens, PKCE, userinfo, consent. Only its sign-in page is replaced: it logs in the account the
 * test names, and grants what the client asks.
 */
export async function startTestIdp(redirectUri: string, options: { publicClient?: boolean } = {}): Promise<TestIdp> {
  const accounts = new Map<string, IdpAccount>();
  let next = '';
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = `arena-${randomBytes(3).toString('hex')}`;
  const clientSecret = randomBytes(16).toString('hex');
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        ...(options.publicClient ? { token_endpoint_auth_method: 'none' } : { client_secret: clientSecret }),
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    // Every client, confidential ones too, must use PKCE.
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['preferred_username', 'groups'] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    findAccount: (_ctx, sub) => {
      const account = accounts.get(sub);
      return account ? { accountId: sub, claims: () => ({ sub, ...account }) } : undefined;
    },
  });
  provider.on('server_error', (_ctx, error) => console.error('test IdP:', error));
  provider.on('grant.error', (_ctx, error) =>
    console.error('test IdP grant error:', error.message, (error as { error_detail?: string }).error_detail),
  );
  const handle = provider.callback();

  async function interaction(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      await provider.interactionFinished(req, res, { login: { accountId: next } }, { mergeWithLastSubmission: false });
      return;
    }
    const accountId = details.session!.accountId;
    const grant = details.grantId
      ? (await provider.Grant.find(details.grantId))!
      : new provider.Grant({ accountId, clientId: details.params.client_id as string });
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    if (missing.missingOIDCScope) {
      grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    }
    if (missing.missingOIDCClaims) {
      grant.addOIDCClaims(missing.missingOIDCClaims);
    }
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  server.on('request', (req, res) => {
    if (req.url?.startsWith('/interaction/')) {
      interaction(req, res).catch((e: unknown) => {
        res.statusCode = 500;
        res.end(String(e));
      });
    } else {
      void handle(req, res);
    }
  });

  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    signInAs: (subject) => (next = subject),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * A browser without a window: follows redirects across the API and the provider, keeping each host's cookies, until
 * an address of the web app (not /api, not the provider) is reached; returns it.
 */
export async function followSignIn(start: string, webOrigin: string): Promise<URL> {
  const jar = new Map<string, Map<string, string>>();
  let url = new URL(start);
  for (let hop = 0; hop < 20; hop++) {
    const cookies = jar.get(url.host);
    const res = await fetch(url, {
      redirect: 'manual',
      headers: cookies ? { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {},
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      const host = jar.get(url.host) ?? new Map<string, string>();
      host.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
      jar.set(url.host, host);
    }
    const location = res.headers.get('location');
    if (!location || res.status < 300 || res.status >= 400) {
      throw new Error(`sign-in stopped at ${url} with ${res.status}: ${(await res.text()).slice(0, 300)}`);
    }
    await res.body?.cancel();
    url = new URL(location, url);
    if (url.origin === webOrigin && !url.pathname.startsWith('/api/')) {
      return url;
    }
  }
  throw new Error('too many redirects');
}
