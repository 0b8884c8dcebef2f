#include "ImageLoader.h"

#include "VipsSetup.h"

#include <vips/vips.h>

namespace nestbox::media {

std::string takeVipsError()
{
    std::string message = vips_error_buffer();
    vips_error_clear();
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
        message.pop_back();
    return message;
}

VipsImage* openImage(VipsSource* source, ImageFormat format, int shrink, std::string& error)
{
    VipsImage* image = nullptr;
    int rc = -1;
    // Sequential access lets libvips stream the decode through the shrink instead of holding
    // the whole bitmap; fail_on=truncated turns damaged files into errors, not grey blocks.
    const VipsAccess access = VIPS_ACCESS_SEQUENTIAL;
    const VipsFailOn failOn = VIPS_FAIL_ON_TRUNCATED;
    switch (format) {
    case ImageFormat::Jpeg:
        rc = vips_jpegload_source(source, &image, "shrink", shrink, "access", access, "fail_on", failOn, nullptr);
        break;
    case ImageFormat::Png:
        rc = vips_pngload_source(source, &image, "access", access, "fail_on", failOn, nullptr);
        break;
    case ImageFormat::WebP:
        rc = vips_webpload_source(source, &image, "scale", 1.0 / shrink, "n", 1, "page", 0, "access", access,
                                  "fail_on", failOn, nullptr);
        break;
    case ImageFormat::Gif:
        rc = vips_gifload_source(source, &image, "n", 1, "page", 0, "access", access, "fail_on", failOn, nullptr);
        break;
    case ImageFormat::Tiff:
        rc = vips_tiffload_source(source, &image, "n", 1, "page", 0, "access", access, "fail_on", failOn, nullptr);
        break;
    case ImageFormat::Heif:
        if (!ensureHeifLoader()) {
            error = "this libvips has no HEIF loader";
            return nullptr;
        }
        // thumbnail=FALSE: the embedded preview of a HEIC is often tiny; decode the real image.
        rc = vips_heifload_source(source, &image, "n", 1, "page", 0, "thumbnail", FALSE, "access", access,
                                  "fail_on", failOn, nullptr);
        break;
    }
    if (rc != 0 || !image) {
        error = takeVipsError();
        if (error.empty())
            error = "the image could not be opened";
        return nullptr;
    }
    return image;
}

} // namespace nestbox::media
