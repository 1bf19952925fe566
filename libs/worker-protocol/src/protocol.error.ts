/** A message that does not follow the protocol: the receiver refuses it with this error and its reason. */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}
