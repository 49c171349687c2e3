// Proves each named expectation passes the right response and explains a wrong one.
import { describe, expect, it } from 'vitest'
import * as expectation from '../src/dsl/expectations.ts'
import type { Exchange, ReceivedResponse } from '../src/dsl/exchange.ts'

const response = (status: number, headers: Record<string, string>, body: string): ReceivedResponse => ({
  status,
  statusMessage: '',
  headers,
  body: Buffer.from(body),
})
const exchange = {} as Exchange

describe('expectations', () => {
  it('status reads like supertest', () => {
    expect(expectation.status(200).evaluate(response(404, {}, ''), exchange)?.message).toBe('expected status 200 "OK", got 404 "Not Found"')
    expect(expectation.status(403, 404).evaluate(response(404, {}, ''), exchange)).toBeNull()
  })

  it('names every status as Node does, except where the lessons teach RFC 9110\'s newer name', () => {
    expect(expectation.status(409, 413).evaluate(response(422, {}, ''), exchange)?.message).toBe(
      'expected status 409 "Conflict" or 413 "Content Too Large", got 422 "Unprocessable Content"',
    )
    expect(expectation.status(308).evaluate(response(599, {}, ''), exchange)?.message).toBe('expected status 308 "Permanent Redirect", got 599')
  })

  it('Content-Type ignores parameters and case, and names a missing or wrong one', () => {
    const json = expectation.contentType('application/json')
    expect(json.evaluate(response(200, { 'content-type': 'Application/JSON; charset=utf-8' }, '{}'), exchange)).toBeNull()
    expect(json.evaluate(response(200, {}, '{}'), exchange)?.diagnosis).toBe('missing-content-type')
    expect(json.evaluate(response(200, { 'content-type': 'text/html' }, '{}'), exchange)?.diagnosis).toBe('wrong-content-type')
  })

  it('a header list matches items in any order and case', () => {
    const methods = expectation.headerList('access-control-allow-methods', ['GET', 'POST', 'PUT', 'DELETE'])
    expect(methods.evaluate(response(204, { 'access-control-allow-methods': 'delete, put,Post , get, OPTIONS' }, ''), exchange)).toBeNull()
    expect(methods.evaluate(response(204, { 'access-control-allow-methods': 'GET, POST' }, ''), exchange)?.message).toContain('PUT, DELETE missing')
  })

  it('body is exact to the byte', () => {
    expect(expectation.body('Hello, World!').evaluate(response(200, {}, 'Hello, World!\n'), exchange)?.message).toBe(
      'expected body "Hello, World!", got "Hello, World!\\n"',
    )
  })

  it('JSON says when the body is not JSON at all', () => {
    expect(expectation.json({ a: 1 }).evaluate(response(200, {}, '[object Object]'), exchange)?.message).toContain('not JSON')
  })
})
