import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createSecretBox } from '@flowline/protocol';
import { openStorage, type Storage } from '@flowline/storage';
import { startGraphStandIn, type GraphStandIn } from '../channels/test-support/graph-stand-in.js';
import { parseServerConfig } from '../../config/parse-server-config.js';
import { silentLogger } from '../../logging/logger.js';
import { createWhatsAppConnections } from '../whatsapp/whatsapp-connection.js';
import { createConfiguredCloudMediaResolver } from './resolve-cloud-media.js';

// The resolver `flowline worker` builds for itself: the same connections as the servers', from storage and the environment.

const TOKEN = 'EAAG-worker-token-0123456789';
const corpus = join(process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd(), '..', 'shared', 'corpus', 'crypto');
const photo = readFileSync(join(corpus, 'pywa_media_expected_plaintext.jpg'));

describe('createConfiguredCloudMediaResolver (a worker process on its own)', () => {
  let graph: GraphStandIn;
  let storage: Storage;
  let dir: string;
  before(async () => {
    graph = await startGraphStandIn({ accessToken: TOKEN });
    dir = mkdtempSync(join(tmpdir(), 'flowline-resolve-media-'));
    storage = await openStorage({ dataDir: dir });
    await storage.workspaces.create({ id: 'saved', name: 'saved', at: 0 });
  });
  after(async () => {
    await graph.close();
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const config = (env: Record<string, string>) => {
    const parsed = parseServerConfig({ FLOWLINE_DATA_DIR: dir, FLOWLINE_ALLOW_PRIVATE_HTTP: 'loopback', ...env });
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.errors.join('; '));
    return parsed.config;
  };

  test("resolves as the environment's connection in the server's workspace, and says so when a workspace has none", async () => {
    const file = graph.media.add(photo, { mimeType: 'image/jpeg' });
    const resolve = createConfiguredCloudMediaResolver(storage, config({
      FLOWLINE_WHATSAPP_PHONE_NUMBER_ID: graph.phoneNumberId, FLOWLINE_WHATSAPP_ACCESS_TOKEN: TOKEN, FLOWLINE_GRAPH_BASE_URL: graph.baseUrl,
    }), undefined, silentLogger);
    const resolved = await resolve('default', file.id);
    assert.ok(resolved.ok);
    assert.deepEqual([resolved.location.accessToken, resolved.location.sha256, resolved.location.mimeType, resolved.location.fileSize], [TOKEN, file.sha256, 'image/jpeg', photo.length]);
    const none = await resolve('elsewhere', file.id);
    assert.deepEqual(none.ok ? undefined : [none.retry, /not connected/.test(none.message)], [false, true]);
  });

  test("opens a saved connection's sealed token with the key passphrase, and fails plainly without it", async () => {
    const file = graph.media.add(photo, { mimeType: 'image/jpeg' });
    const box = createSecretBox('worker-pass');
    const connections = createWhatsAppConnections({ storage, now: () => new Date(), log: silentLogger, secretBox: box, privateHttp: 'loopback', bootstrapWorkspaceId: 'default', bootstrap: undefined });
    assert.ok((await connections.save('saved', { wabaId: graph.wabaId, phoneNumberId: graph.phoneNumberId, accessToken: TOKEN, graphBaseUrl: graph.baseUrl })).ok);
    const withKey = await createConfiguredCloudMediaResolver(storage, config({}), box, silentLogger)('saved', file.id);
    assert.equal(withKey.ok, true);
    const withoutKey = await createConfiguredCloudMediaResolver(storage, config({}), undefined, silentLogger)('saved', file.id);
    assert.equal(withoutKey.ok, false);
    assert.match(withoutKey.ok ? '' : withoutKey.message, /saved access token cannot be opened/);
  });
});
