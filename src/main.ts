// The executable's entry (dist/main.js, CommonJS, run by bin/scaleplay.js): run the CLI on this process and set its
// exit code (the only place that does). No top-level await: the bundle is CommonJS, for the code cache (src/io/code-cache.ts).
import { run } from './cli.js';

// A reader that goes away early (`scaleplay report … | head`) is not an error: stop writing, quietly. A terminal that
// was closed (EIO, with SIGHUP) is not either: what is written is lost, and the command finishes its cleanup (`assess`
// releases its lock) and exits with its own code.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EIO') return;
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

void run(process.argv).then((code) => {
  process.exitCode = code;
});
