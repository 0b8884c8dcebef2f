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

// The largest size that is kept in memory to derive the smaller sizes from (at most
// 2048 x 2048 x 3 = 12 MB); above it every size decodes on its own, streaming.
constexpr int kMaxDerivedFrom = 2048;

// Decode (with shrink-on-load), orient, convert to sRGB and flatten: the image that is saved,
// still a lazy pipeline. Nullptr with `error` set.
VipsImage* thumbnailPipeline(VipsSource* source, const ImageProbe& probe, int size, std::string& error)
{
    ImageRef image(openImage(source, probe.format, shrinkOnLoad(probe, size), error));
    if (!image.image)
        return nullptr;

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
        return nullptr;
    }
    image.reset(out);

    if (vips_image_hasalpha(image.image)) {
        VipsArrayDouble* white = vips_array_double_newv(1, 255.0);
        const int frc = vips_flatten(image.image, &out, "background", white, nullptr);
        vips_area_unref(VIPS_AREA(white));
        if (frc != 0) {
            error = takeVipsError();
            return nullptr;
        }
        image.reset(out);
    }
    VipsImage* result = image.image;
    image.image = nullptr;
    return result;
}

// Saves `image` as the served JPEG: quality 82, no metadata at all, optimised Huffman tables
// (a few percent smaller, no measurable cost at these sizes). Written to a temporary name and
// renamed, so a reader never sees half a file.
bool saveJpeg(VipsImage* image, const std::string& path, std::string& error)
{
    const std::string temp = path + ".tmp-" + std::to_string(::getpid());
    // A lazy pipeline is decoded here, streamed through what was built above.
    if (vips_jpegsave(image, temp.c_str(), "Q", 82, "strip", TRUE, "optimize_coding", TRUE, nullptr) != 0) {
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

} // namespace

bool writeThumbnail(VipsSource* source, const ImageProbe& probe, int size, const std::string& path,
                    std::string& error)
{
    ImageRef image(thumbnailPipeline(source, probe, size, error));
    return image.image && saveJpeg(image.image, path, error);
}

bool writeThumbnails(VipsSource* source, const ImageProbe& probe, const std::vector<int>& sizes,
                     const std::vector<std::string>& paths, std::string& error)
{
    if (sizes.empty() || sizes.size() != paths.size()) {
        error = "no sizes, or not one path per size";
        return false;
    }
    const auto largest = std::max_element(sizes.begin(), sizes.end()) - sizes.begin();
    std::vector<std::string> written;
    const auto fail = [&written] {
        for (const std::string& done : written)
            std::remove(done.c_str());
        return false;
    };

    if (sizes.size() == 1 || sizes[largest] > kMaxDerivedFrom) {
        for (std::size_t i = 0; i < sizes.size(); ++i) {
            if (!writeThumbnail(source, probe, sizes[i], paths[i], error))
                return fail();
            written.push_back(paths[i]);
        }
        return true;
    }

    // One decode: the largest size, kept in memory once rendered, and every smaller size
    // reduced from it. The entropy decoding of the file is most of the work (libjpeg's Huffman
    // decoder is ~85% of a 256 px thumbnail of a 12 MP JPEG), so {256, 1280} costs one decode
    // instead of two. The derived sizes go through the same Lanczos reduce, from an image that
    // is already upright, sRGB and flat.
    ImageRef pipeline(thumbnailPipeline(source, probe, sizes[largest], error));
    if (!pipeline.image)
        return false;
    ImageRef rendered(vips_image_copy_memory(pipeline.image));
    if (!rendered.image) {
        error = takeVipsError();
        return false;
    }
    pipeline.reset(nullptr);
    // Its pixels are sRGB now; a profile left on it would only make the reduces below convert.
    vips_image_remove(rendered.image, VIPS_META_ICC_NAME);
    if (!saveJpeg(rendered.image, paths[largest], error))
        return false;
    written.push_back(paths[largest]);
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        if (static_cast<std::ptrdiff_t>(i) == largest)
            continue;
        VipsImage* out = nullptr;
        if (vips_thumbnail_image(rendered.image, &out, sizes[i], "height", sizes[i], "size", VIPS_SIZE_DOWN, "no_rotate",
                                 TRUE, nullptr)
            != 0) {
            error = takeVipsError();
            return fail();
        }
        ImageRef smaller(out);
        if (!saveJpeg(smaller.image, paths[i], error))
            return fail();
        written.push_back(paths[i]);
    }
    return true;
}

} // namespace nestbox::media
