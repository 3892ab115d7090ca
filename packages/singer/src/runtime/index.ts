export { fullGc } from './full-gc';
