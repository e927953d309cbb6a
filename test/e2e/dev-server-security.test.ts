/**
 * The development server (scripts/serve.js, what `npm start` runs) against a page in the analyst's
 * browser that would read it: the real server on a loopback port, asked with hostile Host and Origin
 * headers as a DNS-rebinding page would send them. It answers only to localhost, 127.0.0.1 and [::1]
 * (with its own port), never with a wildcard CORS header, and may be framed only by itself and the
 * Office hosts (frame-ancestors), with no X-Frame-Options that would stop Excel on the web.
 */
import * as fs from "fs";
import * as https from "https";
import * as os from "os";
import * as path from "path";
import { serveDist, type Served } from "./browser";

const serve = require("../../scripts/serve.js") as {
  hostAllowed(host: string | undefined, port: number, extra?: string): boolean;
  officeOrigin(origin: string | undefined): string | null;
  OFFICE_ORIGINS: string[];
};

let served: Served;
let port: number;
let dist: string;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One GET to the server at 127.0.0.1, with the headers given (Host included) as a browser would send them. */
function get(urlPath: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: "127.0.0.1", port, path: urlPath, method: "GET", headers, rejectUnauthorized: false, servername: "localhost" }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

beforeAll(async () => {
  dist = fs.mkdtempSync(path.join(os.tmpdir(), "aiprice-serve-sec-"));
  fs.writeFileSync(path.join(dist, "taskpane.html"), "<!doctype html><title>pane</title><p>secret figures</p>");
  fs.writeFileSync(path.join(dist, "functions.json"), '{"functions":[]}');
  served = await serveDist(dist);
  port = Number(new URL(served.url).port);
});

afterAll(async () => {
  await served?.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

describe("the development server answers only to this machine's names", () => {
  test("localhost, 127.0.0.1 and [::1] with its port (or none) get the page", async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, "localhost", `LOCALHOST:${port}`]) {
      const r = await get("/taskpane.html", { Host: host });
      expect({ host, status: r.status }).toEqual({ host, status: 200 });
      expect(r.body).toContain("secret figures");
    }
  });

  test("a rebinding page's Host (another name, another port, a look-alike) gets 421 and not a byte of the page", async () => {
    const hostile = [`evil.example:${port}`, "evil.example", `localhost.evil.example:${port}`, `localhost:${port + 1}`, `127.0.0.1:${port}@evil.example`, `[::2]:${port}`, `0.0.0.0:${port}`, "localhost:abc"];
    for (const host of hostile) {
      const r = await get("/taskpane.html", { Host: host });
      expect({ host, status: r.status }).toEqual({ host, status: 421 });
      expect(r.body).not.toContain("secret figures");
      expect(r.headers["access-control-allow-origin"]).toBeUndefined();
    }
  });

  test("the rule itself: loopback names only, the port must be the server's", () => {
    expect(serve.hostAllowed(undefined, 3000)).toBe(false);
    expect(serve.hostAllowed("127.0.0.1:3000", 3000)).toBe(true);
    expect(serve.hostAllowed("127.0.0.1:03000", 3000)).toBe(true);
    expect(serve.hostAllowed("127.0.0.2:3000", 3000)).toBe(false);
    expect(serve.hostAllowed("devbox:3000", 3000)).toBe(false);
    expect(serve.hostAllowed("devbox:3000", 3000, "devbox")).toBe(true);
  });
});

describe("no wildcard CORS; framing limited to the Office hosts", () => {
  test("no Access-Control-Allow-Origin for a foreign origin or none; an Office host's origin gets its own, never *", async () => {
    const plain = await get("/functions.json", { Host: `localhost:${port}` });
    expect(plain.status).toBe(200);
    expect(plain.headers["access-control-allow-origin"]).toBeUndefined();
    for (const origin of ["https://evil.example", "http://excel.officeapps.live.com", "https://officeapps.live.com.evil.example", "https://evil-office.com", "null"]) {
      const r = await get("/functions.json", { Host: `localhost:${port}`, Origin: origin });
      expect({ origin, allow: r.headers["access-control-allow-origin"] }).toEqual({ origin, allow: undefined });
    }
    const office = await get("/functions.json", { Host: `localhost:${port}`, Origin: "https://excel.officeapps.live.com" });
    expect(office.headers["access-control-allow-origin"]).toBe("https://excel.officeapps.live.com");
    expect(office.headers.vary).toMatch(/Origin/);
  });

  test("Content-Security-Policy frame-ancestors names itself and the Office hosts only; no X-Frame-Options", async () => {
    const r = await get("/taskpane.html", { Host: `localhost:${port}` });
    const csp = String(r.headers["content-security-policy"]);
    const m = /frame-ancestors ([^;]+)/.exec(csp);
    expect(m).not.toBeNull();
    const sources = m![1].trim().split(/\s+/);
    expect(sources[0]).toBe("'self'");
    expect(sources).toContain("https://*.officeapps.live.com");
    expect(sources).toContain("https://*.office.com");
    expect(sources).not.toContain("*");
    for (const s of sources.slice(1)) expect(s).toMatch(/^https:\/\/\*\.[a-z0-9.-]+$/);
    expect(sources.slice(1)).toEqual(serve.OFFICE_ORIGINS);
    expect(r.headers["x-frame-options"]).toBeUndefined();
  });
});

describe("webpack's dev server (npm start -- --excel) sends the same headers", () => {
  test("its headers are the server's: no wildcard CORS, frame-ancestors to the Office hosts, the Host checked", () => {
    const config = require("../../webpack.config.js")({}, { mode: "development" });
    const configs: { devServer?: { headers: (req: { headers: Record<string, string> }) => Record<string, string>; allowedHosts: unknown } }[] = Array.isArray(config) ? config : [config];
    const servers = configs.filter((c) => c.devServer).map((c) => c.devServer!);
    expect(servers.length).toBeGreaterThan(0);
    for (const dev of servers) {
      expect(dev.allowedHosts).not.toBe("all");
      const foreign = dev.headers({ headers: { origin: "https://evil.example" } });
      expect(foreign["Access-Control-Allow-Origin"]).toBeUndefined();
      expect(foreign["Content-Security-Policy"]).toMatch(/^frame-ancestors 'self' https:\/\/\*\.officeapps\.live\.com /);
      expect(Object.keys(foreign)).not.toContain("X-Frame-Options");
      expect(dev.headers({ headers: {} })["Access-Control-Allow-Origin"]).toBeUndefined();
      expect(dev.headers({ headers: { origin: "https://excel.officeapps.live.com" } })["Access-Control-Allow-Origin"]).toBe("https://excel.officeapps.live.com");
    }
  });
});
