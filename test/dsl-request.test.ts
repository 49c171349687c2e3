// Proves request builders are immutable data, and slow delivery cuts inside multi-byte characters.
import { describe, expect, it } from 'vitest'
import { defineChecks } from '../src/dsl/define.ts'
import { get, post } from '../src/dsl/request.ts'
import { cutPoints, splitsACharacter } from '../src/dsl/send-request.ts'

describe('request builders', () => {
  it('return a new builder for every change', () => {
    const base = get('/users')
    const withHeader = base.header('X-Test', '1').expectStatus(200)
    expect(base.spec.headers).toEqual({})
    expect(base.expectations).toHaveLength(0)
    expect(withHeader.spec.headers).toEqual({ 'X-Test': '1' })
    expect(withHeader.expectations.map((e) => e.kind)).toEqual(['status'])
  })

  it('become checks with ids and titles that are listable data', () => {
    const lesson = defineChecks({ lesson: 1, slug: 'x', checks: [get('/users/1').expectStatus(200), get('/').title('home').points(3)] })
    expect(lesson.checks.map(({ id, title, points }) => ({ id, title, points }))).toEqual([
      { id: 'get-users-1', title: 'GET /users/1', points: 1 },
      { id: 'get-root', title: 'home', points: 3 },
    ])
  })

  it('refuse two checks with one id', () => {
    expect(() => defineChecks({ lesson: 1, slug: 'x', checks: [get('/'), get('/')] })).toThrow('two checks share the id "get-root"')
  })

  it('cut a slow body inside every multi-byte character', () => {
    const request = post('/users').json({ name: 'Zoë 名前 🚀' }).slowly({ pieces: 4, delayMs: 1 })
    const cuts = cutPoints(request.spec)
    const body = request.spec.body!
    expect(cuts.length).toBeGreaterThanOrEqual(3)
    expect(splitsACharacter({ method: 'POST', path: '/', headers: {}, body, pieces: cuts.length + 1, cuts, fromAddress: null })).toBe(true)
  })

  it('replace the Content-Type when the body changes', () => {
    expect(post('/').json({}).form({ a: 'b' }).spec.headers).toEqual({ 'Content-Type': 'application/x-www-form-urlencoded' })
    expect(post('/').json({}).bytes('x', null).spec.headers).toEqual({})
  })
})
