import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.config.js';

export default defineConfig(
  packageBuild({
    index: 'src/index.ts',
    azure: 'src/azure.ts',
    registry: 'src/registry.ts',
    events: 'src/events.ts',
    client: 'src/client.ts',
    errors: 'src/errors.ts',
    formats: 'src/formats.ts',
  }),
);
