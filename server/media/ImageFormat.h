#pragma once

#include <optional>
#include <string_view>

namespace nestbox::media {

// The image formats the thumbnailer accepts. Anything else (SVG, PDF, PostScript, BMP, raw
// camera files, ...) is refused before any decoder sees it.
enum class ImageFormat { Jpeg, Png, WebP, Gif, Tiff, Heif };

// The format of `head` (the first bytes of a file, 32 are plenty) by magic number, from the
// allow-list only; nullopt for everything else. Never looks at a file name.
std::optional<ImageFormat> detectImageFormat(std::string_view head) noexcept;

// The MIME type reported for a format, e.g. "image/jpeg". HEIF containers report image/heic,
// image/heif or image/avif from their ftyp brand, so this takes the head as well.
std::string_view imageFormatMime(ImageFormat format, std::string_view head) noexcept;

// A short lower-case name for messages, e.g. "jpeg".
std::string_view imageFormatName(ImageFormat format) noexcept;

} // namespace nestbox::media
