/** An archive refused before unpacking; `problems` names each offending entry. */
export class ZipSafetyError extends Error {
  constructor(
    readonly archive: string,
    readonly problems: string[],
  ) {
    super(`${archive}: ${problems.join('; ')}`);
    this.name = 'ZipSafetyError';
  }
}
