#pragma once

#include "ImageFormat.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

typedef struct _VipsSource VipsSource;

namespace nestbox::media {

// What the header of an image says, checked against the allow-list and the pixel limit.
struct ImageProbe {
    bool ok = false;
    std::string reason;  // not_allowed_format | too_many_pixels | decode_failed | io_error
    std::string message; // for logs, never for users
    ImageFormat format = ImageFormat::Jpeg;
    std::string mime;
    std::int64_t storedWidth = 0, storedHeight = 0; // as encoded
    std::int64_t width = 0, height = 0;             // as shown: EXIF orientation 5-8 swaps them
    int orientation = 1;
    std::optional<std::int64_t> takenAt; // seconds since the epoch, UTC
};

// The image-probing entry point, shared by nestbox-thumbnailer and its fuzz target: magic
// number from the allow-list, then the header through that format's own loader, then the
// pixel limit, all before a single pixel is decoded. `maxPixels` applies to stored
// width x height. Needs initVipsForUntrustedInput() first. Never throws.
ImageProbe probeImage(VipsSource* source, std::int64_t maxPixels);

// The same on a memory buffer (the fuzzer's way in); `data` must outlive the call.
ImageProbe probeImageMemory(const void* data, std::size_t size, std::int64_t maxPixels);

} // namespace nestbox::media
