/* global require, module, __dirname, process, console */
/**
 * The Excel add-in bundle.
 *   npm run build:addin   production bundle in dist/ (taskpane.html, JS chunks, assets, manifest.xml
 *                         with the deployment URL from ADDIN_URL, default https://anjie.example.com/)
 *   npm run serve         dev server on https://localhost:3000 (office-addin-dev-certs), for sideloading
 *   npm run preview       the same pane in a normal browser against an in-memory workbook
 *                         (--env preview: no office.js at all, nothing fetched from the internet)
 * Options: --env out=DIR (output folder), --env preview.
 */
'use strict';
const path = require('path');
const webpack = require('webpack');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const { toProduction } = require('./scripts/prod-manifest');

const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

module.exports = async (env = {}, argv = {}) => {
  const mode = argv.mode || 'production';
  const preview = !!env.preview;
  const serving = !!env.WEBPACK_SERVE;
  const outDir = env.out ? path.resolve(env.out) : path.resolve(__dirname, preview ? 'dist/preview' : 'dist');

  let server;
  if (serving && !preview) {
    // Office requires https, with a certificate the machine trusts (installed on first run).
    const devCerts = require('office-addin-dev-certs');
    let options;
    try {
      options = await devCerts.getHttpsServerOptions();
    } catch (e) {
      // Generated but not installed (e.g. Linux without sudo): serve with the generated files and say what to trust.
      const fs = require('fs');
      const dir = path.join(require('os').homedir(), '.office-addin-dev-certs');
      if (!fs.existsSync(path.join(dir, 'localhost.key'))) throw e;
      console.warn(
        `开发证书已生成但未能安装为受信任的根证书；请手动信任 ${path.join(dir, 'ca.crt')}。\n` +
          `The dev certificate was generated but its CA could not be installed; trust ${path.join(dir, 'ca.crt')} yourself. (${e.message})`,
      );
      options = {
        key: fs.readFileSync(path.join(dir, 'localhost.key')),
        cert: fs.readFileSync(path.join(dir, 'localhost.crt')),
        ca: fs.readFileSync(path.join(dir, 'ca.crt')),
      };
    }
    server = { type: 'https', options };
  }

  return {
    mode,
    devtool: mode === 'production' ? false : 'source-map',
    entry: { taskpane: preview ? './addin/preview/index.tsx' : './addin/taskpane/index.tsx' },
    output: {
      path: outDir,
      filename: '[name].[contenthash:8].js',
      chunkFilename: '[name].[contenthash:8].js',
      publicPath: 'auto',
      clean: true,
    },
    resolve: { extensions: ['.ts', '.tsx', '.js', '.json'] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          loader: 'ts-loader',
          options: {
            transpileOnly: true,
            configFile: path.resolve(__dirname, 'tsconfig.json'),
            // ES modules so webpack can split lazy panels into their own chunks.
            compilerOptions: { module: 'esnext', sourceMap: mode !== 'production' },
          },
        },
      ],
    },
    plugins: [
      new webpack.DefinePlugin({ __ANJIE_PREVIEW__: JSON.stringify(preview) }),
      new HtmlWebpackPlugin({
        filename: preview ? 'index.html' : 'taskpane.html',
        template: './addin/taskpane/taskpane.html',
        chunks: ['taskpane'],
        templateParameters: {
          title: preview ? '安杰按揭助手 预览 / Anjie preview' : '安杰按揭助手 / Anjie',
          // Microsoft requires office.js from its CDN in a deployed add-in; the preview uses the in-memory host instead.
          officeJs: preview ? '' : `<script type="text/javascript" src="${OFFICE_JS}"></script>`,
        },
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'addin/assets', to: 'assets' },
          ...(preview
            ? []
            : [
                { from: 'addin/taskpane/help.html', to: 'help.html' },
                {
                  from: 'manifest.xml',
                  to: 'manifest.xml',
                  // The dev server keeps the localhost manifest; a production build gets the deployment URL, same Id.
                  transform: (content) => (mode === 'production' && !serving ? toProduction(content.toString(), process.env.ADDIN_URL) : content),
                },
              ]),
        ],
      }),
    ],
    performance: { hints: false },
    optimization: { splitChunks: { chunks: 'async' } },
    devServer: {
      host: preview ? '127.0.0.1' : 'localhost',
      port: preview ? 3001 : 3000,
      server: preview ? 'http' : server,
      headers: { 'Access-Control-Allow-Origin': '*' },
      open: preview ? ['/index.html'] : false,
      hot: false,
      liveReload: true,
      client: { overlay: false },
      static: false,
    },
  };
};
