// The playground page's own state — what the route used to hold: the view and sub-view, the
// lesson, presentation mode, hidden controls, the time scrubber, the link's messages — and the
// two jobs that keep it and the URL in step:
//
// - URL syncing: the link is read once when the page starts (never during prerender: a static
//   page has no query string) and rewritten, in its canonical form, after every change the link
//   carries (a setting, a view, a sub-view, presentation mode, a live change).
// - Debounced apply: a form edit shows at once but restarts the runs only once the user stops
//   typing, so "128" typed key by key restarts them once, not three times; Play, Step and Reset
//   first apply an edit still waiting.
//
// The route composes components around one instance; the keyboard (ui/keyboard.ts) and the
// components call its methods.
import { untrack } from 'svelte';
import { replaceState } from '$app/navigation';
import { experimentFromJson, experimentToJson } from '../experiment/config-file';
import type { Experiment, FieldError } from '../experiment/model';
import { lessonById, type Lesson } from '../lessons/lessons';
import type { InsideMode } from '../components/inside/InsideView.svelte';
import type { Quantity } from '../plot/hist';
import { defaultSpeedFor } from '../ui/speed';
import type { Hideable } from '../ui/shortcuts';
import { defaultPageOptions, type InsideSub, type PageOptions, type ViewId } from '../url/page-options';
import { decodePlaygroundLink, playgroundQuery } from '../url/playground';
import { LossPlaneState } from './loss-plane.svelte';
import type { Playground } from './playground.svelte';
import type { Speed } from './pool';

/** how long a form edit waits for the next keystroke before the runs restart */
export const APPLY_DELAY_MS = 350;

export class PlaygroundPage {
	readonly pg: Playground;
	/** the loss on a plane through θ₀ (the weight-space view); stale after every reset */
	readonly landscape = new LossPlaneState();

	view: ViewId = $state('curves');
	/** the inside view's sub-view and quantity (a lesson's link may pick them) */
	sub: InsideSub = $state(defaultPageOptions().sub);
	quantity: Quantity = $state(defaultPageOptions().quantity);
	/** the lesson the link came from (?lesson=<id>) */
	lesson: Lesson | null = $state(null);
	/** presentation mode: large type and thick lines for a projector */
	present = $state(false);
	/** controls hidden by a "share with students" link */
	hide: Set<Hideable> = $state(new Set());
	/** the step the time scrubber shows; null = follow the latest */
	scrubStep: number | null = $state(null);
	/** problems with the link (settings that fell back to defaults) and notes about it */
	errors: FieldError[] = $state([]);
	warnings: FieldError[] = $state([]);
	/** why the last imported config file was refused (the experiment was left as it was) */
	importErrors: FieldError[] = $state([]);
	helpOpen = $state(false);
	shareOpen = $state(false);
	/** in presentation mode and on narrow screens (phones, tablets) the settings fold away until asked for */
	settingsShown = $state(true);
	/** below 900 px the layout stacks: controls, then the view full width; settings behind a button */
	narrow = $state(false);

	readonly running = $derived.by(() => this.pg.runs.some((r) => r.status === 'running'));
	/** the furthest step any run has reached, for the time scrubber */
	readonly maxStep = $derived.by(() => this.pg.runs.reduce((m, r) => Math.max(m, r.step), 0));
	readonly foldSettings = $derived.by(() => this.present || this.narrow);
	readonly noSidebar = $derived.by(() => (this.hide.has('settings') && this.hide.has('runs')) || (this.foldSettings && !this.settingsShown));

	/** the user picked a speed: a new data set no longer resets it to that set's default */
	private speedChosen = false;
	private lastTimeStyle: 'bands' | 'ridgeline' = 'bands';
	private applyTimer: ReturnType<typeof setTimeout> | undefined;
	/** the router is ready (replaceState before it is throws) */
	private started = false;

	/** Construct during a component's initialisation: it sets up effects. */
	constructor(pg: Playground) {
		this.pg = pg;
		$effect(() => {
			void pg.resets; // every reset starts new run workers: the landscape's store is stale
			untrack(() => this.landscape.invalidate());
		});
		$effect(() => {
			document.documentElement.classList.toggle('present', this.present);
		});
		$effect(() => {
			// a live change or a sub-view picked in the inside view rewrites the link
			void pg.changes;
			void this.sub;
			void this.quantity;
			untrack(() => this.syncUrl());
		});
	}

	/** Reads the link, starts the workers and follows the screen width; returns the cleanup. */
	start(): () => void {
		// the codec never throws, so nothing in a link can stop the page from starting
		const link = decodePlaygroundLink(location.search);
		this.errors = link.errors;
		this.warnings = link.warnings;
		if (link.experiment) this.pg.applyExperiment(link.experiment);
		this.applyPageOptions(link.page);
		const media = matchMedia('(max-width: 899px)');
		this.narrow = media.matches;
		if (this.narrow) this.settingsShown = false;
		const onMedia = (e: MediaQueryListEvent) => {
			this.narrow = e.matches;
			this.settingsShown = !this.present && !this.narrow;
		};
		media.addEventListener('change', onMedia);
		this.setSpeed(defaultSpeedFor(this.pg.experiment.shared.dataset), false);
		const detach = this.pg.attach();
		// show the link in its canonical form (corrected values included) once the router is ready
		const ready = setTimeout(() => {
			this.started = true;
			if (location.search.length > 1) this.syncUrl();
		}, 0);
		return () => {
			clearTimeout(ready);
			clearTimeout(this.applyTimer);
			media.removeEventListener('change', onMedia);
			detach();
			this.landscape.destroy();
		};
	}

