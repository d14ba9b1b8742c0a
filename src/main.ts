// The executable's entry: run the CLI on this process and set its exit code (the only place that does).
import { run } from './cli.js';

// A reader that goes away early (`scaleplay report … | head`) is not an error: stop writing, quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

process.exitCode = await run(process.argv);
