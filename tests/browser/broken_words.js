// Words broken across two lines although they would fit on a line of their own (issue #23, point
// 6): each run of letters (split at spaces, hyphens and slashes, where a break is a break between
// words) whose glyphs sit on more than one line, and whose width is no more than the line its
// block gives it. A word longer than its line may break; a token shown with `word-break:
// break-all` on purpose is left out. Returns "word (width of the word / width of the line)".
const broken = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
const range = document.createRange();
const lineWidth = element => {
  let block = element;
  while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
  const style = getComputedStyle(block);
  // The exact width, not clientWidth, which is rounded to a whole pixel.
  return block.getBoundingClientRect().width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
    - parseFloat(style.borderLeftWidth) - parseFloat(style.borderRightWidth);
};
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const element = node.parentElement;
  if (!element || element.closest('.visually-hidden, script, style') || !element.getClientRects().length) continue;
  if (getComputedStyle(element).wordBreak === 'break-all') continue;
  const words = /[^\s\u00ad\-‐–—\/]+/g;
  let word;
  while ((word = words.exec(node.data))) {
    range.setStart(node, word.index);
    range.setEnd(node, word.index + word[0].length);
    const rects = Array.from(range.getClientRects()).filter(r => r.width > 0);
    if (new Set(rects.map(r => Math.round(r.top))).size < 2) continue;
    const width = rects.reduce((sum, r) => sum + r.width, 0);
    const line = lineWidth(element);
    if (width <= line) broken.push(`${word[0]} (${width.toFixed(1)} / ${line.toFixed(1)} px)`);
  }
}
return broken;
