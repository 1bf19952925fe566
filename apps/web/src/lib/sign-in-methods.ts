import { api, unwrap, type Schema } from './api';
import { useLoad } from './use-load';

export type SignInMethods = Schema<'SignInMethodsDto'>;

/** How this platform lets people in: local passwords, an identity provider, or both. */
export function useSignInMethods() {
  return useLoad(async () => unwrap(await api.GET('/api/auth/methods')), []);
}

/** Where the browser goes to sign in through the identity provider, coming back to `next`. */
export function providerLoginHref(methods: SignInMethods, next: string | null): string | undefined {
  const idp = methods.identityProvider;
  if (!idp) {
    return undefined;
  }
  return next ? `${idp.loginUrl}?next=${encodeURIComponent(next)}` : idp.loginUrl;
}
