import type { CloudApiClient } from '../channels/cloud-api-client.js';
import type { ServerContext } from '../../server-context.js';
import { campaignChannelFor } from './campaign-channel.js';
import { createCampaignDispatcher, type CampaignDispatcher } from './campaign-dispatcher.js';

/**
 * Starts the campaign dispatcher of a server process (stopped when the server closes). Sends go through
 * the workspace's saved WhatsApp connection, else the environment's Cloud API client, or the sandbox.
 */
export function startCampaigns(context: ServerContext, environmentClient: CloudApiClient | undefined): CampaignDispatcher {
  const { storage, now, log } = context;
  const dispatcher = createCampaignDispatcher({
    storage, now, log,
    channelFor: (campaign) => campaignChannelFor({
      storage, now, sandbox: context.sandbox,
      cloudApiFor: async (ws) => (await context.whatsapp?.cloudApiFor(ws)) ?? environmentClient,
    }, campaign),
  });
  void dispatcher.start();
  context.onClose(() => dispatcher.stop());
  return dispatcher;
}
