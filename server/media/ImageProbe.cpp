#include "ImageProbe.h"

#include "ExifDate.h"
#include "ImageLoader.h"

#include <vips/vips.h>

#include <string_view>

namespace nestbox::media {

namespace {

ImageProbe refusal(std::string reason, std::string message)
{
    ImageProbe probe;
    probe.reason = std::move(reason);
    probe.message = std::move(message);
    return probe;
}

std::string stringField(VipsImage* image, const char* name)
{
    if (vips_image_get_typeof(image, name) == 0)
        return {};
    const char* value = nullptr;
    if (vips_image_get_string(image, name, &value) != 0 || !value) {
        vips_error_clear();
        return {};
    }
    return value;
}

} // namespace

ImageProbe probeImage(VipsSource* source, std::int64_t maxPixels)
{
    if (!source)
        return refusal("io_error", "no source");

    // The sniff buffer is kept by the source and replayed to the loader, so this reads each
    // byte once even from a pipe.
    constexpr std::size_t kHead = 32;
    unsigned char* head = nullptr;
    const gint64 got = vips_source_sniff_at_most(source, &head, kHead);
    if (got <= 0 || !head) {
        vips_error_clear();
        return refusal("not_allowed_format", "empty or unreadable file");
    }
    const std::string_view headView(reinterpret_cast<const char*>(head), static_cast<std::size_t>(got));
    const std::optional<ImageFormat> format = detectImageFormat(headView);
    if (!format)
        return refusal("not_allowed_format", "not a JPEG, PNG, WebP, GIF, TIFF or HEIF file");

    std::string error;
    VipsImage* image = openImage(source, *format, 1, error);
    if (!image)
        return refusal("decode_failed", std::string(imageFormatName(*format)) + " header: " + error);

    ImageProbe probe;
    probe.format = *format;
    probe.mime = std::string(imageFormatMime(*format, headView));
    probe.storedWidth = vips_image_get_width(image);
    probe.storedHeight = vips_image_get_height(image);
    if (probe.storedWidth <= 0 || probe.storedHeight <= 0 || probe.storedWidth * probe.storedHeight > maxPixels) {
        const std::string message = std::to_string(probe.storedWidth) + "x" + std::to_string(probe.storedHeight)
            + " exceeds the limit of " + std::to_string(maxPixels) + " pixels";
        g_object_unref(image);
        return refusal("too_many_pixels", message);
    }
    probe.orientation = vips_image_get_orientation(image);
    const bool swapped = probe.orientation >= 5 && probe.orientation <= 8;
    probe.width = swapped ? probe.storedHeight : probe.storedWidth;
    probe.height = swapped ? probe.storedWidth : probe.storedHeight;
    probe.takenAt = parseExifDateTime(stringField(image, "exif-ifd2-DateTimeOriginal"),
                                      stringField(image, "exif-ifd2-OffsetTimeOriginal"));
    g_object_unref(image);
    probe.ok = true;
    return probe;
}

ImageProbe probeImageMemory(const void* data, std::size_t size, std::int64_t maxPixels)
{
    VipsSource* source = vips_source_new_from_memory(data, size);
    if (!source) {
        vips_error_clear();
        return refusal("io_error", "cannot wrap the buffer");
    }
    ImageProbe probe = probeImage(source, maxPixels);
    g_object_unref(source);
    return probe;
}

} // namespace nestbox::media
