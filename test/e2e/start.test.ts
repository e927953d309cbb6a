/**
 * `npm start` without Excel: the workbench path of scripts/start.js, run as a user runs it (a child
 * process), on a free port, with its certificate made in a temporary folder. It prints the address,
 * serves the workbench over HTTPS with a certificate that its own development CA vouches for, and
 * `npm stop` (scripts/stop.js) ends it. It uses the dist/ that `npm test` has just built (--no-build:
 * a rebuild here would rewrite dist/ under the other tests' feet).
 */
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as https from "https";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { checkPrerequisites, ROOT } from "./browser";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "localhost", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function get(url: string, ca: Buffer): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, type: String(res.headers["content-type"]) }));
      })
      .on("error", reject);
  });
}

/** Waits for a line matching `pattern` on the child's stdout; rejects if it exits first or time runs out. */
function waitForLine(child: ChildProcess, pattern: RegExp, ms: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${ms} ms\nstdout:\n${out}\nstderr:\n${err}`)), ms);
    child.stdout!.on("data", (d) => {
      out += d;
      const m = out.match(pattern);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.stderr!.on("data", (d) => (err += d));
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (code ${code}) before printing the address\nstdout:\n${out}\nstderr:\n${err}`));
    });
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

describe("npm start without Excel: the workbench", () => {
  let tmp: string;
  let env: NodeJS.ProcessEnv;
  const children: ChildProcess[] = [];

  beforeAll(() => {
    checkPrerequisites();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aiprice-start-"));
    env = { ...process.env, AIPRICE_CERT_DIR: path.join(tmp, "certs"), AIPRICE_STATE_FILE: path.join(tmp, "npm-start.json") };
  });

  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test("prints the workbench address, serves it over HTTPS, and npm stop ends it", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [path.join(ROOT, "scripts", "start.js"), "--no-build", "--port", String(port)], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    const [, url] = await waitForLine(child, /Workbench: (https:\/\/localhost:\d+\/workbench\.html)/, 30000);
    expect(url).toBe(`https://localhost:${port}/workbench.html`);

    // The certificate is made, not installed: a client that trusts the generated CA accepts it.
    const ca = fs.readFileSync(path.join(tmp, "certs", "ca.crt"));
    const page = await get(url, ca);
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/text\/html/);
    expect(page.body).toContain("workbench.js");
    const officeJs = await get(`https://localhost:${port}/office-js/office.js`, ca);
    expect(officeJs.status).toBe(200);
    expect(officeJs.body.length).toBeGreaterThan(1000);
    expect((await get(`https://localhost:${port}/functions.json`, ca)).status).toBe(200);
    expect((await get(`https://localhost:${port}/..%2fpackage.json`, ca)).status).toBeGreaterThanOrEqual(400);

    // The private key is readable by its owner only (POSIX modes; Windows keeps the profile's ACLs).
    if (process.platform !== "win32") {
      expect(fs.statSync(path.join(tmp, "certs", "localhost.key")).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.join(tmp, "certs")).mode & 0o777).toBe(0o700);
    }

    const state = JSON.parse(fs.readFileSync(env.AIPRICE_STATE_FILE!, "utf8"));
    expect(state).toMatchObject({ mode: "workbench", pid: child.pid, port });

    // Asynchronously: this process must keep reaping its child (npm start) while npm stop waits for it to end.
    const stopper = spawn(process.execPath, [path.join(ROOT, "scripts", "stop.js")], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stopOut = "";
    stopper.stdout!.on("data", (d) => (stopOut += d));
    const [stopCode, startCode] = await Promise.all([exited(stopper), exited(child)]);
    expect(stopOut).toMatch(/Stopped the workbench server/);
    expect(stopCode).toBe(0);
    expect(startCode).toBe(0);
    expect(fs.existsSync(env.AIPRICE_STATE_FILE!)).toBe(false);
  });

  test("a port in use is said plainly, with how to fix it, and nothing keeps running", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "localhost", () => resolve()));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = spawnSync(process.execPath, [path.join(ROOT, "scripts", "start.js"), "--no-build", "--port", String(port)], { cwd: ROOT, env, encoding: "utf8", timeout: 30000 });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`port ${port} on localhost is in use`);
      expect(r.stderr).toMatch(/How to fix: .*npm stop.*--port/);
      expect(fs.existsSync(env.AIPRICE_STATE_FILE!)).toBe(false);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  test("a certificate folder that cannot be written is said plainly, with how to fix it", async () => {
    const port = await freePort();
    const notADir = path.join(tmp, "a-file");
    fs.writeFileSync(notADir, "not a folder");
    const r = spawnSync(process.execPath, [path.join(ROOT, "scripts", "start.js"), "--no-build", "--port", String(port)], {
      cwd: ROOT,
      env: { ...env, AIPRICE_CERT_DIR: path.join(notADir, "certs") },
      encoding: "utf8",
      timeout: 30000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/failed at the certificate step: could not make the development certificate/);
    expect(r.stderr).toMatch(/How to fix: /);
  });

  (process.platform === "win32" ? test.skip : test)("a key left readable by everyone (an earlier version made it so) is made private again", async () => {
    const { ensureCertificates } = require("../../scripts/start.js") as { ensureCertificates(dir: string): Promise<{ key: string; cert: string }> };
    const dir = path.join(tmp, "old-certs");
    const first = await ensureCertificates(dir);
    fs.chmodSync(first.key, 0o644);
    fs.chmodSync(dir, 0o755);
    const certBefore = fs.readFileSync(first.cert, "utf8");
    const again = await ensureCertificates(dir);
    expect(fs.readFileSync(again.cert, "utf8")).toBe(certBefore); // still usable: kept, not remade
    expect(fs.statSync(again.key).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
  });

  test("npm stop with nothing running says so", () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, "scripts", "stop.js")], { cwd: ROOT, env: { ...env, AIPRICE_STATE_FILE: path.join(tmp, "none.json") }, encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Nothing to stop/);
  });
});
