#!/usr/bin/env node
/* global require, __dirname, console, Buffer */
/* Writes the add-in's ribbon/store icons (addin/assets/icon-{16,32,64,80}.png) without any
 * image library: a teal rounded tile with a white "house" mark, encoded as a plain PNG. */
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

function crc32(buf) {
  let c;
  const table = [];
  for (let n = 0; n < 256; n++) {
    c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  let crc = 0xffffffff;
  for (const b of buf) crc = table[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function png(size) {
  const rows = [];
  const r = size * 0.18; // corner radius
  for (let y = 0; y < size; y++) {
    const row = [0]; // filter: none
    for (let x = 0; x < size; x++) {
      const cx = Math.min(x, size - 1 - x);
      const cy = Math.min(y, size - 1 - y);
      const outside = cx < r && cy < r && Math.hypot(r - cx, r - cy) > r;
      // house: roof triangle + body
      const u = x / size;
      const v = y / size;
      const roof = v >= 0.22 && v < 0.48 && Math.abs(u - 0.5) <= (v - 0.22) * 1.25;
      const body = v >= 0.48 && v <= 0.8 && u >= 0.28 && u <= 0.72;
      const door = v >= 0.6 && v <= 0.8 && u >= 0.44 && u <= 0.56;
      let px;
      if (outside) px = [0, 0, 0, 0];
      else if ((roof || body) && !door) px = [255, 255, 255, 255];
      else px = [0x0f, 0x6c, 0xbd, 255];
      row.push(...px);
    }
    rows.push(Buffer.from(row));
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const dir = path.resolve(__dirname, '..', 'addin', 'assets');
fs.mkdirSync(dir, { recursive: true });
for (const s of [16, 32, 64, 80]) fs.writeFileSync(path.join(dir, `icon-${s}.png`), png(s));
console.log(`icons written to ${dir}`);
