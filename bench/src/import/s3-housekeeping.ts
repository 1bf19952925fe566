import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import {
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  S3Client,
  ListMultipartUploadsCommand,
  AbortMultipartUploadCommand,
} from '@aws-sdk/client-s3';

const run = promisify(execFile);

export interface S3Target {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  bucket: string;
}

export function s3Client(t: S3Target): S3Client {
  return new S3Client({
    endpoint: t.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: t.accessKeyId, secretAccessKey: t.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Removes the bench's bucket with everything in it, unfinished multipart uploads included. */
export async function dropBucket(t: S3Target): Promise<void> {
  const s3 = s3Client(t);
  try {
    for (;;) {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: t.bucket }));
      const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
      if (keys.length === 0) {
        break;
      }
      await s3.send(new DeleteObjectsCommand({ Bucket: t.bucket, Delete: { Objects: keys, Quiet: true } }));
    }
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: t.bucket }));
    for (const u of uploads.Uploads ?? []) {
      await s3.send(new AbortMultipartUploadCommand({ Bucket: t.bucket, Key: u.Key!, UploadId: u.UploadId! }));
    }
    await s3.send(new DeleteBucketCommand({ Bucket: t.bucket }));
  } catch (e) {
    if ((e as { name?: string }).name !== 'NoSuchBucket') {
      throw e;
    }
  } finally {
    s3.destroy();
  }
}

/**
 * The tests' Ceph (deploy/start-ceph-rgw.sh) keeps its data in RAM, 4 GiB by default, and frees deleted objects only
 * when its garbage collector runs (2 hours later by default). Where its admin tools are here, the bench asks for the
 * collection at once after deleting, and reads the free space before filling it, so that other tests sharing the
 * gateway never find it full. Elsewhere (a real S3) both are skipped.
 */
export class CephHousekeeping {
  private readonly env = { ...process.env, CEPH_CONF: process.env.CEPH_CONF ?? '/tmp/ceph/ceph.conf' };

  available(): boolean {
    return existsSync(this.env.CEPH_CONF);
  }

  /** Free bytes of the (single) OSD, or null where that cannot be read. */
  async freeBytes(): Promise<number | null> {
    if (!this.available()) {
      return null;
    }
    try {
      const { stdout } = await run('ceph', ['daemon', 'osd.0', 'perf', 'dump'], {
        env: this.env,
        timeout: 20_000,
        maxBuffer: 64 * 1024 * 1024,
      });
      return Number((JSON.parse(stdout) as { osd: { stat_bytes_avail: number } }).osd.stat_bytes_avail);
    } catch {
      return null;
    }
  }

  async collectGarbage(): Promise<void> {
    if (!this.available()) {
      return;
    }
    await run('radosgw-admin', ['gc', 'process', '--include-all'], { env: this.env, timeout: 300_000 }).catch(
      () => undefined,
    );
  }
}
