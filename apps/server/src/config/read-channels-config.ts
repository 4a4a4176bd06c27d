import type { ChannelsConfig } from '../messaging/channels/channels-config.js';

/**
 * Reads FLOWLINE_WHATSAPP_PHONE_NUMBER_ID and FLOWLINE_WHATSAPP_ACCESS_TOKEN (both or neither),
 * FLOWLINE_GRAPH_BASE_URL (default https://graph.facebook.com), FLOWLINE_GRAPH_API_VERSION (default
 * v23.0) and FLOWLINE_WEBHOOK_VERIFY_TOKEN, with every problem named by its variable.
 */
export function readChannelsConfig(env: Readonly<Record<string, string | undefined>>): { config: ChannelsConfig; errors: string[] } {
  const errors: string[] = [];
  const value = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw === undefined || raw === '' ? undefined : raw;
  };
  const phoneNumberId = value('FLOWLINE_WHATSAPP_PHONE_NUMBER_ID');
  const accessToken = value('FLOWLINE_WHATSAPP_ACCESS_TOKEN');
  if ((phoneNumberId === undefined) !== (accessToken === undefined)) {
    errors.push(`FLOWLINE_WHATSAPP_PHONE_NUMBER_ID and FLOWLINE_WHATSAPP_ACCESS_TOKEN must be set together (only ${phoneNumberId === undefined ? 'FLOWLINE_WHATSAPP_ACCESS_TOKEN' : 'FLOWLINE_WHATSAPP_PHONE_NUMBER_ID'} is set)`);
  }
  if (phoneNumberId !== undefined && !/^\d+$/.test(phoneNumberId)) errors.push(`FLOWLINE_WHATSAPP_PHONE_NUMBER_ID must be digits (the Cloud API phone number id), got "${phoneNumberId}"`);
  const baseUrl = value('FLOWLINE_GRAPH_BASE_URL') ?? 'https://graph.facebook.com';
  if (!isHttpUrl(baseUrl)) errors.push(`FLOWLINE_GRAPH_BASE_URL must be an http(s) URL, got "${baseUrl}"`);
  const apiVersion = value('FLOWLINE_GRAPH_API_VERSION') ?? 'v23.0';
  if (!/^v\d+\.\d+$/.test(apiVersion)) errors.push(`FLOWLINE_GRAPH_API_VERSION must look like v23.0, got "${apiVersion}"`);
  const wabaId = value('FLOWLINE_WHATSAPP_WABA_ID');
  if (wabaId !== undefined && !/^\d+$/.test(wabaId)) errors.push(`FLOWLINE_WHATSAPP_WABA_ID must be digits (the WhatsApp Business Account id), got "${wabaId}"`);
  const publicBaseUrl = value('FLOWLINE_PUBLIC_BASE_URL');
  if (publicBaseUrl !== undefined && !isHttpUrl(publicBaseUrl)) errors.push(`FLOWLINE_PUBLIC_BASE_URL must be an http(s) URL, got "${publicBaseUrl}"`);
  const graph = phoneNumberId === undefined || accessToken === undefined ? undefined : { baseUrl, apiVersion, phoneNumberId, accessToken };
  return { config: { graph, webhookVerifyToken: value('FLOWLINE_WEBHOOK_VERIFY_TOKEN'), wabaId, publicBaseUrl: publicBaseUrl?.replace(/\/+$/, '') }, errors };
}

/** The channel settings of an environment (invalid values are dropped; parseServerConfig reports them as errors). */
export function parseChannelsConfig(env: Readonly<Record<string, string | undefined>>): ChannelsConfig {
  return readChannelsConfig(env).config;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