	private applyPageOptions(o: PageOptions): void {
		this.view = o.view;
		this.sub = o.sub;
		if (o.sub === 'ridgeline') this.lastTimeStyle = 'ridgeline';
		this.quantity = o.quantity;
		this.lesson = o.lesson === null ? null : (lessonById(o.lesson) ?? null);
		this.present = o.present;
		this.settingsShown = !o.present;
		this.hide = new Set(o.hide);
	}

	pageOptions(over: { hide?: Set<Hideable>; present?: boolean } = {}): PageOptions {
		return {
			view: this.view,
			sub: this.sub,
			quantity: this.quantity,
			lesson: this.lesson?.id ?? null,
			present: over.present ?? this.present,
			hide: [...(over.hide ?? this.hide)]
		};
	}
	/** the experiment as a plain object (no proxies) */
	snapshot(): Experiment {
		return $state.snapshot(this.pg.experiment) as Experiment;
	}
	/** the page's query (no '?'); `over` makes the share dialog's variants */
	query(over: { hide?: Set<Hideable>; present?: boolean } = {}): string {
		return playgroundQuery(this.snapshot(), this.pageOptions(over));
	}
	/** the full link, as the share dialog and the control bar copy it */
	link(over: { hide?: Set<Hideable>; present?: boolean } = {}): string {
		return `${location.origin}${location.pathname}?${this.query(over)}`;
	}
	syncUrl(): void {
		if (this.started) replaceState(`?${this.query()}`, {});
	}

	/**
	 * A new configuration from the forms: shown at once, applied (every run restarts from step 0)
	 * `delay` ms after the last edit.
	 */
	apply(e: Experiment, delay = APPLY_DELAY_MS): void {
		const datasetChanged = e.shared.dataset !== this.pg.experiment.shared.dataset;
		this.pg.experiment = e;
		this.syncUrl();
		if (datasetChanged && !this.speedChosen) this.setSpeed(defaultSpeedFor(e.shared.dataset), false);
		clearTimeout(this.applyTimer);
		this.applyTimer = setTimeout(() => this.applyNow(), delay);
	}
	private applyNow(): void {
		this.applyTimer = undefined;
		this.scrubStep = null;
		this.pg.applyExperiment(this.snapshot());
		// the runs keep their live changes (the forms show the values in force): the link says so
		this.syncUrl();
	}
	/**
	 * Applies a configuration still waiting for the user to stop typing, so Play, Step or Reset
	 * pressed right after "Compare all optimizers" acts on the new runs instead of being lost in
	 * the restart that follows. (The pool keeps a Play asked for while a run loads its data.)
	 */
	flushApply(): void {
		if (this.applyTimer === undefined) return;
		clearTimeout(this.applyTimer);
		this.applyNow();
	}
	setShared(shared: Experiment['shared']): void {
		this.apply({ ...this.snapshot(), shared });
	}
	setRuns(runs: Experiment['runs'], delay = APPLY_DELAY_MS): void {
		this.apply({ ...this.snapshot(), runs }, delay);
	}
	removeRun(id: string): void {
		this.setRuns(
			this.snapshot().runs.filter((r) => r.id !== id),
			0
		);
	}

	setSpeed(s: Speed, chosen: boolean): void {
		this.pg.setSpeed(s);
		if (chosen) this.speedChosen = true;
	}
	play(): void {
		this.flushApply();
		this.pg.playAll();
	}
	togglePlay(): void {
		if (this.running) this.pg.pauseAll();
		else this.play();
	}
	step(): void {
		this.flushApply();
		this.pg.stepOnce();
	}
	epoch(): void {
		this.flushApply();
		this.pg.stepEpoch();
	}
	reset(): void {
		this.flushApply();
		this.scrubStep = null;
		this.pg.reset();
	}
	reroll(): void {
		this.flushApply();
		this.scrubStep = null;
		this.pg.rerollSeed();
		this.syncUrl();
	}

	/** InsideView's mode and through-time style, as one sub-view (what the link keeps) */
	get insideMode(): InsideMode {
		return this.sub === 'bands' || this.sub === 'ridgeline' ? 'through time' : this.sub;
	}
	set insideMode(m: InsideMode) {
		this.sub = m === 'through time' ? this.lastTimeStyle : m;
	}
	get timeStyle(): 'bands' | 'ridgeline' {
		return this.sub === 'ridgeline' ? 'ridgeline' : 'bands';
	}
	set timeStyle(t: 'bands' | 'ridgeline') {
		this.lastTimeStyle = t;
		if (this.insideMode === 'through time') this.sub = t;
	}

	selectView(id: ViewId): void {
		this.view = id;
		this.syncUrl();
	}
	togglePresent(): void {
		this.present = !this.present;
		this.settingsShown = !this.present && !this.narrow;
		this.syncUrl();
	}

	/**
	 * A config file from "Import config…": applied only if every setting in it is valid. An invalid
	 * file is refused with the reasons and changes nothing — not the runs, not the lesson banner.
	 */
	importConfig(json: string): void {
		const r = experimentFromJson(json);
		if (r.errors.length > 0) {
			this.importErrors = r.errors.map((e) => ({ ...e, message: e.message.replace(/;\s*using the default experiment$/, '') }));
			return;
		}
		this.importErrors = [];
		this.errors = [];
		this.warnings = r.warnings;
		this.lesson = null; // the imported experiment is no longer the lesson's
		this.apply(r.experiment, 0);
	}
	configJson(): string {
		return experimentToJson(this.snapshot());
	}
}
