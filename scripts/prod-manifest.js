#!/usr/bin/env node
/* global require, module, __dirname, process, console, URL */
/* Production manifest: the development manifest.xml with https://localhost:3000 replaced by
 * the deployment URL (env ADDIN_URL, default https://anjie.example.com/). The Id is kept, so
 * settings and data an installed add-in stored in workbooks stay readable.
 * Used by webpack.config.js (dist/manifest.xml) and runnable on its own:
 *   ADDIN_URL=https://addin.example.cn/anjie/ node scripts/prod-manifest.js [out.xml]      */
'use strict';
const fs = require('fs');
const path = require('path');

const DEV_ORIGIN = 'https://localhost:3000';
const DEFAULT_URL = 'https://anjie.example.com/';

function deploymentUrl(raw) {
  const text = (raw || DEFAULT_URL).trim();
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`ADDIN_URL 不是有效网址 / ADDIN_URL is not a valid URL: ${text}`);
  }
  if (url.protocol !== 'https:') {
    throw new Error(`ADDIN_URL 必须是 https 网址 / ADDIN_URL must be an https URL (Office requires it): ${text}`);
  }
  return url.href.replace(/\/+$/, '');
}

/** Returns the production manifest text for a deployment base URL. */
function toProduction(devXml, rawUrl) {
  const base = deploymentUrl(rawUrl);
  const origin = new URL(base).origin;
  return devXml
    .replace(/<!--[\s\S]*?-->\s*/, '') // the dev banner comment
    .replace(/<AppDomain>https:\/\/localhost:3000<\/AppDomain>/g, `<AppDomain>${origin}</AppDomain>`)
    .split(DEV_ORIGIN)
    .join(base);
}

module.exports = { toProduction, deploymentUrl, DEFAULT_URL };

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  const out = process.argv[2] || path.join(root, 'dist', 'manifest.xml');
  const xml = toProduction(fs.readFileSync(path.join(root, 'manifest.xml'), 'utf8'), process.env.ADDIN_URL);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, xml);
  // Read it back with office-addin-manifest (offline) to show what Office will see.
  require('office-addin-manifest')
    .OfficeAddinManifest.readManifestFile(out)
    .then((info) => {
      console.log(`${out}: Id ${info.id}, ${info.defaultSettings && info.defaultSettings.sourceLocation}`);
    });
}
