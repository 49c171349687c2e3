/** Lesson 04: headers and JSON. Every answer, the 404 included, carries a Content-Type that matches its body. */
import { defineChecks, drawn, flow, get, request } from '../src/dsl/index.ts'

export default defineChecks({
  lesson: 4,
  slug: 'headers-and-json',
  checks: [
    get('/products')
      .title('GET /products answers the product list as JSON')
      .expectStatus(200)
      .expectJson(['shoes', 'lipstick', 'cups']),

    get('/products')
      .id('products-no-store')
      .title('GET /products says Cache-Control: no-store')
      .expectStatus(200)
      .expectHeaderList('cache-control', ['no-store']),

    get('/products/count')
      .title('GET /products/count answers {"count":3} as JSON')
      .expectStatus(200)
      .expectJson({ count: 3 }),

    get('/')
      .title('GET / answers an HTML page with <h1>Products</h1>')
      .expectStatus(200)
      .expectContentType('text/html')
      .expectBodyIncludes('<h1>Products</h1>'),

    drawn('not-found-json', 'an unknown path gets 404 {"error":"Not found"} as JSON', ({ random }) =>
      get(`/${random.word()}/${random.int(1, 999)}`).expectStatus(404).expectJson({ error: 'Not found' }),
    ),

    drawn('not-found-other-method', 'another method on /products gets the JSON 404 too', ({ random }) =>
      request(random.pick(['POST', 'PUT', 'DELETE', 'PATCH']), '/products').expectStatus(404).expectJson({ error: 'Not found' }),
    ),
  ],
})
