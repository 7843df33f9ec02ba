#!/usr/bin/env python3
"""Draws Tailor's app icons: a white "T" monogram on the brand blue #0b5cad.

Writes public/icons/icon-192.png, icon-512.png (rounded square, transparent corners),
maskable-512.png (full bleed, the monogram inside the 80 % safe zone) and apple-touch-icon.png.
Only the standard library: shapes are sampled 4x4 per pixel for smooth edges, PNG written with
zlib. Run from the repository root: python3 pwa/icons.py
"""
import struct
import zlib
from pathlib import Path

BLUE = (0x0B, 0x5C, 0xAD)
WHITE = (0xFF, 0xFF, 0xFF)
SS = 4  # samples per pixel per axis


def inside_rounded(x, y, size, radius):
    """Whether (x, y) in a size x size square lies inside its rounded corners."""
    cx = min(max(x, radius), size - radius)
    cy = min(max(y, radius), size - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def inside_t(x, y, size, scale):
    """Whether (x, y) is on the "T", drawn in the centre square of side size * scale."""
    s = size * scale
    ox = (size - s) / 2
    oy = (size - s) / 2
    u = (x - ox) / s
    v = (y - oy) / s
    bar = 0.14 <= u <= 0.86 and 0.16 <= v <= 0.34
    stem = 0.405 <= u <= 0.595 and 0.16 <= v <= 0.86
    return bar or stem


def draw(size, radius_frac, t_scale, full_bleed):
    radius = size * radius_frac
    rows = []
    for py in range(size):
        row = bytearray([0])  # filter: none
        for px in range(size):
            bg = 0
            fg = 0
            for sy in range(SS):
                for sx in range(SS):
                    x = px + (sx + 0.5) / SS
                    y = py + (sy + 0.5) / SS
                    if full_bleed or inside_rounded(x, y, size, radius):
                        if inside_t(x, y, size, t_scale):
                            fg += 1
                        else:
                            bg += 1
            n = SS * SS
            cover = bg + fg
            if cover == 0:
                row += bytes((0, 0, 0, 0))
                continue
            rgb = tuple(round((BLUE[i] * bg + WHITE[i] * fg) / cover) for i in range(3))
            row += bytes((*rgb, round(255 * cover / n)))
        rows.append(bytes(row))
    return png(size, size, b"".join(rows))


def png(w, h, raw):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main():
    out = Path("public/icons")
    out.mkdir(parents=True, exist_ok=True)
    (out / "icon-192.png").write_bytes(draw(192, 0.2, 0.78, False))
    (out / "icon-512.png").write_bytes(draw(512, 0.2, 0.78, False))
    (out / "maskable-512.png").write_bytes(draw(512, 0, 0.56, True))
    (out / "apple-touch-icon.png").write_bytes(draw(180, 0, 0.66, True))


if __name__ == "__main__":
    main()
