// A stand-in upstream for trying your gateway by hand (the checks start their own).
// Run it in a terminal of its own:  npx tsx upstream.ts   (it listens on port 4000)
import http from 'node:http'

const port = Number(process.env.UPSTREAM_PORT) || 4000

const server = http.createServer((req, res) => {
  console.log('upstream:', req.method, req.url)
  if (req.url === '/weather') {
    res.writeHead(200, { 'Content-Type': 'application/json' })
    return res.end(JSON.stringify({ temps: [12.5, 17, 9.5, 14] }))
  }
  if (req.url === '/greeting') {
    res.writeHead(200, { 'Content-Type': 'application/json' })
    return res.end(JSON.stringify({ message: 'hello from upstream' }))
  }
  if (req.url === '/slow') {
    // One line a second, five times: a relay that streams shows each line as it comes.
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' })
    let line = 0
    const timer = setInterval(() => {
      line++
      res.write(`line ${line} of 5\n`)
      if (line === 5) {
        clearInterval(timer)
        res.end()
      }
    }, 1000)
    res.on('close', () => clearInterval(timer))
    return
  }
  if (req.url === '/hang') return // never answers: your gateway should give up after 2 s
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
  res.end(`No such thing: ${req.url}\n`)
})

server.listen(port, () => {
  console.log(`Upstream on http://127.0.0.1:${port} (/weather, /greeting, /slow, /hang)`)
})
