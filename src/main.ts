// The executable's entry: run the CLI on this process and set its exit code (the only place that does).
import { run } from './cli.js';

// A reader that goes away early (`scaleplay report … | head`), or a terminal that was closed (EIO after SIGHUP), is not
// an error: stop writing, quietly, keeping the exit code already set.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'EIO') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

process.exitCode = await run(process.argv);
