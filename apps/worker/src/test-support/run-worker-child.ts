import { openStorage } from '@flowline/storage';
import { startDeliveryWorker } from '../start-delivery-worker.js';

// A delivery worker in its own process, for the crash test: `node … run-worker-child.ts <dataDir> <leaseMs>`.
const [dataDir = '', leaseMs = '1000'] = process.argv.slice(2);
const storage = await openStorage({ dataDir });
const worker = startDeliveryWorker({ storage, privateHttp: 'loopback', batchSize: 8, concurrency: 4, leaseMs: Number(leaseMs), pollMs: 20, backoff: { baseMs: 50, maxMs: 200 } });
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void worker.stop().then(() => storage.close()).then(() => process.exit(0));
});
