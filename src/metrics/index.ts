export { auc } from './auc';
export { logloss, LOGLOSS_EPSILON } from './logloss';
export { mse } from './mse';
export { selectMasked } from './mask';
