import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(__dirname, '../..');
// CI clones the repository beside shared/; the schemas are not part of this repository.
const schemaDir = path.resolve(repoRoot, '../shared/office-manifest-xsd');
const schema = path.join(schemaDir, 'OfficeAppManifestV1_1.xsd');
const { toProduction } = require(path.join(repoRoot, 'scripts/prod-manifest.js')) as {
  toProduction: (xml: string, url?: string) => string;
};

function xmllint(file: string): { ok: boolean; output: string } {
  const r = spawnSync('xmllint', ['--noout', '--schema', schema, file], { encoding: 'utf8' });
  if (r.error) throw new Error(`xmllint could not run (Debian: apt-get install libxml2-utils): ${r.error.message}`);
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

const devXml = readFileSync(path.join(repoRoot, 'manifest.xml'), 'utf8');
const tmp = mkdtempSync(path.join(tmpdir(), 'anjie-manifest-'));

describe('manifest.xml', () => {
  it('validates offline against the Office add-in manifest schema', () => {
    expect(existsSync(schema), `schemas expected at ${schemaDir}`).toBe(true);
    const r = xmllint(path.join(repoRoot, 'manifest.xml'));
    expect(r.output).toContain('validates');
    expect(r.ok).toBe(true);
  });

  it('is rejected by the same check when it contains an element the schema does not know', () => {
    const bad = path.join(tmp, 'bad.xml');
    writeFileSync(bad, devXml.replace('<Permissions>', '<Frobnicate/><Permissions>'));
    const r = xmllint(bad);
    expect(r.ok).toBe(false);
    expect(r.output).toContain('Frobnicate');
  });

  it('names the add-in in Chinese by default and in English for en-US, with a ribbon button and write access', () => {
    expect(devXml).toMatch(/<DefaultLocale>zh-CN<\/DefaultLocale>/);
    expect(devXml).toMatch(/<DisplayName DefaultValue="[^"]*按揭[^"]*">\s*<Override Locale="en-US" Value="Anjie[^"]*"\/>/);
    expect(devXml).toMatch(/<Description DefaultValue="[^"]+">\s*<Override Locale="en-US"/);
    expect(devXml).toContain('<Permissions>ReadWriteDocument</Permissions>');
    expect(devXml).toMatch(/<Set Name="ExcelApi" MinVersion="1\.8"\/>/);
    expect(devXml).toContain('xsi:type="ShowTaskpane"');
  });

  it('points only at icons that exist in addin/assets', () => {
    const icons = [...devXml.matchAll(/https:\/\/localhost:3000\/assets\/([\w.-]+)/g)].map((m) => m[1]);
    expect(icons.length).toBeGreaterThanOrEqual(4);
    for (const name of icons) expect(existsSync(path.join(repoRoot, 'addin/assets', name)), name).toBe(true);
    const png = readFileSync(path.join(repoRoot, 'addin/assets/icon-80.png'));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(80); // IHDR width
  });
});

describe('production manifest', () => {
  it('keeps the Id, uses the deployment URL everywhere and still validates', () => {
    const prod = toProduction(devXml, 'https://addin.example.cn/anjie/');
    const id = (xml: string) => /<Id>([^<]+)<\/Id>/.exec(xml)?.[1];
    expect(id(prod)).toBe(id(devXml));
    expect(prod).not.toContain('localhost');
    expect(prod).toContain('<SourceLocation DefaultValue="https://addin.example.cn/anjie/taskpane.html"/>');
    expect(prod).toContain('<AppDomain>https://addin.example.cn</AppDomain>');
    const file = path.join(tmp, 'prod.xml');
    writeFileSync(file, prod);
    expect(xmllint(file).ok).toBe(true);
  });

  it('defaults to https://anjie.example.com/ and refuses a plain-http URL', () => {
    expect(toProduction(devXml)).toContain('https://anjie.example.com/taskpane.html');
    expect(() => toProduction(devXml, 'http://intranet/anjie')).toThrow(/https/);
  });
});

describe('the production build', () => {
  it('copies manifest.xml into dist/ through toProduction, with ADDIN_URL or the default URL', async () => {
    const configFn = require(path.join(repoRoot, 'webpack.config.js')) as (env: object, argv: object) => Promise<{
      plugins: { patterns?: { from: string; transform?: (c: Buffer) => Buffer | string }[] }[];
      output: { path: string };
    }>;
    const config = await configFn({}, { mode: 'production' });
    expect(config.output.path).toBe(path.join(repoRoot, 'dist'));
    const pattern = config.plugins.flatMap((p) => p.patterns ?? []).find((p) => p.from === 'manifest.xml');
    expect(pattern?.transform).toBeTypeOf('function');
    const saved = process.env.ADDIN_URL;
    try {
      delete process.env.ADDIN_URL;
      expect(String(pattern!.transform!(Buffer.from(devXml)))).toBe(toProduction(devXml));
      process.env.ADDIN_URL = 'https://intranet.example.cn/anjie';
      expect(String(pattern!.transform!(Buffer.from(devXml)))).toContain('https://intranet.example.cn/anjie/taskpane.html');
    } finally {
      if (saved === undefined) delete process.env.ADDIN_URL;
      else process.env.ADDIN_URL = saved;
    }
  });

  it('loads office.js from Microsoft\'s CDN in the task pane, and not at all in the preview', async () => {
    const configFn = require(path.join(repoRoot, 'webpack.config.js')) as (env: object, argv: object) => Promise<{ plugins: { userOptions?: { templateParameters?: { officeJs: string } } }[] }>;
    const html = (c: Awaited<ReturnType<typeof configFn>>) => c.plugins.find((p) => p.userOptions?.templateParameters)?.userOptions?.templateParameters?.officeJs;
    expect(html(await configFn({}, { mode: 'production' }))).toContain('https://appsforoffice.microsoft.com/lib/1/hosted/office.js');
    expect(html(await configFn({ preview: true }, { mode: 'development' }))).toBe('');
  });
});

