/**
 * A fresh machine: what `npm install` on a new clone does with package.json and package-lock.json.
 *  - It must not rewrite the tracked lock: npm rewrites the lock's root entry whenever it disagrees with
 *    package.json (that is how the lock came to change on install before: `bin` and `engines` had been
 *    edited in package.json only).
 *  - Every package in the lock must accept the oldest Node that package.json and README allow (no
 *    EBADENGINE warning on that Node).
 *  - The command line must work right after the install: the `prepare` script compiles it
 *    (scripts/prepare.js), checked here by running it in a copy of the sources.
 * The real thing (a clone, `npm install`, `git diff`) needs the registry; README says how it was run.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8"));
// semver comes with npm's own toolchain (jest, ts-jest, webpack all depend on it).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- semver has no types here
const semver = require("semver") as { minVersion(range: string): { version: string } | null; satisfies(v: string, range: string): boolean };

describe("package-lock.json agrees with package.json (npm install leaves it unchanged)", () => {
  const rootEntry = lock.packages[""];

  test("the lock is version 3 and its root entry names this package", () => {
    expect(lock.lockfileVersion).toBe(3);
    expect([lock.name, lock.version]).toEqual([pkg.name, pkg.version]);
    expect([rootEntry.name, rootEntry.version, rootEntry.license]).toEqual([pkg.name, pkg.version, pkg.license]);
  });

  test.each(["dependencies", "devDependencies", "bin", "engines"])("the root entry's %s are package.json's", (field) => {
    expect(rootEntry[field]).toEqual(pkg[field]);
  });

  test("every dependency declared in package.json is locked at a version its range accepts", () => {
    for (const field of ["dependencies", "devDependencies"]) {
      for (const [name, range] of Object.entries(pkg[field] as Record<string, string>)) {
        const locked = lock.packages[`node_modules/${name}`];
        expect({ name, locked: !!locked }).toEqual({ name, locked: true });
        expect({ name, version: locked.version, ok: semver.satisfies(locked.version, range) }).toEqual({ name, version: locked.version, ok: true });
      }
    }
  });

  test("overrides are honoured in the lock (rechoir for webpack-cli, unrs-resolver)", () => {
    const versions = (name: string) =>
      Object.entries(lock.packages as Record<string, { version: string }>)
        .filter(([p]) => p === `node_modules/${name}` || p.endsWith(`/node_modules/${name}`))
        .map(([, v]) => v.version);
    for (const [name, version] of Object.entries(pkg.overrides as Record<string, string>)) {
      expect(versions(name).length).toBeGreaterThan(0);
      for (const v of versions(name)) expect({ name, v }).toEqual({ name, v: version });
    }
  });
});

describe("the Node version: package.json, README and every locked package agree", () => {
  const oldest = semver.minVersion(pkg.engines.node)!.version;

  test("package.json allows Node 20 from a stated minor version on", () => {
    expect(oldest).toMatch(/^20\.\d+\.\d+$/);
  });

  test("README states the same oldest Node version", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const [major, minor] = oldest.split(".");
    expect(readme).toContain(`Node.js ${major}.${minor} or later`);
  });

  test("no locked package refuses that Node version (no EBADENGINE on install)", () => {
    const refusing = Object.entries(lock.packages as Record<string, { engines?: { node?: string } | string[] }>)
      .filter(([p, v]) => p !== "" && v.engines && !Array.isArray(v.engines) && typeof v.engines.node === "string")
      .filter(([, v]) => !semver.satisfies(oldest, (v.engines as { node: string }).node))
      .map(([p, v]) => `${p} wants node ${(v.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });
});

describe("`aiprice` works right after npm install", () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aiprice-prepare-"));
    // What a fresh clone has: the sources, the scripts, the configs; node_modules as npm installed it; no lib/.
    for (const p of ["bin", "scripts/prepare.js", "src", "tsconfig.json", "tsconfig.cli.json", "package.json"]) {
      fs.cpSync(path.join(ROOT, p), path.join(tmp, p), { recursive: true });
    }
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(tmp, "node_modules"), process.platform === "win32" ? "junction" : "dir");
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const run = (file: string, args: string[] = []) => spawnSync(process.execPath, [path.join(tmp, file), ...args], { cwd: tmp, encoding: "utf8", timeout: 120000 });

  test("package.json's prepare script is scripts/prepare.js (npm runs it after install and ci)", () => {
    expect(pkg.scripts.prepare).toBe("node scripts/prepare.js");
    expect(pkg.bin).toEqual({ aiprice: "bin/aiprice.js" });
  });

  test("before prepare, aiprice says what is missing; after it, aiprice runs; a second prepare does nothing", () => {
    const before = run("bin/aiprice.js", ["--help"]);
    expect(before.status).toBe(2);
    expect(before.stderr).toMatch(/lib[\\/]cli[\\/]aiprice\.js is missing/);

    const prepare = run("scripts/prepare.js");
    expect(prepare.stderr).toBe("");
    expect(prepare.status).toBe(0);
    expect(prepare.stdout).toMatch(/compiling the command line/);
    expect(fs.existsSync(path.join(tmp, "lib", "cli", "aiprice.js"))).toBe(true);

    const help = run("bin/aiprice.js", ["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^aiprice: /);
    const validate = run("bin/aiprice.js", ["validate", path.join(tmp, "src", "templates", "gallery", "guide-bid-a-per-token.json")]);
    expect(validate.status).toBe(0);

    const again = run("scripts/prepare.js");
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/up to date/);
  });
});
