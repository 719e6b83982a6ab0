// Colour contrast where axe cannot decide: text over a gradient or an image. axe reports
// such text as "incomplete"; here the text is made transparent, the pixels behind it are
// read from a screenshot, and the text colour must reach the WCAG AA ratio against every
// one of them (4.5:1, or 3:1 for large text).

/** The incomplete color-contrast nodes whose background axe could not determine. */
export function undecidedContrastNodes(results) {
  return results.incomplete
    .filter((v) => v.id === 'color-contrast')
    .flatMap((v) => v.nodes)
    .filter((n) => n.any.some((c) => /background (gradient|image)|could not be determined/i.test(c.message ?? '')))
    .filter((n) => n.target.length === 1 && typeof n.target[0] === 'string');
}

/**
 * For each node: { selector, ratio, required, color }. ratio is the lowest contrast between
 * the text colour and any pixel behind the text.
 */
export async function measureContrast(page, nodes) {
  const out = [];
  for (const node of nodes) {
    const selector = node.target[0];
    const box = await page.evaluate((sel) => {
      const el = document.querySelector(sel);
      if (!el) return null;
      const style = getComputedStyle(el);
      const range = document.createRange();
      range.selectNodeContents(el);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
      if (rects.length === 0) return null;
      const left = Math.min(...rects.map((r) => r.left));
      const top = Math.min(...rects.map((r) => r.top));
      const right = Math.max(...rects.map((r) => r.right));
      const bottom = Math.max(...rects.map((r) => r.bottom));
      const px = parseFloat(style.fontSize);
      const bold = parseInt(style.fontWeight, 10) >= 700;
      const large = px >= 24 || (bold && px >= 18.66);
      el.dataset.heraldContrast = '';
      return {
        color: style.color,
        required: large ? 3 : 4.5,
        clip: {
          x: Math.floor(left + window.scrollX),
          y: Math.floor(top + window.scrollY),
          width: Math.ceil(right - left),
          height: Math.ceil(bottom - top),
        },
      };
    }, selector);
    if (!box) continue;
    const hide = await page.addStyleTag({
      content: '[data-herald-contrast], [data-herald-contrast] * { color: transparent !important; text-decoration-color: transparent !important; text-shadow: none !important; }',
    });
    const png = await page.screenshot({ fullPage: true, clip: box.clip, animations: 'disabled', caret: 'hide' });
    await hide.evaluate((el) => el.remove());
    await page.evaluate((sel) => delete document.querySelector(sel)?.dataset.heraldContrast, selector);
    const ratio = await page.evaluate(
      async ({ data, color }) => {
        const img = new Image();
        img.src = `data:image/png;base64,${data}`;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.width;
        canvas.height = img.height;
        const ctx = canvas.getContext('2d');
        ctx.drawImage(img, 0, 0);
        const pixels = ctx.getImageData(0, 0, img.width, img.height).data;
        const channel = (v) => {
          const c = v / 255;
          return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        };
        const luminance = (r, g, b) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
        const [r, g, b] = color.match(/[\d.]+/g).map(Number);
        const text = luminance(r, g, b);
        let worst = Infinity;
        for (let i = 0; i < pixels.length; i += 4) {
          const bg = luminance(pixels[i], pixels[i + 1], pixels[i + 2]);
          const ratio = (Math.max(text, bg) + 0.05) / (Math.min(text, bg) + 0.05);
          if (ratio < worst) worst = ratio;
        }
        return worst;
      },
      { data: png.toString('base64'), color: box.color },
    );
    out.push({ selector, ratio: Math.round(ratio * 100) / 100, required: box.required, color: box.color });
  }
  return out;
}
