#!/usr/bin/env node
// The reference server: the REST contract at /api over a SQLite file, and the demo at /.
// Settings come from the environment: see ./config.mjs and docs/rest-api.md.
import { serve } from './config.mjs';

await serve(process.env).catch((/** @type {Error} */ error) => {
  // A setting that cannot work: its message, not a stack.
  console.error(error.message);
  process.exit(1);
});
