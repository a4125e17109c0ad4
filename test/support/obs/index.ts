export { startObs, type ObsInstance, type StartObsOptions } from './obs-instance';
export { defaultSeedScenes, type SeedScene, type SeedSource } from './obs-config';
export { ensureObsInstalled, obsAptPackages } from './install';
export { freePort } from './free-port';
