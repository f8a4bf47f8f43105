/**
 * One temporary folder per `jest` run (removed by global-teardown.js): the
 * tests make scratch projects with mkdtemp(os.tmpdir()), and TMPDIR, set here
 * before the workers start, is inherited by them and by the CLI processes the
 * tests spawn, so a run leaves nothing behind in the system's temp folder.
 */
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ple-jest-'));
  process.env.PLE_JEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
};
