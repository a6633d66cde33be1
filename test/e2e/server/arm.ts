/** Raw ARM calls for the server e2e suites (one implementation, in the harness). */
export { armCall, createReadOnlyToken } from '../../harness/arm-client.js';
