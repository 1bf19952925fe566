import { InitialSchema1763800000000 } from './migrations/1763800000000-initial-schema';

/** Listed explicitly so that the bundled build carries them (no glob at run time). */
export const MIGRATIONS = [InitialSchema1763800000000];
