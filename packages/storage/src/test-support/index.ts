export { testDatabaseUrl, throwawaySchema } from './postgres-test-schema.js';
export { throwawayDatabase } from './postgres-test-database.js';
export { listTables, phoneFormats, scanFilesFor, scanTablesFor, type FoundValue, type RawQuery } from './scan-for-values.js';
export { openRawQuery } from './raw-query.js';
