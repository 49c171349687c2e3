// Loaded by index.html: fetches data.json from the same server and lists what it holds.
const list = document.querySelector('#facts')

fetch('/data.json')
  .then((response) => response.json())
  .then((data) => {
    for (const fact of data.facts) {
      const item = document.createElement('li')
      item.textContent = fact
      list.append(item)
    }
  })
  .catch((error) => {
    list.textContent = `Could not load data.json: ${error.message}`
  })
