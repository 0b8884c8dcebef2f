#!/usr/bin/env bash
# Regenerates the fuzz seed corpus: a tiny valid image of each allowed format (each < 5 KB),
# plus a JPEG carrying EXIF orientation, DateTimeOriginal and OffsetTimeOriginal so the fuzzer
# starts from the metadata paths too. Needs vips (libvips-tools) and python3.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A small gradient with a bit of noise, 24x16 (landscape, so orientation matters).
vips xyz "$tmp/xy.v" 24 16
vips gaussnoise "$tmp/noise.v" 24 16 --sigma 8 --mean 0
vips add "$tmp/xy.v" "$tmp/noise.v" "$tmp/sum.v"
vips linear "$tmp/sum.v" "$tmp/scaled.v" 8 16 --uchar
vips bandjoin_const "$tmp/scaled.v" "$tmp/rgb.v" 96
vips copy "$tmp/rgb.v" "$tmp/rgb-srgb.v" --interpretation srgb

vips jpegsave "$tmp/rgb-srgb.v" seed.jpg --Q 60 --strip
vips pngsave "$tmp/rgb-srgb.v" seed.png --strip
vips pngsave "$tmp/rgb-srgb.v" seed-interlaced.png --strip --interlace
vips webpsave "$tmp/rgb-srgb.v" seed.webp --Q 50 --strip
vips webpsave "$tmp/rgb-srgb.v" seed-lossless.webp --lossless --strip
vips gifsave "$tmp/rgb-srgb.v" seed.gif --strip
vips tiffsave "$tmp/rgb-srgb.v" seed.tif --compression deflate --strip
vips tiffsave "$tmp/rgb-srgb.v" seed-tiled.tif --compression lzw --strip --tile --tile-width 16 --tile-height 16
vips heifsave "$tmp/rgb-srgb.v" seed.heic --Q 40 --compression hevc --strip
vips heifsave "$tmp/rgb-srgb.v" seed.avif --Q 40 --compression av1 --strip 2>/dev/null

# seed-exif.jpg: seed.jpg with an APP1 Exif segment written by hand (libvips' CLI cannot set
# EXIF fields): IFD0 Orientation=6 -> Exif IFD DateTimeOriginal, OffsetTimeOriginal.
python3 - seed.jpg seed-exif.jpg <<'PY'
import struct, sys
src, dst = sys.argv[1], sys.argv[2]
jpeg = open(src, 'rb').read()
assert jpeg[:2] == b'\xff\xd8'
date = b'2019:05:04 12:34:56\0'
offset = b'+02:00\0'
# little-endian TIFF: header(8) IFD0 at 8: 2 entries (2+24+4=30) -> Exif IFD at 38: 2 entries
# (30) -> data at 68: date (20), offset (7)
ifd0 = struct.pack('<H', 2)
ifd0 += struct.pack('<HHII', 0x0112, 3, 1, 6)        # Orientation SHORT = 6
ifd0 += struct.pack('<HHII', 0x8769, 4, 1, 38)       # ExifIFDPointer
ifd0 += struct.pack('<I', 0)
exif = struct.pack('<H', 2)
exif += struct.pack('<HHII', 0x9003, 2, len(date), 68)    # DateTimeOriginal
exif += struct.pack('<HHII', 0x9011, 2, len(offset), 88)  # OffsetTimeOriginal
exif += struct.pack('<I', 0)
tiff = b'II*\0' + struct.pack('<I', 8) + ifd0 + exif + date + offset
assert len(b'II*\0') + 4 + len(ifd0) == 38 and 38 + len(exif) == 68
payload = b'Exif\0\0' + tiff
app1 = b'\xff\xe1' + struct.pack('>H', len(payload) + 2) + payload
open(dst, 'wb').write(jpeg[:2] + app1 + jpeg[2:])
PY

for f in seed*; do
  size=$(stat -c %s "$f")
  if (( size >= 5120 )); then echo "$f is $size bytes, over 5 KB" >&2; exit 1; fi
done
ls -l seed*
