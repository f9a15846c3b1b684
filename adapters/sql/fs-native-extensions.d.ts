/** The part of fs-native-extensions OpenDOM uses (the package ships no types). */
declare module 'fs-native-extensions' {
  /** Requests an exclusive (or, with `shared`, shared) lock on the whole file; false when another open file description holds it. */
  function tryLock(fd: number, options?: { shared?: boolean }): boolean;
  function unlock(fd: number): void;
  const fsx: { tryLock: typeof tryLock; unlock: typeof unlock };
  export default fsx;
}
