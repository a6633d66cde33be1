/** vitest globalSetup: prepares process-wide test prerequisites before any worker starts. */
export default function setup(): void {}
