import type { ArgTypes, Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import manifest from '../custom-elements.json';
import '../src/login-picker/define.js';
import { documentedApi, providerArgTypes, providerArgs, seedOptions, storyProvider, until, type ProviderArgs } from './support.js';

interface PickerArgs extends ProviderArgs {
  timeout: number;
  signedIn: boolean;
  withSignIn: boolean;
}

const pickerArgTypes: Partial<ArgTypes<PickerArgs>> = {
  ...providerArgTypes,
  timeout: { control: { type: 'number', min: 1000, step: 1000 }, table: { category: 'login-picker' } },
  signedIn: { control: 'boolean', table: { category: 'InMemoryProvider' } },
  withSignIn: { control: 'boolean', table: { category: 'InMemoryProvider' } },
};

const meta: Meta<PickerArgs> = {
  title: 'login-picker/States',
  component: 'login-picker',
  render: (args) => html`<login-picker
    .provider=${storyProvider(args, {
      identityOptions: args.withSignIn ? seedOptions : [],
      identity: args.signedIn ? { optionId: 'twitter', name: 'Ada Lovelace', url: 'https://example.com/ada' } : null,
    })}
    timeout=${args.timeout}
    theme=${ifDefined(args.theme || undefined)}
    lang=${ifDefined(args.lang || undefined)}
  ></login-picker>`,
  args: { ...providerArgs, timeout: 15000, signedIn: false, withSignIn: true },
  argTypes: { ...documentedApi(manifest, 'login-picker', pickerArgTypes), ...pickerArgTypes },
};
export default meta;

type Story = StoryObj<PickerArgs>;
type Canvas = { canvasElement: HTMLElement };

const picker = (canvas: HTMLElement) => canvas.querySelector('login-picker')!;
const inPicker = <T extends Element = HTMLElement>(canvas: HTMLElement, selector: string) =>
  picker(canvas).shadowRoot?.querySelector<T>(selector) ?? null;
const options = async ({ canvasElement }: Canvas) => {
  await until(() => inPicker(canvasElement, '[part~="option"]'), 'the sign-in buttons');
};
const chooseTwitter = async (context: Canvas) => {
  await options(context);
  inPicker<HTMLButtonElement>(context.canvasElement, '[part~="option"][aria-label$="Twitter"]')!.click();
};

/** The seed's choices: "Fill in your details below or click an icon to log in:" and four buttons. */
export const Options: Story = { play: options };

/** Guest only: the provider offers no sign-in, so the picker shows just the guest details slot. */
export const GuestOnly: Story = {
  args: { withSignIn: false },
  play: async ({ canvasElement }) => {
    await until(() => inPicker(canvasElement, 'slot[name="guest"]'), 'the guest slot');
  },
};

/** "Connecting to Twitter" with Cancel while `signIn` runs (it never answers here). */
export const Connecting: Story = {
  args: { signInFault: 'hang', timeout: 3_600_000 },
  play: async (context) => {
    await chooseTwitter(context);
    await until(() => inPicker(context.canvasElement, '[part~="cancel"]'), '"Connecting to Twitter"');
  },
};

/** "You are commenting using your Twitter account. (Log Out / Change)" */
export const SignedIn: Story = {
  args: { signedIn: true },
  play: async ({ canvasElement }) => {
    await until(() => inPicker(canvasElement, '[part~="log-out"]'), 'the signed-in reader');
  },
};

/** Signing in through the picker, as a reader would. */
export const SignInSucceeds: Story = {
  play: async (context) => {
    await chooseTwitter(context);
    await until(() => inPicker(context.canvasElement, '[part~="log-out"]'), 'signed in');
  },
};

/** The sign-in failed: why, and the choices again. */
export const SignInFailed: Story = {
  args: { signInFault: 'network' },
  play: async (context) => {
    await chooseTwitter(context);
    await until(() => inPicker(context.canvasElement, '[part~="error"]'), 'the sign-in error');
  },
};
