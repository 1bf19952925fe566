import { useCallback, useState } from 'react';
import type { RefusalDetails } from './problems';
import { RefusedError } from './refused-error';

export interface Action {
  busy: boolean;
  error: unknown;
  refusal: RefusalDetails | undefined;
  notice: string;
  /**
   * Runs `work`; on success shows `done` (a polite status line; a function reads it from what `work` returned), on
   * failure the error or the bundle problems.
   */
  run<T>(work: () => Promise<T>, done?: string | ((result: T) => string)): Promise<boolean>;
}

/** Busy flag, error, refusal problems and a success notice for one button or form. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [refusal, setRefusal] = useState<RefusalDetails>();
  const [notice, setNotice] = useState('');
  const run = useCallback(async <T>(work: () => Promise<T>, done: string | ((result: T) => string) = '') => {
    setBusy(true);
    setError(undefined);
    setRefusal(undefined);
    setNotice('');
    try {
      const result = await work();
      setNotice(typeof done === 'function' ? done(result) : done);
      return true;
    } catch (e) {
      if (e instanceof RefusedError) {
        setRefusal(e.refusal);
      }
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, refusal, notice, run };
}
