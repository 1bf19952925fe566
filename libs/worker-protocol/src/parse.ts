import type { z } from 'zod';
import { ProtocolError } from './protocol.error';
import { PROTOCOL_VERSION } from './version';

/** Checks the version first, so a message from a newer platform gets a clear refusal rather than a field error. */
export function parseVersioned<T>(what: string, schema: z.ZodType<T>, raw: unknown): T {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ProtocolError(`${what}: expected a JSON object`);
  }
  const version = (raw as { version?: unknown }).version;
  if (version !== PROTOCOL_VERSION) {
    throw new ProtocolError(
      `${what}: protocol version ${JSON.stringify(version)} is not supported (this side speaks version ${PROTOCOL_VERSION})`,
    );
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ProtocolError(`${what}: ${problems.join('; ')}`);
  }
  return result.data;
}

export function parseJsonBuffer(what: string, body: Buffer | string): unknown {
  try {
    return JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
  } catch {
    throw new ProtocolError(`${what}: not valid JSON`);
  }
}
