'use strict';
const fs = require('node:fs');

/** Removes the run's temporary folder made by global-setup.js. */
module.exports = () => {
  const dir = process.env.PLE_JEST_TMPDIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
};
