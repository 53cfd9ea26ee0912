import type { KeyValueStorage } from './types.js'

/** A `BroadcastChannel`-shaped channel: messages reach every *other* instance of the same name. */
export interface BroadcastChannelLike {
  postMessage(message: unknown): void
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
  close(): void
}

/** Opens a channel by name. The default is `(name) => new BroadcastChannel(name)`. */
export type ChannelFactory = (name: string) => BroadcastChannelLike

/** The `window`-like target of `storage` events. */
export interface StorageEventTarget {
  addEventListener(type: 'storage', listener: (event: { key: string | null; newValue: string | null }) => void): void
  removeEventListener(type: 'storage', listener: (event: { key: string | null; newValue: string | null }) => void): void
}

/**
 * A channel over `storage` events, for browsers without `BroadcastChannel`: a message is
 * written under `<name>.msg` and removed at once; other tabs get the `storage` event for
 * the write (a tab never gets events for its own writes, matching `BroadcastChannel`).
 */
export function createStorageEventChannel(
  name: string,
  storage: KeyValueStorage,
  target: StorageEventTarget,
): BroadcastChannelLike {
  const key = `${name}.msg`
  const listeners = new Map<(event: { data: unknown }) => void, (event: { key: string | null; newValue: string | null }) => void>()
  let sequence = 0
  return {
    postMessage(message) {
      try {
        // The sequence number makes each write differ, so the same message twice still fires.
        storage.setItem(key, JSON.stringify({ message, sequence: (sequence += 1), at: Date.now() }))
        storage.removeItem(key)
      } catch {
        // Storage refused: other tabs catch up when they next read the session record.
      }
    },
    addEventListener(_type, listener) {
      const onStorage = (event: { key: string | null; newValue: string | null }) => {
        if (event.key !== key || event.newValue === null) return
        try {
          const parsed = JSON.parse(event.newValue) as { message?: unknown }
          listener({ data: parsed.message })
        } catch {
          // Not ours.
        }
      }
      listeners.set(listener, onStorage)
      target.addEventListener('storage', onStorage)
    },
    removeEventListener(_type, listener) {
      const onStorage = listeners.get(listener)
      if (onStorage) target.removeEventListener('storage', onStorage)
      listeners.delete(listener)
    },
    close() {
      for (const onStorage of listeners.values()) target.removeEventListener('storage', onStorage)
      listeners.clear()
    },
  }
}

/** @internal What tabs tell each other. Receivers re-read storage; the message only says "look". */
export type TabMessage =
  | { v: 1; kind: 'signed_in' | 'refreshed' | 'user_updated' | 'expiry_warning_dismissed'; sessionId: string; serverNow: number }
  | { v: 1; kind: 'signed_out'; sessionId: string | null; reason: string }

/** @internal */
export function parseTabMessage(data: unknown): TabMessage | null {
  if (typeof data !== 'object' || data === null) return null
  const message = data as Record<string, unknown>
  if (message.v !== 1) return null
  if (message.kind === 'signed_out') {
    if (typeof message.reason !== 'string' || !(message.sessionId === null || typeof message.sessionId === 'string')) return null
    return message as TabMessage
  }
  if (
    message.kind !== 'signed_in' &&
    message.kind !== 'refreshed' &&
    message.kind !== 'user_updated' &&
    message.kind !== 'expiry_warning_dismissed'
  ) {
    return null
  }
  if (typeof message.sessionId !== 'string' || typeof message.serverNow !== 'number' || !Number.isFinite(message.serverNow)) return null
  return message as TabMessage
}
