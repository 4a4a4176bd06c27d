export { testDatabaseUrl, throwawaySchema } from './postgres-test-schema.js';
