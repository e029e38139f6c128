// Every benchmarked peer, by id, in table order. Each worker loads only its own peer, so the
// workers running this engine or ConvNetJS never load TF.js.
import type { Peer } from './peer';

export const PEER_IDS = ['ours-f32', 'ours-f64', 'tfjs-cpu', 'tfjs-wasm', 'convnetjs'] as const;
export type PeerId = (typeof PEER_IDS)[number];

export function isPeerId(id: string): id is PeerId {
	return (PEER_IDS as readonly string[]).includes(id);
}

export async function loadPeer(id: PeerId): Promise<Peer> {
	switch (id) {
		case 'ours-f32':
			return (await import('./ours')).oursPeer('float32');
		case 'ours-f64':
			return (await import('./ours')).oursPeer('float64');
		case 'tfjs-cpu':
			return (await import('./tfjs')).tfPeer('cpu');
		case 'tfjs-wasm':
			return (await import('./tfjs')).tfPeer('wasm');
		case 'convnetjs':
			return (await import('./convnet')).convnetPeer;
	}
}
