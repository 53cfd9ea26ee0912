// @vitest-environment node
import { describe } from 'vitest'
import { createMemoryStore } from './memory.js'
import { storeContract } from './store.contract.js'

describe('createMemoryStore', () => {
  const store = createMemoryStore()
  storeContract(() => store)
})
