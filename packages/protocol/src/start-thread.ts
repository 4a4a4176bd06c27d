import { Worker } from 'node:worker_threads';

/** The message a thread started by startThread posts once it is ready for work (`parentPort.postMessage(THREAD_READY)`). */
export const THREAD_READY = 'ready';

/** A thread just started: attach listeners to `worker` at once, then await `ready`. */
export interface StartedThread {
  readonly worker: Worker;
  /** Resolves when the thread posts THREAD_READY; rejects if it fails or exits before that. */
  readonly ready: Promise<void>;
}

/**
 * Starts a worker thread running `<modulePath>.ts` beside the caller when the caller itself runs from
 * TypeScript sources (tests, tsx), `<modulePath>.js` otherwise. From sources the thread registers tsx
 * itself, because `--import` hooks are not inherited by threads. `callerUrl` is the caller's
 * `import.meta.url`; `modulePath` is relative to it, without extension (`'./decrypt-thread'`).
 */
export function startThread(callerUrl: string, modulePath: string, workerData: unknown): StartedThread {
  const fromSource = callerUrl.endsWith('.ts');
  const file = new URL(`${modulePath}.${fromSource ? 'ts' : 'js'}`, callerUrl);
  const worker = fromSource
    ? new Worker(`import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(file.href)}); });`, { eval: true, workerData })
    : new Worker(file, { workerData });
  const ready = new Promise<void>((resolve, reject) => {
    const done = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (message: unknown): void => {
      if (message !== THREAD_READY) return;
      done();
      resolve();
    };
    const onError = (error: Error): void => {
      done();
      reject(error);
    };
    const onExit = (code: number): void => {
      done();
      reject(new Error(`thread ${modulePath} exited with code ${code} before it was ready`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
  return { worker, ready };
}
