// Weight-space trajectories and the loss landscape on a plane shared by all runs (issue 5).
//
// Expected flow (each step pure; where it runs is the caller's choice):
//   run workers:       TrajectoryRecorder.record(step, mlp.params) after every step; drain() per chunk
//   plane's pool worker: mergeDrain per run → pcaPlane(all runs' snapshots, θ₀) → projectPath per run
//                      → gridRange(paths) → lossGrid(mlp, plane, range, n, probe…)
//   page:              only the small results — the 2-D paths and the n × n loss grid.
// Memory: R runs × cap × P × 4 bytes of snapshots in the pool worker holding the plane (see trajectory.ts).
export {
	capForBudget,
	DEFAULT_TRAJECTORY_CAP,
	mergeDrain,
	TrajectoryRecorder,
	type TrajectoryDrain,
	type TrajectoryOptions,
	type TrajectorySnapshot
} from './trajectory';
export {
	gramAbout,
	jacobiEigen,
	meanPoint,
	pcaPlane,
	planeThroughPoints,
	project,
	projectPath,
	topEigenpairs,
	type PcaPlane,
	type Plane,
	type ProjectedPath
} from './projection';
export { gridRange, lossGrid, paramsAt, type GridRange, type LossGrid } from './grid';
