// Kept for imports written before the channels module: the terminal channel's cleaner lives in ./channels.ts.
export { safeText } from './channels.js';
