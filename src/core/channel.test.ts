import { describe, expect, test } from 'vitest'
import { createMemoryStorage } from '../testing/fakes.js'
import { createStorageEventChannel, parseTabMessage } from './channel.js'
import type { BroadcastChannelLike, StorageEventTarget } from './channel.js'

/** Type-level: the browser's BroadcastChannel fits the edge as it is. */
export function _typeCheck(channel: BroadcastChannel): BroadcastChannelLike {
  return channel
}

/** Two tabs: a write in one fires `storage` in the other, never in itself (as browsers do). */
function twoTabs() {
  const storage = createMemoryStorage()
  type Listener = (event: { key: string | null; newValue: string | null }) => void
  const targets = [new Set<Listener>(), new Set<Listener>()]
  const views = targets.map((_listeners, index) => ({
    storage: {
      getItem: (key: string) => storage.getItem(key),
      setItem: (key: string, value: string) => {
        storage.setItem(key, value)
        for (const listener of targets[1 - index]!) listener({ key, newValue: value })
      },
      removeItem: (key: string) => {
        storage.removeItem(key)
        for (const listener of targets[1 - index]!) listener({ key, newValue: null })
      },
    },
    target: {
      addEventListener: (_type: 'storage', listener: Listener) => void targets[index]!.add(listener),
      removeEventListener: (_type: 'storage', listener: Listener) => void targets[index]!.delete(listener),
    } satisfies StorageEventTarget,
  }))
  return { storage, views }
}

describe('createStorageEventChannel', () => {
  test('behavior: delivers to the other tab only, and leaves storage clean', () => {
    const { storage, views } = twoTabs()
    const a = createStorageEventChannel('latchkey:k', views[0]!.storage, views[0]!.target)
    const b = createStorageEventChannel('latchkey:k', views[1]!.storage, views[1]!.target)
    const seenA: unknown[] = []
    const seenB: unknown[] = []
    a.addEventListener('message', (event) => seenA.push(event.data))
    b.addEventListener('message', (event) => seenB.push(event.data))
    a.postMessage({ kind: 'refreshed' })
    a.postMessage({ kind: 'refreshed' })
    expect(seenB).toEqual([{ kind: 'refreshed' }, { kind: 'refreshed' }])
    expect(seenA).toEqual([])
    expect(storage.size).toBe(0)
    b.close()
    a.postMessage({ kind: 'signed_out' })
    expect(seenB).toHaveLength(2)
  })
})

describe('parseTabMessage', () => {
  test('behavior: accepts well-formed messages, ignores everything else', () => {
    expect(parseTabMessage({ v: 1, kind: 'refreshed', sessionId: 's', serverNow: 1 })).not.toBeNull()
    expect(parseTabMessage({ v: 1, kind: 'signed_out', sessionId: null, reason: 'user' })).not.toBeNull()
    for (const junk of [null, 1, 'x', {}, { v: 2, kind: 'refreshed' }, { v: 1, kind: 'nope', sessionId: 's', serverNow: 1 }, { v: 1, kind: 'refreshed', sessionId: 's', serverNow: 'x' }]) {
      expect(parseTabMessage(junk)).toBeNull()
    }
  })
})
