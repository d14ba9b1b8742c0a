// The executable's entry: run the CLI on this process and set its exit code (the only place that does).
import { run } from './cli.js';

process.exitCode = await run(process.argv);
