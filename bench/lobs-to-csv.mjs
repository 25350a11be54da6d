// Convert a LOBS1 stream into a `cascade replay` order file (for the replay timing in bench/RESULTS.md):
//   node bench/lobs-to-csv.mjs bench/streams/mixed.lobs /tmp/mixed-orders.csv
// type 0 -> submit limit, 1 -> cancel, 2 -> submit market; t_us = message index; instrument X; order_id = stream id.
import fs from 'node:fs';
import { readStream } from './gen.mjs';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node bench/lobs-to-csv.mjs <stream.lobs> <orders.csv>');
  process.exit(2);
}
const { meta, buf } = readStream(input);
const fd = fs.openSync(output, 'w');
fs.writeSync(fd, 't_us,instrument,action,order_id,side,type,price,qty\n');
const side = ['buy', 'sell'];
let chunk = [];
for (let i = 0; i < meta.n; i++) {
  const o = i * 5;
  const [type, s, price, qty, id] = [buf[o], buf[o + 1], buf[o + 2], buf[o + 3], buf[o + 4]];
  if (type === 0) chunk.push(`${i},X,submit,${id},${side[s]},limit,${price},${qty}`);
  else if (type === 1) chunk.push(`${i},X,cancel,${id},,,,`);
  else chunk.push(`${i},X,submit,${id},${side[s]},market,,${qty}`);
  if (chunk.length === 65536) {
    fs.writeSync(fd, chunk.join('\n') + '\n');
    chunk = [];
  }
}
if (chunk.length) fs.writeSync(fd, chunk.join('\n') + '\n');
fs.closeSync(fd);
console.log(JSON.stringify({ rows: meta.n, expected: meta.expected.at(-1) }));
