import { nullable, object, oneOf, string, type Infer } from '../schema.js';
import { epochMs, ROLES } from './vocabulary.js';

/** An API token (never its secret). */
export const tokenView = object({ id: string(), name: string(), role: oneOf(ROLES), createdAt: epochMs(), revokedAt: nullable(epochMs()) });
/** An API token as the API answers it. */
export type TokenView = Infer<typeof tokenView>;
