// npm prints five lines of `npm warn EBADENGINE` for every package that asks for Node 22+, because the first
// install runs under the machine's Node (20) before the project's own Node 24 (the npm `node` package) exists.
// Those packages run on Node 24 afterwards, so the warnings say nothing a user can act on: this filter drops
// exactly those blocks and counts them. Every other line passes through unchanged.

const BLOCK_START = /^npm warn EBADENGINE Unsupported engine \{\s*$/;
const BLOCK_LINE = /^npm warn EBADENGINE /;
const PACKAGE = /^npm warn EBADENGINE\s+package: '([^']+)'/;

/** A line filter: feed it lines, it returns the ones to print; `packages` lists what the dropped blocks named. */
export function engineWarningFilter() {
  const packages = [];
  let inBlock = false;
  return {
    packages,
    /** @returns {string | undefined} the line to print, or undefined to drop it */
    line(text) {
      if (BLOCK_START.test(text)) {
        inBlock = true;
        return undefined;
      }
      if (inBlock && BLOCK_LINE.test(text)) {
        const named = PACKAGE.exec(text);
        if (named) packages.push(named[1]);
        if (/^npm warn EBADENGINE \}\s*$/.test(text)) inBlock = false;
        return undefined;
      }
      inBlock = false;
      return text;
    },
  };
}
