"""Renders the toolbar and store icons (PNG at 16/32/48/128 and an SVG) from one shape definition.
Run once after changing the shape: python3 scripts/icons.py. The outputs are committed."""
import struct
import zlib

BLUE = (26, 92, 170)
WHITE = (255, 255, 255)


def inside_shield(x, y):
    # Unit square coordinates. A shield: straight top half, tapering to a point at the bottom.
    if y < 0.08 or y > 0.94 or x < 0.12 or x > 0.88:
        return False
    if y < 0.55:
        return True
    half = 0.38 * (1 - (y - 0.55) / 0.39) ** 0.8
    return abs(x - 0.5) <= half


def inside_mark(x, y):
    # A white check-mark-like "guard" stroke: two thick segments.
    def near(ax, ay, bx, by, w):
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
        px, py = ax + t * dx, ay + t * dy
        return (x - px) ** 2 + (y - py) ** 2 <= w * w
    return near(0.32, 0.47, 0.46, 0.62, 0.065) or near(0.46, 0.62, 0.70, 0.33, 0.065)


def render(size, samples=4):
    rows = []
    for j in range(size):
        row = bytearray([0])
        for i in range(size):
            acc = [0, 0, 0, 0]
            for sj in range(samples):
                for si in range(samples):
                    x = (i + (si + 0.5) / samples) / size
                    y = (j + (sj + 0.5) / samples) / size
                    if inside_shield(x, y):
                        colour = WHITE if inside_mark(x, y) else BLUE
                        acc[0] += colour[0]; acc[1] += colour[1]; acc[2] += colour[2]; acc[3] += 255
            n = samples * samples
            covered = acc[3] // 255
            if covered:
                row += bytes([acc[0] // covered, acc[1] // covered, acc[2] // covered, acc[3] // n])
            else:
                row += bytes([0, 0, 0, 0])
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(kind, data):
        c = kind + data
        return struct.pack(">I", len(data)) + c + struct.pack(">I", zlib.crc32(c) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="128" height="128">
  <path d="M12 8 H88 V55 C88 70 70 84 50 94 C30 84 12 70 12 55 Z" fill="rgb(26,92,170)"/>
  <path d="M32 47 L46 62 L70 33" fill="none" stroke="#fff" stroke-width="13" stroke-linecap="round" stroke-linejoin="round"/>
</svg>
"""

if __name__ == "__main__":
    for s in (16, 32, 48, 128):
        with open(f"extension/icons/icon-{s}.png", "wb") as f:
            f.write(render(s))
    with open("extension/icons/icon.svg", "w") as f:
        f.write(SVG)
