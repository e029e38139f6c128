// Inside the network: per-layer histograms and statistics of a run, computed in the worker.
export {
	BAND_PERCENTILES,
	binEdges,
	binIndex,
	histogram,
	percentiles,
	rebin,
	sharedRange,
	type HistogramCounts,
	type Range
} from './histogram';
export {
	deadShare,
	gradNorm,
	identicalUnits,
	l2Norm,
	saturatedShare,
	saturatedUnitShare,
	summarize,
	sumSquares,
	updateRatio,
	type Summary
} from './layer-stats';
export {
	SNAPSHOT_DEFAULTS,
	SnapshotRecorder,
	SnapshotSchedule,
	SnapshotStore,
	initialActivationProfile,
	probeBatch,
	quantityHist,
	snapshotBuffers,
	thin,
	type LayerSnapshot,
	type ProfileOptions,
	type QuantityHist,
	type RecorderOptions,
	type Snapshot,
	type SnapshotBatch
} from './snapshots';
