/**
 * Where the workbook lives (the folder holding package.json, lessons/, checks/…), the same from
 * the sources and from their compiled copy. A leaf: importing it reads nothing and builds nothing.
 */
export { WORKBOOK_ROOT as ROOT } from './build/workbook-root.mjs'
