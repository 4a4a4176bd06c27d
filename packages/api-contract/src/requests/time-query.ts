import { integer, optional } from '../schema.js';

/** An optional time in a query string: epoch milliseconds, read from text, never negative. */
export const epochMsQuery = (description: string) => optional(integer({ minimum: 0, fromString: true, description }));
