import { array, object, unknownValue, type Infer } from '../schema.js';

/** The most scenarios a Flow keeps, and steps a scenario takes (a review runs them all). */
export const SCENARIO_LIMITS = { scenarios: 50, steps: 500 } as const;

const SCENARIO_DOC = 'a scenario {name, start?, flowAction?, flowToken?, steps} (docs/scenarios.md); no flow path and no endpoint: it plays the version it is run against, and Flowline\'s own data endpoint answers it';

/** The body of `PUT /flows/{flowId}/scenarios`: the Flow's scenario tests (each checked by core's scenario parser). */
export const saveScenariosBody = object({ scenarios: array(unknownValue(SCENARIO_DOC), { maxItems: SCENARIO_LIMITS.scenarios }) });
/** What `PUT /flows/{flowId}/scenarios` takes. */
export type SaveScenariosBody = Infer<typeof saveScenariosBody>;
