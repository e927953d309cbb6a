/**
 * `aiprice`: bid files validated and compared from the command line (validate, compare, backtest), on
 * the pane's validation (src/templates/validate.ts) and engine. Usage and exit status: `aiprice --help`,
 * docs/templates.md ("Checking files with the command line") and docs/replay.md.
 */
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, Output, parseArgs, UsageError } from "./args";
import { backtestMain } from "./backtest";
import { compare, COMPARE_FLAGS, COMPARE_HELP, COMPARE_OPTIONS, MAX_CLI_BIDS } from "./compare";
import { readFile, reportFile } from "./files";

export { EXIT_INVALID, EXIT_OK, EXIT_USAGE } from "./args";
export type { Output } from "./args";

const HELP = `aiprice: check AI vendors' bid template files and compare them on one footing.

Usage:
  aiprice validate FILE...
  aiprice compare FILE... --conversations N --resolution-rate R --human-cost H [options]
  aiprice backtest HISTORY BIDS... [--window-days D] [--csat-threshold T] [--json] [options]
  aiprice --help

validate   Checks each file against the "aiprice-bid" format (one bid, or several in an
           "aiprice-bids" file) and lists every problem by field path.
compare    Prices every bid in the files (at most ${MAX_CLI_BIDS.toLocaleString("en-US")}) for one month of the scenario,
           each at its own resolution rate, and prints the normalized figures, the ranking
           (lowest blended cost first), who bears the risk (P10 / P50 / P90 of the monthly
           total over drawn scenarios, the chance of being the cheapest, the exposure), and
           the cheapest bid at each resolution rate.
backtest   Prices a pilot's conversation history under every bid, month by month, with
           resolutions by the vendor's definition and yours (aiprice backtest --help).

${COMPARE_HELP}

Exit status: 0 all files valid (and compared); 1 a file is invalid, cannot be read, or the
bids cannot be compared; 2 the command line is wrong.
`;

function validate(files: string[], io: Output): number {
  if (files.length === 0) throw new UsageError("validate needs at least one FILE");
  const results = files.map(readFile);
  for (const r of results) reportFile(r, io);
  const bad = results.filter((r) => r.problems.length > 0).length;
  io.out(`\n${results.length - bad} of ${results.length} file${results.length === 1 ? "" : "s"} valid${bad ? `, ${bad} invalid` : ""}.\n`);
  return bad ? EXIT_INVALID : EXIT_OK;
}

// ---------------------------------------------------------------------------------------------
// Entry points.

/** Runs the command line; returns the exit status. Never throws. */
export function main(argv: string[], io: Output): number | Promise<number> {
  const [command, ...rest] = argv;
  if (command === "backtest") return backtestMain(rest, io);
  try {
    if (command === undefined) {
      io.err(HELP);
      return EXIT_USAGE;
    }
    if (command === "--help" || command === "-h" || command === "help") {
      io.out(HELP);
      return EXIT_OK;
    }
    if (rest.includes("--help") || rest.includes("-h")) {
      io.out(HELP);
      return EXIT_OK;
    }
    if (command === "validate") return validate(parseArgs(rest, new Set()).files, io);
    if (command === "compare") {
      const { files, options, flags } = parseArgs(rest, COMPARE_OPTIONS, COMPARE_FLAGS);
      return compare(files, options, flags, io);
    }
    throw new UsageError(`unknown command "${command}"`);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`aiprice: ${e.message}\nRun "aiprice --help" for the commands and options.\n`);
      return EXIT_USAGE;
    }
    io.err(`aiprice: unexpected failure: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT_INVALID;
  }
}

/** For bin/aiprice.js: runs with the process's arguments and sets its exit status. */
export function run(): void {
  // Output piped into a command that stops reading (`| head`) is not a failure of aiprice.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    process.exit(process.exitCode ?? EXIT_OK);
  });
  void Promise.resolve(
    main(process.argv.slice(2), {
      out: (t) => process.stdout.write(t),
      err: (t) => process.stderr.write(t),
    }),
  ).then((code) => {
    process.exitCode = code;
  });
}
