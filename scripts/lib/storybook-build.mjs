// Builds Storybook into `outDir` (emptied first), as the stories run (scripts/test-stories.mjs) and
// the visual run (scripts/test-visual.mjs) both need it. On failure the build's own output is
// printed and the exit status returned, so each caller reports it its own way.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @param {string} root the project folder
 * @param {string} outDir where the static Storybook goes
 * @returns {number | null} null when the build succeeded, else its exit status
 */
export function buildStorybook(root, outDir) {
  console.log('▶ storybook build');
  rmSync(outDir, { recursive: true, force: true });
  const result = spawnSync(join(root, 'node_modules', '.bin', 'storybook'), ['build', '--quiet', '-o', outDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' },
  });
  if (result.status === 0) return null;
  process.stdout.write(result.stdout ?? '');
  process.stderr.write(result.stderr ?? '');
  return result.status;
}
