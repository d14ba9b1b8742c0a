// The caches under the user's cache folder (compiled rubrics, V8 code) are trusted only in files this user owns and
// nobody else can write: another account able to write there could otherwise forge a rubric or inject code.

/** Owned by the user running scaleplay and writable by nobody else (always true where Node has no user ids). */
export function ownedAndPrivate(stats: { uid: number; mode: number }): boolean {
  const uid = process.getuid?.();
  return uid === undefined || (stats.uid === uid && (stats.mode & 0o022) === 0);
}
