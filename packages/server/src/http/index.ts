export { jsonDepthExceeds, parseJsonBody, readBody } from './body.js';
export { badRequest, forbidden, HttpError, notFound, unauthorized, unavailable } from './errors.js';
export { sendError, sendJson } from './respond.js';
export { type RawHandler, Router } from './router.js';
