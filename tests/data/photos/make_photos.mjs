// Made once with: NODE_PATH=/usr/share/nodejs node tests/data/photos/make_photos.mjs (Chromium's own JPEG encoder).
import { chromium } from 'playwright-core';
import fs from 'node:fs';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const page = await browser.newPage();
for (const [name, w, h, q] of [['household.jpg', 2400, 1800, 0.8], ['small.jpg', 64, 48, 0.8]]) {
  const url = await page.evaluate(([w, h, q]) => {
    const c = document.createElement('canvas'); c.width = w; c.height = h;
    const g = c.getContext('2d');
    const sky = g.createLinearGradient(0, 0, 0, h); sky.addColorStop(0, '#9cc9e8'); sky.addColorStop(0.6, '#e8efe0'); sky.addColorStop(1, '#6f8f3a');
    g.fillStyle = sky; g.fillRect(0, 0, w, h);
    let seed = 7; const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 4000; i++) { g.fillStyle = `hsl(${80 + rnd() * 40},40%,${25 + rnd() * 30}%)`; g.fillRect(rnd() * w, h * 0.6 + rnd() * h * 0.4, 3 + rnd() * w / 200, 3 + rnd() * h / 150); }
    g.fillStyle = '#b5a38a'; g.fillRect(w * 0.3, h * 0.4, w * 0.4, h * 0.35);
    g.fillStyle = '#5a3825'; g.beginPath(); g.moveTo(w * 0.25, h * 0.42); g.lineTo(w * 0.5, h * 0.2); g.lineTo(w * 0.75, h * 0.42); g.fill();
    g.fillStyle = '#3b2a1a'; g.fillRect(w * 0.46, h * 0.55, w * 0.08, h * 0.2);
    g.fillStyle = '#d8e6f0'; g.fillRect(w * 0.34, h * 0.48, w * 0.08, h * 0.08); g.fillRect(w * 0.58, h * 0.48, w * 0.08, h * 0.08);
    g.fillStyle = '#c0392b'; g.font = `${Math.round(h / 12)}px sans-serif`; g.fillText('入户摸底 2026', w * 0.05, h * 0.12);
    return c.toDataURL('image/jpeg', q);
  }, [w, h, q]);
  fs.writeFileSync('tests/data/photos/' + name, Buffer.from(url.split(',')[1], 'base64'));
}
await browser.close();
