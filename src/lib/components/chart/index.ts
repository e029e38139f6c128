// The chart kit: <Frame> (SVG, margins, clip, context), <Clip> (marks clipped to the plot), <AxisX>, <AxisY> (with grid, log ticks,
// zoomed mark), <Legend>, <ColorBar> (beside the plot, gradient or contour bands), and SharedExtent for small multiples. Pure math in src/lib/plot/
// (format.ts, domain.ts, labels.ts).
export { default as Frame } from './Frame.svelte';
export { default as AxisX } from './AxisX.svelte';
export { default as AxisY } from './AxisY.svelte';
export { default as Legend, type LegendItem } from './Legend.svelte';
export { default as Clip } from './Clip.svelte';
export { default as ColorBar } from './ColorBar.svelte';
export { default as ChangeMarks } from './ChangeMarks.svelte';
export * from './context';
export * from './scale';
