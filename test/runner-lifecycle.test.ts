// Proves the runner never keeps a learner's program alive and never leaves one behind.
import { describe, expect, it } from 'vitest'
import { get } from '../src/dsl/request.ts'
import { isAlive, startFixture } from './helpers.ts'

describe('process lifecycle', () => {
  it('lets a program that closes its server exit by itself', async () => {
    const { program } = await startFixture('exits-by-itself.ts')
    await program.send(get('/').expectBody('bye'))
    const exit = await program.waitForExit(5000)
    expect(exit).toEqual({ code: 0, signal: null })
  })

  it('kills the whole process group, children included', async () => {
    const { program } = await startFixture('spawns-child.ts')
    const exchange = await program.send(get('/').expectStatus(200))
    const childPid = Number(exchange.response!.body.toString())
    expect(isAlive(childPid)).toBe(true)
    await program.stop()
    const deadline = Date.now() + 3000
    while (isAlive(childPid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
    expect(isAlive(childPid)).toBe(false)
  })

  it('stops waiting for a response at the request deadline', async () => {
    // A program that stays busy (an interval) could still answer: only the deadline ends the wait.
    const { program } = await startFixture('answers-later.ts')
    const started = Date.now()
    const exchange = await program.exchange(get('/busy-forever').timeout(300))
    expect(exchange.error?.code).toBe('TIMEOUT')
    expect(Date.now() - started).toBeLessThan(3000)
    await program.stop()
  })
})
