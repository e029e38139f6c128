// The training worker: hosts several runs and one shared data set (api.ts, tested in Node). This
// file only binds the platform — fetch, Comlink's transfer, self.close — and exposes the API. The
// main thread imports the type only (`import type { TrainerApi }`) and holds Comlink.Remote of it.
import * as Comlink from 'comlink';
import { createTrainerApi } from './api';
import { fetchBytes } from './data';

const api = createTrainerApi({
	fetchBytes,
	transfer: (value, buffers) => Comlink.transfer(value, buffers),
	close: () => self.close(),
	now: () => performance.now()
});

export type { TrainerApi } from './api';

Comlink.expose(api);
