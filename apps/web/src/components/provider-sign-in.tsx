import { providerLoginHref, type SignInMethods } from '../lib/sign-in-methods';

/** "Sign in with <provider>": a full page load, since the provider's pages are not the app's. */
export function ProviderSignIn({ methods, next }: { methods: SignInMethods | undefined; next: string | null }) {
  const href = methods && providerLoginHref(methods, next);
  if (!href || !methods.identityProvider) {
    return null;
  }
  return (
    <p>
      <a className="button" href={href} data-testid="provider-sign-in">
        Sign in with {methods.identityProvider.name}
      </a>
    </p>
  );
}
