import type { Segment, SendWindow } from '@flowline/core';
import type { Campaign } from '@flowline/storage';

/** One arm of a campaign: the Flow version (and template) its recipients get, and its share. */
export interface CampaignArm {
  readonly key: string;
  readonly label: string;
  readonly flowId: string;
  readonly version: number;
  readonly weight: number;
  /** The FLOW-button template of this arm (template campaigns). */
  readonly template?: { readonly name: string; readonly language: string };
}

/** The interactive Flow message of a campaign to contacts inside the 24-hour window. */
export interface InteractiveMessage {
  readonly cta: string;
  readonly body: string;
  readonly header?: string;
  readonly footer?: string;
  readonly screen?: string;
}

/** What a campaign stores beside its columns (`campaigns.definition`). */
export interface CampaignDefinition {
  readonly arms: readonly CampaignArm[];
  readonly segment: Segment;
  /** flow_action_data key → contact value (`name`, `phone`, `fields.plan`) or a literal in quotes. */
  readonly personalisation: Readonly<Record<string, string>>;
  /** Contacts messaged by another campaign within this many ms are skipped at send time. */
  readonly quietPeriodMs: number;
  /** How long an unknown outcome waits for a status webhook before a person must decide (ms). */
  readonly reviewAfterMs: number;
  readonly message?: InteractiveMessage;
  /** Send only inside this local window, in each contact's time zone (`fields.timeZone`, else the window's). */
  readonly sendWindow?: SendWindow;
}

export const DEFAULT_QUIET_PERIOD_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_REVIEW_AFTER_MS = 15 * 60 * 1000;

/** The definition of a stored campaign (written only by createCampaign, so its shape is known). */
export function definitionOf(campaign: Campaign): CampaignDefinition {
  return campaign.definition as CampaignDefinition;
}
