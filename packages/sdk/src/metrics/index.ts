export { Counter, Histogram } from './prometheus.js';
