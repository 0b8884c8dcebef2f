#pragma once

#include "ImageProbe.h"

#include <string>
#include <vector>

typedef struct _VipsSource VipsSource;

namespace nestbox::media {

// Writes one JPEG thumbnail of a probed image: longest edge `size` px (never upscaled), decoded
// with shrink-on-load where the format has it, EXIF orientation applied, converted to sRGB,
// alpha flattened on white, all metadata stripped. Writes `path`.tmp-<pid> and renames it, so a
// reader never sees half a file. Returns false with `error` set. Not thread-safe per source.
bool writeThumbnail(VipsSource* source, const ImageProbe& probe, int size, const std::string& path,
                    std::string& error);

// The same for several sizes, sizes[i] to paths[i], with one decode where that is cheaper: the
// largest size (up to 2048 px) is rendered into memory and the smaller ones are reduced from
// it. All or nothing: on failure the files already written are removed.
bool writeThumbnails(VipsSource* source, const ImageProbe& probe, const std::vector<int>& sizes,
                     const std::vector<std::string>& paths, std::string& error);

} // namespace nestbox::media
