export { testDatabaseUrl, throwawaySchema } from './postgres-test-schema.js';
export { throwawayDatabase } from './postgres-test-database.js';
