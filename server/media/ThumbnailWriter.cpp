#include "ThumbnailWriter.h"

#include "ImageLoader.h"

#include <vips/vips.h>

#include <algorithm>
#include <cstdio>
#include <unistd.h>

namespace nestbox::media {

namespace {

// Block-shrink while decoding (libjpeg's DCT scaling, libwebp's scaled decode), then let a
// Lanczos reduce do the rest. libvips' own rule (thumbnail.c) leaves a factor of at least 2 to
// the reduce; 1.5 is enough to hide the block shrink (an 8x8 DCT block average is a clean box
// filter) and turns a 4000 px photo into a 500 px decode for the 256 px grid instead of a
// 1000 px one, which is most of the decode time saved.
int shrinkOnLoad(const ImageProbe& probe, int size)
{
    if (probe.format != ImageFormat::Jpeg && probe.format != ImageFormat::WebP)
        return 1;
    const double factor = static_cast<double>(std::max(probe.storedWidth, probe.storedHeight)) / size;
    for (const int shrink : {8, 4, 2})
        if (factor >= 1.5 * shrink)
            return shrink;
    return 1;
}

// Owns one VipsImage reference.
struct ImageRef {
    VipsImage* image = nullptr;
    ImageRef() = default;
    explicit ImageRef(VipsImage* i) : image(i) {}
    ImageRef(const ImageRef&) = delete;
    ImageRef& operator=(const ImageRef&) = delete;
    ~ImageRef()
    {
        if (image)
            g_object_unref(image);
    }
    void reset(VipsImage* next)
    {
        if (image)
            g_object_unref(image);
        image = next;
    }
};

} // namespace

bool writeThumbnail(VipsSource* source, const ImageProbe& probe, int size, const std::string& path,
                    std::string& error)
{
    ImageRef image(openImage(source, probe.format, shrinkOnLoad(probe, size), error));
    if (!image.image)
        return false;

    VipsImage* out = nullptr;
    // A target box of size x size gives "longest edge = size" whatever the orientation; the
    // orientation tag is applied (and removed) by thumbnail_image. Images with an ICC profile
    // (Display P3 iPhone photos, Adobe RGB cameras) are converted to sRGB because the profile
    // itself is stripped from the output.
    const bool hasProfile = vips_image_get_typeof(image.image, VIPS_META_ICC_NAME) != 0;
    const int rc = hasProfile
        ? vips_thumbnail_image(image.image, &out, size, "height", size, "size", VIPS_SIZE_DOWN, "export_profile",
                               "srgb", nullptr)
        : vips_thumbnail_image(image.image, &out, size, "height", size, "size", VIPS_SIZE_DOWN, nullptr);
    if (rc != 0) {
        error = takeVipsError();
        return false;
    }
    image.reset(out);

    if (vips_image_hasalpha(image.image)) {
        VipsArrayDouble* white = vips_array_double_newv(1, 255.0);
        const int frc = vips_flatten(image.image, &out, "background", white, nullptr);
        vips_area_unref(VIPS_AREA(white));
        if (frc != 0) {
            error = takeVipsError();
            return false;
        }
        image.reset(out);
    }

    const std::string temp = path + ".tmp-" + std::to_string(::getpid());
    // The pixels are decoded here, streamed through the pipeline built above.
    if (vips_jpegsave(image.image, temp.c_str(), "Q", 82, "strip", TRUE, "optimize_coding", TRUE, nullptr) != 0) {
        error = takeVipsError();
        std::remove(temp.c_str());
        return false;
    }
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
        error = "cannot rename " + temp + " to " + path;
        std::remove(temp.c_str());
        return false;
    }
    return true;
}

} // namespace nestbox::media
