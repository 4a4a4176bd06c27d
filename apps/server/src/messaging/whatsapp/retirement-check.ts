import type { Logger } from '../../logging/logger.js';
import type { MetaFlowLifecycle } from './meta-flow-lifecycle.js';

/** A running retirement check (see startRetirementCheck). */
export interface RetirementCheck {
  /** Runs one check now (also what the timer runs); never throws. */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs the lifecycle's check of retiring Meta Flows every `everyMs` in the background: a Meta Flow
 * replaced by a newer version is deprecated on Meta once none of its customers is still in it. One check
 * at a time; a failure is logged and the next tick tries again. The timer does not keep the process alive.
 */
export function startRetirementCheck(lifecycle: Pick<MetaFlowLifecycle, 'sweepRetiring'>, log: Logger, everyMs: number): RetirementCheck {
  let running: Promise<void> | undefined;
  const runOnce = (): Promise<void> => {
    running ??= (async () => {
      try {
        await lifecycle.sweepRetiring();
      } catch (error) {
        log('error', 'whatsapp.retire_check_failed', { error: error instanceof Error ? error.message : String(error) });
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  const timer = setInterval(() => void runOnce(), everyMs);
  timer.unref();
  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
