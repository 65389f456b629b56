// The reference server as the integration tests run it: server/index.mjs's settings from the
// environment, plus the test-only control routes (./control.mjs).
import { serve } from '../../../../server/config.mjs';
import control from './control.mjs';

await serve(process.env, [control]);
