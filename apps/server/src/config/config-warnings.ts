import type { ServerConfig } from './parse-server-config.js';

/** A start-time warning about a configuration that works but leaves a door open. */
export interface ConfigWarning {
  readonly event: string;
  readonly hint: string;
}

/** What the server warns about when it starts (logged once by startServer; docs/endpoint.md lists them). */
export function configWarnings(config: ServerConfig): ConfigWarning[] {
  const warnings: ConfigWarning[] = [];
  if (config.appSecret === undefined) {
    warnings.push({
      event: 'config.app_secret_unset',
      hint: 'FLOWLINE_APP_SECRET is unset: X-Hub-Signature-256 is NOT checked, so the data endpoint and POST /webhooks/whatsapp accept unsigned requests from anyone who can reach this server. Set it to your Meta app secret.',
    });
  }
  return warnings;
}
