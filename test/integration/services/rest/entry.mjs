// The reference server as the integration tests run it: server/index.mjs's settings from the
// environment, plus the test-only control routes (./control.mjs). The seed's sign-in options are
// simulated there (SIMULATED_SIGN_IN=on) unless the test's environment says otherwise.
import { serve } from '../../../../server/config.mjs';
import control from './control.mjs';

await serve({ SIMULATED_SIGN_IN: 'on', ...process.env }, [control]);
