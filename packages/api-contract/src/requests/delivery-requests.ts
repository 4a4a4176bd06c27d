import { pageQuery } from '../page.js';
import { type Infer, object, oneOf, optional, string } from '../schema.js';

/** The query of `GET /deliveries`: a page, filtered by status or submission. */
export const deliveryListQuery = object({ ...pageQuery, status: optional(oneOf(['pending', 'delivering', 'delivered', 'failed', 'dead', 'erased'])), submissionId: optional(string()) });
/** What the route reads from it. */
export type DeliveryListQuery = Infer<typeof deliveryListQuery>;
