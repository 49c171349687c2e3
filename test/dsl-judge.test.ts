// Proves the DSL's expectations judge a real server's answers: a file of the program's folder
// read at judging time, plain text with its Content-Type, an exchange judged after it was made,
// and a custom expectation that names the mistake it shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { CheckFailure } from '../src/dsl/failure.ts'
import { get } from '../src/dsl/request.ts'
import type { Program } from '../src/runner/program.ts'
import { fixture, startFixture } from './helpers.ts'

let program: Program
beforeAll(async () => {
  program = (await startFixture('serves-files.ts')).program
})
afterAll(() => program.stop())

/** What `program.send` threw, or null when it passed. */
async function failureOf(send: Promise<unknown>): Promise<CheckFailure | null> {
  try {
    await send
    return null
  } catch (error) {
    if (error instanceof CheckFailure) return error
    throw error
  }
}

describe('judging exchanges', () => {
  it('expectBodyFile reads the file from the folder the program runs in', async () => {
    expect(await failureOf(program.send(get('/source').expectStatus(200).expectBodyFile('serves-files.ts')))).toBeNull()
  })

  it('expectBodyFile fails on other bytes, saying how many and where they differ', async () => {
    const size = readFileSync(fixture('serves-files.ts')).length
    const failure = await failureOf(program.send(get('/not-source').expectBodyFile('serves-files.ts')))
    expect(failure?.message).toBe(`expected the ${size} bytes of serves-files.ts, got 40 bytes (first difference at byte 40)`)
    expect(failure?.details).toMatchObject({ expected: `${size} bytes`, actual: '40 bytes' })
    expect(failure?.details.exchange?.request.path).toBe('/not-source')
  })

  it('expectBodyFile names a file that is not there', async () => {
    const failure = await failureOf(program.send(get('/source').expectBodyFile('public/gone.css')))
    expect(failure?.message).toBe('expected the bytes of public/gone.css, but public/gone.css could not be read (there is no such file): is it still in your exercise folder?')
  })

  it('expectText wants the text and a text/plain Content-Type', async () => {
    expect(await failureOf(program.send(get('/text').expectText('hello, Zoë')))).toBeNull()
    const failure = await failureOf(program.send(get('/html').expectText('hello, Zoë')))
    expect(failure?.message).toBe('expected Content-Type text/plain, got text/html')
    expect(failure?.details.diagnosis).toBe('wrong-content-type')
  })

  it('judges an exchange already made, as send would', async () => {
    const exchange = await program.exchange(get('/text'))
    expect(() => program.judge(get('/text').expectStatus(200).expectText('hello, Zoë'), exchange)).not.toThrow()
    expect(() => program.judge(get('/text').expectStatus(429), exchange)).toThrow('expected status 429 "Too Many Requests", got 200 "OK"')
  })

  it('a custom expectation carries the diagnosis it names', async () => {
    const source = readFileSync(fixture('serves-files.ts')).subarray(0, 64)
    const failure = await failureOf(
      program.send(
        get('/leaks')
          .expectThat('none of serves-files.ts', (response) => (response.body.includes(source) ? 'it came back' : null), 'path-traversal')
          .expectStatus(403, 404),
      ),
    )
    expect(failure?.message).toBe('expected none of serves-files.ts: it came back; also expected status 403 "Forbidden" or 404 "Not Found", got 200 "OK"')
    expect(failure?.details.diagnosis).toBe('path-traversal')
  })
})

describe('the parsed body of an exchange', () => {
  it('is the JSON value when the body is JSON, undefined otherwise, and stays out of copies of the record', async () => {
    const json = await program.exchange(get('/json'))
    expect(json.body).toEqual({ name: 'Zoë', tags: ['a', 'b'] })
    expect((await program.exchange(get('/text'))).body).toBeUndefined()
    expect((await program.exchange(get('/nothing'))).body).toBeUndefined()
    expect(Object.keys(json)).not.toContain('body')
  })
})
