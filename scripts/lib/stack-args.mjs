// Pure reading of a pulumi command line for the wrapper: which stack it names, and whether that stack should
// be created first. Unit-tested; scripts/pulumi.mjs does the I/O.

/** Commands that make or show a stack's update and fail on a stack that does not exist yet. */
const CREATING_COMMANDS = new Set(["up", "update", "preview", "pre", "config"]);

/**
 * The stack named by --stack X, --stack=X, -s X or -sX; undefined when none is. Stops at `--`.
 * @public exported for its unit test, which loads this file by path
 */
export function stackArg(args) {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") break;
    if (a === "--stack" || a === "-s") return args[i + 1];
    if (a.startsWith("--stack=")) return a.slice("--stack=".length);
    if (a.startsWith("-s") && !a.startsWith("--") && a.length > 2) return a.slice(2);
  }
  return undefined;
}

/** The project folder named by --cwd X, --cwd=X or -C X (relative to where the wrapper runs); undefined when none is. */
export function cwdArg(args) {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") break;
    if (a === "--cwd" || a === "-C") return args[i + 1];
    if (a.startsWith("--cwd=")) return a.slice("--cwd=".length);
  }
  return undefined;
}

/** Global flags that take their value as the next word. */
const VALUE_FLAGS = new Set(["--stack", "-s", "--cwd", "-C"]);

/**
 * The first word that is not a flag nor a flag's value (pulumi's command), or undefined.
 * @public exported for its unit test, which loads this file by path
 */
export function commandOf(args) {
  for (let i = 0; i < args.length; i++) {
    if (VALUE_FLAGS.has(args[i])) i++;
    else if (!args[i].startsWith("-")) return args[i];
  }
  return undefined;
}

/**
 * The stack to create before running `args`, when the command needs one, names it plainly (no org/project
 * path, which belongs to a backend of the user's) and the project has its config file `Pulumi.<stack>.yaml`:
 * the README's `npm run pulumi -- up --stack prod` then works on a fresh clone. Otherwise undefined.
 */
export function stackToEnsure(args, hasConfigFile) {
  const stack = stackArg(args);
  if (!stack || stack.includes("/") || !CREATING_COMMANDS.has(commandOf(args) ?? "")) return undefined;
  return hasConfigFile(stack) ? stack : undefined;
}

/** Whether `pulumi stack ls --json` output lists `stack` (names may be qualified on other backends). */
export function listsStack(stackLsJson, stack) {
  const stacks = JSON.parse(stackLsJson);
  return stacks.some((s) => s.name === stack || String(s.name).endsWith(`/${stack}`));
}
