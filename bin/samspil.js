#!/usr/bin/env node
import { ensureBuilt } from '../scripts/build-if-needed.js';

ensureBuilt();
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
