export { MlpHessian, hvpFiniteDifference } from './hvp';
export { powerIteration, type Operator, type PowerOptions, type PowerResult } from './power';
export { stabilityThreshold, type StabilityThreshold } from './stability';
export {
	SharpnessTracker,
	curvatureProbeRows,
	DEFAULT_CURVATURE_BUDGET,
	DEFAULT_CURVATURE_PROBE,
	type CurvatureCost,
	type CurvatureMeta,
	type CurvatureOptions,
	type SharpnessSample
} from './tracker';
