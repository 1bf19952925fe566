import { useCallback, useEffect, useState } from 'react';
import { ApiError } from './api';

export interface Loaded<T> {
  data: T | undefined;
  error: string | undefined;
  /** The HTTP status of a refused API call (ApiError), for pages that tell "not found" from other failures. */
  errorStatus?: number;
  loading: boolean;
  reload(): void;
}

/** Runs an async loader on mount and whenever deps change; stale answers are dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: string; errorStatus?: number; loading: boolean }>({
    loading: true,
  });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);

  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (e: unknown) =>
        live &&
        setState({
          error: e instanceof Error ? e.message : String(e),
          errorStatus: e instanceof ApiError ? e.status : undefined,
          loading: false,
        }),
    );
    return () => {
      live = false;
    };
    // The caller names what its loader reads (`deps`, as for useEffect); the loader itself is a new closure each
    // render, so depending on it would reload on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);

  return { data: state.data, error: state.error, errorStatus: state.errorStatus, loading: state.loading, reload };
}
