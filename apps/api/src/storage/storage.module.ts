import { Global, Module } from '@nestjs/common';
import { ApiConfig } from '@api/config/api-config';
import { BlobStore } from './blob-store';
import { LocalBlobStore } from './local-blob-store';
import { ObjectDeletions } from './object-deletions.service';
import { S3BlobStore } from './s3-blob-store';

export function createBlobStore(config: ApiConfig): BlobStore {
  return config.storage.kind === 's3' ? new S3BlobStore(config.storage.s3) : new LocalBlobStore(config.storage.dir);
}

@Global()
@Module({
  providers: [
    {
      provide: BlobStore,
      inject: [ApiConfig],
      useFactory: async (config: ApiConfig) => {
        const store = createBlobStore(config);
        await store.ready();
        return store;
      },
    },
    ObjectDeletions,
  ],
  exports: [BlobStore, ObjectDeletions],
})
export class StorageModule {}
