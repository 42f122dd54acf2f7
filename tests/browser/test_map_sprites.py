"""The map copies avatars from sprites (clients/web/avatar-sprites.js) instead of drawing their paths every
frame (issue 17): a standing avatar copied from its sprite is the avatar drawn with paths, pixel for pixel, for
every shape, ours or another's, staff badge or none, looking either way, in a crowd or not, small or large, on a
plain and a dense screen (nothing cut off at the sprite's edge: ears, star points, badge, outline)."""
from __future__ import annotations

from typing import Any

COMPARE = """async (dpr) => {
  const A = await import('/static/avatars.js');
  const { AvatarSprites } = await import('/static/avatar-sprites.js');
  const sprites = new AvatarSprites();
  const canvas = () => {
    const c = document.createElement('canvas');
    c.width = c.height = 80 * dpr;
    const ctx = c.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = '#f1e6d4';
    ctx.fillRect(0, 0, 80, 80);
    return ctx;
  };
  const pixels = (ctx) => ctx.getImageData(0, 0, 80 * dpr, 80 * dpr).data;
  const worse = [];
  for (const shape of A.SHAPES) for (const role of ['visitor', 'host']) for (const self of [false, true])
    for (const face of [-1, 1]) for (const simple of [false, true]) for (const r of [7, 20]) {
      const lk = A.look(`${shape}-sora`);
      const paths = canvas();
      const copied = canvas();
      A.drawAvatar(paths, lk, 40, 45, r, 0, face, self, role, simple);
      sprites.draw(copied, dpr, lk, 40, 45, r, 0, face, self, role, simple);
      const a = pixels(paths);
      const b = pixels(copied);
      let off = 0;
      for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > 8) off++;
      if (off > 4) worse.push([shape, role, self, face, simple, r, off]);
    }
  return worse;
}"""


def test_an_avatar_copied_from_its_sprite_is_the_avatar_drawn_with_paths(server: Any, browser: Any) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(server.http + "/")
        for dpr in (1, 2, 3):
            assert page.evaluate(COMPARE, dpr) == [], dpr  # (look, channel values more than 8 apart)
    finally:
        context.close()
