export { fullGc } from './full-gc';
export { systemClock, type Clock, type CancelTimer } from './clock';
export { ManualClock } from './manual-clock';
