// Real sign-in for the reference server (issue 14): OpenID Connect by discovery and
// plain OAuth 2.0 presets, through openid-client. See plugin.mjs for the routes and
// the hooks a host wires to its sessions.
export { parseSignInConfig, publicOptions, SignInConfigError } from './config.mjs';
export { signInPlugin, STATE_COOKIE } from './plugin.mjs';
export { FAILURE_CODES, MESSAGE_TYPE, RESULT_PARAM } from './page.mjs';
export { PRESETS, PRESET_NAMES } from './presets.mjs';
export { TICKET_PARAM, TICKET_SECONDS, issueTicket, openTicket } from './ticket.mjs';
