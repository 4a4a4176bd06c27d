import type { GraphConfig } from './cloud-api-client.js';

/** The channel settings of a server process (read from the environment by config/read-channels-config.ts). */
export interface ChannelsConfig {
  /** Set when FLOWLINE_WHATSAPP_PHONE_NUMBER_ID and FLOWLINE_WHATSAPP_ACCESS_TOKEN are. */
  readonly graph: GraphConfig | undefined;
  /** FLOWLINE_WEBHOOK_VERIFY_TOKEN. */
  readonly webhookVerifyToken: string | undefined;
  /** FLOWLINE_WHATSAPP_WABA_ID: the WhatsApp Business Account of the bootstrap connection (docs/whatsapp.md). */
  readonly wabaId: string | undefined;
  /** FLOWLINE_PUBLIC_BASE_URL: the https address Meta reaches this server at (a dynamic Flow's endpoint_uri). */
  readonly publicBaseUrl: string | undefined;
}
