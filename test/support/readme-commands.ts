// Pure: the npm command lines a user would copy from a README, in order, from fenced blocks and inline code.
// The README test runs the fenced ones and fails on any command that is neither run nor excluded with a reason.

export interface ReadmeCommand {
  /** The command as typed, without its trailing `# comment`. */
  command: string;
  /** 1-based line in the README. */
  line: number;
  /** "block": a line of a fenced code block (what the test runs); "inline": a `code span` in prose. */
  kind: "block" | "inline";
}

/** `npm ...`, optionally after environment assignments (`FOO=bar npm start`). */
const NPM_COMMAND = /^(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*npm\s+\S/;

/** Drops a trailing shell comment (` # ...`) and surrounding blanks. */
export function withoutComment(line: string): string {
  return line.replace(/\s+#.*$/, "").trim();
}

export function readmeCommands(markdown: string): ReadmeCommand[] {
  const out: ReadmeCommand[] = [];
  let fence: string | undefined;
  markdown.split("\n").forEach((text, index) => {
    const line = index + 1;
    const fenceMatch = text.match(/^\s*(```+|~~~+)/);
    if (fenceMatch) {
      if (!fence) fence = fenceMatch[1];
      else if (fenceMatch[1]!.startsWith(fence)) fence = undefined;
      return;
    }
    if (fence) {
      const command = withoutComment(text);
      if (NPM_COMMAND.test(command)) out.push({ command, line, kind: "block" });
      return;
    }
    for (const span of text.matchAll(/`([^`]+)`/g)) {
      const command = span[1]!.trim();
      if (NPM_COMMAND.test(command)) out.push({ command, line, kind: "inline" });
    }
  });
  return out;
}

/**
 * What the README test does with each command: run it (every fenced command not excluded), accept it (an inline
 * mention of a command that is run), or exclude it (listed with a reason). Everything else is unaccounted for.
 */
export function planCommands<C extends ReadmeCommand>(commands: C[], excluded: Record<string, string>) {
  const run = commands.filter((c) => c.kind === "block" && !(c.command in excluded));
  const ran = new Set(run.map((c) => c.command));
  const unaccounted = commands.filter((c) => c.kind === "inline" && !ran.has(c.command) && !(c.command in excluded));
  const present = new Set(commands.map((c) => c.command));
  const staleExclusions = Object.keys(excluded).filter((c) => !present.has(c));
  return { run, unaccounted, staleExclusions };
}
