import type { RequestDecryptor } from '@flowline/protocol';
import type { DataSourceDeps } from './sources/data-sources.js';
import type { SessionStore } from './stores/session-store.js';
import type { TraceSink } from './trace/trace-record.js';
import type { FlowCatalog } from './flow-catalog.js';
import type { Logger } from '../logging/logger.js';

/** Everything the endpoint needs at request time; built once per process. */
export interface EndpointRuntime {
  readonly flows: FlowCatalog;
  /** Decrypts request bodies with the endpoint's private keys (tried in order during a rotation), inline or on crypto threads. */
  readonly decryptor: RequestDecryptor;
  /**
   * The value of the `x-flowline-preview` header that marks a request of the studio's own preview
   * (derived from the private key, so every worker process knows it); undefined = no previews.
   */
  readonly previewKey?: string;
  /**
   * Preview keys of the staged and previous endpoint keys during a key rotation: another worker process
   * that took the new key a moment earlier marks its previews with the new key's (docs/whatsapp.md).
   */
  readonly otherPreviewKeys?: readonly string[];
  /**
   * Further `x-flowline-preview` values accepted: the simulation keys of the app secrets (or of none when
   * requests are unsigned), which the CLI simulator sends (protocol's simulationKey).
   */
  readonly simulationKeys?: readonly string[];
  /** App secrets accepted for X-Hub-Signature-256; empty = signatures not checked. */
  readonly appSecrets: readonly string[];
  readonly sessions: SessionStore;
  readonly trace: TraceSink;
  readonly sources: DataSourceDeps;
  readonly handlerTimeoutMs: number;
  readonly log: Logger;
  /** The clock, in epoch milliseconds. */
  readonly now: () => number;
}

/** An HTTP answer of the endpoint, independent of the HTTP framework. */
export interface EndpointHttpResponse {
  readonly status: number;
  readonly body: string;
  readonly contentType: 'text/plain' | 'application/json';
}
