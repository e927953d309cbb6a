/**
 * The npm scripts and scripts/*.js on Windows and macOS as well as Linux, checked as far as a Linux
 * machine can: the commands npm hands to cmd.exe use nothing that only a POSIX shell understands, the
 * scripts build paths with Node's path module (never a hard-coded POSIX path where Windows runs), the
 * server's path check holds with Windows paths (path.win32), and `npm stop` gives Windows' own advice.
 * README says what was and was not run on Windows and macOS. The browser choice per platform is tested
 * in test/e2e/browser-discovery.test.ts.
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const { resolveFile } = require("../scripts/serve.js") as { resolveFile(u: string, m: { prefix: string; dir: string }[], p?: typeof path): string | null };
const { killAdvice } = require("../scripts/stop.js") as { killAdvice(pid: number, platform?: string): string };

describe("npm scripts run the same under cmd.exe, PowerShell and sh", () => {
  const scripts = Object.entries(pkg.scripts as Record<string, string>);

  test.each(scripts)("%s: only Node programs chained with &&", (name, command) => {
    for (const step of command.split("&&").map((s) => s.trim())) {
      // Each step starts with a program npm puts on the PATH (node_modules/.bin) or node itself.
      expect({ name, step, program: step.split(/\s+/)[0] }).toEqual({ name, step, program: expect.stringMatching(/^(node|npm|webpack|tsc|jest|eslint|prettier|office-addin-manifest)$/) });
      // Nothing only a POSIX shell understands: VAR=value prefixes, $VAR, single quotes (cmd.exe does not
      // strip them), ;, ||, pipes, redirections, globs, backslash line ends, POSIX tools.
      expect(step).not.toMatch(/(^|\s)[A-Z_][A-Z0-9_]*=|\$[A-Za-z{(]|'|;|\|\||\||>|<|\*|\\$/);
      expect(step).not.toMatch(/\b(rm|cp|mv|mkdir|cat|grep|sed|export|chmod|ln|test|true|env)\b(?![./-])/);
    }
  });

  test("start, stop, build, test, bench and prepare are all there", () => {
    expect(Object.keys(pkg.scripts)).toEqual(expect.arrayContaining(["start", "stop", "build", "test", "bench", "prepare"]));
  });
});

describe("scripts/*.js: Node's path module, no shell", () => {
  const files = fs.readdirSync(path.join(ROOT, "scripts")).filter((f) => f.endsWith(".js"));

  test.each(files)("%s builds paths with path.join and starts programs without a shell", (file) => {
    const text = fs.readFileSync(path.join(ROOT, "scripts", file), "utf8").replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, "");
    expect(text).not.toMatch(/shell:\s*true|\bexecSync\(|\bexec\(/);
    expect(text).not.toMatch(/["'`]\/(tmp|usr|var|home|etc)\//);
    // Programs are started as `node <script>` (process.execPath), never by a bare name that needs .cmd on Windows.
    for (const m of text.matchAll(/\bspawn(?:Sync)?\(\s*([^,]+),/g)) expect([file, m[1].trim()]).toEqual([file, expect.stringMatching(/^(process\.execPath|"reg")$/)]);
  });
});

describe("the server's path check with Windows paths", () => {
  const win = path.win32;
  const mounts = [
    { prefix: "/office-js/", dir: "C:\\Users\\ana\\aiprice\\node_modules\\@microsoft\\office-js\\dist" },
    { prefix: "/", dir: "C:\\Users\\ana\\aiprice\\dist" },
  ];

  test("a file of dist/ and of office.js resolve to Windows paths under their folders", () => {
    expect(resolveFile("/assets/icon-32.png", mounts, win)).toBe("C:\\Users\\ana\\aiprice\\dist\\assets\\icon-32.png");
    expect(resolveFile("/office-js/office.js", mounts, win)).toBe("C:\\Users\\ana\\aiprice\\node_modules\\@microsoft\\office-js\\dist\\office.js");
    expect(resolveFile("/help%20page.html", mounts, win)).toBe("C:\\Users\\ana\\aiprice\\dist\\help page.html");
  });

  test.each(["/..%5c..%5cpackage.json", "/..\\..\\package.json", "/assets/..%5C..%5C..%5Csecret.txt", "/%2e%2e/%2e%2e/package.json", "/C:%5cWindows%5cwin.ini", "/office-js/..%5c..%5c..%5cpackage.json"])(
    "%s does not leave its folder on Windows",
    (u) => {
      const file = resolveFile(u, mounts, win);
      if (file !== null) expect(file.startsWith("C:\\Users\\ana\\aiprice\\dist\\") || file.startsWith("C:\\Users\\ana\\aiprice\\node_modules\\@microsoft\\office-js\\dist\\")).toBe(true);
    },
  );

  test("the same URLs on POSIX", () => {
    const posix = [
      { prefix: "/office-js/", dir: "/home/ana/aiprice/node_modules/@microsoft/office-js/dist" },
      { prefix: "/", dir: "/home/ana/aiprice/dist" },
    ];
    expect(resolveFile("/assets/icon-32.png", posix, path.posix)).toBe("/home/ana/aiprice/dist/assets/icon-32.png");
    expect(resolveFile("/%2e%2e/package.json", posix, path.posix)).toBe("/home/ana/aiprice/dist/package.json");
    expect(resolveFile("/x%00y", posix, path.posix)).toBeNull();
  });
});

test("npm stop's advice for a server that does not stop is the platform's own command", () => {
  expect(killAdvice(4242, "win32")).toBe("taskkill /PID 4242 /F");
  expect(killAdvice(4242, "linux")).toBe("kill 4242");
  expect(killAdvice(4242, "darwin")).toBe("kill 4242");
});
