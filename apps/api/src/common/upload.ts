import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import type { MulterModuleOptions } from '@nestjs/platform-express';
import { diskStorage } from 'multer';
import { DomainError } from './domain.error';

/** Uploads stream to a temporary file (never whole in memory); the service moves them into storage. */
export function diskUpload(dir: string, maxBytes: number): MulterModuleOptions {
  mkdirSync(dir, { recursive: true });
  return {
    storage: diskStorage({ destination: dir, filename: (_req, _file, cb) => cb(null, `${randomUUID()}.upload`) }),
    limits: { fileSize: maxBytes, files: 1, fields: 20 },
  };
}

export function requireFile(file: Express.Multer.File | undefined, field: string): Express.Multer.File {
  if (!file) throw new DomainError('invalid_upload', `multipart field "${field}" with a file is required`);
  return file;
}

export async function removeUpload(file: Express.Multer.File | undefined): Promise<void> {
  if (file?.path) await rm(file.path, { force: true });
}
