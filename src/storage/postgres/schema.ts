import type { SchemaComponent } from './migrations.js';
import { ACCOUNTS_SCHEMA } from './accounts-schema.js';
import { IAM_SCHEMA } from './iam-schema.js';
import { S3_SCHEMA } from './s3-schema.js';
import { CATALOG_SCHEMA } from './catalog-schema.js';
import { FEATURE_GROUPS_SCHEMA } from './feature-groups-schema.js';
import { RECORDS_SCHEMA } from './records-schema.js';
import { ATHENA_SCHEMA } from './athena-schema.js';
import { CLOCK_SCHEMA } from './clock-schema.js';
import { RAM_PG_SCHEMA } from './ram-store.js';
import { KMS_PG_SCHEMA } from './kms-store.js';

/** Every store's schema, in the order their tables may refer to each other's (accounts first). */
export const ALL_SCHEMAS: readonly SchemaComponent[] = [ACCOUNTS_SCHEMA, IAM_SCHEMA, S3_SCHEMA, CATALOG_SCHEMA, FEATURE_GROUPS_SCHEMA, RECORDS_SCHEMA, ATHENA_SCHEMA, CLOCK_SCHEMA, RAM_PG_SCHEMA, KMS_PG_SCHEMA];
