// Lesson 09 — a complete resource: create, read, update and delete todos.
// Run `npm run check 9` to grade this file; `npm run lesson 9` explains the lesson.
import http from 'node:http'

type Todo = { id: number; title: string; done: boolean }

const todos: Todo[] = []
let lastId = 0 // TODO: hand out ++lastId; never reuse the id of a deleted todo

function sendJson(res: http.ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(value))
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost')

  if (url.pathname === '/todos' && req.method === 'GET') {
    // TODO: paginate: ?page= (default 1) and ?limit= (default 10, at most 100); a missing,
    //       non-numeric, zero or negative value takes its default.
    //       Answer {"data": [...that page...], "page", "limit", "total": todos.length}.
    return sendJson(res, 200, todos)
  }

  // TODO: POST /todos {"title", "done"?} → 201 the new todo (done false unless given);
  //       read the body from the stream; invalid JSON or an empty/missing title → 400.
  // TODO: GET /todos/:id → 200 the todo, or 404.
  // TODO: PUT /todos/:id → 200 the updated todo (title and/or done);
  //       a title that is not a non-empty string, or a done that is not a boolean → 400;
  //       404 if there is no such todo.
  // TODO: DELETE /todos/:id → 204 with no body; afterwards that id is 404.
  // A request answered 400 stores and changes nothing: check the whole body first, and
  // `return` after each answer so no request is answered twice.

  sendJson(res, 404, { error: 'Not found' })
})

server.listen(3000, () => {
  console.log('Listening on http://localhost:3000')
})
