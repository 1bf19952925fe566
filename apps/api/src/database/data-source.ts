import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadApiConfig } from '@api/config/api-config';
import { dbOptions } from './db-options';

/** Used by the typeorm CLI: `npx typeorm migration:run -d dist/apps/api/data-source.js`. */
export default new DataSource(dbOptions(loadApiConfig(process.env).databaseUrl));
