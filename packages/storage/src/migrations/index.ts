import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_core.js';
import * as m0002 from './0002_pipeline.js';
import * as m0003channels from './0003_channels.js';
import * as m0004 from './0004_sandbox_message_order.js';
import * as m0005 from './0005_secret_sealing_backlog.js';
import * as m0007 from './0007_booking_reference_preview.js';
import * as m0008whatsapp from './0008_whatsapp.js';
import * as m0010 from './0010_meta_flow_retiring.js';
import * as m0012campaigns from './0012_campaigns.js';
import * as m0013governance from './0013_governance.js';
import * as m0014 from './0014_change_notifications.js';
import * as m0015 from './0015_paging_indexes.js';
import * as m0016conversations from './0016_conversations.js';
import * as m0017media from './0017_media.js';
import * as m0018 from './0018_erasure.js';
import * as m0019translations from './0019_translations.js';
import * as m0021scenarios from './0021_flow_scenarios.js';
import * as m0022 from './0022_meta_flow_language.js';
import * as m0023 from './0023_campaign_due_order.js';

/** Every migration in order; add a new numbered file and list it here. */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001_core': m0001,
  '0002_pipeline': m0002,
  '0003_channels': m0003channels,
  '0004_sandbox_message_order': m0004,
  '0005_secret_sealing_backlog': m0005,
  '0007_booking_reference_preview': m0007,
  '0008_whatsapp': m0008whatsapp,
  '0010_meta_flow_retiring': m0010,
  '0012_campaigns': m0012campaigns,
  '0013_governance': m0013governance,
  '0014_change_notifications': m0014,
  '0015_paging_indexes': m0015,
  '0016_conversations': m0016conversations,
  '0017_media': m0017media,
  '0018_erasure': m0018,
  '0019_translations': m0019translations,
  '0021_flow_scenarios': m0021scenarios,
  '0022_meta_flow_language': m0022,
  '0023_campaign_due_order': m0023,
};

/** A Kysely migration provider over the static list, so the build needs no file-system scan. */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve({ ...migrations }),
};
