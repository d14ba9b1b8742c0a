// Entry of the worker threads of `scaleplay portfolio` (bundled as dist/portfolio-worker.js): scores the files it
// claims and posts its share back. See src/commands/portfolio-share.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { claimFrom, scoreShare, type PortfolioWork } from './commands/portfolio-share.js';

const work = workerData as PortfolioWork;
if (parentPort && work?.kind === 'scaleplay-portfolio')
  parentPort.postMessage(scoreShare(work, claimFrom(work.counter)));
