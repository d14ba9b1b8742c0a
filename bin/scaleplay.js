#!/usr/bin/env node
// The bin is CommonJS (bin/package.json), like the bundle it runs (dist/main.js): no ESM loader to start. Node 22.1 and
// later keep the compiled code between runs themselves (NODE_DISABLE_COMPILE_CACHE=1 turns it off); on Node 20 the
// bundle is loaded through scaleplay's own code cache (src/io/code-cache.ts; SCALEPLAY_CODE_CACHE=0 turns it off).
const { enableCompileCache } = require('node:module');

enableCompileCache?.();
require('../dist/code-cache.js').runBundle(require.resolve('../dist/main.js'));
