// Offline checks of manifest.xml, the development manifest, against dist/ (office-addin-manifest
// validate needs the web). Run after `npm run build`. The same checks run on a deployment build's
// manifest in test/deploy/deploy.test.ts.
import * as fs from "fs";
import * as path from "path";
import { manifestTests } from "./support/manifest-checks";

const root = path.join(__dirname, "..");
const dist = path.join(root, "dist");
const port = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).config.dev_server_port;

describe("manifest.xml, the development manifest, with the built dist/", () => {
  beforeAll(() => {
    if (!fs.existsSync(path.join(dist, "functions.json"))) throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
  });
  manifestTests(() => ({ xml: fs.readFileSync(path.join(root, "manifest.xml"), "utf8"), base: `https://localhost:${port}/`, dist }));

  test("the development build writes no manifest of its own: manifest.xml at the root is the one", () => {
    expect(fs.existsSync(path.join(dist, "manifest.xml"))).toBe(false);
  });
});
