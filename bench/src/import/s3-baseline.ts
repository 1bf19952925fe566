import { createReadStream } from 'node:fs';
import { DeleteObjectsCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { s3Client, type S3Target } from './s3-housekeeping';

export interface RawS3Figures {
  /** Seconds for lib-storage's Upload of the file (its defaults: 5 MiB parts, 4 at once). */
  upload: number;
  /** Seconds for one GetObject of it, read to the end. */
  download: number;
}

/**
 * The store's own speed in the same run, for the note: the bundle's bytes sent by the AWS SDK as any client would
 * (Upload), read back by one GET, then deleted. An import writes the kept bundle and the parts (about twice the
 * bundle's bytes); an export reads the parts (about the bundle's bytes).
 */
export async function rawS3(t: S3Target, path: string): Promise<RawS3Figures> {
  const s3 = s3Client(t);
  const key = 'bench-raw/bundle.zip';
  try {
    let t0 = performance.now();
    await new Upload({ client: s3, params: { Bucket: t.bucket, Key: key, Body: createReadStream(path) } }).done();
    const upload = (performance.now() - t0) / 1000;
    t0 = performance.now();
    const r = await s3.send(new GetObjectCommand({ Bucket: t.bucket, Key: key }));
    for await (const _chunk of r.Body as AsyncIterable<Buffer>) {
      // read through
    }
    const download = (performance.now() - t0) / 1000;
    return { upload, download };
  } finally {
    await s3.send(new DeleteObjectsCommand({ Bucket: t.bucket, Delete: { Objects: [{ Key: key }], Quiet: true } }));
    s3.destroy();
  }
}
