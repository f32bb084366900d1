#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is compiled from pipeline/cli.ts by `npm run build:cli`.
require('../lib/pipeline/cli.js').main(process.argv);
