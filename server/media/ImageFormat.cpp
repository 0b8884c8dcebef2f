#include "ImageFormat.h"

#include <array>

namespace nestbox::media {

namespace {

bool hasAt(std::string_view data, std::string_view magic, std::size_t at = 0) noexcept
{
    return data.size() >= at + magic.size() && data.substr(at, magic.size()) == magic;
}

// HEIF still-image brands libheif decodes. Sequences (hevc, hevx, msf1, avis) are left out:
// they are videos in disguise and libheif 1.15 handles them poorly.
constexpr std::array<std::string_view, 6> kHeicBrands{"heic", "heix", "heim", "heis", "mif1", "avif"};

std::string_view ftypBrand(std::string_view head) noexcept
{
    // ISO base media: box size (4, big endian) "ftyp" major_brand (4) minor_version (4) ...
    if (!hasAt(head, "ftyp", 4) || head.size() < 12)
        return {};
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(head[i]); };
    const unsigned long boxSize = (static_cast<unsigned long>(byte(0)) << 24) | (byte(1) << 16) | (byte(2) << 8) | byte(3);
    // A real ftyp box is at least size+type+major+minor; a huge one is not an image we want.
    if (boxSize < 16 || boxSize > 4096)
        return {};
    return head.substr(8, 4);
}

} // namespace

std::optional<ImageFormat> detectImageFormat(std::string_view head) noexcept
{
    if (hasAt(head, "\xFF\xD8\xFF"))
        return ImageFormat::Jpeg;
    if (hasAt(head, "\x89PNG\r\n\x1A\n"))
        return ImageFormat::Png;
    if (hasAt(head, "GIF87a") || hasAt(head, "GIF89a"))
        return ImageFormat::Gif;
    if (hasAt(head, "RIFF") && hasAt(head, "WEBPVP8", 8))
        return ImageFormat::WebP;
    if (hasAt(head, std::string_view("II*\0", 4)) || hasAt(head, std::string_view("MM\0*", 4)))
        return ImageFormat::Tiff;
    const std::string_view brand = ftypBrand(head);
    for (std::string_view heic : kHeicBrands)
        if (!brand.empty() && brand == heic)
            return ImageFormat::Heif;
    return std::nullopt;
}

std::string_view imageFormatMime(ImageFormat format, std::string_view head) noexcept
{
    switch (format) {
    case ImageFormat::Jpeg: return "image/jpeg";
    case ImageFormat::Png: return "image/png";
    case ImageFormat::WebP: return "image/webp";
    case ImageFormat::Gif: return "image/gif";
    case ImageFormat::Tiff: return "image/tiff";
    case ImageFormat::Heif: {
        const std::string_view brand = ftypBrand(head);
        if (brand == "avif")
            return "image/avif";
        if (brand == "mif1")
            return "image/heif";
        return "image/heic";
    }
    }
    return "application/octet-stream";
}

std::string_view imageFormatName(ImageFormat format) noexcept
{
    switch (format) {
    case ImageFormat::Jpeg: return "jpeg";
    case ImageFormat::Png: return "png";
    case ImageFormat::WebP: return "webp";
    case ImageFormat::Gif: return "gif";
    case ImageFormat::Tiff: return "tiff";
    case ImageFormat::Heif: return "heif";
    }
    return "unknown";
}

} // namespace nestbox::media
