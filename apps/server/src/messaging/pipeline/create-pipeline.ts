import type { Storage } from '@flowline/storage';
import { ingestCompletion, type IngestCompletionPort } from './ingest-completion.js';
import { createIngestDeps, type IngestDeps } from './ingest-deps.js';

/** The submission pipeline of one server process: one group commit and one cache of contracts and rules. */
export interface Pipeline {
  /** The intake, `ingestCompletion` over this process's dependencies: the port the webhook route is given. */
  readonly ingestCompletion: IngestCompletionPort;
  /** Forgets cached routing rules (IngestDeps.invalidateRules). */
  readonly invalidateRules: IngestDeps['invalidateRules'];
  /** Stops following rule changes and waits for every queued write to commit. */
  close(): Promise<void>;
}

/** What a pipeline needs from its server process. */
export interface PipelineDeps {
  readonly storage: Storage;
  readonly now: () => Date;
}

/** Builds the pipeline of a server process (createServer does, once, and closes it with the server). */
export function createPipeline(deps: PipelineDeps): Pipeline {
  const { storage } = deps;
  const pushed = storage.changes.live;
  // Rules are cached per process: on PostgreSQL a change anywhere forgets them at once (the TTL only
  // bounds a lost notification); on SQLite they are read again after one second.
  const ingest = createIngestDeps(storage, { now: () => deps.now().getTime(), rulesTtlMs: pushed ? 5000 : 1000 });
  const unsubscribe = pushed
    ? storage.changes.subscribe('config', (table) => {
      if (table === undefined || table === 'routing_rules') ingest.invalidateRules();
    })
    : undefined;
  return {
    ingestCompletion: (input) => ingestCompletion(ingest, input),
    invalidateRules: (workspaceId, flowId) => ingest.invalidateRules(workspaceId, flowId),
    close() {
      unsubscribe?.();
      return ingest.commit.drain();
    },
  };
}
