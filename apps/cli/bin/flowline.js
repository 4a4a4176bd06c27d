#!/usr/bin/env node
// The `flowline` command. This small launcher is committed (not built) so that npm can link it at
// install time, before the `prepare` step has compiled apps/cli/dist.
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv.slice(2));
