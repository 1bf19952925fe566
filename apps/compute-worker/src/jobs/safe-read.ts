import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';

/** Why a file written by untrusted code was not read. */
export class UnsafeFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeFileError';
  }
}

/**
 * Reads a file that a submission or bundle controls: no symbolic link (it could point at worker secrets), only a
 * regular file, at most `maxBytes`. Returns null when the file does not exist.
 */
export async function readUntrustedFile(path: string, maxBytes: number, label: string): Promise<Buffer | null> {
  let st;
  try {
    st = await lstat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      return null;
    }
    throw e;
  }
  if (st.isSymbolicLink()) {
    throw new UnsafeFileError(`${label} is a symbolic link, which is not allowed`);
  }
  if (!st.isFile()) {
    throw new UnsafeFileError(`${label} is not a regular file`);
  }
  if (st.size > maxBytes) {
    throw new UnsafeFileError(`${label} is larger than ${maxBytes} bytes (${st.size})`);
  }
  // O_NOFOLLOW closes the gap between lstat and open; fstat re-checks what was actually opened.
  const fh = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const real = await fh.stat();
    if (!real.isFile()) {
      throw new UnsafeFileError(`${label} is not a regular file`);
    }
    const buf = Buffer.alloc(Math.min(real.size, maxBytes) + 1);
    let length = 0;
    while (length < buf.length) {
      const { bytesRead } = await fh.read(buf, length, buf.length - length, length);
      if (bytesRead === 0) {
        break;
      }
      length += bytesRead;
    }
    if (length > maxBytes) {
      throw new UnsafeFileError(`${label} is larger than ${maxBytes} bytes`);
    }
    return buf.subarray(0, length);
  } finally {
    await fh.close();
  }
}
