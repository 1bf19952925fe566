import { useCallback, useState } from 'react';
import type { RefusalDetails } from './problems';
import { RefusedError } from './refused-error';

export interface Action {
  busy: boolean;
  error: unknown;
  refusal: RefusalDetails | undefined;
  notice: string;
  /** Runs `work`; on success shows `done` (a polite status line), on failure the error or the bundle problems. */
  run(work: () => Promise<unknown>, done?: string): Promise<boolean>;
}

/** Busy flag, error, refusal problems and a success notice for one button or form. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [refusal, setRefusal] = useState<RefusalDetails>();
  const [notice, setNotice] = useState('');
  const run = useCallback(async (work: () => Promise<unknown>, done = '') => {
    setBusy(true);
    setError(undefined);
    setRefusal(undefined);
    setNotice('');
    try {
      await work();
      setNotice(done);
      return true;
    } catch (e) {
      if (e instanceof RefusedError) setRefusal(e.refusal);
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, refusal, notice, run };
}
