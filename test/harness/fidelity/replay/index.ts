/** Replays the official x-ms-examples against the ARM emulator (seed, send, compare). */
export { type ArmResponse, armRequest, type EmulatorEndpoint, waitForLro } from './arm-client.js';
export { type BodyMismatch, matchBody } from './body-match.js';
export { compareResponse } from './compare-response.js';
export { planFor, type ReplayPlan } from './plans.js';
export { runEveryOperation, type ScenarioStep } from './scenario.js';
export type { ReplayEmulator, SeedContext } from './seed.js';
export { EXAMPLE_WEBHOOK_URL, type TestWorld, toTestWorld } from './test-world.js';
