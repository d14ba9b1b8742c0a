#!/usr/bin/env node
// Node 22.1 and later keep the compiled code of the bundle between runs (a faster start; NODE_DISABLE_COMPILE_CACHE=1
// turns it off); Node 20 has no compile cache and starts as before. The bundle is imported after, so it is cached too.
import module from 'node:module';

module.enableCompileCache?.();
await import('../dist/main.js');
