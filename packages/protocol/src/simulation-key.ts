import { createHmac } from 'node:crypto';

/**
 * The `x-flowline-preview` value that marks a request as a simulation (the CLI simulator, scenario
 * runs): HMAC-SHA256 of a fixed label keyed with the app secret, so only who holds the app secret (who
 * can sign requests at all) can mark one. Without an app secret the server accepts unsigned requests
 * from anyone, and the key is the one of the empty secret. A Flowline server answers a simulation with
 * the same handlers and sources but without lasting effects (docs/endpoint.md, previews and simulations).
 */
export function simulationKey(appSecret: string | undefined): string {
  return createHmac('sha256', appSecret ?? '').update('flowline-simulation').digest('base64url');
}
