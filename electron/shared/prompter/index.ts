export * from './types';
export * from './parse';
export * from './format';
export * from './align';
export * from './timeline';
export * from './targets';
export * from './cue-label';
export * from './lint-texts';
