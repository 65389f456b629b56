import { LoginPicker } from './login-picker.js';

export { LoginPicker };

// A second copy of the package on the page must not throw.
if (!customElements.get('login-picker')) customElements.define('login-picker', LoginPicker);

declare global {
  interface HTMLElementTagNameMap {
    'login-picker': LoginPicker;
  }
}
